"""Words and numbers for people (SPEC 16): Norwegian formats and names, never internal states.

JSON keeps the machine shapes (`partly_paid`, `2.28`, ISO dates); what a person reads in the
terminal or in a message goes through here: `9 772,00`, `kurs 11,72`, "delvis betalt".
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from faktura_cli.domain.identifiers import format_kontonummer
from faktura_cli.domain.money import decimal_text, to_display
from faktura_cli.domain.plans import CHANNEL_NAMES

# Document and sale states as a Norwegian bookkeeper says them.
STATUS = {
    "open": "åpen",
    "overdue": "forfalt",
    "partly_paid": "delvis betalt",
    "paid": "betalt",
    "credited": "kreditert",
    "sold": "solgt",
    "credit_note": "kreditnota",
    "invoice": "faktura",
    "order": "ordre",
    "invoiced": "fakturert",
    "cancelled": "kansellert",
    # factoring: offers and sales
    "offered": "tilbud",
    "declined": "avslått",
    "accepted": "solgt, ikke utbetalt ennå",
    "expired": "utløpt",
    "paid out": "utbetalt",
    "confirmed": "utbetaling bekreftet",
    "annulled": "annullert",
    "regress": "regress",
    "none": "ingen",
    "pending": "til behandling",
    "approved": "godkjent",
    "refused": "avvist",
    # supplier invoices
    "unpaid": "ubetalt",
    # bank entries
    "matched": "avstemt",
    "unmatched": "ikke avstemt",
    "ignored": "holdt utenfor",
    # deliveries
    "uncertain": "usikker",
    "queued": "i kø",
    "sending": "sendes",
    "sent": "sendt",
    "failed": "feilet",
    "held": "holdt tilbake",
    # schedules
    "active": "aktiv",
    "inactive": "stoppet",
    # the company
    "bankrupt": "konkurs",
    "liquidation": "under avvikling",
}


# How a document goes out.
CHANNELS = {**CHANNEL_NAMES, "none": "ingen"}


def channel(name: str | None) -> str:
    """A delivery channel for people: 'email' -> 'e-post'."""
    return "" if name is None else CHANNELS.get(name, name)


def via(name: str | None) -> str:
    """The channel in a message about one delivery: 'e-post', 'EHF'; none: 'ingen kanal'."""
    return "ingen kanal" if name in (None, "none") else channel(name)


def delivered(
    kind: str | None,
    number: int | None,
    *,
    order: int | None = None,
    reminder: int | None = None,
) -> str:
    """What one delivery carries, for people: 'faktura 1', 'kreditnota 2', 'purring 3 på
    faktura 1', 'ordre 4'."""
    if number is None:
        return f"ordre {order}"
    document = f"{word(kind or 'invoice')} {number}"
    return document if reminder is None else f"purring {reminder} på {document}"


# A schedule's interval unit for people, with the "hver"/"hvert" its gender takes.
INTERVALS = {
    "day": ("hver", "dag"),
    "week": ("hver", "uke"),
    "month": ("hver", "måned"),
    "quarter": ("hvert", "kvartal"),
    "year": ("hvert", "år"),
}


def interval(every: int, unit: str) -> str:
    """A schedule's interval for people: (1, 'quarter') -> 'hvert kvartal', (2, 'week') ->
    'hver 2. uke'."""
    each, name = INTERVALS.get(unit, ("hver", unit))
    return f"{each} {name}" if every == 1 else f"{each} {every}. {name}"


def word(state: str | None) -> str:
    """A state for people: 'partly_paid' -> 'delvis betalt'; unknown ones lose their underscores."""
    if state is None:
        return ""
    return STATUS.get(state, state.replace("_", " "))


def kind(document_kind: str) -> str:
    return word(document_kind)


# What a voucher documents (storage.entries.VoucherSummary.kind), beyond the document kinds.
VOUCHER_KINDS = {
    "manual": "bilag",
    "reversal": "reversering",
    "opening": "inngående balanse",
    "bill": "leverandørfaktura",
    "bill_payment": "betaling",
    "payment": "innbetaling",
    "refund": "tilbakebetaling",
    "reminder": "purring",
    "factoring_sale": "salg av faktura",
    "factoring_payout": "utbetaling fra factoring",
    "factoring_annulment": "annullert salg",
    "regress": "regress",
    "regress_payment": "betalt regress",
    "year_end": "årsavslutning",
    "vat_settlement": "mva-oppgjør",
    "vat_payment": "betalt mva",
    "other": "annet",
}


def voucher_kind(kind: str) -> str:
    """'manual' -> 'bilag', 'credit_note' -> 'kreditnota'."""
    return VOUCHER_KINDS.get(kind) or word(kind)


def kr(ore: int) -> str:
    """An amount: '9 772,00' (a plain space, so terminals and mail show it alike)."""
    return to_display(ore, thousands=" ")


def number(value: Decimal | int | float | str) -> str:
    """A rate or quantity with a decimal comma: 11.72 -> '11,72', 7.5 -> '7,5'."""
    return decimal_text(Decimal(str(value))).replace(".", ",")


def percent(value: Decimal | str) -> str:
    """'2,28 %'."""
    return f"{number(Decimal(str(value)).quantize(Decimal('0.01')))} %"


def day(value: date | None) -> str:
    """A date as Norwegians write it: 02.03.2026."""
    return "" if value is None else value.strftime("%d.%m.%Y")


def moment(value: datetime | None) -> str:
    """A moment in Oslo time without seconds or offset: '02.03.2026 kl. 12:00'."""
    return "" if value is None else value.strftime("%d.%m.%Y kl. %H:%M")


def kr_json(amount: str | None) -> str:
    """A JSON amount ('9772.00') for people: '9 772,00'."""
    if amount is None:
        return "-"
    return kr(int((Decimal(amount) * 100).to_integral_value()))


def moment_iso(value: str | None) -> str:
    """An ISO 8601 moment ('2026-03-02T12:00:00+01:00') for people: '02.03.2026 kl. 12:00'."""
    return "-" if value is None else moment(datetime.fromisoformat(value))


def day_iso(value: str | None) -> str:
    return "-" if value is None else day(date.fromisoformat(value))


def konto(account: str) -> str:
    """A kontonummer as printed on the invoice: 8601.11.17947."""
    return format_kontonummer(account)


# An amount as JSON and the messages of the rules write it: '-99.99' (not a date, a version or
# a kontonummer: no dot or word character on either side).
_JSON_AMOUNT = re.compile(r"(?<![\w.])-?\d+\.\d\d(?![\w.])")


def amounts(text: str) -> str:
    """A message with its amounts as people write them: 'differ by 1250.50' -> '1 250,50'."""
    return _JSON_AMOUNT.sub(lambda m: kr_json(m.group(0)), text)
