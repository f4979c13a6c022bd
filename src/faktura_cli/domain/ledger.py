"""Double-entry vouchers: debit positive, credit negative, and every voucher sums to 0 øre."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from faktura_cli.domain.chart import STANDARD_CHART
from faktura_cli.errors import RuleViolation

RECEIVABLES = "1500"
FACTORING_RECEIVABLE = "1579"
BANK = "1920"
PAYABLES = "2400"
EQUITY = "2050"  # Annen egenkapital: where a closed year's result goes
VAT_SETTLEMENT = "2740"  # Oppgjørskonto merverdiavgift
AGIO = "8060"
DISAGIO = "8160"
ANNUAL_RESULT = "8800"  # Årsresultat
BANK_FEES = "7770"
REMINDER_FEES = "3900"
LATE_PAYMENT_INTEREST = "8055"

# NS 4102 numbers and names with their SAF-T grouping (domain.chart): number -> (name,
# GroupingCategory, GroupingCode).
CHART: dict[str, tuple[str, str, str]] = {
    a.number: (a.name, a.grouping_category, a.grouping_code) for a in STANDARD_CHART.values()
}


def is_result_account(account: str) -> bool:
    """Income statement accounts (NS 4102 classes 3–8): they start every fiscal year at 0."""
    return len(account) == 4 and "3000" <= account <= "8999"


def opening_balances(carried: Mapping[str, int], this_year: Mapping[str, int]) -> dict[str, int]:
    """Each account's opening balance on a day (SPEC 13).

    carried: each account's postings before the fiscal year (the calendar year) of that day;
    this_year: its postings from the year's first day up to the day. Result accounts open the
    year at 0; what they held before it is the result of years not yet closed (`year close`
    moves a closed year's to 2050 itself), shown on 2050 as "ikke disponert resultat", so the
    opening balances still sum to 0.
    """
    opening: dict[str, int] = {}
    undisposed = 0
    for account, amount in carried.items():
        if is_result_account(account):
            undisposed += amount
        else:
            opening[account] = opening.get(account, 0) + amount
    if undisposed:
        opening[EQUITY] = opening.get(EQUITY, 0) + undisposed
    for account, amount in this_year.items():
        opening[account] = opening.get(account, 0) + amount
    return opening


@dataclass(frozen=True)
class Posting:
    account: str
    amount: int  # øre; debit positive, credit negative
    text: str
    customer: int | None = None
    open_item: int | None = None  # the invoice whose open item (1500) this moves
    vat_code: str | None = None  # the VAT treatment of a revenue or VAT posting


@dataclass(frozen=True)
class Voucher:
    date: date
    text: str
    postings: tuple[Posting, ...]
    document: int | None = None  # the invoice or credit note the voucher belongs to


def make_voucher(
    day: date,
    text: str,
    postings: list[Posting],
    *,
    document: int | None = None,
    accounts: Collection[str] = CHART.keys(),
) -> Voucher:
    """A voucher from postings, dropping zero lines, refusing anything that does not balance.

    `accounts`: the chart it may post to (the books' own accounts too, for manual vouchers).
    """
    kept = tuple(p for p in postings if p.amount != 0)
    if len(kept) < 2:
        raise RuleViolation(f"voucher {text!r} needs at least two postings that are not zero")
    unknown = sorted({p.account for p in kept if p.account not in accounts})
    if unknown:
        raise RuleViolation(f"voucher {text!r} posts to unknown account(s) {', '.join(unknown)}")
    total = sum(p.amount for p in kept)
    if total != 0:
        raise RuleViolation(f"voucher {text!r} does not balance: off by {total} øre")
    return Voucher(day, text, kept, document)


@dataclass(frozen=True)
class PostedVoucher:
    """A voucher as it stands in the books: numbered, dated, final."""

    number: int
    date: date
    text: str
    document: int | None
    entered_at: datetime  # when it was written (SAF-T SystemEntryDate)
    postings: tuple[Posting, ...]


GENESIS = "0" * 64


def voucher_hash(
    previous: str,
    number: int,
    day: str,
    text: str,
    document: int | None,
    postings: list[tuple[str, int, str, int | None, int | None, str | None]],
) -> str:
    """SHA-256 of a voucher's content and the previous voucher's hash: a tamper-evident chain.

    postings: (account, amount, text, customer, open_item, vat_code) in posting order. Changing
    any posted øre, date or text, or removing a voucher, breaks every hash after it.
    """
    content = _CANONICAL.encode(
        [previous, number, day, text, document, [list(p) for p in postings]]
    )
    return hashlib.sha256(content.encode()).hexdigest()


_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # as json.dumps with these
