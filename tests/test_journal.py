"""`export journal`: the books as an hledger or beancount journal that the tools read back."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from faktura_cli.render.journal import beancount_account, hledger_account

from .conftest import Run


def closing_balances(run: Run, *args: str) -> dict[str, Decimal]:
    """faktura's own sum of postings per account, without the accounts at zero.

    The movement over all the books (a period from before they began): a journal has no year
    end, while a closing balance at a date opens the result accounts at 0 each year (SPEC 13).
    """
    rows = run(
        *args, "ledger", "balance", "--from", "2000-01-01", "--to", "2100-12-31", "--json"
    ).json()
    return {r["account"]: Decimal(r["movement"]) for r in rows if Decimal(r["movement"])}


@pytest.fixture
def demo(run: Run, tmp_path: Path) -> list[str]:
    books = tmp_path / "demo.db"
    run("demo", "--db", str(books))
    return ["--db", str(books)]


@pytest.mark.parametrize(
    ("number", "name", "hledger", "beancount"),
    [
        ("1500", "Kundefordringer", "Assets:1500 Kundefordringer", "Assets:1500-Kundefordringer"),
        (
            "2701",
            "Utgående merverdiavgift middels sats",
            "Liabilities:2701 Utgående merverdiavgift middels sats",
            "Liabilities:2701-Utgaende-merverdiavgift-middels-sats",
        ),
        (
            "2050",
            "Annen egenkapital",
            "Equity:2050 Annen egenkapital",
            "Equity:2050-Annen-egenkapital",
        ),
        (
            "3200",
            "Salgsinntekt utenfor merverdiavgiftsloven",
            "Income:3200 Salgsinntekt utenfor merverdiavgiftsloven",
            "Income:3200-Salgsinntekt-utenfor-merverdiavgiftsloven",
        ),
        (
            "7770",
            "Bank- og kortgebyr",
            "Expenses:7770 Bank- og kortgebyr",
            "Expenses:7770-Bank-og-kortgebyr",
        ),
        (
            "8150",
            "Rentekostnad: lån  i Æra",
            "Expenses:8150 Rentekostnad lån i Æra",
            "Expenses:8150-Rentekostnad-lan-i-Aera",
        ),
    ],
)
def test_account_names_both_tools_accept(
    number: str, name: str, hledger: str, beancount: str
) -> None:
    assert hledger_account(number, name) == hledger
    assert beancount_account(number, name) == beancount


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed")
def test_hledger_reads_the_demo_books_with_faktura_s_balances(
    demo: list[str], run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "books.journal"
    summary = run(*demo, "export", "journal", "--format", "hledger", "-o", str(path), "--json")
    assert summary.json()["file"] == str(path) and summary.json()["vouchers"] > 50
    result = subprocess.run(
        ["hledger", "-f", str(path), "balance", "--flat", "--no-total", "-O", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    balances = {}
    for row in list(csv.reader(io.StringIO(result.stdout)))[1:]:
        account, amount = row
        number = account.split(":")[1].split(" ")[0]
        value, currency = amount.split(" ")
        assert currency == "NOK"
        balances[number] = Decimal(value)
    assert balances == closing_balances(run, *demo)
    # hledger's own check of the whole file (balanced transactions, dates, accounts declared).
    subprocess.run(["hledger", "-f", str(path), "check", "accounts"], check=True)


def parse_beancount(
    text: str,
) -> tuple[dict[str, str], list[tuple[str, list[tuple[str, Decimal]]]]]:
    """(account -> open date, [(date, [(account, amount)])]) from the subset of beancount we write."""
    opened: dict[str, str] = {}
    transactions: list[tuple[str, list[tuple[str, Decimal]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith((";", "option ")):
            continue
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2}) open (\S+) NOK", line):
            opened[m.group(2)] = m.group(1)
        elif m := re.fullmatch(r'(\d{4}-\d{2}-\d{2}) \* "(?:[^"\\]|\\.)*"', line):
            transactions.append((m.group(1), []))
        elif re.fullmatch(r'  [a-z][a-z_]*: "[^"]*"', line):
            pass  # metadata
        elif m := re.fullmatch(r"  (\S+) +(-?\d+\.\d{2}) NOK", line):
            transactions[-1][1].append((m.group(1), Decimal(m.group(2))))
        else:
            raise AssertionError(f"not a beancount line we write: {line!r}")
    return opened, transactions


def test_beancount_journal_is_structurally_sound(demo: list[str], run: Run) -> None:
    """Balanced transactions, every account opened before use, names beancount accepts.

    (bean-check itself is not installed here; this reads the file with beancount's rules.)
    """
    text = run(*demo, "export", "journal", "--format", "beancount").stdout
    assert 'option "operating_currency" "NOK"' in text
    opened, transactions = parse_beancount(text)
    name = re.compile(r"(Assets|Liabilities|Equity|Income|Expenses)(:[A-Z0-9][A-Za-z0-9-]*)+")
    assert opened and all(name.fullmatch(account) for account in opened)
    vouchers = run(*demo, "ledger", "postings", "--json").json()
    assert len(transactions) == len({p["voucher"] for p in vouchers})
    totals: dict[str, Decimal] = {}
    for day, postings in transactions:
        assert len(postings) >= 2 and sum(amount for _, amount in postings) == 0
        for account, amount in postings:
            assert opened[account] <= day, f"{account} is used before it is opened"
            totals[account] = totals.get(account, Decimal(0)) + amount
    by_number = {account.split(":")[1].split("-")[0]: v for account, v in totals.items() if v}
    assert by_number == closing_balances(run, *demo)


def test_journal_goes_to_stdout_or_a_file(customer: int, run: Run, tmp_path: Path) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        'text=Rådgivning "mars";price=100',
    )
    text = run("export", "journal", "--format", "hledger").stdout
    assert "2026-03-02 (1) Faktura 1 Kunde AS  ; voucher:1, invoice:1\n" in text
    assert re.search(r"\n    Assets:1500 Kundefordringer +125\.00 NOK  ; customer:10001", text)
    beancount = run("export", "journal", "--format", "beancount").stdout
    assert '2026-03-02 * "Faktura 1 Kunde AS"\n  voucher: "1"\n  invoice: "1"\n' in beancount
    quoted = run(
        "customer", "add", "--name", 'Bakeri "Solsiden" AS', "--postcode", "0150", "--city", "Oslo"
    ).stdout.strip()
    run("invoice", "create", "--customer", quoted, "--line", "text=Brød;price=10", "--no-send")
    beancount = run("export", "journal", "--format", "beancount").stdout
    assert '2026-03-02 * "Faktura 2 Bakeri \\"Solsiden\\" AS"\n' in beancount
    assert len(parse_beancount(beancount)[1]) == 2
    (tmp_path / "out").mkdir()  # -o never creates a folder (SPEC §12)
    path = tmp_path / "out" / "books.beancount"
    assert run("export", "journal", "--format", "beancount", "-o", str(path)).stdout == f"{path}\n"
    assert path.read_text() == beancount
    assert run("export", "journal", "--format", "beancount", "--json", code=1).stderr == (
        "faktura: error: --json needs -o FILE; without -o the journal itself is printed on stdout\n"
    )
    assert run("export", "journal", "--format", "ledger", code=2).exit_code == 2


def test_empty_books_make_an_empty_journal(company: Run) -> None:
    assert company("export", "journal", "--format", "beancount").stdout.count(" open ") == 0
    assert (
        "account Assets:1500 Kundefordringer"
        in company("export", "journal", "--format", "hledger").stdout
    )
