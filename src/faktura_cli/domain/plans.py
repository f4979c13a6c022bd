"""Delivery plans: the channels a document can go out on, and a plan as people type it.

Apart from domain/delivery.py (the channel choice, over customer records) so the edge can parse
a plan without loading the records.
"""

from __future__ import annotations

from faktura_cli.errors import InvalidInput

CHANNELS = ("ehf", "vipps", "email", "print")
# The channels as people name them (render.words.channel shows them; messages of the rules too).
CHANNEL_NAMES = {"email": "e-post", "ehf": "EHF", "vipps": "Vipps", "print": "utskrift"}


def parse_plan(text: str) -> tuple[str, ...]:
    """'ehf,email,print' -> ('ehf', 'email', 'print')."""
    plan = tuple(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = [c for c in plan if c not in CHANNELS]
    if not plan or unknown:
        raise InvalidInput(
            f"delivery plan {text!r} is not valid",
            hint=f"a comma-separated list of {', '.join(CHANNELS)}",
        )
    if len(set(plan)) != len(plan):
        raise InvalidInput(f"delivery plan {text!r} names a channel twice")
    return plan
