"""Complete books (SPEC 15): manual vouchers with input VAT, bills, opening balances, the
MVA-melding and the accountant bundle, through the real command."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from faktura_cli.domain.entries import split_vat
from faktura_cli.domain.vat import PURCHASE_VAT
from faktura_cli.domain.vat_return import kroner

from .conftest import Run, snapshot
from .test_saft import standards_dir, validate


def ore(text: str) -> int:
    return int(Decimal(text) * 100)


def postings(out) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(p["account"], p["amount"], p["vat_code"]) for p in out["postings"]]


# ---------------------------------------------------------------- the rules, as worked examples


@pytest.mark.parametrize(
    ("amount", "code", "is_net", "base", "vat"),
    [
        (1000000, "1", False, 800000, 200000),  # 10 000,00 gross at 25 %
        (11500, "11", False, 10000, 1500),
        (11200, "13", False, 10000, 1200),
        (10000, "1", True, 10000, 2500),  # net= 100,00 -> 25,00 on top
        (100, "1", False, 80, 20),
        (99, "1", False, 79, 20),  # 0,99 gross: 0,792 -> 0,79 base, the rest VAT
        (100000, "86", False, 100000, 25000),  # reverse charge: the amount is the base
        (100000, "88", False, 100000, 12000),
        (-12500, "1", False, -10000, -2500),  # a supplier's credit
    ],
)
def test_split_vat(amount: int, code: str, is_net: bool, base: int, vat: int) -> None:
    assert split_vat(amount, PURCHASE_VAT[code], is_net=is_net) == (base, vat)


@pytest.mark.parametrize(("ore_", "kr"), [(50, 1), (49, 0), (-50, -1), (123450, 1235), (0, 0)])
def test_whole_kroner_half_up(ore_: int, kr: int) -> None:
    assert kroner(ore_) == kr


# ---------------------------------------------------------------- manual vouchers


def test_voucher_with_input_vat_is_posted_gross_and_balances(company: Run, tmp_path: Path) -> None:
    receipt = tmp_path / "husleie-mars.pdf"
    receipt.write_bytes(b"%PDF-1.4 leiekontrakt")
    out = company(
        "voucher",
        "add",
        "--date",
        "2026-03-01",
        "--text",
        "Husleie mars",
        "--line",
        "account=6300;amount=10000;vat=1",
        "--line",
        "account=1920;amount=-10000",
        "--attach",
        str(receipt),
        "--json",
    ).json()
    assert out["kind"] == "manual"
    assert postings(out) == [
        ("6300", "8000.00", "1"),
        ("2710", "2000.00", "1"),
        ("1920", "-10000.00", None),
    ]
    digest = hashlib.sha256(b"%PDF-1.4 leiekontrakt").hexdigest()
    assert out["attachments"] == [{"sha256": digest, "name": "husleie-mars.pdf", "size": 21}]
    shown = company("voucher", "show", str(out["number"]), "--json").json()
    assert shown == out
    assert "husleie-mars.pdf" in company("voucher", "show", str(out["number"])).stdout


def test_reverse_charge_posts_both_sides(company: Run) -> None:
    out = company(
        "voucher",
        "add",
        "--date",
        "2026-03-01",
        "--text",
        "Programvare fra USA",
        "--line",
        "account=6552;amount=1000;vat=86",
        "--line",
        "account=1920;amount=-1000",
        "--json",
    ).json()
    assert postings(out) == [
        ("6552", "1000.00", "86"),
        ("2710", "250.00", "86"),
        ("2705", "-250.00", "86"),
        ("1920", "-1000.00", None),
    ]


def test_net_amounts_import_vat_and_the_accounts_default_code(company: Run) -> None:
    company(
        "account", "add", "6301", "--name", "Leie lager", "--grouping", "6300", "--vat-code", "13"
    )
    out = company(
        "voucher",
        "add",
        "--date",
        "02.03.2026",
        "--text",
        "Diverse",
        "--line",
        "account=4300;net=10000;vat=14",
        "--line",
        "account=6301;amount=1120",
        "--line",
        "account=6800;amount=500;vat=0",
        "--line",
        "account=1920;amount=-14120",
        "--json",
    ).json()
    assert postings(out) == [
        ("4300", "10000.00", "14"),
        ("2714", "2500.00", "14"),
        ("6301", "1000.00", "13"),
        ("2713", "120.00", "13"),
        ("6800", "500.00", None),
        ("1920", "-14120.00", None),
    ]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["account=6300;amount=100;vat=1", "account=1920;amount=-99"],
            "does not balance after VAT",
        ),
        (["account=9999;amount=100", "account=1920;amount=-100"], "not in the chart"),
        (["account=6300;amount=100;vat=25", "account=1920;amount=-100"], "not an input VAT code"),
        (["account=3000;amount=-100", "account=1920;amount=100"], "posted by invoices"),
        (["account=2710;amount=100;vat=1", "account=1920;amount=-100"], "is a VAT account"),
        (["account=6300;amount=100;net=80;vat=1", "account=1920;amount=-100"], "one of them"),
        (["account=6300;amount=1,234", "account=1920;amount=-1,234"], "more than two decimals"),
        (["account=6300;amount=0", "account=1920;amount=0"], "more than 0"),
        (["account=6300", "account=1920;amount=-100"], "needs amount="),
    ],
)
def test_bad_vouchers_are_refused_and_change_nothing(
    company: Run, isolated: Path, lines: list[str], message: str
) -> None:
    before = snapshot(isolated)
    args = [a for line in lines for a in ("--line", line)]
    out = company("voucher", "add", "--date", "2026-03-01", "--text", "X", *args, code=1)
    assert message in out.stderr and out.stderr.startswith("faktura: error: ")
    assert snapshot(isolated) == before


def test_input_vat_needs_a_vat_registered_company(run: Run) -> None:
    run(
        "init",
        "--name",
        "Liten ENK",
        "--orgnr",
        "923456783",
        "--legal-form",
        "ENK",
        "--account",
        "86011117947",
        "--no-vat",
    )
    out = run(
        "voucher",
        "add",
        "--date",
        "2026-03-01",
        "--text",
        "X",
        "--line",
        "account=6300;amount=100;vat=1",
        "--line",
        "account=1920;amount=-100",
        code=1,
    )
    assert "VAT-registered" in out.stderr
    run(
        "voucher",
        "add",
        "--date",
        "2026-03-01",
        "--text",
        "X",
        "--line",
        "account=6300;amount=100",
        "--line",
        "account=1920;amount=-100",
    )


def test_reverse_makes_a_new_voucher_with_opposite_signs_once(company: Run) -> None:
    company(
        "voucher",
        "add",
        "--date",
        "2026-03-01",
        "--text",
        "Feil",
        "--line",
        "account=6300;amount=10000;vat=1",
        "--line",
        "account=1920;amount=-10000",
    )
    out = company("voucher", "reverse", "1", "--json").json()
    assert out["number"] == 2 and out["reverses"] == 1 and out["kind"] == "reversal"
    assert postings(out) == [
        ("6300", "-8000.00", "1"),
        ("2710", "-2000.00", "1"),
        ("1920", "10000.00", None),
    ]
    assert company("voucher", "show", "1", "--json").json()["reversed_by"] == 2
    again = company("voucher", "reverse", "1", code=1)
    assert "reversed already, by voucher 2" in again.stderr
    listed = company("voucher", "list", "--json").json()["vouchers"]
    assert [(v["number"], v["kind"], v["amount"]) for v in listed] == [
        (1, "manual", "10000.00"),
        (2, "reversal", "10000.00"),
    ]
    balance = {r["account"]: r["closing"] for r in company("ledger", "balance", "--json").json()}
    assert set(balance.values()) == {"0.00"}


def test_voucher_list_names_payments_and_refunds(customer: int, run: Run) -> None:
    """A payment on an invoice is an "innbetaling", not a second "faktura" (#20)."""
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    run("invoice", "pay", "1", "--amount", "150", "--overpay")
    run("invoice", "refund", "1", "--amount", "25")
    listed = run("voucher", "list", "--json").json()["vouchers"]
    assert [(v["number"], v["kind"]) for v in listed] == [
        (1, "invoice"),
        (2, "payment"),
        (3, "refund"),
    ]
    rows = run("voucher", "list").stdout.splitlines()
    kinds = [line.split()[2] for line in rows if line.split() and line.split()[0].isdigit()]
    assert kinds == ["faktura", "innbetaling", "tilbakebetaling"]
    assert run("voucher", "show", "2", "--json").json()["kind"] == "payment"


def test_invoice_vouchers_are_not_reversed(customer: int, run: Run) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    out = run("voucher", "reverse", "1", code=1)
    assert "only manual vouchers are reversed" in out.stderr


# ---------------------------------------------------------------- opening balances


def test_opening_once_with_the_difference_to_2050(company: Run) -> None:
    out = company(
        "opening",
        "--date",
        "2026-01-01",
        "--line",
        "account=1920;amount=50000",
        "--line",
        "account=2220;amount=-30000",
        "--json",
    ).json()
    assert out["kind"] == "opening"
    assert postings(out) == [
        ("1920", "50000.00", None),
        ("2220", "-30000.00", None),
        ("2050", "-20000.00", None),
    ]
    again = company("opening", "--date", "2026-01-01", "--line", "account=1920;amount=1", code=1)
    assert "posted already (voucher 1)" in again.stderr


def test_opening_takes_balance_sheet_accounts_before_the_first_voucher(company: Run) -> None:
    assert (
        "result account"
        in company(
            "opening", "--date", "2026-01-01", "--line", "account=6300;amount=1", code=1
        ).stderr
    )
    company(
        "voucher",
        "add",
        "--date",
        "2026-02-01",
        "--text",
        "X",
        "--line",
        "account=6300;amount=100",
        "--line",
        "account=1920;amount=-100",
    )
    late = company("opening", "--date", "2026-03-01", "--line", "account=1920;amount=1", code=1)
    assert "on or before the first" in late.stderr


# ---------------------------------------------------------------- supplier invoices


def test_bill_against_2400_paid_in_two_parts(company: Run, tmp_path: Path) -> None:
    invoice = tmp_path / "faktura-4711.pdf"
    invoice.write_bytes(b"%PDF kontorrekvisita")
    out = company(
        "bill",
        "add",
        "--supplier",
        "Kontorland AS",
        "--orgnr",
        "910 524 267",
        "--date",
        "2026-02-15",
        "--due-date",
        "2026-03-01",
        "--kid",
        "12345678903",
        "--line",
        "account=6800;amount=1250;vat=1",
        "--line",
        "account=6860;net=1000;vat=1",
        "--attach",
        str(invoice),
        "--json",
    ).json()
    assert out["number"] == 1 and out["total"] == "2500.00" and out["status"] == "unpaid"
    assert out["supplier"] == 20001 and out["supplier_orgnr"] == "910524267"
    assert postings(out["posting"])[-1] == ("2400", "-2500.00", None)
    assert out["posting"]["attachments"][0]["name"] == "faktura-4711.pdf"
    company("bill", "pay", "1", "--date", "2026-02-28", "--amount", "1000")
    assert company("bill", "list", "--unpaid", "--json").json()["bills"][0]["open"] == "1500.00"
    too_much = company("bill", "pay", "1", "--date", "2026-03-01", "--amount", "1500.01", code=1)
    assert "has 1 500,00 NOK open: 1 500,01 NOK cannot" in too_much.stderr  # SPEC 16
    paid = company("bill", "pay", "1", "--date", "2026-03-01", "--json").json()
    assert paid["status"] == "paid" and paid["open"] == "0.00"
    assert company("bill", "list", "--unpaid", "--json").json()["bills"] == []
    # The same supplier again, found by its orgnr.
    second = company(
        "bill",
        "add",
        "--supplier",
        "Kontorland",
        "--orgnr",
        "910524267",
        "--date",
        "2026-03-01",
        "--due-date",
        "2026-03-15",
        "--line",
        "account=6800;amount=100",
        "--json",
    ).json()
    assert second["supplier"] == 20001
    assert company("check").stdout.startswith("ok:")


# ---------------------------------------------------------------- a year of complete books


@pytest.fixture
def year(customer: int, run: Run, tmp_path: Path) -> Run:
    """Sales, expenses at each VAT code, a bill paid, an opening balance, a reverse charge."""
    run(
        "opening",
        "--date",
        "2026-01-01",
        "--line",
        "account=1920;amount=100000",
        "--line",
        "account=1250;amount=20000",
    )
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--date",
        "2026-01-10",
        "--line",
        "text=Konsulent;qty=10;price=1000",
        "--line",
        "text=Mat;price=1000;vat=15",
        "--line",
        "text=Bok;price=500;vat=0",
        "--no-send",
    )
    run("invoice", "pay", "1", "--amount", "12150", "--date", "2026-01-20")
    receipt = tmp_path / "kvittering.jpg"
    receipt.write_bytes(b"\xff\xd8 kvittering")
    for date_, line in (
        ("2026-01-15", "account=6800;amount=1250;vat=1"),
        ("2026-01-16", "account=7350;amount=1150;vat=11"),
        ("2026-01-17", "account=7140;amount=1120;vat=13"),
        ("2026-02-01", "account=4300;net=4000;vat=14"),
        ("2026-02-02", "account=6552;amount=2000;vat=86"),
        ("2026-02-03", "account=6300;amount=800;vat=88"),
        ("2026-02-04", "account=7770;amount=99;vat=0"),
    ):
        gross = {"14": "5000", "86": "2000", "88": "800"}.get(line.rsplit("=", 1)[1])
        amount = gross or line.split("amount=")[1].split(";")[0]
        run(
            "voucher",
            "add",
            "--date",
            date_,
            "--text",
            f"Utgift {date_}",
            "--line",
            line,
            "--line",
            f"account=1920;amount=-{amount}",
            "--attach",
            str(receipt),
        )
    run(
        "bill",
        "add",
        "--supplier",
        "Regnskapshjelp AS",
        "--orgnr",
        "910524267",
        "--date",
        "2026-02-10",
        "--due-date",
        "2026-02-24",
        "--line",
        "account=6705;amount=6250;vat=1",
    )
    run("bill", "pay", "1", "--date", "2026-02-20")
    return run


