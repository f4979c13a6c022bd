"""Recurring schedules and run-due through the real command (SPEC section 5)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faktura_cli.domain.linespec import schedule_line_spec

from .conftest import Run, snapshot


@pytest.fixture
def shop(company: Run) -> Run:
    company("product", "add", "--number", "4", "--name", "Abonnement", "--price", "1200")
    company(
        "customer",
        "add",
        "--name",
        "Kunde AS",
        "--email",
        "k@kunde.example",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    )  # 10001
    company(
        "customer", "add", "--name", "Stille AS", "--postcode", "0150", "--city", "Oslo"
    )  # 10002: no delivery channel
    return company


def lines_of(run: Run, number: int) -> list[tuple[str, str | None, str | None]]:
    inv = run("invoice", "show", str(number), "--json").json()
    return [(ln["unit_price"], ln["period_from"], ln["period_to"]) for ln in inv["lines"]]


def test_seed_example_monthly_schedule_with_every_price_factor(shop: Run) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-03-01",
        "--line",
        "product=4",
        "--line",
        "product=4;factor=monthly",
        "--line",
        "product=4;factor=quarterly",
        "--line",
        "product=4;factor=yearly",
    )
    out = shop("run-due", "--json").json()
    assert [c["number"] for c in out["created"]] == [1]
    assert lines_of(shop, 1) == [
        ("1200.00", None, None),
        ("1200.00", "2026-03-01", "2026-03-31"),
        ("400.00", "2026-03-01", "2026-03-31"),
        ("100.00", "2026-03-01", "2026-03-31"),
    ]


def test_seed_example_quarterly_schedule(shop: Run) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-03-01",
        "--unit",
        "quarter",
        "--line",
        "product=4",
        "--line",
        "product=4;factor=monthly",
        "--line",
        "product=4;factor=quarterly",
        "--line",
        "product=4;factor=yearly",
    )
    shop("run-due")
    assert [p for p, _, _ in lines_of(shop, 1)] == ["1200.00", "3600.00", "1200.00", "300.00"]
    assert lines_of(shop, 1)[1][1:] == ("2026-03-01", "2026-05-31")


@pytest.mark.parametrize(
    ("agreement", "expected"),
    [
        (
            "2026-02-15",
            [("600.00", "2026-02-15", "2026-02-28"), ("1200.00", "2026-03-01", "2026-03-31")],
        ),
        ("11.03.2026", [("812.90", "2026-03-11", "2026-03-31")]),
    ],
)
def test_spec_agreement_date_examples(
    shop: Run, monkeypatch: pytest.MonkeyPatch, agreement: str, expected
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-01")
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-03-01",
        "--agreement-date",
        agreement,
        "--line",
        "product=4;factor=monthly",
    )
    shop("run-due")
    assert lines_of(shop, 1) == expected
    monkeypatch.setenv("FAKTURA_NOW", "2026-04-01")
    shop("run-due")
    assert lines_of(shop, 2) == [("1200.00", "2026-04-01", "2026-04-30")]


def test_month_end_anchor_and_catch_up_oldest_first(
    shop: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-01-31",
        "--line",
        "product=4",
    )
    monkeypatch.setenv("FAKTURA_NOW", "2026-05-02")  # back after a long holiday
    created = shop("run-due", "--json").json()["created"]
    assert [(c["number"], c["date"], c["due_date"]) for c in created] == [
        (1, "2026-01-31", "2026-02-14"),
        (2, "2026-02-28", "2026-03-14"),
        (3, "2026-03-31", "2026-04-14"),
        (4, "2026-04-30", "2026-05-14"),
    ]
    # The sale is posted on each invoice date, however late it was produced.
    postings = shop("ledger", "postings", "--account", "1500", "--json").json()
    assert [p["date"] for p in postings] == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
    assert shop("run-due", "--json").json()["created"] == []


def test_prep_days_no_credit_days_terms_end_date_and_max_count(
    shop: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-04-01",
        "--prep-days",
        "14",
        "--no-credit-days",
        "--line",
        "product=4",
    )
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-03-05",
        "--terms",
        "30",
        "--every",
        "2",
        "--unit",
        "week",
        "--end-date",
        "2026-04-02",
        "--line",
        "text=Vask;price=500",
    )
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-01-01",
        "--unit",
        "day",
        "--every",
        "7",
        "--max-count",
        "2",
        "--line",
        "text=Tilsyn;price=100",
    )
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-18")  # 14 days before 1 April
    created = shop("run-due", "--json").json()["created"]
    got = sorted((c["schedule"], c["date"], c["due_date"]) for c in created)
    assert got == [
        (1, "2026-04-01", "2026-04-01"),  # made early, due on its own date
        (2, "2026-03-05", "2026-04-04"),
        (3, "2026-01-01", "2026-01-15"),
        (3, "2026-01-08", "2026-01-22"),  # max count 2 reached
    ]
    monkeypatch.setenv("FAKTURA_NOW", "2026-12-31")
    later = [(c["schedule"], c["date"]) for c in shop("run-due", "--json").json()["created"]]
    assert later == [(2, "2026-03-19"), (2, "2026-04-02")] + [
        (1, d)
        for d in (
            "2026-05-01",
            "2026-06-01",
            "2026-07-01",
            "2026-08-01",
            "2026-09-01",
            "2026-10-01",
            "2026-11-01",
            "2026-12-01",
            "2027-01-01",
        )
    ] or sorted(later) == sorted(
        [(2, "2026-03-19"), (2, "2026-04-02")]
        + [(1, f"2026-{m:02d}-01") for m in range(5, 13)]
        + [(1, "2027-01-01")]
    )


def test_price_source_product_follows_the_product_price(
    shop: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-03-01",
        "--line",
        "product=4;source=product",
        "--line",
        "product=4",
    )
    shop("product", "set-price", "4", "1500")
    shop("run-due")
    assert [p for p, _, _ in lines_of(shop, 1)] == ["1500.00", "1200.00"]


def test_edit_changes_only_future_occurrences(shop: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-02-01",
        "--line",
        "product=4",
    )
    shop("run-due")  # February and March
    shown = shop("recurring", "edit", "1", "--line", "text=Ny avtale;price=2000", "--json").json()
    assert shown["next_date"] == "2026-04-01" and shown["produced"] == 2
    monkeypatch.setenv("FAKTURA_NOW", "2026-04-01")
    shop("run-due")
    totals = [i["total"] for i in shop("invoice", "list", "--json").json()["invoices"]]
    assert totals == ["1500.00", "1500.00", "2500.00"]
    assert (
        "not after the last one produced"
        in shop("recurring", "edit", "1", "--next-date", "2026-03-01", code=1).stderr
    )
    # Moving the grid: from now on every second month, from 15 June.
    moved = shop(
        "recurring", "edit", "1", "--every", "2", "--next-date", "2026-06-15", "--json"
    ).json()
    assert moved["next_date"] == "2026-06-15"
    monkeypatch.setenv("FAKTURA_NOW", "2026-08-20")
    assert [c["date"] for c in shop("run-due", "--json").json()["created"]] == [
        "2026-06-15",
        "2026-08-15",
    ]


def test_deactivate_and_activate_without_back_filling(
    shop: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-01-31",
        "--line",
        "product=4",
    )
    shop("run-due")  # 31 Jan, 28 Feb
    shop("recurring", "deactivate", "1")
    monkeypatch.setenv("FAKTURA_NOW", "2026-05-15")
    assert shop("run-due", "--json").json()["created"] == []
    assert shop("recurring", "deactivate", "1", code=1).stderr.startswith(
        "faktura: error: schedule 1 is already inactive"
    )
    activated = shop("recurring", "activate", "1", "--json").json()
    assert (
        activated["next_date"] == "2026-05-31"
    )  # 31 Mar and 30 Apr are skipped; the 31st survives
    monkeypatch.setenv("FAKTURA_NOW", "2026-06-30")
    assert [c["date"] for c in shop("run-due", "--json").json()["created"]] == [
        "2026-05-31",
        "2026-06-30",
    ]
    produced = shop("recurring", "invoices", "1", "--json").json()["invoices"]
    assert [p["date"] for p in produced] == ["2026-01-31", "2026-02-28", "2026-05-31", "2026-06-30"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--end-date", "2026-02-01"],
            "the end date 2026-02-01 is before the next invoice date 2026-03-01",
        ),
        (["--max-count", "0"], "--max-count must be at least 1"),
        (["--prep-days", "-1"], "--prep-days cannot be negative"),
        (["--agreement-date", "2026-04-01"], "on or after the second invoice date 2026-04-01"),
        (["--unit", "fortnight"], "unit 'fortnight' is not known"),
        (["--every", "0"], "--every must be at least 1"),
        (["--delivery", "fax"], "delivery plan 'fax' is not valid"),
        (["--produces", "quote"], "--produces 'quote' is not invoice or order"),
        (["--customer", "999"], "there is no customer 999"),
        (["--line", "product=99"], "there is no product 99"),
        (["--line", "product=4;factor=daily"], "factor 'daily' is not one of"),
        (["--line", "text=X;source=product;price=1"], "source=product needs product=N"),
        (["--next-date", "30.02.2026"], "next date '30.02.2026' is not a real date"),
    ],
)
def test_senseless_schedules_are_refused(
    shop: Run, isolated: Path, args: list[str], message: str
) -> None:
    base = {"--customer": "10001", "--next-date": "2026-03-01", "--line": "product=4"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    before = snapshot(isolated)
    result = shop("recurring", "create", *[x for kv in base.items() for x in kv], code=1)
    assert message in result.stderr and result.stderr.startswith("faktura: error:")
    assert snapshot(isolated) == before


def test_create_and_show_warn_when_no_channel_is_available(shop: Run) -> None:
    created = shop(
        "recurring",
        "create",
        "--customer",
        "10002",
        "--next-date",
        "2026-03-01",
        "--line",
        "product=4",
    )
    assert created.stdout == "1\n"
    assert "no delivery channel: customer 10002 Stille AS has no PEPPOL id" in created.stderr
    shown = shop("recurring", "show", "1", "--json")
    assert shown.json()["channel"] is None and "no e-mail address" in shown.stderr
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-03-01",
        "--line",
        "product=4",
    )
    assert shop("recurring", "show", "2", "--json").json()["channel"] == "email"


def test_show_upcoming_explains_the_proration(shop: Run) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-03-01",
        "--agreement-date",
        "2026-02-15",
        "--line",
        "product=4;factor=monthly",
    )
    view = shop("recurring", "show", "1", "--upcoming", "2", "--json").json()
    first = view["upcoming"][0]
    assert first["total"] == "2250.00"  # (600 + 1200) × 1.25
    assert "14/28 days" in first["lines"][0]["computation"]
    assert view["upcoming"][1]["date"] == "2026-04-01"
    text = shop("recurring", "show", "1", "--upcoming", "2").stdout
    assert "14/28 days (back-billed)" in text


def test_run_due_delivers_reports_failures_and_exits_3(shop: Run, isolated: Path) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-03-01",
        "--line",
        "product=4",
    )
    shop(
        "recurring",
        "create",
        "--customer",
        "10002",
        "--next-date",
        "2026-03-01",
        "--line",
        "product=4",
        "--delivery",
        "ehf,email",
    )
    shop(
        "recurring",
        "create",
        "--customer",
        "10002",
        "--next-date",
        "2026-03-01",
        "--line",
        "product=4",
        "--delivery",
        "ehf,print",
    )
    # A dry run names what would fail in words and says how to fix it before the real run.
    dry = shop("run-due", "--dry-run")
    assert (
        "faktura: delivery would fail: faktura 2 (ingen kanal): no delivery channel: customer"
        " 10002" in dry.stderr
    )
    assert "`faktura recurring edit 2 --delivery print`" in dry.stderr
    result = shop("run-due", "--json", code=3)
    out = result.json()
    assert out["today"] == "2026-03-02"
    assert {
        (c["schedule"], c["kind"], c["number"], c["date"], c["total"]) for c in out["created"]
    } == {
        (1, "invoice", 1, "2026-03-01", "1500.00"),
        (2, "invoice", 2, "2026-03-01", "1500.00"),
        (3, "invoice", 3, "2026-03-01", "1500.00"),
    }
    by_number = {d["number"]: d for d in out["deliveries"]}
    assert by_number[1]["channel"] == "email" and by_number[1]["status"] == "sent"
    assert by_number[2]["status"] == "failed" and "no e-mail address" in by_number[2]["error"]
    assert by_number[3]["channel"] == "print" and by_number[3]["status"] == "sent"
    assert "faktura: delivery failed: faktura 2 (ingen kanal)" in result.stderr
    assert (isolated.parent / "outbox" / "email" / "923456783-faktura-1.eml").exists()
    assert (
        (isolated.parent / "outbox" / "print" / "923456783-faktura-3.pdf")
        .read_bytes()
        .startswith(b"%PDF")
    )
    assert shop("invoice", "show", "1", "--json").json()["delivered"] is True
    assert shop("invoice", "show", "2", "--json").json()["delivered"] is False
    # A retry on request goes out exactly once.
    assert "faktura 2 delivered by utskrift" in shop("invoice", "send", "2", "--channel", "print").stdout
    assert shop("invoice", "show", "2", "--json").json()["delivered"] is True
    assert shop("run-due").stdout == ""  # sent, and the failure is answered: nothing to say


def test_dry_run_changes_nothing(shop: Run, isolated: Path) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-01-01",
        "--line",
        "product=4",
    )
    before = snapshot(isolated)
    out = shop("run-due", "--dry-run", "--json").json()
    assert [c["number"] for c in out["created"]] == [1, 2, 3]
    assert snapshot(isolated) == before
    assert not (isolated.parent / "outbox").exists()


def test_no_deliver_queues_and_outbox_flush_delivers(shop: Run, isolated: Path) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-02-01",
        "--line",
        "product=4",
    )
    shop("run-due", "--no-deliver")
    queued = shop("outbox", "list", "--json").json()["deliveries"]
    assert [(d["document"], d["status"]) for d in queued] == [(1, "queued"), (2, "queued")]
    flushed = shop("outbox", "flush", "--json").json()["deliveries"]
    assert [(d["number"], d["status"]) for d in flushed] == [(1, "sent"), (2, "sent")]
    assert shop("outbox", "flush", "--json").json()["deliveries"] == []


def test_orders(shop: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-01-05",
        "--produces",
        "order",
        "--line",
        "product=4;factor=monthly",
    )
    created = shop("run-due", "--json").json()["created"]
    assert [(c["kind"], c["number"], c["date"]) for c in created] == [
        ("order", 1, "2026-01-05"),
        ("order", 2, "2026-02-05"),
    ]
    assert shop("invoice", "list", "--json").json()["invoices"] == []  # orders take no number
    orders = shop("order", "list", "--json").json()["orders"]
    assert [(o["id"], o["status"], o["total"]) for o in orders] == [
        (1, "open", "1500.00"),
        (2, "open", "1500.00"),
    ]
    assert orders[0]["lines"][0]["period_from"] == "2026-01-05"
    # January's VAT term (Jan–Feb) is still open on 2 March? No: it ended 28 February.
    refused = shop("order", "invoice", "1", code=1)
    assert "in a VAT term that ended 2026-02-28" in refused.stderr
    assert shop("order", "invoice", "1", "--date", "2026-03-02", "--no-send").stdout == "1\n"
    assert shop("order", "show", "1", "--json").json()["status"] == "invoiced"
    assert shop("order", "invoice", "1", code=1).stderr.startswith(
        "faktura: error: order 1 is invoiced (invoice 1)"
    )
    assert shop("order", "cancel", "2", "--json").json()["status"] == "cancelled"
    assert shop("order", "send", "2", code=1).stderr.startswith(
        "faktura: error: order 2 is cancelled"
    )
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-10")
    assert shop("recurring", "edit", "1", "--next-date", "2026-03-05", code=1).stderr.startswith(
        "faktura: error: nothing to change"
    )  # the next date is 5 March already
    shop("run-due")
    sent = shop("order", "send", "3", "--json").json()
    assert sent["channel"] == "email" and sent["target"].endswith("923456783-ordre-3.eml")
    # Sent once: a second `order send` is refused unless --again, as `invoice send` (SPEC 11).
    again = shop("order", "send", "3", code=1)
    assert again.stderr.startswith(
        "faktura: error: ordre 3 was delivered by e-post (2026-03-10)"
    ), again.stderr
    assert "`faktura order send 3 --again` sends it once more" in again.stderr
    assert shop("order", "send", "3", "--again").stdout.startswith("ordre 3 sent by e-post: ")
    confirmations = [
        d
        for d in shop("outbox", "list", "--json").json()["deliveries"]
        if d["order_id"] == 3 and d["status"] == "sent"
    ]
    assert len(confirmations) == 2
    inv = shop("order", "invoice", "3", "--json").json()
    assert (inv["number"], inv["date"]) == (2, "2026-03-05")


# ---------------------------------------------------------------- exactly once, as cron runs it


def _setup_many(db: Path, schedules: int, months_back: int) -> None:
    """Many due schedules, set up through faktura's own services."""
    from faktura_cli.services import company, customers, recurring
    from faktura_cli.storage.db import connect

    conn = connect(db, create=True)
    from datetime import date, datetime

    from faktura_cli.clock import OSLO

    now = datetime(2026, 3, 2, 9, tzinfo=OSLO)
    company.init_company(
        conn,
        company.CompanyInput(
            name="Cron AS",
            orgnr="923456783",
            legal_form="AS",
            bank_account="86011117947",
            email="post@cron.example",
        ),
        now=now,
    )
    c = customers.add_customer(
        conn,
        customers.CustomerInput(name="Kunde", email="k@example.no", postcode="0150", city="Oslo"),
        now=now,
    )
    start = f"2026-{3 - months_back:02d}-01" if months_back < 3 else "2025-12-01"
    for _ in range(schedules):
        recurring.create_schedule(
            conn,
            recurring.ScheduleRequest(
                customer=c.number, next_date=date.fromisoformat(start), lines=(schedule_line_spec("text=Leie;price=100"),)
            ),
            now=now,
        )
    conn.close()


