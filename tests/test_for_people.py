"""For the people who use it (SPEC 16): honest `show`, list filters, whole amounts at 80
columns, Norwegian words and numbers for people, JSON errors, bare commands."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from faktura_cli.domain.invoice import listed_under

from .conftest import NOW, Run

FRIDAY_BEFORE = "2026-02-27T10:15:00+01:00"


@pytest.fixture
def sold(customer: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> int:
    """SPEC 7's worked example: 10 000.00 due 2026-03-16, sold 2026-03-02 10:15."""
    monkeypatch.setenv("FAKTURA_NOW", FRIDAY_BEFORE)
    run("factoring", "apply", "--consent")
    monkeypatch.setenv("FAKTURA_NOW", NOW)
    run(
        "invoice", "create", "--customer", str(customer), "--line", "text=Arbeid;price=8000",
        "--due-date", "2026-03-16", "--immediate-payment",
    )  # fmt: skip
    run("factoring", "accept", "1")
    return 1


def test_show_of_a_sold_invoice_says_where_the_customer_pays(sold: int, run: Run) -> None:
    shown = run("invoice", "show", str(sold), "--json").json()
    assert (shown["bank_account"], shown["kid"]) == ("15030688888", "90000019")
    assert (shown["own_bank_account"], shown["own_kid"]) == ("86011117947", "00000018")
    assert shown["sale"] == {
        "partner": "Sandbox Factoring AS",
        "partner_orgnr": "914994594",
        "bank_account": "15030688888",
        "kid": "90000019",
        "fee_rate": "2.28",
        "fee": "228.00",
        "payout": "9772.00",
        "planned_payout": "2026-03-02T12:00:00+01:00",
        "status": "accepted",
        "confirmed_on": None,
        "regress_owed": "0.00",
    }
    text = run("invoice", "show", str(sold)).stdout
    assert "1503.06.88888" in text and "90000019" in text
    assert "228,00 (2,28 %)" in text and "9 772,00" in text and "02.03.2026 kl. 12:00" in text
    assert "solgt" in text and "accepted" not in text


def test_show_of_an_invoice_not_sold_has_no_sale(customer: int, run: Run) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    shown = run("invoice", "show", "1", "--json").json()
    assert shown["sale"] is None
    assert shown["bank_account"] == shown["own_bank_account"] == "86011117947"
    assert shown["kid"] == shown["own_kid"] == "00000018"


