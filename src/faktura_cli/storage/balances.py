"""Account balances as of a day, from the running month balances and the postings' index."""

from __future__ import annotations

import sqlite3
from datetime import date


def account_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Every account's name, by number, in number order."""
    return dict(conn.execute("SELECT number, name FROM accounts ORDER BY number").fetchall())


def totals_before(conn: sqlite3.Connection, day: date) -> dict[str, int]:
    """Each account's sum of postings dated before `day` (accounts with none are left out).

    The account's whole months before that day's month come from account_months (kept with
    the postings), the rest of that month from the covering index postings(account, date,
    amount): a trial balance over a million postings reads a few hundred month rows.
    """
    rows = conn.execute(
        """
        SELECT a.number,
            (SELECT SUM(amount) FROM account_months WHERE account = a.number AND month < :month),
            (SELECT SUM(amount) FROM postings
             WHERE account = a.number AND date >= :month_day AND date < :day)
        FROM accounts a
        """,
        {
            "day": day.isoformat(),
            "month": day.isoformat()[:7],
            "month_day": day.replace(day=1).isoformat(),
        },
    )
    return {
        account: (months or 0) + (days or 0)
        for account, months, days in rows
        if months is not None or days is not None
    }
