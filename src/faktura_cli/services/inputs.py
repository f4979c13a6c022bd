"""The rules the command line applies to what is typed, before any service runs.

The rules live in domain/ (one place each); cli/ reaches them through here, as it reaches
everything else through services.
"""

from __future__ import annotations

from faktura_cli.domain.text import check_text

__all__ = ["check_text"]