def test_a_year_of_books_sums_to_zero_and_checks(year: Run) -> None:
    rows = year("ledger", "balance", "--json").json()
    assert sum(ore(r["closing"]) for r in rows) == 0
    assert year("check").stdout.startswith("ok:")


def test_report_vat_takes_input_vat_and_reverse_charge(year: Run) -> None:
    report = year("report", "vat", "--term", "2026-1", "--json").json()
    assert report["vat_total"] == "2650.00"  # 2 500 + 150 + 0
    purchases = {p["vat_code"]: p for p in report["purchases"]}
    assert {c: purchases[c]["input_vat"] for c in purchases} == {
        "1": "1500.00",
        "11": "150.00",
        "13": "120.00",
        "14": "1000.00",
        "86": "500.00",
        "88": "96.00",
    }
    assert purchases["86"]["reverse_charge_vat"] == "500.00"
    assert purchases["88"]["base"] == "800.00"
    assert report["to_pay"] == "-120.00"  # 2650 + 596 - 3366


def test_mva_melding_passes_validate_mva_and_pays_output_minus_input(
    year: Run, tmp_path: Path
) -> None:
    path = tmp_path / "mva.xml"
    out = year("export", "mva-melding", "--term", "2026-1", "-o", str(path), "--json").json()
    lines = [(line["code"], line["base"], line["rate"], line["vat"]) for line in out["lines"]]
    assert lines == [
        ("3", "10000.00", "25", "2500.00"),
        ("5", "500.00", "0", "0.00"),
        ("31", "1000.00", "15", "150.00"),
        ("1", None, None, "-1500.00"),
        ("11", None, None, "-150.00"),
        ("13", None, None, "-120.00"),
        ("14", None, None, "-1000.00"),
        ("86", "2000.00", "25", "500.00"),
        ("86", None, None, "-500.00"),
        ("88", "800.00", "12", "96.00"),
        ("88", None, None, "-96.00"),
    ]
    assert out["to_pay"] == "-120.00"  # whole kroner, as a JSON amount (SPEC 3)
    report = year("report", "vat", "--term", "2026-1", "--json").json()
    assert ore(out["to_pay"]) == kroner(ore(report["to_pay"])) * 100
    done = subprocess.run(
        [sys.executable, str(standards_dir() / "validate_mva.py"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_saft_of_complete_books_is_valid_with_suppliers(year: Run, tmp_path: Path) -> None:
    path = tmp_path / "saft.xml"
    year("export", "saft", "--year", "2026", "-o", str(path))
    done = validate(path)
    assert done.returncode == 0, done.stdout + done.stderr
    text = path.read_text()
    assert "<SupplierID>20001</SupplierID>" in text
    assert "<StandardTaxCode>86</StandardTaxCode>" in text


def test_bundle_holds_everything_and_its_sums_verify(year: Run, tmp_path: Path) -> None:
    folder = tmp_path / "regnskap-2026"
    out = year("export", "bundle", "--year", "2026", "-o", str(folder), "--json").json()
    files = set(out["files"])
    assert "SHA256SUMS" in files and "anchor.txt" in files
    assert {"journal-2026.hledger", "trial-balance-2026.csv"} <= files
    assert "mva-melding/mvamelding_923456783_2026-1.xml" in files
    assert any(f.startswith("SAF-T_Financial_923456783_") for f in files)
    assert len([f for f in files if f.startswith("vedlegg/")]) == 7
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / "anchor.txt").read_text().strip() == out["anchor"]
    assert out["anchor"] == year("check", "--anchor").stdout.strip()  # the §12 anchor
    again = year("export", "bundle", "--year", "2026", "-o", str(folder), code=1)
    assert "not an empty folder" in again.stderr


def test_check_finds_input_vat_that_does_not_fit_its_base(company: Run, isolated: Path) -> None:
    """A posting changed behind the program's back: check reconciles VAT with its base."""
    import sqlite3

    company(
        "voucher",
        "add",
        "--date",
        "2026-03-01",
        "--text",
        "Husleie",
        "--line",
        "account=6300;amount=10000;vat=1",
        "--line",
        "account=1920;amount=-10000",
    )
    company(
        "bill",
        "add",
        "--supplier",
        "Lev AS",
        "--date",
        "2026-03-01",
        "--due-date",
        "2026-03-15",
        "--line",
        "account=6800;amount=100",
    )
    conn = sqlite3.connect(isolated)
    conn.execute("DROP TRIGGER postings_no_update")
    conn.execute("UPDATE postings SET amount = amount + 500 WHERE account = '2710'")
    conn.execute("UPDATE postings SET amount = amount - 500 WHERE account = '1920'")
    conn.execute("DROP TRIGGER bills_no_update")
    conn.execute("UPDATE bills SET total = 99")
    conn.commit()
    found = {
        f["check"]: f["message"] for f in company("check", "--json", code=1).json()["findings"]
    }
    assert found["input_vat_mismatch"] == (
        "voucher 1: input VAT code 1 posts 2005.00 on a base of 8000.00, 25 % of it is 2000.00"
    )
    assert found["bill_posting_mismatch"] == "bill 1 is 0.99 but its voucher posts 100.00 on 2400"


def test_the_factoring_partner_is_a_supplier_for_regress(
    customer: int, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_factoring import FRIDAY_BEFORE, create

    monkeypatch.setenv("FAKTURA_NOW", FRIDAY_BEFORE)
    run("factoring", "apply", "--consent")
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-02T10:15:00+01:00")
    number = create(run, customer)["offer"]["invoice"]
    run("factoring", "accept", str(number))
    run("factoring", "confirm", str(number), "--date", "2026-03-02")
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-09T10:00:00+01:00")
    run("invoice", "credit", str(number), "--reason", "Feil")
    run(
        "bill",
        "add",
        "--supplier",
        "Lev AS",
        "--date",
        "2026-03-09",
        "--due-date",
        "2026-03-20",
        "--line",
        "account=6800;amount=100",
    )
    assert run("check").stdout.startswith("ok:")
    path = tmp_path / "saft.xml"
    run("export", "saft", "--year", "2026", "-o", str(path))
    done = validate(path)
    assert done.returncode == 0, done.stdout + done.stderr
    from lxml import etree

    ns = {"n": "urn:StandardAuditFile-Taxation-Financial:NO"}
    root = etree.parse(str(path)).getroot()
    suppliers = {
        s.findtext("n:SupplierID", None, ns): s.findtext(
            "n:BalanceAccount/n:ClosingCreditBalance", None, ns
        )
        for s in root.iterfind(".//n:Suppliers/n:Supplier", ns)
    }
    assert suppliers["20001"] == "100.00"
    partner = [k for k in suppliers if k != "20001"]
    assert len(partner) == 1 and suppliers[partner[0]] == "9935.00"
    lines = root.iterfind(".//n:Line[n:AccountID='2400']", ns)
    assert {line.findtext("n:SupplierID", None, ns) for line in lines} == {"20001", partner[0]}


def test_attachments_travel_with_backup_and_restore(company: Run, tmp_path: Path) -> None:
    receipt = tmp_path / "kvittering.pdf"
    receipt.write_bytes(b"%PDF kvittering 42")
    company(
        "voucher",
        "add",
        "--date",
        "2026-03-01",
        "--text",
        "Kaffe",
        "--line",
        "account=6800;amount=125;vat=1",
        "--line",
        "account=1920;amount=-125",
        "--attach",
        str(receipt),
    )
    backup = tmp_path / "kopi.db"
    company("backup", str(backup))
    shown = company("--db", str(backup), "voucher", "show", "1", "--json").json()
    assert shown["attachments"] == [
        {
            "sha256": hashlib.sha256(b"%PDF kvittering 42").hexdigest(),
            "name": "kvittering.pdf",
            "size": 18,
        }
    ]


def test_vouchers_bills_and_opening_respect_the_period_lock(company: Run, isolated: Path) -> None:
    company(
        "voucher",
        "add",
        "--date",
        "2026-01-10",
        "--text",
        "Før låsen",
        "--line",
        "account=6800;amount=100",
        "--line",
        "account=1920;amount=-100",
    )
    company(
        "bill",
        "add",
        "--supplier",
        "Lev AS",
        "--date",
        "2026-01-10",
        "--due-date",
        "2026-02-10",
        "--line",
        "account=6800;amount=100",
    )
    company("lock", "--to", "2026-01-31")
    before = snapshot(isolated)
    line = ("--line", "account=6800;amount=100", "--line", "account=1920;amount=-100")
    refused = {
        "the voucher date": company(
            "voucher", "add", "--date", "2026-01-31", "--text", "X", *line, code=1
        ),
        "the reversal date": company("voucher", "reverse", "1", code=1),
        "the bill's date": company(
            "bill",
            "add",
            "--supplier",
            "Lev AS",
            "--date",
            "2026-01-20",
            "--due-date",
            "2026-02-20",
            "--line",
            "account=6800;amount=1",
            code=1,
        ),
        "the payment date": company("bill", "pay", "1", "--date", "2026-01-31", code=1),
        "the opening date": company(
            "opening", "--date", "2026-01-01", "--line", "account=1920;amount=1", code=1
        ),
    }
    for what, out in refused.items():
        assert f"{what} " in out.stderr and "locked to 2026-01-31" in out.stderr, out.stderr
    assert snapshot(isolated) == before
    company("voucher", "reverse", "1", "--date", "2026-02-01")
    company("bill", "pay", "1", "--date", "2026-02-01")
