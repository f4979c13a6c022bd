"""Bank entries read from the bank's files, and how an entry is matched to what we are owed.

An entry is one movement on the account as the bank reports it: in a camt.054 batch each
transaction (TxDtls) is its own entry, in an OCR giro file each transaction (records 30/31).
Matching is by KID (SPEC section 14): a credit in NOK whose structured reference is the KID of
an open invoice or reminder of ours is that claim's payment on the booking date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from faktura_cli.domain.money import to_display, to_json
from faktura_cli.domain.records import finds
from faktura_cli.errors import InvalidInput


class MalformedBankFile(InvalidInput):
    """The bank file is not valid; nothing of it was imported."""


@dataclass(frozen=True)
class BankEntry:
    """One entry of a bank file, as the bank reported it (amounts in øre, credit positive)."""

    key: str  # what makes it the same entry in another file: the bank's reference or a hash
    booking_date: date
    amount: int  # øre; a credit (money in) positive, a debit negative
    currency: str
    account: str | None  # our account the entry is on
    kid: str | None  # the structured creditor reference (KID), if any
    reference: str | None  # free text (unstructured remittance information)
    counterparty: str | None  # the payer's (or payee's) name
    counterparty_account: str | None
    where: str  # the element or line it came from, for messages


@dataclass(frozen=True)
class BankFile:
    format: str  # camt.053.001.02, camt.054.001.08, ocr, ...
    entries: tuple[BankEntry, ...]


def parse_bank_amount(text: str | None, *, where: str) -> int:
    """'1234.5' (ISO 20022 decimal, '.' as separator, at most two decimals for NOK) -> øre."""
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        raise MalformedBankFile(f"{where}: amount {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise MalformedBankFile(f"{where}: amount {text!r} is not a positive number")
    ore = value * 100
    if ore != ore.to_integral_value():
        raise MalformedBankFile(f"{where}: amount {text!r} has more than two decimals")
    return int(ore)


def entry_hash(account: str | None, day: date, amount: int, reference: str | None) -> str:
    """The identity of an entry that carries no bank reference (SPEC 14)."""
    text = "|".join((account or "", day.isoformat(), str(amount), reference or ""))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:32]


def distinct_keys(entries: Iterable[BankEntry]) -> Iterator[BankEntry]:
    """Entries with the same hash in one file are different payments (the same customer paying
    the same KID twice a day): the n-th gets '#n', so a second file holding the same ones maps
    them to the same keys again."""
    seen: dict[str, int] = {}
    for entry in entries:
        n = seen.get(entry.key, 0) + 1
        seen[entry.key] = n
        yield entry if n == 1 else replace(entry, key=f"{entry.key}#{n}")


def kid_fingerprints(entries: Iterable[BankEntry]) -> dict[str, str]:
    """A second identity for KID payments, whatever references the file carries: the same
    payment reported by a notification (camt.054, references per transaction) and by the
    statement (camt.053, perhaps only the batch's reference) must not be recorded twice.
    Entry key -> hash of account, date, amount and KID (n-th identical one: '#n')."""
    seen: dict[str, int] = {}
    found = {}
    for entry in entries:
        if not entry.kid or entry.amount <= 0:
            continue
        base = entry_hash(entry.account, entry.booking_date, entry.amount, "KID " + entry.kid)
        n = seen.get(base, 0) + 1
        seen[base] = n
        found[entry.key] = base if n == 1 else f"{base}#{n}"
    return found


def is_kid(text: str | None) -> bool:
    """KID-shaped: 2-25 digits (a MOD11 KID may end in '-')."""
    if not text:
        return False
    body = text[:-1] if text.endswith("-") else text
    return body.isdigit() and 2 <= len(text) <= 25


# ---------------------------------------------------------------- matching


@dataclass(frozen=True)
class Claim:
    """What a KID of ours asks to be paid: an invoice, or a reminder of one."""

    kid: str
    invoice: int
    customer: int
    open_amount: int  # øre still owed on the invoice's open item (fees and interest included)
    reminder: int | None = None
    sold: bool = False  # sold to the factoring partner: the customer pays the partner


@dataclass(frozen=True)
class Payout:
    """A factoring payout the partner still owes."""

    invoice: int
    amount: int
    sale_date: date
    partner_kid: str
    partner_account: str
    partner_name: str


def entry_found(
    text: str,
    *,
    kid: str | None,
    reference: str | None,
    counterparty: str | None,
    counterparty_account: str | None,
    amount: int,
) -> bool:
    """`bank unmatched --search TEXT`: TEXT in the KID, the text, the payer or the payer's
    account, or the amount as written (`1 250,00`, `1250,00` or `1250.00`)."""
    written = (to_display(amount, thousands=" "), to_json(amount))
    return finds(text, (kid, reference, counterparty, counterparty_account, *written))


# Why an entry stays unmatched (codes in JSON; the texts are for people).
UNMATCHED = {
    "debit": "money out of the account",
    "currency": "not in NOK",
    "no_kid": "no KID",
    "unknown_kid": "KID not ours",
    "not_open": "the invoice is not open",
    "sold": "the invoice is sold to the factoring partner",
    "locked": "booked in a locked period",
}


@dataclass(frozen=True)
class Decision:
    kind: str  # payment | payout | unmatched
    claim: Claim | None = None
    payout: Payout | None = None
    reason: str | None = None  # a key of UNMATCHED


def decide(
    entry: BankEntry,
    claims: dict[str, Claim],
    payouts: list[Payout],
    locked_to: date | None = None,
) -> Decision:
    """What an entry is: a payment of a claim of ours, a factoring payout, or unmatched.

    An entry booked on or before the period lock is kept unmatched: nothing can be posted
    there, and one late entry must not refuse the whole file."""
    if entry.amount <= 0:
        return Decision("unmatched", reason="debit")
    if locked_to is not None and entry.booking_date <= locked_to:
        return Decision("unmatched", reason="locked")
    if entry.currency != "NOK":
        return Decision("unmatched", reason="currency")
    payout = _payout(entry, payouts)
    if payout is not None:
        return Decision("payout", payout=payout)
    if not entry.kid:
        return Decision("unmatched", reason="no_kid")
    claim = claims.get(entry.kid)
    if claim is None:
        return Decision("unmatched", reason="unknown_kid")
    if claim.sold:
        return Decision("unmatched", claim=claim, reason="sold")
    if claim.open_amount <= 0:
        return Decision("unmatched", claim=claim, reason="not_open")
    return Decision("payment", claim=claim)


def _payout(entry: BankEntry, payouts: list[Payout]) -> Payout | None:
    """The partner's payout of a sale: its amount, on or after the sale, from the partner (its
    KID or account or name on the entry). Equal payouts are taken oldest first."""
    for payout in sorted(payouts, key=lambda p: (p.sale_date, p.invoice)):
        if payout.amount != entry.amount or entry.booking_date < payout.sale_date:
            continue
        name = (entry.counterparty or "").casefold()
        if (
            entry.kid == payout.partner_kid
            or entry.counterparty_account == payout.partner_account
            or (name and payout.partner_name.casefold() in name)
        ):
            return payout
    return None


def payment_result(open_before: int, paid: int) -> str:
    """paid | partial | overpaid, as the customer ledger will show it."""
    if paid == open_before:
        return "paid"
    return "partial" if paid < open_before else "overpaid"
