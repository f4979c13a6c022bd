"""faktura: invoicing and bookkeeping for Norwegian businesses, in a terminal."""

__version__ = "0.1.0"