def test_factoring_messages_use_norwegian_numbers(
    sold: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    quote = run("factoring", "regress-quote", "1", "--date", "2026-03-09").stdout
    assert quote.strip() == "crediting invoice 1 on 09.03.2026: regress 9 935,00 to pay the partner"
    listed = run("factoring", "list").stdout
    assert "9 772,00" in listed and "228,00" in listed and "9772.00" not in listed


@pytest.mark.parametrize(
    ("wanted", "kind", "status", "is_sold", "listed"),
    [
        ("open", "invoice", "open", False, True),
        ("open", "invoice", "overdue", False, True),
        ("open", "invoice", "partly_paid", False, True),
        ("open", "invoice", "paid", False, False),
        ("open", "invoice", "open", True, False),  # sold: in no other
        ("overdue", "invoice", "overdue", False, True),
        ("overdue", "invoice", "open", False, False),
        ("paid", "invoice", "paid", False, True),
        ("credited", "invoice", "credited", False, True),
        ("sold", "invoice", "sold", True, True),
        ("sold", "invoice", "credited", True, True),
        ("paid", "credit_note", "credit_note", False, False),
    ],
)
def test_list_status_meanings(
    wanted: str, kind: str, status: str, is_sold: bool, listed: bool
) -> None:
    assert listed_under(wanted, kind=kind, status=status, sold=is_sold) is listed


def test_invoice_list_filters(customer: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def create(day: str, price: str) -> None:
        run(
            "invoice", "create", "--customer", str(customer), "--date", day,
            "--line", f"text=A;price={price}", "--no-send",
        )  # fmt: skip

    create("2026-01-05", "100")  # 1: overdue (due 19.01), paid in part below
    create("2026-02-20", "200")  # 2: open
    create("2026-03-01", "300")  # 3: paid
    create("2026-03-02", "400")  # 4: credited in full
    run("invoice", "pay", "1", "--amount", "50")
    run("invoice", "pay", "3", "--amount", "375")
    run("invoice", "credit", "4", "--reason", "Feil", "--no-send")

    def numbers(*args: str) -> list[int]:
        return [d["number"] for d in run("invoice", "list", *args, "--json").json()["invoices"]]

    assert numbers("--status", "open") == [1, 2]
    assert numbers("--status", "overdue") == [1]
    assert numbers("--status", "paid") == [3]
    assert numbers("--status", "credited") == [4]
    assert numbers("--status", "sold") == []
    assert numbers("--from", "2026-02-01", "--to", "01.03.2026") == [2, 3]
    assert numbers("--customer", str(customer), "--status", "open", "--from", "2026-02-01") == [2]
    text = run("invoice", "list", "--status", "open").stdout
    assert "forfalt" in text and "partly_paid" not in text and "overdue" not in text
    bad = run("invoice", "list", "--status", "unpaid", "--json", code=1)
    assert bad.json()["error"]["code"] == "invalid_input"
    assert "open, overdue, paid, credited, sold" in bad.stderr


def test_sold_invoices_are_listed_as_sold_only(sold: int, run: Run) -> None:
    def numbers(status: str) -> list[int]:
        out = run("invoice", "list", "--status", status, "--json").json()["invoices"]
        return [d["number"] for d in out]

    assert numbers("sold") == [1]
    assert numbers("open") == numbers("paid") == numbers("overdue") == []


def test_a_refused_command_in_json_mode_prints_one_json_error(customer: int, run: Run) -> None:
    out = run("invoice", "show", "99", "--json", code=1)
    assert json.loads(out.stdout) == {
        "error": {"code": "not_found", "message": out.stderr.removeprefix("faktura: error: ").strip()}
    }
    assert out.stderr.startswith("faktura: error: ") and out.stderr.count("\n") == 1
    plain = run("invoice", "show", "99", code=1)
    assert plain.stdout == ""


def test_no_message_ends_in_a_full_stop_before_its_hint(customer: int, run: Run) -> None:
    out = run("invoice", "create", "--customer", str(customer), "--line", "qty=2", code=1)
    assert ".;" not in out.stderr


def run_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faktura_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_bare_commands_print_help_and_exit_0(isolated: Path) -> None:
    for args in ([], ["invoice"], ["report"], ["--db", str(isolated)]):
        done = run_process(*args)
        assert done.returncode == 0, done
        assert "Usage: faktura" in done.stdout and done.stderr == ""


def test_usage_errors_in_json_mode_are_json_too(isolated: Path) -> None:
    done = run_process("invoice", "show", "x", "--json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["code"] == "usage"
    misplaced = run_process("init", "--name", "X", "--db", "x.db")
    assert "goes before the command" in misplaced.stderr


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_tables_at_80_columns_show_whole_amounts_and_dates(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    long_name = "Vestlandske Entreprenører og Eiendomsutvikling Holding AS"
    number = run(
        "customer", "add", "--name", long_name, "--orgnr", "974760673", "--address",
        "Strandkaien 12", "--postcode", "5013", "--city", "Bergen", "--email", "a@b.no",
    ).stdout.strip()  # fmt: skip
    run("invoice", "create", "--customer", number, "--line", "text=Stort;price=16249,60")
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    run("invoice", "pay", "2", "--amount", "50")
    listed = run("invoice", "list").stdout
    assert max(len(line) for line in lines_of(listed)) <= 80
    for whole in ("20 312,00", "2026-03-02", "2026-03-16", "delvis", "åpen"):
        assert whole in listed, listed
    assert "…" not in listed
    ledger = run("ledger", "customers").stdout
    assert max(len(line) for line in lines_of(ledger)) <= 80
    assert "20 312,00" in ledger and "…" not in ledger


# What must be shown whole: amounts, dates, times, organisasjonsnummer and PEPPOL ids.
WHOLE = re.compile(
    r"-?\d{1,3}(?: \d{3})*,\d\d|\d{4}-\d\d-\d\d|\d\d\.\d\d\.\d{4}(?: kl\. \d\d:\d\d)?"
    r"|\b\d{4}:\d{9}\b|\b\d{9}\b"
)
TABLES = [
    ("invoice", "list"),
    ("invoice", "show", "2"),
    ("customer", "list"),
    ("product", "list"),
    ("recurring", "list"),
    ("order", "list"),
    ("outbox", "list"),
    ("ledger", "balance"),
    ("ledger", "customers"),
    ("ledger", "postings", "--account", "1500"),
    ("report", "vat", "--year", "2026"),
    ("bill", "list"),
    ("voucher", "list"),
]


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    env = {"FAKTURA_NOW": "2026-11-30T10:00:00+01:00"}
    for command in ("demo", "run-due"):
        done = run_process("--db", str(path), command, env=env)
        assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("command", TABLES, ids=" ".join)
def test_every_table_at_80_columns_shows_whole_amounts_and_dates(
    demo_books: Path, run: Run, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("FAKTURA_NOW", "2026-11-30T10:00:00+01:00")
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("--db", str(demo_books), *command).stdout
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run("--db", str(demo_books), *command).stdout
    assert max(len(line.rstrip()) for line in narrow.splitlines()) <= 80, narrow
    assert "…" not in narrow
    whole = set(WHOLE.findall(wide))
    assert whole, wide
    missing = {m for m in whole if m not in narrow}
    assert not missing, (missing, narrow)
    for internal in ("partly_paid", "credit_note", "NONE", "None"):
        assert internal not in narrow, internal


def test_customer_list_search(customer: int, run: Run) -> None:
    run("customer", "add", "--name", "Kari Nordmann", "--private", "--phone", "+47 912 34 567")

    def found(text: str) -> list[int]:
        out = run("customer", "list", "--search", text, "--json").json()["customers"]
        return [c["number"] for c in out]

    assert found("kari") == [10002]
    assert found("KUNDE") == [customer]
    assert found("910 524 267") == [customer]  # the org.nr as typed with spaces
    assert found("912 34 567") == [10002]
    assert found("nobody") == []
