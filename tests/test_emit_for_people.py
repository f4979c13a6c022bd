"""One output path (#14 item 4) and words for people (SPEC 16), through the real commands:
what `--json` prints is the View's data, and what people read has no internal names, no ISO
moments and no '.'-decimal amounts (tests/people.py)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import NOW, Run
from .people import assert_for_people, leaks


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    done = subprocess.run(
        [sys.executable, "-m", "faktura_cli", "--db", str(path), "demo"],
        capture_output=True,
        text=True,
        env={**os.environ, "FAKTURA_NOW": NOW},
    )
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def demo(demo_file: Path, isolated: Path, run: Run) -> Run:
    """A copy of the demo books (a year of activity up to 2 March 2026) as the books."""
    shutil.copy(demo_file, isolated)
    return run


def for_people(text: str, *paths: Path) -> str:
    """The text with the paths it names taken out (a tmp folder is not the program's words)."""
    for path in paths:
        text = text.replace(str(path), "FILE")
    assert_for_people(text)
    return text


def test_ledger_for_people(demo: Run) -> None:
    for args in (
        ("ledger", "postings", "--account", "1500"),
        ("ledger", "balance"),
        ("ledger", "customers"),
    ):
        for_people(demo(*args).stdout)
    rows = demo("ledger", "postings", "--account", "1500", "--json").json()
    assert demo("ledger", "postings", "--account", "1500", "--format", "json").json() == rows
    csv = demo("ledger", "postings", "--account", "1500", "--format", "csv").stdout
    assert csv.splitlines()[0] == "voucher,date,account,amount,text,invoice,customer"
    assert len(csv.splitlines()) == len(rows) + 1 and not csv.endswith("\n\n")
    shown = demo("ledger", "balance").stdout
    assert "Kundefordringer" in shown and "Trial balance 2026-01-01 – 2026-12-31" in shown


def test_demo_for_people(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    out = for_people(run("demo", "--db", str(path)).stdout, path)
    assert out.startswith("Nordvik Rådgivning AS — demo books at FILE\n")
    assert "[bold]" not in out and "customers owe" in out and "Trial balance" in out


def test_books_for_people(demo: Run, tmp_path: Path) -> None:
    listed = for_people(demo("voucher", "list").stdout)
    assert "inngående balanse" in listed and "leverandørfaktura" in listed
    for_people(demo("voucher", "show", "3").stdout)
    for_people(demo("account", "list", "--own").stdout + demo("account", "list").stdout)
    assert demo("account", "add", "6301", "--name", "Leie lager", "--grouping", "6300").stdout == (
        "6301\n"
    )
    receipt = tmp_path / "kvittering.pdf"
    receipt.write_bytes(b"%PDF-1.4 a receipt")
    number = demo(
        "voucher", "add", "--date", "2026-03-01", "--text", "Leie mars", "--attach", str(receipt),
        "--line", "account=6301;amount=1000", "--line", "account=1920;amount=-1000",
    ).stdout.strip()  # fmt: skip
    shown = for_people(demo("voucher", "show", number).stdout)
    assert "Vedlegg: kvittering.pdf (18 bytes, sha256 " in shown
    reversal = demo("voucher", "reverse", number).stdout.strip()
    assert f"reverserer bilag {number}" in demo("voucher", "show", reversal).stdout
    assert demo("voucher", "show", number, "--json").json()["reversed_by"] == int(reversal)


def test_year_lock_and_vat_for_people(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert for_people(run("lock", "show").stdout) == "The books are not locked.\n"
    monkeypatch.setenv("FAKTURA_NOW", "2026-01-20")
    run("invoice", "create", "--customer", str(customer), "--line", "text=Råd;price=1000,50")
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-02")
    filed = for_people(run("vat", "file", "--term", "2026-1").stdout)
    assert filed.startswith("VAT 2026-1 filed: 250,13 to pay, settled to 2740 (voucher ")
    paid = for_people(run("vat", "pay", "--term", "2026-1", "--date", "2026-03-02").stdout)
    assert paid.startswith("VAT 2026-1: 250,13 paid (voucher ")
    shown = for_people(run("lock", "show").stdout)
    assert shown == (
        "The books are locked to 2026-02-28 (vat file 2026-1); the first open date is 2026-03-01.\n"
    )
    assert run("lock", "show", "--json").json()["set_at"].startswith("2026-03-02T")
    monkeypatch.setenv("FAKTURA_NOW", "2027-01-15")
    closed = for_people(run("year", "close", "2026").stdout)
    assert closed.startswith("2026 is closed: overskudd 1 000,50 from 8800 to 2050")
    reopened = for_people(run("year", "reopen", "2026").stdout)
    assert reopened.startswith("2026 is reopened: the closing is reversed (voucher ")
    locked = for_people(run("lock", "--to", "2026-12-31").stdout)
    assert locked.startswith("The books are locked to 2026-12-31 (lock --to)")


def test_the_leak_check_finds_internal_names() -> None:
    assert leaks("partly_paid 9772.00 at 2026-12-01T12:00:00+01:00") != []


def test_reports_and_exports_for_people(
    demo: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vat = for_people(demo("report", "vat", "--term", "2026-1").stdout)
    assert "VAT 2026-1 (2026-01-01 – 2026-02-28), not filed" in vat
    monkeypatch.setenv("COLUMNS", "100")
    # Its hints are commands to type ("faktura invoice list --status overdue"), not words.
    for_people(re.sub(r"faktura [a-z]+ [^│\n]*", "", demo("report", "overview").stdout))
    page = tmp_path / "overview.html"
    assert demo("report", "overview", "--html", str(page)).stdout == f"{page}\n"
    assert demo("report", "overview", "--html", str(page), "--json").json()["html"] == str(page)
    saft = tmp_path / "saft.xml"
    shown = for_people(demo("export", "saft", "--year", "2025", "-o", str(saft)).stdout, saft)
    assert shown.startswith("FILE\nanchor ")
    journal = demo("export", "journal", "--format", "hledger").stdout
    assert journal.startswith("; ") or journal.startswith("account") or "1500" in journal
    assert not journal.endswith("\n\n")
    out = tmp_path / "books.journal"
    assert demo("export", "journal", "--format", "hledger", "-o", str(out)).stdout == f"{out}\n"
    assert out.read_text() == journal
    refused = demo("export", "journal", "--format", "hledger", "--json", code=1)
    assert "--json needs -o FILE" in refused.stderr
    folder = tmp_path / "bundle"
    bundle = for_people(demo("export", "bundle", "--year", "2025", "-o", str(folder)).stdout, folder)
    assert bundle.startswith("FILE\nanchor ")


def test_check_backup_and_restore_for_people(demo: Run, tmp_path: Path) -> None:
    checked = for_people(demo("check").stdout)
    assert checked.startswith("ok: ") and checked.endswith(" documents checked\n")
    anchor = demo("check", "--anchor").stdout.strip()
    assert demo("check", "--anchor", "--json").json()["anchor"] == anchor
    copy = tmp_path / "copy.db"
    made = for_people(demo("backup", str(copy)).stdout, copy)
    assert made.startswith("Backed up to FILE (") and made.endswith(f"anchor {anchor}\n")
    restored = demo("restore", str(copy))
    assert restored.stdout.startswith(f"Restored from {copy} (")
    assert f"anchor {anchor}" in restored.stdout


def test_run_due_for_people(demo: Run, isolated: Path) -> None:
    summary, *planned = demo("run-due", "--dry-run").stdout.splitlines()
    # The summary line is cron's (SPEC 11, in English: "0 uncertain"); what follows is for people.
    assert summary == (
        "run-due 2026-03-02: would produce 3 invoice(s) and 1 order(s); "
        "0 delivered, 0 failed, 0 uncertain"
    )
    dry = for_people("\n".join(planned))
    assert "  schedule 5: ordre 1 dated 02.03.2026, total 2 553,00" in dry
    demo("run-due", "--no-deliver")
    demo("outbox", "flush")
    # Nothing due, nothing waiting: cron hears nothing; --json is the same document as ever.
    assert demo("run-due").stdout == ""
    assert demo("run-due", "--verbose").stdout == (
        "run-due 2026-03-02: nothing due; 0 delivered, 0 failed, 0 uncertain\n"
    )
    assert demo("run-due", "--json").json() == {
        "today": "2026-03-02",
        "dry_run": False,
        "created": [],
        "deliveries": [],
        "outstanding": [],
    }


def test_fleet_for_people(demo_file: Path, tmp_path: Path, run: Run) -> None:
    for name in ("a.db", "b.db"):
        shutil.copy(demo_file, tmp_path / name)
    pattern = str(tmp_path / "*.db")
    out = run("fleet", "run-due", "--books", pattern, "--no-deliver", "--jobs", "2")
    text = for_people(out.stdout, tmp_path)
    assert "FILE/a.db: produced 3 invoice(s) and 1 order(s); 0 delivered, 0 failed" in text
    assert text.splitlines()[-1].startswith("fleet run-due 2026-03-02: 2 book(s), 2 ran, 0 failed")
    again = run("fleet", "run-due", "--books", pattern, "--no-deliver", "--json").json()
    assert [b["status"] for b in again["books"]] == ["ok", "ok"]


def test_check_findings_show_amounts_as_people_write_them(
    customer: int, run: Run, isolated: Path
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=1000")
    conn = sqlite3.connect(isolated)
    conn.execute("UPDATE account_months SET amount = amount + 1 WHERE account = '3000'")
    conn.commit()
    conn.close()
    shown = run("check", code=1).stdout
    assert shown == (
        "month_balance_wrong: account 3000 in 2026-03: the month balance says -999,99, "
        "its postings sum to -1 000,00\n"
    )
    found = run("check", "--json", code=1).json()["findings"]
    assert [f["message"] for f in found] == [
        "account 3000 in 2026-03: the month balance says -999.99, its postings sum to -1000.00"
    ]
