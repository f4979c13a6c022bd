"""The same trial balance from faktura and from hledger, over the same books, side by side.

The books (benchmarks/_books.py `ledger`: five years of a busy small firm, POSTINGS postings) are
exported with `faktura export journal --format hledger`; then the closing balance of every
account at 2026-12-31 is asked of both (hledger's result accounts counted from the year's start, the
earlier years' results on 2050, as faktura's year opens, SPEC §13):

- faktura: `faktura ledger balance --from 2026-01-01 --to 2026-12-31 --json`, the whole command,
  and services.ledger.trial_balance in process (the query alone);
- hledger: `hledger -f books.journal balance -e 2027-01-01 --flat --no-total -O csv`.

Target (SPEC §17): the whole `faktura ledger balance` command at least 20× faster than
`hledger balance`; the script fails when that is missed or when the two disagree on a balance. hledger reads and checks the whole
journal on every run, where faktura reads month sums kept in its database (account_months),
so the ratio grows with the books; the size here keeps the script under two minutes. Without
hledger installed it says so and exits 0.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from _books import compile_faktura, faktura_command, ledger

from faktura_cli.services.ledger import trial_balance
from faktura_cli.storage.db import connect

POSTINGS = 200_000
TARGET_RATIO = 20
RUNS = 5


def median_s(call: Callable[[], object], runs: int = RUNS) -> float:
    call()  # warm the page cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(cmd: list[str], env: dict[str, str] | None = None) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout


def hledger_closing(csv_text: str) -> dict[str, Decimal]:
    balances = {}
    for account, amount in list(csv.reader(io.StringIO(csv_text)))[1:]:
        value, currency = amount.split(" ")
        assert currency == "NOK", amount
        balances[account.split(":")[1].split(" ")[0]] = Decimal(value)
    return balances


def as_faktura_closes(
    everything: dict[str, Decimal], year: dict[str, Decimal]
) -> dict[str, Decimal]:
    """hledger's balances -> faktura's closing at the year's end (SPEC 13): balance-sheet accounts
    (classes 1-2) over all the books, result accounts (3-8) over the year alone, and the earlier
    years' results, never closed in these books, on 2050."""
    closes = {a: v for a, v in everything.items() if a[0] in "12"}
    closes.update({a: v for a, v in year.items() if a[0] not in "12"})
    earlier = sum(v for a, v in everything.items() if a[0] not in "12") - sum(
        v for a, v in year.items() if a[0] not in "12"
    )
    closes["2050"] = closes.get("2050", Decimal(0)) + earlier
    return {a: v for a, v in closes.items() if v}


def main() -> int:
    compile_faktura()
    hledger = shutil.which("hledger")
    if hledger is None:
        print("hledger is not installed: skipped (apt-get install hledger, or `make system-deps`)")
        return 0
    version = run([hledger, "--version"]).strip()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        journal = Path(tmp) / "books.journal"
        start = time.perf_counter()
        vouchers, postings = ledger(db, POSTINGS)
        made = time.perf_counter() - start
        env = {**os.environ, "FAKTURA_DB": str(db)}
        start = time.perf_counter()
        run(
            [faktura_command(), "export", "journal", "--format", "hledger", "-o", str(journal)], env
        )
        exported = time.perf_counter() - start
        print(
            f"built {postings:,} postings in {vouchers:,} vouchers in {made:.0f} s; "
            f"exported {journal.stat().st_size / 1e6:.0f} MB of journal in {exported:.1f} s"
        )

        balance_cmd = [
            faktura_command(),
            "ledger",
            "balance",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--json",
        ]
        hledger_cmd = [
            hledger,
            "-f",
            str(journal),
            "balance",
            "-e",
            "2027-01-01",
            "--flat",
            "--no-total",
            "-O",
            "csv",
        ]
        faktura_rows = json.loads(run(balance_cmd, env))
        ours = {r["account"]: Decimal(r["closing"]) for r in faktura_rows if Decimal(r["closing"])}
        theirs = as_faktura_closes(
            hledger_closing(run(hledger_cmd)),
            hledger_closing(run([*hledger_cmd[:4], "-b", "2026-01-01", *hledger_cmd[4:]])),
        )
        if ours != theirs:
            print(f"the balances differ:\n  faktura {ours}\n  hledger {theirs}")
            return 1

        faktura_s = median_s(lambda: run(balance_cmd, env))
        conn = connect(db)
        query_s = median_s(
            lambda: trial_balance(conn, start=date(2026, 1, 1), end=date(2026, 12, 31)), runs=9
        )
        conn.close()
        hledger_s = median_s(lambda: run(hledger_cmd), runs=3)

    print(f"closing balances at 2026-12-31 agree on all {len(ours)} accounts ({version})")
    print(f"{'hledger balance (whole command)':40s} {hledger_s * 1000:8.0f} ms")
    print(
        f"{'faktura ledger balance (whole command)':40s} {faktura_s * 1000:8.0f} ms   "
        f"hledger / faktura = {hledger_s / faktura_s:5.1f}×"
    )
    print(
        f"{'faktura trial_balance (query in process)':40s} {query_s * 1000:8.2f} ms   "
        f"hledger / faktura = {hledger_s / query_s:,.0f}×"
    )
    ratio = hledger_s / faktura_s
    ok = ratio >= TARGET_RATIO
    print(
        f"target: hledger / faktura ≥ {TARGET_RATIO}× for the whole command   {'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
