"""`faktura check`: the integrity audit passes on honest books and names what was tampered with.

Tampering happens behind the program's back, with raw sqlite3, the way another tool or a
careless restore would do it: drop the trigger that guards the table, then change a row.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .conftest import Run


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def books(customer: int, run: Run) -> None:
    """Three invoices and a payment: vouchers 1-4, documents 1-3."""
    for price in ("100", "200", "300"):
        run("invoice", "create", "--customer", str(customer), "--line", f"text=A;price={price}")
    run("invoice", "pay", "2", "--amount", "250")


def test_honest_books_pass(books: None, run: Run) -> None:
    result = run("check")
    assert result.stdout == "ok: 4 vouchers, 3 documents checked\n" and result.stderr == ""
    report = run("check", "--json").json()
    assert report == {
        "ok": True,
        "vouchers": 4,
        "documents": 3,
        "postings": 11,
        "anchor": run("check", "--anchor").stdout.strip(),
        "findings": [],
    }
    assert report["anchor"].startswith("16:")  # 3 documents, 4 vouchers, 3 sent, 6 events


def test_empty_books_pass(company: Run) -> None:
    assert company("check").stdout == "ok: 0 vouchers, 0 documents checked\n"


def test_the_demo_books_pass(run: Run, tmp_path: Path) -> None:
    books = tmp_path / "demo.db"
    run("demo", "--db", str(books))
    report = run("--db", str(books), "check", "--json").json()
    assert report["ok"] is True and report["vouchers"] > 50 and report["documents"] > 30


def test_a_one_ore_tamper_is_found_and_named(books: None, run: Run, isolated: Path) -> None:
    tamper(
        isolated,
        "DROP TRIGGER postings_no_update",
        "UPDATE postings SET amount = amount + 1 WHERE voucher = 3 AND account = '3000'",
    )
    result = run("check", code=1)
    assert result.stdout.splitlines() == [
        "voucher_unbalanced: voucher 3 does not balance: debit and credit differ by 0,01",
        "trigger_missing: trigger postings_no_update is missing: posted postings can be updated "
        "behind the program's back",
        "month_balance_wrong: account 3000 in 2026-03: the month balance says -600,00, its "
        "postings sum to -599,99",
        "hash_chain: voucher 3 does not match its hash: it or an earlier voucher was changed",
        "document_postings: document 3's voucher does not match it: account 3000 (VAT code 25) "
        "has -299,99, the lines say -300,00",
    ]
    assert result.stderr == f"faktura: error: 5 findings in {isolated}\n"
    findings = run("check", "--json", code=1).json()["findings"]
    assert [(f["check"], f["voucher"]) for f in findings] == [
        ("voucher_unbalanced", 3),
        ("trigger_missing", None),
        ("month_balance_wrong", None),
        ("hash_chain", 3),
        ("document_postings", None),
    ]


@pytest.mark.parametrize(
    ("statements", "check", "message"),
    [
        (
            [
                "DROP TRIGGER postings_no_update",
                "UPDATE postings SET open_item = NULL WHERE voucher = 4 AND account = '1500'",
            ],
            "receivables_mismatch",
            "account 1500 stands at 500.00 but the open items add up to 750.00",
        ),
        (
            [
                "DROP TRIGGER postings_no_update",
                "UPDATE postings SET date = '2026-03-01' WHERE voucher = 2 AND account = '2700'",
            ],
            "posting_date_mismatch",
            "voucher 2 is dated 2026-03-02 but has postings dated 2026-03-01",
        ),
        (
            [
                "DROP TRIGGER postings_no_delete",
                "DROP TRIGGER vouchers_no_delete",
                "DELETE FROM postings WHERE voucher = 2",
                "DELETE FROM vouchers WHERE number = 2",
            ],
            "voucher_numbers_gap",
            "voucher numbers jump from 1 to 3: the series must have no gaps",
        ),
        (
            [
                "DROP TRIGGER documents_no_update",
                "UPDATE documents SET net_total = net_total + 1, total = total + 1 WHERE number = 3",
            ],
            "document_totals",
            "document 3's totals (net 300.01, VAT 75.00) differ from its lines (net 300.00, VAT 75.00)",
        ),
        (
            ["DROP TRIGGER documents_no_update", "UPDATE documents SET total = 1 WHERE number = 1"],
            "document_totals",
            "document 1's total 0.01 is not net + VAT",
        ),
        (
            [
                "DROP TRIGGER postings_no_update",
                "UPDATE postings SET account = '9999' WHERE voucher = 1 AND account = '2700'",
            ],
            "unknown_account",
            "voucher 1 posts to account 9999, which is not in the chart",
        ),
        (
            [
                "DROP TRIGGER postings_no_update",
                "UPDATE postings SET vat_code = NULL WHERE voucher = 1 AND account = '3000'",
            ],
            "vat_code_missing",
            "voucher 1 posts to 3000 without a VAT code, so the VAT report cannot count it",
        ),
        (
            [
                "DROP TRIGGER postings_no_update",
                "UPDATE postings SET customer = NULL WHERE voucher = 1 AND account = '1500'",
            ],
            "open_item_customer_mismatch",
            "voucher 1 moves invoice 1's open item without a customer, but the invoice is "
            "customer 10001's",
        ),
        (
            [
                "DROP TRIGGER documents_no_delete",
                "DROP TRIGGER document_lines_no_delete",
                "DROP TRIGGER postings_no_delete",
                "DROP TRIGGER vouchers_no_delete",
                "DELETE FROM postings WHERE voucher = 3",
                "DELETE FROM vouchers WHERE number = 3",
                "DELETE FROM document_lines WHERE document = 3",
                "DELETE FROM documents WHERE number = 3",
            ],
            "voucher_numbers_gap",
            "voucher numbers jump from 2 to 4: the series must have no gaps",
        ),
    ],
)
def test_tampering_is_found(
    books: None,
    run: Run,
    isolated: Path,
    statements: list[str],
    check: str,
    message: str | None,
) -> None:
    tamper(isolated, *statements)
    report = run("check", "--json", code=1).json()
    assert report["ok"] is False
    assert check in {f["check"] for f in report["findings"]}
    if message is not None:
        assert message in [f["message"] for f in report["findings"]]
    assert {f["check"] for f in report["findings"]} >= {"trigger_missing"}


def test_a_gap_in_the_invoice_series_is_found(books: None, run: Run, isolated: Path) -> None:
    tamper(
        isolated,
        "DROP TRIGGER documents_no_update",
        "DROP TRIGGER vouchers_no_update",
        "DROP TRIGGER postings_no_update",
        "PRAGMA foreign_keys = OFF",
        "UPDATE documents SET number = 5 WHERE number = 3",
    )
    messages = [f["message"] for f in run("check", "--json", code=1).json()["findings"]]
    assert "invoice/credit note numbers jump from 2 to 5: the series must have no gaps" in messages
    assert "document 3 has no voucher" not in messages  # the voucher still points at 3
    assert "document 5 has no voucher" in messages
