"""Dates as Norwegians type them, and the Norwegian business-day calendar."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from faktura_cli.errors import InvalidInput

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(text: str, *, what: str = "date") -> date:
    """'2026-03-02' or '02.03.2026' -> date."""
    raw = str(text).strip()
    try:
        if _ISO.match(raw):
            return date.fromisoformat(raw)
        match = _NORWEGIAN.match(raw)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        raise InvalidInput(f"{what} {text!r} is not a real date") from None
    raise InvalidInput(
        f"{what} {text!r} is not a date", hint="write it as 2026-03-02 or 02.03.2026"
    )


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    import holidays  # imported here: 70 ms that most commands never need

    days = set(holidays.country_holidays("NO", years=year))
    # Bank closing days: no payments are made on Christmas Eve and New Year's Eve.
    days.update({date(year, 12, 24), date(year, 12, 31)})
    return frozenset(days)


def is_business_day(day: date) -> bool:
    """Monday to Friday, except Norwegian public holidays and 24 and 31 December."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_business_day(day: date) -> date:
    """The first business day strictly after `day`."""
    day += timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return day