def _run_due(db: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "FAKTURA_DB": str(db), "FAKTURA_NOW": "2026-03-02T06:00:00+01:00"}
    return subprocess.Popen(
        [sys.executable, "-m", "faktura_cli", "run-due", "--no-deliver", "--json", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _assert_exactly_once(db: Path, expected: int) -> None:
    conn = sqlite3.connect(db)
    numbers = [r[0] for r in conn.execute("SELECT number FROM documents ORDER BY number")]
    assert numbers == list(range(1, expected + 1)), "invoice numbers must be 1..N with no gap"
    vouchers = [r[0] for r in conn.execute("SELECT number FROM vouchers ORDER BY number")]
    assert vouchers == list(range(1, expected + 1))
    assert conn.execute("SELECT COUNT(*) FROM occurrences").fetchone()[0] == expected
    dupes = conn.execute(
        "SELECT schedule, date, COUNT(*) FROM occurrences GROUP BY schedule, date HAVING COUNT(*) > 1"
    ).fetchall()
    assert dupes == []
    unbalanced = conn.execute(
        "SELECT voucher FROM postings GROUP BY voucher HAVING SUM(amount) != 0"
    ).fetchall()
    assert unbalanced == []
    assert conn.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0] == expected
    conn.close()


def test_two_run_due_at_once_produce_each_occurrence_once(tmp_path: Path) -> None:
    db = tmp_path / "cron.db"
    _setup_many(db, schedules=150, months_back=2)  # 150 × (Jan, Feb, Mar) = 450 occurrences
    first, second = _run_due(db), _run_due(db)
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    created = [len(json.loads(out)["created"]) for out, _ in outs]
    assert sum(created) == 450
    _assert_exactly_once(db, 450)


def _occurrences(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM occurrences").fetchone()[0]
    finally:
        conn.close()


def test_run_due_killed_halfway_then_rerun(tmp_path: Path) -> None:
    db = tmp_path / "cron.db"
    _setup_many(db, schedules=1000, months_back=2)  # 3 000 occurrences, six batches
    after_kills = []
    for _ in range(3):
        before = _occurrences(db)
        proc = _run_due(db)
        # Kill as soon as this run has committed a batch, while it works on the next.
        while _occurrences(db) == before and proc.poll() is None:
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        after_kills.append(_occurrences(db))
    assert after_kills == sorted(after_kills) and after_kills[-1] < 3000, (
        f"each kill must land mid-run: {after_kills}"
    )
    assert all(n % 500 == 0 for n in after_kills), "a batch is committed whole or not at all"
    final = _run_due(db)
    _out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    _assert_exactly_once(db, 3000)
    conn = sqlite3.connect(db)
    assert (
        conn.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'queued'").fetchone()[0]
        == 3000
    )


def test_outbox_flush_killed_halfway_delivers_each_document_once(tmp_path: Path) -> None:
    db = tmp_path / "cron.db"
    _setup_many(db, schedules=20, months_back=1)  # 40 e-mails, each with its PDF
    produced = _run_due(db)
    produced.communicate(timeout=120)
    env = {**os.environ, "FAKTURA_DB": str(db)}
    flush = [sys.executable, "-m", "faktura_cli", "outbox", "flush", "--json"]
    proc = subprocess.Popen(flush, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    conn = sqlite3.connect(db, timeout=30)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        sent = conn.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'").fetchone()[0]
        if sent:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    statuses = dict(
        conn.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status").fetchall()
    )
    assert sum(statuses.values()) == 40
    assert 0 < statuses.get("sent", 0) < 40, f"the kill should land mid-flush: {statuses}"
    # One delivery claimed at a time, just before it is carried out (SPEC 11).
    assert statuses.get("sending", 0) <= 1, statuses
    again = subprocess.run(flush, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0, again.stderr
    assert conn.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'").fetchone()[0] == 40
    files = sorted(p.name for p in (tmp_path / "outbox" / "email").iterdir())
    assert files == sorted(f"923456783-faktura-{n}.eml" for n in range(1, 41)), (
        "one message per invoice, no leftovers"
    )


def test_ehf_channel_writes_a_valid_document_or_hands_it_to_the_access_point(
    shop: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shop(
        "customer",
        "add",
        "--name",
        "Fjordtech AS",
        "--orgnr",
        "910524267",
        "--peppol",
        "0192:910524267",
        "--postcode",
        "5013",
        "--city",
        "Bergen",
    )
    shop(
        "recurring",
        "create",
        "--customer",
        "10003",
        "--next-date",
        "2026-03-01",
        "--line",
        "product=4",
    )
    out = shop("run-due", "--json").json()
    assert out["deliveries"] == [{"number": 1, "channel": "ehf", "status": "sent", "error": None}]
    xml = (isolated.parent / "outbox" / "ehf" / "923456783-faktura-1.xml").read_bytes()
    assert b"<cbc:PaymentID>00000018</cbc:PaymentID>" in xml
    # With an access point configured the file is handed to it; a refusal is a failed delivery.
    received = tmp_path / "received.txt"
    monkeypatch.setenv("FAKTURA_ACCESS_POINT", f"sh -c 'echo \"$0\" >> {received}; echo sent-ok'")
    assert "access point: sent-ok" in shop("invoice", "send", "1", "--again").stdout
    assert received.read_text().strip().endswith("923456783-faktura-1.xml")
    monkeypatch.setenv("FAKTURA_ACCESS_POINT", "sh -c 'echo nope >&2; exit 4'")
    refused = shop("invoice", "send", "1", "--again", code=3)
    assert "the access point refused 923456783-faktura-1.xml (exit 4): nope" in refused.stderr
    # An access point that dies halfway may have sent it: uncertain, not failed.
    monkeypatch.setenv("FAKTURA_ACCESS_POINT", "sh -c 'kill -9 $$'")
    dead = shop("invoice", "send", "1", "--again", code=3)
    assert "faktura: delivery uncertain: faktura 1 is in the books" in dead.stderr
    assert "stopped by signal 9" in dead.stderr


def test_idle_run_due_says_so_and_changes_nothing(shop: Run, isolated: Path) -> None:
    shop(
        "recurring",
        "create",
        "--customer",
        "10001",
        "--next-date",
        "2026-04-01",
        "--line",
        "product=4",
    )
    before = snapshot(isolated)
    assert shop("run-due").stdout == ""  # cron is quiet on success
    assert shop("run-due", "--verbose").stdout == (
        "run-due 2026-03-02: nothing due; 0 delivered, 0 failed, 0 uncertain\n"
    )
    assert snapshot(isolated) == before
    assert shop("run-due", "--today", "2026-04-01").stdout.startswith(
        "run-due 2026-04-01: produced 1 invoice(s)"
    )


def test_run_due_reports_progress_per_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service reports each committed batch; the CLI draws a bar from it on a terminal only."""
    from datetime import date, datetime

    from faktura_cli.clock import OSLO
    from faktura_cli.services import recurring
    from faktura_cli.storage.db import connect

    db = tmp_path / "p.db"
    _setup_many(db, schedules=30, months_back=0)
    monkeypatch.setattr(recurring, "BATCH", 8)
    seen: list[tuple[int, int]] = []
    conn = connect(db)
    result = recurring.run_due(
        conn,
        today=date(2026, 3, 2),
        now=datetime(2026, 3, 2, 6, tzinfo=OSLO),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert len(result.created) == 30
    assert seen == [(8, 30), (16, 30), (24, 30), (30, 30)]


@pytest.mark.parametrize(
    ("utc", "oslo_day"),
    [
        ("2026-03-01T23:30:00+00:00", "2026-03-02"),  # 00:30 in Oslo, winter (UTC+1)
        ("2026-03-29T22:30:00+00:00", "2026-03-30"),  # 00:30 in Oslo the night summer time began
        ("2026-03-01T22:59:00+00:00", "2026-03-01"),  # 23:59 in Oslo: still the 1st
    ],
)
def test_run_due_just_after_midnight_in_oslo_uses_the_oslo_date(
    shop: Run, monkeypatch: pytest.MonkeyPatch, utc: str, oslo_day: str
) -> None:
    """cron at 00:30 runs on the Oslo date, while UTC still says yesterday."""
    shop(
        "recurring", "create", "--customer", "10001", "--next-date", oslo_day, "--line", "product=4"
    )
    monkeypatch.setenv("FAKTURA_NOW", utc)
    out = shop("run-due", "--no-deliver", "--json").json()
    assert out["today"] == oslo_day
    assert [c["date"] for c in out["created"]] == [oslo_day]
