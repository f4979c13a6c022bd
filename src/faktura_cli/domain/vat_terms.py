"""VAT terms (terminer): six two-month terms a year, or one annual term.

A two-month VAT term (skattemelding for merverdiavgift, alminnelig næring): term 1 is
January–February, ... term 6 is November–December (merverdiavgiftsloven § 15-9).
"""

from __future__ import annotations

import calendar
from datetime import date

TERMS_PER_YEAR = 6


def term_of(day: date) -> int:
    """1 = January–February, ..., 6 = November–December."""
    return (day.month - 1) // 2 + 1


def term_bounds(year: int, term: int) -> tuple[date, date]:
    """The first and the last day of term `term` (1 to 6) of `year`."""
    last_month = 2 * term
    return (
        date(year, last_month - 1, 1),
        date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def term_end(day: date) -> date:
    return term_bounds(day.year, term_of(day))[1]
