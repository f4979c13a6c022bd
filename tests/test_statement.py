"""`faktura customer statement` (SPEC 14): the kontoutskrift, in JSON and as a PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import Run


@pytest.fixture
def history(customer: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> int:
    """Two invoices in January, a partial credit, a payment, a reminder in February."""
    monkeypatch.setenv("FAKTURA_NOW", "2026-01-05T10:00:00+01:00")
    for price in ("800", "400"):
        run(
            "invoice", "create", "--customer", str(customer), "--line", f"text=Arbeid;price={price}",
            "--date", "2026-01-05", "--due-date", "2026-01-19", "--no-send",
        )
    monkeypatch.setenv("FAKTURA_NOW", "2026-01-20T10:00:00+01:00")
    run("invoice", "credit", "2", "--amount", "100", "--reason", "Prisavslag")
    run("invoice", "pay", "1", "--amount", "1000", "--date", "2026-01-20")
    monkeypatch.setenv("FAKTURA_NOW", "2026-02-10T10:00:00+01:00")
    run("remind", "--no-deliver")
    monkeypatch.setenv("FAKTURA_NOW", "2026-02-28T10:00:00+01:00")
    return customer


def test_statement_json(history: int, run: Run) -> None:
    s = run("customer", "statement", str(history), "--json").json()
    kinds = [(line["kind"], line["amount"]) for line in s["lines"]]
    assert kinds == [
        ("invoice", "1000.00"),
        ("invoice", "500.00"),
        ("credit_note", "-100.00"),
        ("payment", "-1000.00"),
        ("reminder", "37.93"),  # fee 35.00 + interest 500 x 12 % x 1/365 + 400 x 12 % x 21/365
    ]
    assert s["opening_balance"] == "0.00"
    assert s["closing_balance"] == "437.93"
    assert s["lines"][-1]["balance"] == s["closing_balance"]
    assert s["open_items"] == [
        {"invoice": 2, "date": "2026-01-05", "due_date": "2026-01-19", "open": "437.93",
         "bucket": "days_31_60"}
    ]
    assert s["ageing"]["days_31_60"] == "437.93"
    later = run(
        "customer", "statement", str(history), "--from", "2026-01-21", "--to", "2026-02-28",
        "--json",
    ).json()
    assert later["opening_balance"] == "400.00"
    assert [line["kind"] for line in later["lines"]] == ["reminder"]
    assert later["closing_balance"] == "437.93"


def test_statement_refuses_a_backwards_period(history: int, run: Run) -> None:
    out = run("customer", "statement", str(history), "--from", "2026-02-01", "--to", "2026-01-01", code=1)
    assert "after" in out.stderr
    assert "no customer 99999" in run("customer", "statement", "99999", code=1).stderr


@pytest.mark.slow
def test_statement_pdf(history: int, run: Run, tmp_path: Path) -> None:
    pdf = tmp_path / "k.pdf"
    assert run("customer", "statement", str(history), "-o", str(pdf)).stdout.strip() == str(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "KONTOUTSKRIFT", "Kunde AS", "Inngående saldo", "Faktura 1", "Kreditnota 3", "Innbetaling",
        "Purring 1", "Utgående saldo 28.02.2026", "437,93", "31–60",
    ):
        assert words in text, words
