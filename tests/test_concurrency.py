"""Cron and a person at the same time: nobody sees "database is locked", nothing doubles, no gaps.

Every command writes in BEGIN IMMEDIATE transactions with a busy timeout, so a second process
waits for the first instead of failing (SPEC section 2). `run-due` twice at once:
tests/test_recurring.py; here with interactive commands among them.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

from faktura_cli.clock import OSLO
from faktura_cli.domain.linespec import line_spec, schedule_line_spec

from .conftest import NOW
from .processes import assert_sound, environment, spawn

SCHEDULES = 150  # monthly from 1 January: January, February and March are due on 2 March
PREPARED = 4  # invoices there before, for the payments


def _books(db: Path) -> None:
    """A company, a customer reached by EHF, invoices to pay and due schedules (via services)."""
    from faktura_cli.services import company, customers, invoicing, recurring
    from faktura_cli.storage.db import connect

    now = datetime(2026, 3, 2, 9, tzinfo=OSLO)
    conn = connect(db, create=True)
    company.init_company(
        conn,
        company.CompanyInput(
            name="Samtidig AS",
            orgnr="923456783",
            legal_form="AS",
            bank_account="86011117947",
        ),
        now=now,
    )
    customer = customers.add_customer(
        conn,
        customers.CustomerInput(
            name="Fjordtech AS",
            orgnr="910524267",
            peppol="0192:910524267",
            address="Kaigaten 1",
            postcode="5003",
            city="Bergen",
        ),
        now=now,
    ).number
    for _ in range(PREPARED):
        invoicing.create_invoice(
            conn, invoicing.InvoiceRequest(customer, (line_spec("text=Arbeid;price=1000"),)), now=now
        )
    for _ in range(SCHEDULES):
        recurring.create_schedule(
            conn,
            recurring.ScheduleRequest(
                customer=customer, next_date=date(2026, 1, 1), lines=(schedule_line_spec("text=Leie;price=100"),)
            ),
            now=now,
        )
    conn.close()


def test_run_due_and_people_at_the_same_time(tmp_path: Path) -> None:
    db = tmp_path / "firma.db"
    _books(db)
    env = environment(db, NOW)
    commands = [
        ("run-due", "--json", "--no-deliver"),
        ("run-due", "--json", "--no-deliver"),
        ("run-due", "--json"),
        *[
            ("invoice", "create", "--customer", "10001", "--line", "text=Kurs;price=500")
            for _ in range(4)
        ],
        *[
            ("customer", "add", "--name", f"Ny kunde {i}", "--postcode", "0150", "--city", "Oslo")
            for i in range(4)
        ],
        *[("invoice", "pay", str(n), "--amount", "100") for n in range(1, PREPARED + 1)],
    ]
    started = [spawn(*args, env=env) for args in commands]
    done = [
        (args, *proc.communicate(timeout=300), proc.returncode)
        for args, proc in zip(commands, started, strict=True)
    ]

    for args, _out, err, code in done:
        assert code == 0 and err == "", (args, code, err)  # nobody saw "database is locked"
    produced = sum(
        len(json.loads(out)["created"]) for args, out, _, _ in done if args[0] == "run-due"
    )
    assert produced == SCHEDULES * 3, "each occurrence once, whoever produced it"
    created = sorted(int(out) for args, out, _, _ in done if args[:2] == ("invoice", "create"))
    assert len(set(created)) == 4
    customers = sorted(int(out) for args, out, _, _ in done if args[:2] == ("customer", "add"))
    assert customers == [10002, 10003, 10004, 10005]

    conn = assert_sound(db, env)  # numbers without gaps, balanced, check clean
    total = PREPARED + SCHEDULES * 3 + 4
    assert conn.execute("SELECT MAX(number) FROM documents").fetchone()[0] == total
    assert conn.execute("SELECT COUNT(*) FROM vouchers").fetchone()[0] == total + PREPARED
    twice = conn.execute(
        "SELECT schedule, date FROM occurrences GROUP BY schedule, date HAVING COUNT(*) > 1"
    ).fetchall()
    assert twice == []
    paid = conn.execute(
        "SELECT open_item, SUM(amount) FROM postings WHERE account = '1500' AND open_item <= ?"
        " GROUP BY open_item",
        (PREPARED,),
    ).fetchall()
    assert paid == [(n, 125_000 - 10_000) for n in range(1, PREPARED + 1)]


def test_a_writer_waits_for_the_write_lock_instead_of_failing(tmp_path: Path) -> None:
    """Another process holds the write lock for two seconds: `customer add` waits it out."""
    db = tmp_path / "firma.db"
    _books(db)
    env = environment(db, NOW)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    began = time.monotonic()
    proc = spawn(
        "customer", "add", "--name", "Venter AS", "--postcode", "0150", "--city", "Oslo", env=env
    )
    time.sleep(2.0)
    assert proc.poll() is None, "still waiting for the lock"
    holder.execute("COMMIT")
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out, err) == (0, "10002\n", "")
    assert time.monotonic() - began >= 2.0
    holder.close()
    assert_sound(db, env)
