"""The ledger's reads over 1 000 000 postings: trial balance and the customer ledger.

Target (SPEC section 10): the trial balance over a million postings under 0.1 s, from the
covering index postings(account, date, amount); the customer ledger is held to the same bar,
from postings_open_item(open_item, date, amount).

The books are made with faktura's own storage code (repository.insert_document and
insert_voucher with balanced vouchers from domain.ledger.make_voucher) inside one
storage.db.transaction: five years of a busy small firm, 200 customers, 200 000 invoices with
one or two VAT rates, nearly all paid, the last weeks' not yet. Each figure is the median of
several runs on a warm cache.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from faktura_cli.clock import OSLO  # noqa: E402
from faktura_cli.domain.invoice import LineInput, compute_totals, sale_postings  # noqa: E402
from faktura_cli.domain.ledger import BANK, RECEIVABLES, Posting, make_voucher  # noqa: E402
from faktura_cli.domain.records import Company, Customer  # noqa: E402
from faktura_cli.domain.vat import TREATMENTS  # noqa: E402
from faktura_cli.services.ledger import customer_ledger, trial_balance  # noqa: E402
from faktura_cli.storage import repository as repo  # noqa: E402
from faktura_cli.storage.db import connect, transaction  # noqa: E402

TARGET_POSTINGS = 1_000_000
CUSTOMERS = 200
FIRST_DAY = date(2022, 1, 1)
LAST_DAY = date(2026, 12, 31)
RUNS = 9
TARGET_S = 0.1


def build(path: Path) -> tuple[int, int]:
    """Books with TARGET_POSTINGS postings; returns (vouchers, postings)."""
    rng = random.Random(4102)
    now = datetime(2027, 1, 2, 9, 0, tzinfo=OSLO)
    conn = connect(path, create=True)
    kinds = [
        compute_totals([LineInput("Rådgivning", Decimal(7), 125_000, TREATMENTS["25"])]),
        compute_totals(
            [
                LineInput("Kurs", Decimal(2), 350_000, TREATMENTS["exempt"]),
                LineInput("Lunsj", Decimal(2), 18_500, TREATMENTS["15"]),
            ]
        ),
    ]
    days = (LAST_DAY - FIRST_DAY).days
    postings = vouchers = 0
    with transaction(conn):
        repo.save_company(
            conn,
            Company("Benk AS", "923456783", "AS", "86011117947", vat_registered=True),
            now=now,
        )
        for k in range(CUSTOMERS):
            repo.save_customer(
                conn, Customer(repo.FIRST_CUSTOMER_NUMBER + k, f"Kunde {k}", False), now=now
            )
        number = 0
        while postings < TARGET_POSTINGS:
            number += 1
            day = FIRST_DAY + timedelta(days=days * number // 200_000 % (days + 1))
            customer = repo.FIRST_CUSTOMER_NUMBER + rng.randrange(CUSTOMERS)
            totals = kinds[number % 2]
            text = f"Faktura {number}"
            sale = make_voucher(
                day,
                text,
                sale_postings(
                    totals, customer=customer, open_item=number, rate=Decimal(1), text=text
                ),
                document=number,
            )
            repo.insert_document(
                conn,
                number=number,
                kind="invoice",
                customer=customer,
                day=day,
                due=day + timedelta(days=14),
                delivery=day,
                currency="NOK",
                rate=Decimal(1),
                kid=str(number),
                bank_account="86011117947",
                totals=totals,
                vat_total_nok=totals.vat_total,
                total_nok=totals.total,
                seller={},
                buyer={},
                now=now,
            )
            repo.insert_voucher(conn, sale, now=now)
            vouchers += 1
            postings += len(sale.postings)
            paid = day + timedelta(days=rng.randrange(5, 40))
            if paid <= LAST_DAY and postings < TARGET_POSTINGS:
                amount = totals.total if rng.random() > 0.02 else totals.total // 2
                payment = make_voucher(
                    paid,
                    f"Innbetaling faktura {number}",
                    [
                        Posting(BANK, amount, "Innbetaling"),
                        Posting(
                            RECEIVABLES, -amount, "Innbetaling", customer=customer, open_item=number
                        ),
                    ],
                    document=number,
                )
                repo.insert_voucher(conn, payment, now=now)
                vouchers += 1
                postings += len(payment.postings)
    conn.close()
    return vouchers, postings


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
        vouchers, postings = build(path)
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
