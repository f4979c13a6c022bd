"""`faktura fleet run-due` over 200 books, each with 50 due schedules, on the machine's cores.

Every book runs in its own process (SPEC §17), so the fleet costs what its books cost, spread
over the cores. Target: the fleet takes at most 1.3× (BOOKS × one book's run-due ÷ the cores),
one book's run measured alone in the same run, i.e. the processes use the cores at least 77 %.
The books are one made with faktura's own services (benchmarks/bench_run_due.py) and copied.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _books import compile_faktura
from bench_run_due import make_books

BOOKS = 200
SCHEDULES = 50
SLACK = 1.3


def copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()


def main() -> int:
    compile_faktura()
    faktura = shutil.which("faktura", path=str(Path(sys.executable).parent)) or "faktura"
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FAKTURA_NOW": "2026-03-02T06:00:00+01:00"}
        model = Path(tmp) / "model.db"
        make_books(model, schedules=SCHEDULES)
        clients = Path(tmp) / "clients"
        clients.mkdir()
        for k in range(BOOKS):
            copy(model, clients / f"client-{k:03d}.db")
        alone = []
        for k in range(3):  # one book alone, best of three
            single = Path(tmp) / f"single-{k}.db"
            copy(model, single)
            start = time.perf_counter()
            subprocess.run(
                [faktura, "--db", str(single), "run-due", "--no-deliver"],
                env=env,
                check=True,
                capture_output=True,
            )
            alone.append(time.perf_counter() - start)
        one = min(alone)
        start = time.perf_counter()
        done = subprocess.run(
            [
                faktura,
                "fleet",
                "run-due",
                "--books",
                str(clients / "*.db"),
                "--no-deliver",
                "--json",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr.strip() or f"fleet run-due exited {done.returncode}")
    report = json.loads(done.stdout)
    invoices = sum(b["invoices"] for b in report["books"])
    assert invoices == BOOKS * SCHEDULES, invoices
    target = SLACK * BOOKS * one / cores
    ok = seconds <= target
    print(f"load average {os.getloadavg()[0]:.1f}; {cores} cores")
    print(f"one book's run-due --no-deliver ({SCHEDULES} invoices), alone: {one * 1000:.0f} ms")
    print(
        f"fleet run-due, {BOOKS} books, {invoices} invoices: {seconds:6.1f} s "
        f"({BOOKS / seconds:.1f} books/s, {invoices / seconds:.0f} invoices/s)   "
        f"target ≤ {target:.1f} s ({SLACK} × {BOOKS} × one book ÷ {cores} cores)   "
        f"{'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
