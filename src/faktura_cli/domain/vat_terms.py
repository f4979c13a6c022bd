"""VAT terms (terminer): six two-month terms a year, or one annual term."""

from __future__ import annotations

import calendar
from datetime import date


def term_of(day: date) -> int:
    """1 = January–February, ..., 6 = November–December."""
    return (day.month - 1) // 2 + 1


def term_start(day: date) -> date:
    return date(day.year, 2 * term_of(day) - 1, 1)


def term_end(day: date) -> date:
    month = 2 * term_of(day)
    return date(day.year, month, calendar.monthrange(day.year, month)[1])
