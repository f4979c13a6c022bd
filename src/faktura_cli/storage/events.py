"""The append-only event log: every command that changed the books."""

from __future__ import annotations

import sqlite3
from datetime import datetime


def log_event(conn: sqlite3.Connection, command: str, summary: str, *, now: datetime) -> None:
    """The append-only event log: every command that changed the books."""
    conn.execute(
        "INSERT INTO events (at, command, summary) VALUES (?, ?, ?)",
        (now.isoformat(), command, summary),
    )
