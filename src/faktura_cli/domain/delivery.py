"""Which channel a document goes out on (seed 004, "utsendingsplan").

The standard plan prefers EHF (the customer has a PEPPOL id: a stand-in for the ELMA registry
look-up), then Vipps (a private customer with a Norwegian mobile number: a stand-in for the
eFaktura registry), then e-mail; with none of these the delivery fails and the owner is told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from faktura_cli.domain.identifiers import is_norwegian_mobile
from faktura_cli.domain.listing import STATES as STATES
from faktura_cli.domain.listing import State as State
from faktura_cli.domain.plans import CHANNEL_NAMES
from faktura_cli.domain.records import Customer
from faktura_cli.errors import InvalidInput, RuleViolation

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
    return ChannelChoice(
        None, f"customer {customer.number} {customer.name} has {', '.join(wanted)}"
    )


# ---------------------------------------------------------------- carrying a delivery out (SPEC 11)

# Waiting for a person's decision: reported on every run until retried, resolved or superseded.
OUTSTANDING = ("failed", "uncertain")
# How a delivery goes out. What went to an SMTP server or an access point cannot be taken back;
# a file of fixed name written again is harmless.
IRREVOCABLE = ("smtp", "access point")


class Reaching(Protocol):
    """A delivery as the resend rule reads it (storage.outbox.Delivery)."""

    @property
    def status(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def queued_at(self) -> str: ...
    @property
    def done_at(self) -> str | None: ...


def ensure_not_delivered(
    deliveries: Sequence[Reaching], *, what: str, send: str, again: bool
) -> None:
    """SPEC 11: an invoice, credit note or order confirmation that was delivered, or may have
    been (uncertain), goes out again only when the user says so (`--again`). `what` names it
    for people ('faktura 1'), `send` is the command that sends it ('invoice send 1')."""
    reached = [d for d in deliveries if d.status in ("sent", "uncertain")]
    if not reached or again:
        return
    last = reached[-1]
    how = "was delivered" if last.status == "sent" else "may have been delivered"
    by = CHANNEL_NAMES.get(last.channel, last.channel)
    raise RuleViolation(
        f"{what} {how} by {by} ({(last.done_at or last.queued_at)[:10]})",
        hint=f"`faktura {send} --again` sends it once more",
    )


def after_stale_claim(via: str) -> str:
    """The state of a delivery whose process ended while carrying it out."""
    return "uncertain" if via in IRREVOCABLE else "queued"


SMTP_SECURITY = ("starttls", "tls", "none")
SMTPS_PORT = 465


def smtp_security(configured: str | None, port: int) -> str:
    """`--smtp-security`, else implicit TLS on port 465 and STARTTLS on any other port."""
    if configured:
        return configured
    return "tls" if port == SMTPS_PORT else "starttls"


def parse_smtp_security(text: str) -> str:
    value = text.strip().lower()
    if value not in SMTP_SECURITY:
        raise InvalidInput(
            f"SMTP security {text!r} is not known", hint=f"use {', '.join(SMTP_SECURITY)}"
        )
    return value


def credentials_refused(security: str, user: str | None) -> str | None:
    """Why a user name (and so a password) may not be used, or None: never in clear text."""
    if security == "none" and user:
        return (
            "SMTP credentials are never sent over an unencrypted connection: "
            "--smtp-security none is only for a server without log-in"
        )
    return None
