"""SPEC 13: result accounts open each year at 0; year close/reopen (8800 → 2050); VAT filed
to 2740 and paid; `report vat` defaults to the term to file next."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from .conftest import Run
from .test_saft import NS, validate


def ore(text: str) -> int:
    return int(Decimal(text) * 100)


def balance(run: Run, start: str, end: str) -> dict[str, dict[str, int]]:
    rows = run("ledger", "balance", "--from", start, "--to", end, "--json").json()
    return {r["account"]: {k: ore(r[k]) for k in ("opening", "movement", "closing")} for r in rows}


def postings(run: Run, voucher: int) -> dict[str, int]:
    rows = run("ledger", "postings", "--voucher", str(voucher), "--json").json()
    return {r["account"]: ore(r["amount"]) for r in rows}


@pytest.fixture
def demo(run: Run, monkeypatch: pytest.MonkeyPatch, isolated: Path) -> Run:
    """The demo books (a year of activity up to 2 March 2026), read a year later."""
    run("demo")
    monkeypatch.setenv("FAKTURA_NOW", "2027-01-15")
    return run


def test_result_accounts_open_the_year_at_zero_and_last_years_result_opens_on_2050(
    demo: Run,
) -> None:
    last_year = balance(demo, "2025-01-01", "2025-12-31")
    result_2025 = sum(r["closing"] for a, r in last_year.items() if "3000" <= a <= "8999")
    assert result_2025 < 0, "the demo made a profit in 2025"
    this_year = balance(demo, "2026-01-01", "2026-12-31")
    assert this_year["3000"]["opening"] == 0
    assert all(r["opening"] == 0 for a, r in this_year.items() if "3000" <= a <= "8999")
    # 2050 carries forward, and opens with last year's result (ikke disponert resultat) too.
    equity_2025 = last_year.get("2050", {"closing": 0})["closing"]
    assert this_year["2050"]["opening"] == equity_2025 + result_2025
    assert sum(r["opening"] for r in this_year.values()) == 0
    assert sum(r["closing"] for r in this_year.values()) == 0
    # Balance-sheet accounts carry forward.
    assert this_year["1500"]["opening"] == last_year["1500"]["closing"]
    # Mid-year: the result accounts' opening is this year's postings so far, nothing older.
    march = balance(demo, "2026-03-01", "2026-12-31")
    assert march["3000"]["opening"] == this_year["3000"]["movement"] - march["3000"]["movement"]


def test_saft_opens_the_result_accounts_at_zero_and_passes_the_validator(
    demo: Run, tmp_path: Path
) -> None:
    target = tmp_path / "saft-2026.xml"
    demo("export", "saft", "--year", "2026", "-o", str(target))
    tree = etree.parse(str(target))
    opening: dict[str, int] = {}
    for account in tree.iterfind(".//n:MasterFiles/n:GeneralLedgerAccounts/n:Account", NS):
        number = account.findtext("n:AccountID", None, NS)
        debit = account.findtext("n:OpeningDebitBalance", None, NS)
        credit = account.findtext("n:OpeningCreditBalance", None, NS)
        opening[number] = ore(debit) if debit is not None else -ore(credit)
    assert opening["3000"] == 0
    assert opening["2050"] < 0
    assert sum(opening.values()) == 0
    checked = validate(target)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_year_close_moves_the_result_to_2050_and_reopen_reverses_it(
    demo: Run, isolated: Path
) -> None:
    result = sum(
        r["closing"]
        for a, r in balance(demo, "2026-01-01", "2026-12-31").items()
        if "3000" <= a <= "8999"
    )
    refused = demo("year", "close", "2026", code=1)
    assert "the year 2025 is not closed: close the years in order" in refused.stderr
    demo("year", "close", "2025")
    closed = demo("year", "close", "2026", "--json").json()
    assert closed["year"] == 2026 and closed["locked_to"] == "2026-12-31"
    assert ore(closed["result"]) == -result  # the profit, as a positive amount
    # Profit: debit 8800, credit 2050, dated 31 December.
    assert postings(demo, closed["voucher"]) == {"8800": -result, "2050": result}
    after = balance(demo, "2027-01-01", "2027-12-31")
    assert all(r["opening"] == 0 for a, r in after.items() if "3000" <= a <= "8999")
    assert sum(r["opening"] for r in after.values()) == 0
    closing_2026 = balance(demo, "2026-01-01", "2026-12-31")
    assert sum(r["closing"] for a, r in closing_2026.items() if "3000" <= a <= "8999") == 0
    assert demo("lock", "show", "--json").json()["locked_to"] == "2026-12-31"
    assert "already closed" in demo("year", "close", "2026", code=1).stderr
    assert "reopen the years in order" in demo("year", "reopen", "2025", code=1).stderr

    reopened = demo("year", "reopen", "2026", "--json").json()
    assert reopened["locked_to"] == "2025-12-31"
    assert postings(demo, reopened["voucher"]) == {"8800": result, "2050": -result}
    assert demo("lock", "show", "--json").json()["locked_to"] == "2025-12-31"
    reopened_2026 = balance(demo, "2026-01-01", "2026-12-31")
    assert reopened_2026["2050"]["closing"] == reopened_2026["2050"]["opening"]
    assert demo("check").exit_code == 0
    # A close and a reopen, both in the event log; the year can be closed again.
    conn = sqlite3.connect(isolated)
    logged = [c for (c,) in conn.execute("SELECT command FROM events WHERE command LIKE 'year %'")]
    conn.close()
    assert logged == ["year close", "year close", "year reopen"]
    demo("year", "close", "2026")


def test_a_year_that_has_not_ended_cannot_be_closed(company: Run) -> None:
    refused = company("year", "close", "2026", code=1)
    assert "the year 2026 has not ended yet" in refused.stderr


def test_vat_file_settles_the_term_to_2740_locks_it_and_vat_pay_pays_it(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKTURA_NOW", "2026-01-20")
    for line in (
        "text=Rådgivning;price=1000",
        "text=Mat;price=200;vat=15",
        "text=Bok;price=300;vat=0",
    ):
        run("invoice", "create", "--customer", str(customer), "--line", line, "--no-send")
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-02")
    report = run("report", "vat", "--json").json()  # the default: the term to file next
    assert report["term"] == "2026-1" and report["filed"] is False
    vat = ore(report["vat_total"])
    assert vat == 250_00 + 30_00
    assert "has not ended yet" in run("vat", "file", "--term", "2026-2", code=1).stderr
    filed = run("vat", "file", "--term", "2026-1", "--json").json()
    assert ore(filed["to_pay"]) == vat and filed["locked_to"] == "2026-02-28"
    assert postings(run, filed["voucher"]) == {"2700": 250_00, "2701": 30_00, "2740": -vat}
    tb = balance(run, "2026-01-01", "2026-02-28")
    assert tb["2700"]["closing"] == tb["2701"]["closing"] == 0
    # The VAT report of a filed term still shows its VAT, and the term is locked.
    assert ore(run("report", "vat", "--term", "2026-1", "--json").json()["vat_total"]) == vat
    assert run("report", "vat", "--json").json()["term"] == "2026-2"
    assert "already filed" in run("vat", "file", "--term", "2026-1", code=1).stderr
    locked = run("invoice", "create", "--customer", str(customer), "--date", "2026-02-27",
                 "--line", "text=x;price=1", code=1)  # fmt: skip
    assert "locked to 2026-02-28 (vat file 2026-1)" in locked.stderr

    paid = run("vat", "pay", "--term", "2026-1", "--date", "2026-03-02", "--json").json()
    assert postings(run, paid["payment_voucher"]) == {"2740": vat, "1920": -vat}
    assert "already paid" in run("vat", "pay", "--term", "2026-1", "--date", "2026-03-02",
                                 code=1).stderr  # fmt: skip
    assert "is not filed" in run("vat", "pay", "--term", "2026-2", "--date", "2026-03-02",
                                 code=1).stderr  # fmt: skip
    assert run("check").exit_code == 0


def test_vat_terms_are_filed_in_order(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKTURA_NOW", "2026-01-20")
    run("invoice", "create", "--customer", str(customer), "--line", "text=x;price=100", "--no-send")
    monkeypatch.setenv("FAKTURA_NOW", "2026-05-02")
    refused = run("vat", "file", "--term", "2026-2", code=1)
    assert "VAT term 2026-1 is not filed: file the terms in order" in refused.stderr


def test_vat_file_settles_input_vat_too(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKTURA_NOW", "2026-01-20")
    run(
        "invoice", "create", "--customer", str(customer), "--line", "text=x;price=1000", "--no-send"
    )
    run("voucher", "add", "--date", "2026-01-15", "--text", "Kontorrekvisita",
        "--line", "account=6800;amount=500;vat=1", "--line", "account=1920;amount=-500")  # fmt: skip
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-05")
    filed = run("vat", "file", "--term", "2026-1", "--json").json()
    assert postings(run, filed["voucher"]) == {"2700": 250_00, "2710": -100_00, "2740": -150_00}
    assert ore(filed["to_pay"]) == 150_00
    assert run("check").exit_code == 0
