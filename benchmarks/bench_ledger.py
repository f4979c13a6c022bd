"""The ledger's reads over 1 000 000 postings: trial balance and the customer ledger.

Target (SPEC section 10): the trial balance over a million postings under 0.1 s, from the
covering index postings(account, date, amount); the customer ledger is held to the same bar,
from postings_open_item(open_item, date, amount).

The books are made with faktura's own storage code (benchmarks/_books.py `ledger`:
storage.vouchers.Batch.add_document and insert_voucher with balanced vouchers from
domain.ledger.make_voucher) inside one storage.db.transaction: five years of a busy small
firm, 200 customers, 200 000 invoices with one or two VAT rates, nearly all paid, the last
weeks' not yet. Each figure is the median of several runs on a warm cache.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from _books import ledger

from faktura_cli.services.ledger import customer_ledger, trial_balance
from faktura_cli.storage.db import connect

TARGET_POSTINGS = 1_000_000
RUNS = 9
TARGET_S = 0.1


def median_s(call: Callable[[], object]) -> float:
    call()  # warm the page cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        vouchers, postings = ledger(path, TARGET_POSTINGS)
        print(
            f"built {postings:,} postings in {vouchers:,} vouchers "
            f"in {time.perf_counter() - start:.0f} s"
        )
        conn = connect(path)
        year = (date(2026, 1, 1), date(2026, 12, 31))
        rows = [
            (
                "trial balance 2026",
                median_s(lambda: trial_balance(conn, start=year[0], end=year[1])),
            ),
            (
                "trial balance 15 Mar - 14 Sep 2026",
                median_s(
                    lambda: trial_balance(conn, start=date(2026, 3, 15), end=date(2026, 9, 14))
                ),
            ),
            (
                "customer ledger as of 2026-12-31",
                median_s(lambda: customer_ledger(conn, as_of=year[1])),
            ),
            (
                "customer ledger as of 2024-06-30",
                median_s(lambda: customer_ledger(conn, as_of=date(2024, 6, 30))),
            ),
        ]
        open_items = len(
            [i for c in customer_ledger(conn, as_of=year[1]).customers for i in c.items]
        )
        conn.close()
    failed = False
    for name, seconds in rows:
        ok = seconds < TARGET_S
        failed |= not ok
        print(
            f"{name:36s} {seconds * 1000:7.1f} ms  target < {TARGET_S * 1000:.0f} ms  "
            f"{'ok' if ok else 'MISSED'}"
        )
    print(f"(open items at 2026-12-31: {open_items:,})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
