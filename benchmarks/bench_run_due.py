"""`faktura run-due --no-deliver` producing 10 000 occurrences, and `run-due` with nothing due.

Targets (SPEC section 10): 10 000 occurrences with their vouchers and queued deliveries under 2 s;
an idle run under 150 ms (median of 20). The books are made with faktura's own services.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

OCCURRENCES = 10_000
CUSTOMERS = 100


def make_books(
    db: Path,
    schedules: int = OCCURRENCES,
    next_date: str = "2026-03-01",
    *,
    own_prices: bool = False,
) -> None:
    """Schedules on one plan (as most subscription businesses), or each at its own price."""
    from faktura_cli.clock import OSLO
    from faktura_cli.domain.money import to_json
    from faktura_cli.services import company, customers, products, recurring
    from faktura_cli.storage.db import connect, transaction

    now = datetime(2026, 3, 1, 9, tzinfo=OSLO)
    conn = connect(db, create=True)
    with transaction(conn):
        company.init_company(
            conn,
            {
                "name": "Bench AS",
                "orgnr": "923456783",
                "legal_form": "AS",
                "bank_account": "86011117947",
                "email": "post@bench.example",
            },
            now=now,
        )
        products.add_product(conn, number="1", name="Abonnement", price="499", now=now)
        numbers = [
            customers.add_customer(
                conn,
                {
                    "name": f"Kunde {i}",
                    "email": f"k{i}@example.no",
                    "postcode": "0150",
                    "city": "Oslo",
                },
                now=now,
            ).number
            for i in range(CUSTOMERS)
        ]
        for i in range(schedules):
            recurring.create_schedule(
                conn,
                recurring.ScheduleRequest(
                    customer=numbers[i % CUSTOMERS],
                    next_date=next_date,
                    lines=(
                        "product=1;factor=monthly",
                        f"text=Support;price={to_json(15_000 + i if own_prices else 15_000)};qty=2",
                    ),
                ),
                now=now,
            )
    conn.close()


def produce(faktura: str, db: Path, env: dict[str, str]) -> float:
    """Seconds for one `run-due --no-deliver` over the books at `db`."""
    start = time.perf_counter()
    done = subprocess.run(
        [faktura, "run-due", "--no-deliver"],
        env={**env, "FAKTURA_DB": str(db)},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr)
    print(done.stdout.strip())
    return seconds


def main() -> int:
    faktura = shutil.which("faktura", path=str(Path(sys.executable).parent)) or "faktura"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FAKTURA_NOW": "2026-03-02T06:00:00+01:00"}
        one_plan, own_prices = Path(tmp) / "bench.db", Path(tmp) / "own-prices.db"
        make_books(one_plan)
        make_books(own_prices, own_prices=True)
        produced = produce(faktura, one_plan, env)
        produced_own = produce(faktura, own_prices, env)
        # Idle: books with schedules that are not due yet and an empty outbox, as most mornings.
        quiet = Path(tmp) / "quiet.db"
        make_books(quiet, schedules=50, next_date="2026-04-01")
        idle = []
        for _ in range(20):
            start = time.perf_counter()
            subprocess.run(
                [faktura, "run-due"],
                env={**env, "FAKTURA_DB": str(quiet)},
                capture_output=True,
                check=True,
            )
            idle.append(time.perf_counter() - start)
        idle_ms = statistics.median(idle) * 1000
    ok_produce, ok_own, ok_idle = produced < 2.0, produced_own < 2.0, idle_ms < 150
    print(
        f"run-due --no-deliver, {OCCURRENCES} occurrences: {produced:6.2f} s   target < 2 s     {'ok' if ok_produce else 'MISSED'}"
    )
    print(
        f"  the same, each schedule at its own price: {produced_own:6.2f} s   target < 2 s     {'ok' if ok_own else 'MISSED'}"
    )
    print(
        f"run-due with nothing due (median of 20): {idle_ms:6.1f} ms  target < 150 ms  {'ok' if ok_idle else 'MISSED'}"
    )
    return 0 if ok_produce and ok_own and ok_idle else 1


if __name__ == "__main__":
    sys.exit(main())
