"""The one place that knows what time it is: Europe/Oslo, overridable with FAKTURA_NOW."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from faktura_cli.errors import InvalidInput

OSLO = ZoneInfo("Europe/Oslo")
# A bare date in FAKTURA_NOW means the start of the working day, not midnight.
BARE_DATE_TIME = time(9, 0)


def parse_moment(text: str) -> datetime:
    """ISO 8601 date or datetime -> aware datetime in Oslo time."""
    text = text.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), BARE_DATE_TIME, OSLO)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"FAKTURA_NOW={text!r} is not an ISO 8601 date or datetime",
            hint="use e.g. 2026-03-02 or 2026-03-02T10:15:00+01:00",
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=OSLO)
    return moment.astimezone(OSLO)


def now() -> datetime:
    """The current moment in Oslo time."""
    override = os.environ.get("FAKTURA_NOW")
    if override:
        return parse_moment(override)
    return datetime.now(OSLO)


def today() -> date:
    """Today's date in Oslo (not UTC's: a run at 00:30 Oslo time is already tomorrow)."""
    return now().date()
