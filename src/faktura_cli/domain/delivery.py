"""Which channel a document goes out on (seed 004, "utsendingsplan").

The standard plan prefers EHF (the customer has a PEPPOL id: a stand-in for the ELMA registry
look-up), then Vipps (a private customer with a Norwegian mobile number: a stand-in for the
eFaktura registry), then e-mail; with none of these the delivery fails and the owner is told.
"""

from __future__ import annotations

from dataclasses import dataclass

from faktura_cli.domain.identifiers import is_norwegian_mobile
from faktura_cli.domain.records import Customer
from faktura_cli.errors import InvalidInput

CHANNELS = ("ehf", "vipps", "email", "print")
DELIVERY_STATUSES = ("queued", "sending", "sent", "failed")  # `outbox list --status`
STANDARD_PLAN = ("ehf", "vipps", "email")


def channel_available(channel: str, customer: Customer) -> bool:
    if channel == "ehf":
        return bool(customer.peppol)
    if channel == "vipps":
        return customer.is_private and is_norwegian_mobile(customer.phone)
    if channel == "email":
        return bool(customer.email)
    return channel == "print"


@dataclass(frozen=True)
class ChannelChoice:
    """The channel a document goes out on, or None and why not."""

    channel: str | None
    reason: str = ""  # why no channel of the plan reaches the customer; "" when one does

    @property
    def error(self) -> str | None:
        """What a delivery queued without a channel says (the owner is told)."""
        return None if self.channel else f"no delivery channel: {self.reason}"


def choose_channel(
    customer: Customer, plan: tuple[str, ...] | None = None, *, channel: str | None = None
) -> ChannelChoice:
    """`channel` when the user named one, else the first of the plan this customer can receive."""
    if channel is not None:
        return ChannelChoice(channel)
    for candidate in plan or STANDARD_PLAN:
        if channel_available(candidate, customer):
            return ChannelChoice(candidate)
    missing = {
        "ehf": "no PEPPOL id",
        "vipps": "no Norwegian mobile number (private customers only)",
        "email": "no e-mail address",
    }
    wanted = [missing[c] for c in plan or STANDARD_PLAN if c in missing]
    return ChannelChoice(None, f"customer {customer.number} {customer.name} has {', '.join(wanted)}")


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
