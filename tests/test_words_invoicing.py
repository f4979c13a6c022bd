"""`invoice`, `factoring`, `order` and `recurring` print Norwegian words and numbers for people
(SPEC 16), through the one output path (render/invoices.py, factoring.py, orders.py,
recurring.py); --json keeps the machine shapes."""

from __future__ import annotations

import pytest

from .conftest import NOW, Run
from .people import assert_for_people

FRIDAY_BEFORE = "2026-02-27T10:15:00+01:00"


def test_invoice_commands_for_people(customer: int, run: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = str(customer)
    assert run("invoice", "create", "--customer", c, "--line", "text=Arbeid;qty=7.5;price=1250,50",
               "--no-send").stdout == "1\n"  # fmt: skip
    run("invoice", "create", "--customer", c, "--line", "text=Euro;price=100", "--currency", "EUR",
        "--rate", "11.72", "--no-send")  # fmt: skip
    paid = run("invoice", "pay", "1", "--amount", "500,25").stdout
    assert_for_people(paid)
    assert paid == "Invoice 1: delivery betalt, open 11 223,19\n".replace("delivery", "delvis")
    assert run("invoice", "credit", "1", "--reason", "Rabatt", "--amount", "100", "--no-send"
               ).stdout == "3\n"  # fmt: skip
    for argv in (("list",), ("show", "1"), ("show", "2"), ("show", "3")):
        text = run("invoice", *argv).stdout
        assert_for_people(text)
    assert "kurs 11,72" in run("invoice", "show", "2").stdout
    assert "kreditnota for 1" in run("invoice", "list").stdout
    assert "7,5" in run("invoice", "show", "1").stdout
    shown = run("invoice", "show", "1", "--json").json()
    assert (shown["status"], shown["open_amount"], shown["lines"][0]["qty"]) == (
        "partly_paid", "11123.19", "7.5",
    )  # fmt: skip
    assert run("invoice", "show", "3", "--json").json()["kind"] == "credit_note"
    listed = run("invoice", "list", "--json").json()["invoices"]
    assert [i["status"] for i in listed] == ["partly_paid", "open", "credit_note"]
    pdf = run("invoice", "pdf", "1", "-o", str(tmp_path / "f.pdf"), "--json").json()
    assert pdf == {"number": 1, "file": str(tmp_path / "f.pdf"), "lang": "no"}
    preview = run("invoice", "create", "--customer", c, "--line", "text=A;price=9,5", "--preview",
                  "-o", str(tmp_path / "u.pdf"), "--json").json()  # fmt: skip
    assert (preview["preview"], preview["status"], preview["total"]) == (True, "draft", "11.88")


@pytest.fixture
def sold(customer: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("FAKTURA_NOW", FRIDAY_BEFORE)
    run("factoring", "apply", "--consent")
    monkeypatch.setenv("FAKTURA_NOW", NOW)
    return run


def test_factoring_commands_for_people(
    sold: Run, customer: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = sold
    created = run("invoice", "create", "--customer", str(customer), "--line",
                  "text=Arbeid;price=8000", "--due-date", "2026-03-16", "--immediate-payment").stdout  # fmt: skip
    assert_for_people(created)
    assert created.startswith("1\noffer for invoice 1: fee 228,00 (2,28 %), payout 9 772,00")
    small = run("invoice", "create", "--customer", str(customer), "--line", "text=Lite;price=10",
                "--immediate-payment").stdout  # fmt: skip
    assert_for_people(small)
    assert "no offer for invoice 2" in small and "AMOUNT_TOO_SMALL" not in small
    assert_for_people(run("factoring", "status").stdout)
    sold_text = run("factoring", "accept", "1").stdout
    assert_for_people(sold_text)
    assert "1503.06.88888" in sold_text and "02.03.2026 kl. 12:00" in sold_text
    assert_for_people(run("factoring", "decline", "2").stdout)
    for argv in (("factoring", "list"), ("invoice", "show", "1"), ("invoice", "list")):
        assert_for_people(run(*argv).stdout)
    assert_for_people(run("factoring", "confirm", "1", "--date", "02.03.2026").stdout)
    assert_for_people(run("factoring", "regress-quote", "1", "--date", "2026-03-20").stdout)
    assert_for_people(run("factoring", "settings", "--refund-account", "86011117947").stdout)
    listed = run("factoring", "list", "--json").json()["sales"]
    assert [(s["invoice"], s["state"]) for s in listed] == [(1, "confirmed"), (2, "declined")]
    assert run("factoring", "status", "--json").json()["status"] == "approved"


def test_order_and_recurring_commands_for_people(company: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run = company
    run("product", "add", "--number", "4", "--name", "Abonnement", "--price", "1200,5",
        "--vat", "exempt")  # fmt: skip
    run("customer", "add", "--name", "Kunde AS", "--email", "k@kunde.example", "--postcode",
        "0150", "--city", "Oslo")  # fmt: skip
    run("customer", "add", "--name", "Stille AS", "--postcode", "0150", "--city", "Oslo")
    made = run("recurring", "create", "--customer", "10001", "--next-date", "2026-01-05",
               "--produces", "order", "--line", "product=4;factor=monthly;qty=1.5")  # fmt: skip
    assert made.stdout == "1\n"
    silent = run("recurring", "create", "--customer", "10002", "--next-date", "2026-04-01",
                 "--agreement-date", "2026-03-15", "--line", "product=4;factor=monthly")  # fmt: skip
    assert silent.stdout == "2\n" and "no delivery channel" in silent.stderr
    for argv in (("list",), ("show", "1"), ("show", "2", "--upcoming", "2"), ("deactivate", "2"),
                 ("show", "2"), ("activate", "2")):  # fmt: skip
        assert_for_people(run("recurring", *argv).stdout)
    upcoming = run("recurring", "show", "2", "--upcoming", "1").stdout
    assert "17/31 days" in upcoming and "1 200,50" in upcoming
    data = run("recurring", "show", "2", "--upcoming", "1", "--json").json()
    assert "1200.50 × monthly" in data["upcoming"][0]["lines"][0]["computation"]
    assert data["lines"][0]["vat"] is None and data["channel"] is None
    assert "upcoming" not in run("recurring", "show", "2", "--json").json()
    run("run-due")
    for argv in (("order", "list"), ("order", "show", "1"), ("recurring", "invoices", "1"),
                 ("order", "cancel", "2")):  # fmt: skip
        assert_for_people(run(*argv).stdout)
    assert "kansellert" in run("order", "list").stdout
    assert run("order", "show", "2", "--json").json()["status"] == "cancelled"
    assert run("order", "invoice", "1", "--date", "02.03.2026", "--no-send").stdout == "1\n"
    assert_for_people(run("order", "list").stdout)
    assert run("order", "list", "--json").json()["orders"][0]["status"] == "invoiced"
