"""Report periods and the rules reports apply: VAT terms, ageing buckets, audit findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from faktura_cli.domain.dates import parse_year as parse_year
from faktura_cli.domain.ledger import Posting
from faktura_cli.domain.money import allocate
from faktura_cli.domain.vat import VAT_ACCOUNTS, primary_vat_account
from faktura_cli.domain.vat_terms import TERMS_PER_YEAR, term_bounds
from faktura_cli.errors import InvalidInput

_TERM = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class Period:
    """A reporting period, both ends inclusive."""

    label: str  # "2026-1" for a term, "2026" for a year
    start: date
    end: date


def year_period(text: str | int) -> Period:
    year = parse_year(text)
    return Period(str(year), date(year, 1, 1), date(year, 12, 31))


def vat_term(text: str) -> Period:
    """'2026-1' -> 1 January to 28 February 2026; terms are numbered 1 to 6."""
    match = _TERM.match(str(text).strip())
    if not match:
        raise InvalidInput(
            f"VAT term {text!r} is not YYYY-N",
            hint="write e.g. 2026-1 for January–February, 2026-6 for November–December",
        )
    year = parse_year(match.group(1), what="the year of VAT term")
    term = int(match.group(2))
    if not 1 <= term <= TERMS_PER_YEAR:
        raise InvalidInput(
            f"VAT term {text!r} does not exist: a year has terms 1 to {TERMS_PER_YEAR}",
            hint="term 1 is January–February, term 6 is November–December",
        )
    return Period(f"{year}-{term}", *term_bounds(year, term))


# ---------------------------------------------------------------- ageing (aldersfordeling)

AGEING_BUCKETS = ("not_due", "days_0_30", "days_31_60", "days_61_90", "over_90")
AGEING_LABELS = {
    "not_due": "ikke forfalt",
    "days_0_30": "0–30",
    "days_31_60": "31–60",
    "days_61_90": "61–90",
    "over_90": ">90",
}


def ageing_bucket(due: date, as_of: date) -> str:
    """Where an open item falls by days past its due date on `as_of`.

    An item due on `as_of` itself is not yet overdue: the customer may still pay that day.
    """
    days = (as_of - due).days
    if days <= 0:
        return "not_due"
    if days <= 30:
        return "days_0_30"
    if days <= 60:
        return "days_31_60"
    if days <= 90:
        return "days_61_90"
    return "over_90"


# ---------------------------------------------------------------- the integrity audit


@dataclass(frozen=True)
class Finding:
    """One thing `faktura check` found wrong. Findings are records; the CLI decides the exit code."""

    check: str  # a stable code, e.g. "voucher_unbalanced"
    message: str
    voucher: int | None = None
    document: int | None = None


# ---------------------------------------------------------------- VAT on a voucher's lines


@dataclass(frozen=True)
class LineTax:
    """The VAT a base line (a revenue posting) carries: SAF-T's TaxInformation on that line."""

    vat_code: str
    base: int  # the base line's amount, signed as posted (a sale is a credit: negative)
    vat: int  # the VAT posted on 27xx for this base, signed as posted


def line_taxes(postings: Sequence[Posting]) -> list[LineTax | None]:
    """For each posting of one voucher, the VAT it is the base of (None for other lines).

    Base postings (revenue, expenses) carry the base and 27xx postings the VAT, both tagged with
    the VAT code; of a reverse charge only the deductible side counts as the line's VAT. The
    VAT of a code is allocated over that code's base lines in proportion to their amounts,
    so the lines' VAT adds up exactly to what was posted on 27xx and is never counted twice.
    """
    vat_by_code: dict[str, int] = {}
    bases: dict[str, list[int]] = {}
    for k, p in enumerate(postings):
        if p.vat_code is None:
            continue
        if p.account in VAT_ACCOUNTS:
            if p.account == primary_vat_account(p.vat_code):
                vat_by_code[p.vat_code] = vat_by_code.get(p.vat_code, 0) + p.amount
        else:
            bases.setdefault(p.vat_code, []).append(k)
    out: list[LineTax | None] = [None] * len(postings)
    for code, members in bases.items():
        weights = [abs(postings[k].amount) for k in members]
        vat = vat_by_code.get(code, 0)
        parts = allocate(vat, weights) if sum(weights) else [0] * len(members)
        if not sum(weights) and members:
            parts[0] = vat
        for k, part in zip(members, parts, strict=True):
            out[k] = LineTax(code, postings[k].amount, part)
    return out
