"""`run-due`'s first question, asked before the production machinery is loaded: is there
anything to do today? Cron runs it every day and most days the answer is no, so this module
imports only what the answer needs (SPEC 17: an idle `run-due` starts like `--help`)."""

from __future__ import annotations

import sqlite3
from datetime import date

from faktura_cli.storage.work import nothing_to_do


def idle(conn: sqlite3.Connection, today: date) -> bool:
    """Nothing for run-due to do by `today`: no schedule due (prep days counted), no delivery
    queued or waiting for a person's decision, no invoice held for a factoring offer."""
    return nothing_to_do(conn, today)
