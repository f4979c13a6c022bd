"""Pure renderers: view-models in, text or bytes out."""
