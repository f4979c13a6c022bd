"""What people read from the money-in commands (SPEC 16): Norwegian numbers and words, never an
internal state name, an ISO moment or a '.'-decimal amount. One test per command group."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run
from .people import assert_for_people
from .test_money_in_lists import bills, entries, queued  # noqa: F401 (fixtures)


def shown(text: str, tmp_path: Path) -> str:
    """The output without the test's own folder (its name has underscores)."""
    return text.replace(str(tmp_path.resolve()), "BOOKS").replace(str(tmp_path), "BOOKS")


def test_bank_for_people(entries: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("COLUMNS", "80")
    assert_for_people(entries("bank", "unmatched").stdout)
    assert_for_people(entries("bank", "unmatched", "--search", "Berg").stdout)
    assert_for_people(entries("bank", "ignore", "1", "--reason", "Gave, ført manuelt").stdout)
    assert_for_people(entries("bank", "reconcile", "--to", "2026-03-31").stdout)


def test_bank_import_and_match_for_people(customer: int, run: Run, tmp_path: Path) -> None:
    from .bankfiles import Tx, camt054

    doc = run(
        "invoice", "create", "--customer", str(customer), "--line", "text=A;price=1000",
        "--no-send", "--json",
    ).json()  # fmt: skip
    path = tmp_path / "bank.xml"
    path.write_bytes(camt054([[Tx("500.50", doc["kid"]), Tx("99.00", None, text="Gave")]]))
    out = run("bank", "import", str(path)).stdout
    assert "500,50" in out and "delbetalt" in out and "749,50" in out
    assert_for_people(shown(out, tmp_path))
    assert_for_people(run("bank", "match", "2", "--invoice", "1").stdout)


def test_bills_for_people(bills: Run, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("COLUMNS", "80")
    for args in ((), ("--status", "overdue"), ("--status", "paid"), ("--supplier", "20001")):
        assert_for_people(bills("bill", "list", *args).stdout)
    assert_for_people(bills("bill", "pay", "2", "--date", "2026-03-02", "--amount", "10").stdout)
    one = bills("bill", "show", "1").stdout
    assert one.startswith("Leverandørfaktura 1 fra Kontorland AS, forfall 24.01.2026, forfalt")
    assert "1 250,00" in one and "2400" in one
    assert_for_people(one)
    shown_json = bills("bill", "show", "1", "--json").json()
    assert shown_json["status"] == "partly_paid" and shown_json["posting"]["number"] >= 1


def test_outbox_for_people(queued: tuple[int, int], run: Run, tmp_path: Path) -> None:  # noqa: F811
    run("customer", "add", "--name", "Uten Kanal AS", "--orgnr", "986105174", "--address",
        "Gata 1", "--postcode", "5003", "--city", "Bergen")  # fmt: skip
    run("invoice", "create", "--customer", "10003", "--line", "text=A;price=100", code=3)
    listed = shown(run("outbox", "list").stdout, tmp_path)
    assert "feilet" in listed and "ingen" in listed and "sendt" in listed
    assert_for_people(listed)
    flushed = run("outbox", "flush", code=3)
    assert flushed.stdout == "0 levert, 1 feilet, 0 usikre\n"
    assert_for_people(run("outbox", "resolve", "4", "--sent").stdout)


@pytest.fixture
def overdue(customer: int, run: Run) -> Run:
    """Invoice 1 of 1 000,00, due 19 January: 42 days past due on 2 March."""
    run(
        "invoice", "create", "--customer", str(customer), "--line", "text=Arbeid;price=800",
        "--date", "2026-01-05", "--due-date", "2026-01-19", "--no-send",
    )  # fmt: skip
    return run


def test_reminders_for_people(overdue: Run, tmp_path: Path) -> None:
    dry = overdue("remind", "--dry-run").stdout
    assert "02.03.2026" in dry and ",00" in dry
    assert_for_people(dry)
    assert_for_people(shown(overdue("remind").stdout, tmp_path))
    assert_for_people(overdue("remind", "--list").stdout)
    assert_for_people(shown(overdue("remind", "--pdf", "1").stdout, tmp_path))
    assert overdue("remind", "--pdf", "1", "--json").json()["file"].endswith("purring-1.pdf")
    rates = overdue("rates", "show").stdout
    assert_for_people(rates)
    set_ = overdue("rates", "set", "--from", "01.07.2026", "--rate", "12,25").stdout
    assert set_.strip() == "late-payment interest from 01.07.2026: 12,25 %"
    assert_for_people(set_)


def test_statement_for_people(overdue: Run, customer: int, tmp_path: Path) -> None:
    out = overdue("customer", "statement", str(customer)).stdout
    assert out.strip() == f"kontoutskrift-{customer}.pdf"
    assert_for_people(out)
    data = overdue("customer", "statement", str(customer), "--json").json()
    assert "file" not in data and data["closing_balance"] == "1000.00"
