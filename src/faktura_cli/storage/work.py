"""Is there anything for run-due to do? Two indexed queries, no heavy imports."""

from __future__ import annotations

import sqlite3
from datetime import date

# "Is due" for the database: active, and the next date less its prep days is on or before today
# (the same rule as domain.schedule.due_occurrences, which also applies the end date and count).
DUE_SCHEDULES = (
    "SELECT id FROM schedules WHERE active = 1"
    " AND date(next_date, '-' || prep_days || ' days') <= ?"
)


def nothing_to_do(conn: sqlite3.Connection, today: date) -> bool:
    """No schedule due by `today` (prep days counted), no delivery waiting in the outbox or
    for a person's decision (failed, uncertain), and no invoice held for a factoring offer."""
    due = conn.execute(DUE_SCHEDULES + " LIMIT 1", (today.isoformat(),)).fetchone()
    pending = conn.execute(
        "SELECT 1 FROM deliveries WHERE status IN ('queued', 'sending') LIMIT 1"
    ).fetchone()
    undecided = conn.execute(
        "SELECT 1 FROM deliveries WHERE status IN ('failed', 'uncertain')"
        " AND superseded_by IS NULL LIMIT 1"
    ).fetchone()
    held = conn.execute(
        "SELECT 1 FROM factoring_holds WHERE released_at IS NULL LIMIT 1"
    ).fetchone()
    return due is None and pending is None and undecided is None and held is None
