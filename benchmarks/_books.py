"""Books for the benchmarks, made with faktura's own code (no hand-written SQL).

- `queued_print_deliveries`: a company whose monthly schedules produced invoices with
  `run-due --no-deliver`, each queued for delivery on the print channel (a PDF in outbox/print/).
- `ledger`: years of a busy small firm, invoices with one or two VAT rates, nearly all paid,
  written with the storage layer's own functions and balanced vouchers from make_voucher.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# Schedules of one to four lines, as a small firm's subscriptions look.
LINES = (
    ("product=1;factor=monthly",),
    ("product=1;factor=monthly", "text=Support;price=150;qty=2"),
    ("product=1;factor=monthly", "text=Support;price=150;qty=2", "text=Lisens;price=99;vat=25"),
    (
        "product=1;factor=monthly",
        "text=Support, timer i mars;price=950;qty=3.5",
        "text=Lisens;price=99",
        "text=Bok;price=449;vat=0",
    ),
)


def faktura_command() -> str:
    return shutil.which("faktura", path=str(Path(sys.executable).parent)) or "faktura"


def compile_faktura() -> None:
    """Byte-compile faktura as an installed package is. An editable install under
    PYTHONDONTWRITEBYTECODE=1 (some CI and sandboxes) would otherwise compile faktura's
    modules from source in every process: ~25 ms a command, two times `python -c pass`."""
    import compileall

    compileall.compile_dir(ROOT / "src" / "faktura_cli", quiet=1)


def queued_print_deliveries(db: Path, invoices: int) -> None:
    """`invoices` invoices dated 2026-03-01, each with one queued print delivery."""
    from faktura_cli.clock import OSLO
    from faktura_cli.domain.change import Change
    from faktura_cli.domain.linespec import schedule_line_spec
    from faktura_cli.services import company, customers, products, recurring
    from faktura_cli.storage.db import connect, transaction

    now = datetime(2026, 3, 1, 9, tzinfo=OSLO)
    conn = connect(db, create=True)
    with transaction(conn):
        company.init_company(
            conn,
            company.CompanyInput(
                name="Benk Regnskap og Rådgivning AS",
                orgnr="923456783",
                legal_form="AS",
                bank_account="86011117947",
                email="post@benk.example",
                address="Storgata 1",
                postcode="0155",
                city="Oslo",
            ),
            now=now,
        )
        products.add_product(conn, number="1", name="Abonnement", price="499", now=now)
        for i in range(invoices):
            customer = customers.add_customer(
                conn,
                customers.CustomerInput(
                    name=f"Kunde {i} AS",
                    address=f"Kundeveien {i + 1}",
                    postcode="5003",
                    city="Bergen",
                ),
                now=now,
            )
            recurring.create_schedule(
                conn,
                recurring.ScheduleRequest(
                    customer=customer.number,
                    next_date=date(2026, 3, 1),
                    delivery=Change(("print",)),
                    lines=tuple(schedule_line_spec(text) for text in LINES[i % len(LINES)]),
                ),
                now=now,
            )
    conn.close()
    env = {**os.environ, "FAKTURA_DB": str(db), "FAKTURA_NOW": "2026-03-02T06:00:00+01:00"}
    subprocess.run(
        [faktura_command(), "run-due", "--no-deliver"], env=env, check=True, capture_output=True
    )


def ledger(
    path: Path,
    postings: int,
    *,
    first_day: date = date(2022, 1, 1),
    last_day: date = date(2026, 12, 31),
    customers: int = 200,
) -> tuple[int, int]:
    """Books with about `postings` postings spread evenly from first_day to last_day, in one
    transaction; returns (vouchers, postings)."""
    from faktura_cli.clock import OSLO
    from faktura_cli.domain.invoice import LineInput, compute_totals
    from faktura_cli.domain.ledger import BANK, RECEIVABLES, Posting, make_voucher
    from faktura_cli.domain.records import Company, Customer
    from faktura_cli.domain.sale_posting import sale_postings
    from faktura_cli.domain.vat import TREATMENTS
    from faktura_cli.storage import company as company_db
    from faktura_cli.storage import customers as customers_db
    from faktura_cli.storage import vouchers as vouchers_db
    from faktura_cli.storage.db import connect, transaction

    rng = random.Random(4102)
    now = datetime(last_day.year + 1, 1, 2, 9, 0, tzinfo=OSLO)
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
    days = (last_day - first_day).days
    invoices = postings // 5  # a sale has 2-4 postings, its payment 2
    written = vouchers = 0
    with transaction(conn):
        company_db.save_company(
            conn,
            Company("Benk AS", "923456783", "AS", "86011117947", vat_registered=True),
            now=now,
        )
        for k in range(customers):
            customers_db.save_customer(
                conn, Customer(customers_db.FIRST_CUSTOMER_NUMBER + k, f"Kunde {k}", False), now=now
            )
        number = 0
        while written < postings:
            number += 1
            day = first_day + timedelta(days=days * number // invoices % (days + 1))
            customer = customers_db.FIRST_CUSTOMER_NUMBER + rng.randrange(customers)
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
            books = vouchers_db.Batch(conn, now=now)
            books.add_document(
                sale,
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
                seller={},
                buyer={},
            )
            books.write()
            vouchers += 1
            written += len(sale.postings)
            paid = day + timedelta(days=rng.randrange(5, 40))
            if paid <= last_day and written < postings:
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
                vouchers_db.insert_voucher(conn, payment, now=now)
                vouchers += 1
                written += len(payment.postings)
    conn.close()
    return vouchers, written
