"""SPEC §12: text input and amounts. Each case is an attack from issue #16, through the command."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Run, snapshot
from .test_saft import standards_dir

CONTROL = "Ctrl\x0bTab\x01AS"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (CONTROL, "a control character (U+000B)"),
        ("Evil\x1b]0;pwned\x07", "a control character (U+001B)"),
        ("Evil\x1b[2J", "a control character (U+001B)"),
        ("Acme \u202eSA emcA", "a bidirectional override (U+202E)"),
        ("Acme\u2066AS", "a bidirectional override (U+2066)"),
        ("Acme\tAS", "a tab (U+0009)"),
        ("Acme\nAS", "a line break (U+000A)"),
        ("Acme\x85AS", "a control character (U+0085)"),
    ],
)
def test_customer_names_refuse_control_and_bidi_characters(
    company: Run, isolated: Path, value: str, problem: str
) -> None:
    before = snapshot(isolated)
    refused = company("customer", "add", "--name", value, code=1)
    assert refused.stderr.startswith(f"faktura: error: --name contains {problem}")
    assert refused.stderr.count("\n") == 1
    assert snapshot(isolated) == before


def test_every_text_field_is_checked(customer: int, run: Run, isolated: Path) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    before = snapshot(isolated)
    for args in (
        ("customer", "add", "--name", "Ok", "--address", "Gate\x1b1"),
        ("customer", "add", "--name", "Ok", "--city", "Oslo\u202e"),
        ("customer", "edit", str(customer), "--name", CONTROL),
        ("product", "add", "--number", "9", "--name", "Vare\x7f", "--price", "1"),
        ("company", "set", "--name", "Firma\u2069 AS"),
        ("company", "set", "--address", "Gate\n2"),
        ("invoice", "create", "--customer", str(customer), "--line", "text=A\x1b[2J;price=1"),
        ("invoice", "credit", "1", "--reason", "Feil\u202epris"),
        (
            "recurring",
            "create",
            "--customer",
            str(customer),
            "--next-date",
            "2026-04-01",
            "--line",
            "text=Leie\tmars;price=100",
        ),
    ):
        refused = run(*args, code=1)
        assert " contains " in refused.stderr and refused.stderr.count("\n") == 1, args
    assert snapshot(isolated) == before


def test_a_norwegian_name_and_amount_still_work(company: Run) -> None:
    number = company(
        "customer",
        "add",
        "--name",
        "Ærlige Åsmund & Søn ANS",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    ).stdout.strip()
    created = company(
        "invoice",
        "create",
        "--customer",
        number,
        "--line",
        "text=Rådgivning;price=1 250,50",
        "--no-send",
        "--json",
    ).json()
    assert created["total"] == "1563.13" and created["lines"][0]["text"] == "Rådgivning"


@pytest.mark.parametrize("price", ["1.2.3", "1 23,5", "12.34.56", "1,234.50", "1 000 000 000"])
def test_malformed_or_too_large_prices_are_refused(
    customer: int, run: Run, isolated: Path, price: str
) -> None:
    before = snapshot(isolated)
    refused = run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        f"text=A;price={price}",
        "--no-send",
        code=1,
    )
    assert refused.stderr.startswith("faktura: error: price ")
    assert snapshot(isolated) == before


def test_totals_cannot_overflow(customer: int, run: Run, isolated: Path) -> None:
    """The attack: 70 lines at price=999999999999;qty=1000, twice, made the balances REAL."""
    lines = [a for _ in range(70) for a in ("--line", "text=X;price=999999999,99;qty=1000")]
    before = snapshot(isolated)
    refused = run("invoice", "create", "--customer", str(customer), *lines, "--no-send", code=1)
    assert "total can be at most 99999999999.99" in refused.stderr
    assert snapshot(isolated) == before
    too_many = [a for _ in range(1001) for a in ("--line", "text=X;price=1")]
    refused = run("invoice", "create", "--customer", str(customer), *too_many, "--no-send", code=1)
    assert "at most 1000 lines" in refused.stderr
    refused = run("invoice", "pay", "1", "--amount", "100 000 000 000", code=1)
    assert "too large" in refused.stderr or "no invoice" in refused.stderr.lower()


def test_the_largest_invoice_allowed_keeps_the_books_whole(customer: int, run: Run) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=Stort;price=999 999 999,99;qty=79",
        "--no-send",
    )  # 78 999 999 999.21 + 25 % VAT = 98 749 999 999.01
    run("invoice", "pay", "1", "--amount", "98 749 999 999,01")
    assert run("check").stdout.startswith("ok")
    assert run("ledger", "balance", "--json").exit_code == 0


@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed")
def test_a_description_cannot_forge_a_journal_tag(company: Run, tmp_path: Path) -> None:
    """A customer named `Acme ; invoice:999` made hledger read a forged `invoice:999` tag."""
    number = company(
        "customer", "add", "--name", "Acme ; invoice:999", "--postcode", "0150", "--city", "Oslo"
    ).stdout.strip()
    company("invoice", "create", "--customer", number, "--line", "text=A;price=100", "--no-send")
    company("invoice", "pay", "1", "--amount", "125")
    path = tmp_path / "books.journal"
    company("export", "journal", "--format", "hledger", "-o", str(path))
    tags = subprocess.run(
        ["hledger", "-f", str(path), "tags", "--values", "invoice"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "999" not in tags and "1" in tags
    forged = subprocess.run(
        ["hledger", "-f", str(path), "print", "tag:invoice=999"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert forged.stdout.strip() == ""


@pytest.mark.slow
def test_books_from_before_the_text_rule_still_export(
    customer: int, run: Run, isolated: Path, tmp_path: Path
) -> None:
    """A control character stored by an older release stopped the year's SAF-T for good."""
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    conn = sqlite3.connect(isolated)
    conn.execute("UPDATE customers SET name = ? WHERE number = ?", (CONTROL, customer))
    for trigger in ("documents_no_update", "vouchers_no_update"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("UPDATE vouchers SET text = ?", (f"Faktura 1 {CONTROL}",))
    conn.commit()
    conn.close()
    path = tmp_path / "saft.xml"
    run("export", "saft", "--year", "2026", "-o", str(path))
    done = subprocess.run(
        [sys.executable, str(standards_dir() / "validate_saft.py"), str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    run("invoice", "ehf", "1", "-o", str(tmp_path / "f.xml"))


def test_the_terminal_shows_names_as_they_are_and_old_escapes_never_reach_it(
    company: Run, isolated: Path
) -> None:
    number = company(
        "customer", "add", "--name", "[link=https://evil.example]Kunde[/link] AS", "--private"
    )
    conn = sqlite3.connect(isolated)
    conn.execute("UPDATE customers SET city = ?", ("Os\x1b]0;pwned\x07\x1b[2Jlo",))
    conn.commit()
    conn.close()
    shown = company("customer", "show", number.stdout.strip()).stdout
    for out in (shown, company("customer", "list").stdout):
        assert "\x1b" not in out and "\x07" not in out
