"""The period lock (periodesperre): nothing dated on or before it can be created.

One rule, used by every command that creates something dated (documents, payments, vouchers,
credit notes, regress, order invoicing, run-due). Filed VAT terms and closed years must not
change behind the accountant's back (bokføringsloven § 10: posted is final).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from faktura_cli.errors import RuleViolation


class PeriodLocked(RuleViolation):
    """The date falls in a locked period: the books are closed up to and including the lock."""


@dataclass(frozen=True)
class PeriodLock:
    """The books are locked up to and including `to`."""

    to: date
    reason: str  # what set it: "lock --to", "year close 2026", "vat file 2026-1", ...
    set_at: datetime
    last_voucher: int  # the last voucher in the books when the lock was set


def first_open_date(lock: PeriodLock | None) -> date | None:
    """The first date that may still be booked, or None when nothing is locked."""
    return None if lock is None else lock.to + timedelta(days=1)


def is_locked(lock: PeriodLock | None, day: date) -> bool:
    """Whether `day` is on or before the lock (nothing dated then may be created)."""
    return lock is not None and day <= lock.to


def ensure_open(lock: PeriodLock | None, day: date, what: str = "the date") -> None:
    """Refuse `day` when it is on or before the lock, naming the lock and the next open date."""
    if lock is not None and is_locked(lock, day):
        raise PeriodLocked(
            f"{what} {day.isoformat()} is in a locked period: the books are locked to "
            f"{lock.to.isoformat()} ({lock.reason}); the first open date is "
            f"{lock.to + timedelta(days=1)}",
            hint="date it on or after the first open date (`faktura lock show`)",
        )


def ensure_forward(lock: PeriodLock | None, to: date) -> None:
    """A lock only moves forward (`year reopen` is the one way back)."""
    if lock is not None and to < lock.to:
        raise RuleViolation(
            f"the books are already locked to {lock.to.isoformat()} ({lock.reason}); "
            f"a lock only moves forward, not back to {to.isoformat()}",
            hint="`faktura year reopen YYYY` reopens a closed year",
        )
