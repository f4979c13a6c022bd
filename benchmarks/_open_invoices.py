"""10 000 open invoices for the money-in benchmarks: monthly schedules produced by `run-due`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench_run_due import make_books

INVOICES = 10_000


def open_invoices(faktura: str, db: Path, invoices: int = INVOICES) -> None:
    """`invoices` invoices dated 2026-03-01, due 2026-03-15, none paid."""
    make_books(db, schedules=invoices)
    env = {**os.environ, "FAKTURA_DB": str(db), "FAKTURA_NOW": "2026-03-02T06:00:00+01:00"}
    done = subprocess.run(
        [faktura, "run-due", "--no-deliver"], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(done.stderr)


def timed(faktura: str, db: Path, now: str, *args: str) -> tuple[float, str]:
    import time

    env = {**os.environ, "FAKTURA_DB": str(db), "FAKTURA_NOW": now}
    start = time.perf_counter()
    done = subprocess.run([faktura, *args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr)
    return seconds, done.stdout.strip().splitlines()[0]
