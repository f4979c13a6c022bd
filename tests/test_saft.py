"""SAF-T Financial 1.30: the export passes Skatteetaten's schema and content checks.

The official artefacts live in `shared/standards/` beside the repository (or $FAKTURA_STANDARDS);
the validator is `standards/validate_saft.py` (XSD 1.30 + content checks, exit 0 = valid).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from faktura_cli.domain.ledger import CHART

from .conftest import Run


def standards_dir() -> Path:
    """`<repo>/../shared/standards`, or $FAKTURA_STANDARDS. CI has it: missing is a failure."""
    configured = os.environ.get("FAKTURA_STANDARDS")
    path = (
        Path(configured)
        if configured
        else Path(__file__).resolve().parents[2] / "shared" / "standards"
    )
    if not (path / "validate_saft.py").is_file():
        pytest.fail(f"the SAF-T validation artefacts are missing: no {path / 'validate_saft.py'}")
    return path


def test_every_account_maps_to_a_grouping_code_in_skatteetatens_list() -> None:
    """SAF-T 1.30 accepts only (GroupingCategory, GroupingCode) pairs from the næringsspesifikasjon."""
    listed = standards_dir() / "saft" / "grouping-category-codes" / "naeringsspesifikasjon.csv"
    with listed.open(encoding="utf-8-sig", newline="") as f:
        pairs = {
            (row["GroupingCategory"], row["GroupingCode"])
            for row in csv.DictReader(f, delimiter=";")
        }
    for number, (_name, category, code) in CHART.items():
        assert (category, code) in pairs, f"account {number}: {category}/{code} is not in the list"


# ---------------------------------------------------------------- the official validator

NS = {"n": "urn:StandardAuditFile-Taxation-Financial:NO"}


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(standards_dir() / "validate_saft.py"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_valid(path: Path) -> etree._Element:
    result = validate(path)
    assert result.returncode == 0 and result.stdout.startswith("VALID"), result.stdout
    return etree.parse(str(path)).getroot()


def ore(text: str | None) -> int:
    assert text is not None
    return round(Decimal(text) * 100)


def balance(node: etree._Element, which: str) -> int:
    debit = node.findtext(f"n:{which}DebitBalance", None, NS)
    return (
        ore(debit)
        if debit is not None
        else -ore(node.findtext(f"n:{which}CreditBalance", None, NS))
    )


def amount(line: etree._Element) -> int:
    debit = line.findtext("n:DebitAmount/n:Amount", None, NS)
    return (
        ore(debit)
        if debit is not None
        else -ore(line.findtext("n:CreditAmount/n:Amount", None, NS))
    )


@pytest.mark.slow
def test_an_empty_year_is_valid(company: Run, tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    summary = company("export", "saft", "--year", "2026", "-o", str(path), "--json").json()
    assert summary == {
        "export": "saft",
        "year": 2026,
        "file": str(path),
        "vouchers": 0,
        "total_debit": "0.00",
        "total_credit": "0.00",
        "anchor": company("check", "--anchor").stdout.strip(),
    }
    root = assert_valid(path)
    # SPEC §12: the anchor of the books it was made from, in the header (still schema-valid).
    assert (
        root.findtext("n:Header/n:HeaderComment", None, NS) == f"faktura anchor {summary['anchor']}"
    )
    assert root.findtext("n:Header/n:AuditFileVersion", None, NS) == "1.30"
    assert root.findtext("n:Header/n:AuditFileDateCreated", None, NS) == "2026-03-02"
    company_node = root.find("n:Header/n:Company", NS)
    assert company_node.findtext("n:RegistrationNumber", None, NS) == "923456783"
    assert company_node.findtext("n:Name", None, NS) == "Fjellbekk Design AS"
    assert company_node.findtext("n:TaxRegistration/n:TaxRegistrationNumber", None, NS) == (
        "923456783MVA"
    )
    assert company_node.findtext("n:Address/n:PostalCode", None, NS) == "0155"
    criteria = root.find("n:Header/n:SelectionCriteria", NS)
    assert [
        criteria.findtext(f"n:{t}", None, NS)
        for t in ("PeriodStart", "PeriodStartYear", "PeriodEnd", "PeriodEndYear")
    ] == ["1", "2026", "12", "2026"]
    accounts = root.findall("n:MasterFiles/n:GeneralLedgerAccounts/n:Account", NS)
    assert [a.findtext("n:AccountID", None, NS) for a in accounts] == sorted(CHART)
    assert all(balance(a, "Opening") == balance(a, "Closing") == 0 for a in accounts)
    assert root.find("n:MasterFiles/n:Customers", NS) is None
    assert root.findtext("n:GeneralLedgerEntries/n:NumberOfEntries", None, NS) == "0"


@pytest.fixture
def every_vat_kind(customer: int, run: Run) -> int:
    """A year with every VAT treatment, a foreign-currency sale, payments, and an invoice from
    the year before that is paid in this one (opening balances)."""
    c = str(customer)
    private = run("customer", "add", "--name", "Kari <Nordmann> & Co", "--private").stdout.strip()
    run(
        "invoice",
        "create",
        "--customer",
        c,
        "--date",
        "2025-12-10",
        "--line",
        "text=Desember;price=2000",
    )
    run(
        "invoice",
        "create",
        "--customer",
        c,
        "--date",
        "2026-01-15",
        "--line",
        "text=Rådgivning;qty=2;price=1250;vat=25",
        "--line",
        "text=Lunsj;qty=3;price=185;vat=15",
        "--line",
        "text=Taxi;price=320;vat=12",
        "--line",
        "text=Bok;price=449;vat=0",
        "--line",
        "text=Kurs;price=3500;vat=exempt",
    )
    run(
        "invoice",
        "create",
        "--customer",
        private,
        "--date",
        "2026-02-01",
        "--line",
        "text=Oppussing;price=999.99",
        "--no-send",  # Kari has no delivery channel
    )
    run(
        "invoice",
        "create",
        "--customer",
        c,
        "--date",
        "2026-02-10",
        "--currency",
        "EUR",
        "--rate",
        "11.7250",
        "--line",
        "text=Consulting;qty=10;price=100;vat=0",
    )
    run("invoice", "pay", "1", "--amount", "2500", "--date", "2026-01-05")
    run("invoice", "pay", "2", "--amount", "1000", "--date", "2026-02-01")
    run("invoice", "pay", "3", "--amount", "1249.99", "--date", "2026-02-20")
    return int(private)


@pytest.mark.slow
def test_books_with_every_vat_kind_are_valid_and_agree_with_the_ledger(
    every_vat_kind: int, customer: int, run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "saft.xml"
    summary = run("export", "saft", "--year", "2026", "-o", str(path), "--json").json()
    root = assert_valid(path)
    postings = run(
        "ledger", "postings", "--from", "2026-01-01", "--to", "2026-12-31", "--json"
    ).json()
    debit = sum(ore(p["amount"]) for p in postings if ore(p["amount"]) > 0)
    entries = root.find("n:GeneralLedgerEntries", NS)
    assert ore(entries.findtext("n:TotalDebit", None, NS)) == debit
    assert ore(entries.findtext("n:TotalCredit", None, NS)) == debit
    transactions = entries.findall("n:Journal/n:Transaction", NS)
    assert [int(t.findtext("n:TransactionID", None, NS)) for t in transactions] == sorted(
        {p["voucher"] for p in postings}
    )
    assert int(entries.findtext("n:NumberOfEntries", None, NS)) == len(transactions) == 6
    assert summary["vouchers"] == 6 and ore(summary["total_debit"]) == debit

    # Opening and closing balances are the trial balance's.
    trial = {r["account"]: r for r in run("ledger", "balance", "--json").json()}
    for account in root.iterfind("n:MasterFiles/n:GeneralLedgerAccounts/n:Account", NS):
        number = account.findtext("n:AccountID", None, NS)
        row = trial.get(number, {"opening": "0.00", "closing": "0.00"})
        assert balance(account, "Opening") == ore(row["opening"]), number
        assert balance(account, "Closing") == ore(row["closing"]), number
    assert balance(root.find(".//n:Account[n:AccountID='1500']", NS), "Opening") == 250000

    # Customers carry their part of 1500, which adds up to the customer ledger.
    ledger = run("ledger", "customers", "--date", "2026-12-31", "--json").json()
    owed = {c["customer"]: ore(c["open"]) for c in ledger["customers"]}
    customers = root.findall("n:MasterFiles/n:Customers/n:Customer", NS)
    assert [int(c.findtext("n:CustomerID", None, NS)) for c in customers] == [
        customer,
        every_vat_kind,
    ]
    for c in customers:
        account = c.find("n:BalanceAccount", NS)
        assert account.findtext("n:AccountID", None, NS) == "1500"
        assert balance(account, "Closing") == owed.get(int(c.findtext("n:CustomerID", None, NS)), 0)
    kari = customers[1]
    assert kari.findtext("n:Name", None, NS) == "Kari <Nordmann> & Co"
    assert kari.findtext("n:PartyInfo/n:Type", None, NS) == "Private"
    assert kari.find("n:RegistrationNumber", NS) is None

    # Lines: the customer on every 1500 line and only there; every line's amount as posted.
    lines = [line for t in transactions for line in t.iterfind("n:Line", NS)]
    assert sorted(amount(line) for line in lines) == sorted(ore(p["amount"]) for p in postings)
    for line in lines:
        on_receivables = line.findtext("n:AccountID", None, NS) == "1500"
        assert (line.find("n:CustomerID", NS) is not None) == on_receivables

    # TaxInformation on the base lines: per tax code the VAT report's base and VAT, exactly.
    tax_table = {
        d.findtext("n:TaxCode", None, NS): d.findtext("n:StandardTaxCode", None, NS)
        for d in root.iterfind(".//n:TaxTable/n:TaxTableEntry/n:TaxCodeDetails", NS)
    }
    assert tax_table == {
        "25": "3",
        "15": "31",
        "12": "33",
        "0": "5",
        "export": "52",
        "exempt": "6",
        "none": "7",
        **{code: code for code in ("1", "11", "13", "14", "86", "88")},  # input VAT (SPEC 15)
    }
    report = run("report", "vat", "--year", "2026", "--json").json()
    for vat_line in report["lines"]:
        infos = [
            t
            for line in lines
            for t in line.iterfind("n:TaxInformation", NS)
            if t.findtext("n:TaxCode", None, NS) == vat_line["vat_code"]
        ]
        assert sum(ore(t.findtext("n:TaxBase", None, NS)) for t in infos) == ore(vat_line["base"])
        assert sum(ore(t.findtext("n:CreditTaxAmount/n:Amount", None, NS)) for t in infos) == ore(
            vat_line["vat"]
        )
    taxed_accounts = {
        line.findtext("n:AccountID", None, NS)
        for line in lines
        if line.find("n:TaxInformation", NS) is not None
    }
    assert taxed_accounts == {"3000", "3030", "3050", "3100", "3200"}
    assert {t.findtext("n:VoucherType", None, NS) for t in transactions} == {
        "Utgående faktura",
        "Bank",
    }


@pytest.mark.slow
def test_a_company_outside_the_vat_register(run: Run, tmp_path: Path) -> None:
    run(
        "init",
        "--name",
        "Enkel Snekker",
        "--orgnr",
        "910524267",
        "--legal-form",
        "ENK",
        "--account",
        "86011117947",
        "--no-vat",
    )
    c = run(
        "customer", "add", "--name", "Per", "--postcode", "0150", "--city", "Oslo"
    ).stdout.strip()
    run("invoice", "create", "--customer", c, "--line", "text=Snekring;qty=3;price=500", "--no-send")
    path = tmp_path / "enk.xml"
    run("export", "saft", "--year", "2026", "-o", str(path))
    root = assert_valid(path)
    assert root.find("n:Header/n:Company/n:TaxRegistration", NS) is None
    info = root.find(".//n:Line/n:TaxInformation", NS)
    assert info.findtext("n:TaxCode", None, NS) == "none"
    assert info.findtext("n:TaxBase", None, NS) == "1500.00"
    assert info.findtext("n:CreditTaxAmount/n:Amount", None, NS) == "0.00"


@pytest.mark.slow
def test_the_demo_books_are_valid_for_both_years(run: Run, tmp_path: Path) -> None:
    books = tmp_path / "demo.db"
    run("demo", "--db", str(books))
    for year in ("2025", "2026"):
        path = tmp_path / f"demo-{year}.xml"
        run("--db", str(books), "export", "saft", "--year", year, "-o", str(path))
        root = assert_valid(path)
        assert int(root.findtext(".//n:NumberOfEntries", None, NS)) > 0


@pytest.mark.slow
def test_the_validator_is_not_a_formality(customer: int, run: Run, tmp_path: Path) -> None:
    """A file whose transaction does not balance, or an account without its grouping, fails."""
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    path = tmp_path / "saft.xml"
    run("export", "saft", "--year", "2026", "-o", str(path))
    assert_valid(path)
    text = path.read_text(encoding="utf-8")
    unbalanced = tmp_path / "unbalanced.xml"
    unbalanced.write_text(text.replace("<Amount>100.00</Amount>", "<Amount>100.01</Amount>", 1))
    assert validate(unbalanced).returncode == 1
    ungrouped = tmp_path / "ungrouped.xml"
    ungrouped.write_text(text.replace("<GroupingCode>1500</GroupingCode>", "", 1))
    assert validate(ungrouped).returncode == 1


def test_default_file_name_and_bad_years(company: Run, tmp_path: Path) -> None:
    assert company("export", "saft", "--year", "2026").stdout == (
        "SAF-T_Financial_923456783_20260302101500.xml\n"
        f"anchor {company('check', '--anchor').stdout}"
    )
    assert (tmp_path / "SAF-T_Financial_923456783_20260302101500.xml").is_file()
    assert company("export", "saft", "--year", "26", code=1).stderr == (
        "faktura: error: year '26' is not a year; write it as four digits\n"
    )
    assert company("export", "saft", code=2).exit_code == 2
