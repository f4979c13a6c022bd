"""List filters of the money-in commands (SPEC 16): `bill list`, `bank unmatched`, `outbox list`,
through the real command, in both forms."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from .bankfiles import Tx, camt054
from .conftest import Run

SOME_BILLS = [
    # supplier, date, due date, amount (incl. 25 % VAT)
    ("Kontorland AS", "2026-01-10", "2026-01-24", "1250"),  # 1: paid in part -> open, overdue
    ("Kontorland AS", "2026-02-20", "2026-03-20", "2500"),  # 2: open, not due
    ("Strøm AS", "2026-02-25", "2026-03-01", "625"),  # 3: paid
    ("Strøm AS", "2026-03-01", "2026-03-31", "125"),  # 4: open
]


@pytest.fixture
def bills(company: Run) -> Run:
    for supplier, day, due, amount in SOME_BILLS:
        company(
            "bill", "add", "--supplier", supplier, "--date", day, "--due-date", due,
            "--line", f"account=6300;amount={amount};vat=1",
        )  # fmt: skip
    company("bill", "pay", "1", "--date", "2026-02-01", "--amount", "250")
    company("bill", "pay", "3", "--date", "2026-02-28")
    return company


def test_bill_list_filters(bills: Run) -> None:
    def numbers(*args: str) -> list[int]:
        return [b["number"] for b in bills("bill", "list", *args, "--json").json()["bills"]]

    assert numbers() == [1, 2, 3, 4]
    assert numbers("--status", "open") == [1, 2, 4]  # today is 2 March 2026
    assert numbers("--status", "overdue") == [1]
    assert numbers("--status", "paid") == [3]
    assert numbers("--unpaid") == numbers("--status", "open")
    assert numbers("--from", "2026-02-01", "--to", "25.02.2026") == [2, 3]
    assert numbers("--from", "1.3.2026") == [4]
    first = bills("bill", "show", "3", "--json").json()["supplier"]
    assert numbers("--supplier", str(first)) == [3, 4]
    assert numbers("--supplier", str(first), "--status", "open", "--to", "2026-02-28") == []
    assert numbers("--supplier", "99999") == []
    # The JSON document is the bill as before: no new keys, states as their names.
    [one] = bills("bill", "list", "--status", "overdue", "--json").json()["bills"]
    assert one["status"] == "partly_paid" and one["open"] == "1000.00"
    assert set(one) == {
        "number", "supplier", "supplier_name", "supplier_orgnr", "date", "due_date", "kid",
        "total", "paid", "open", "status", "voucher",
    }  # fmt: skip


def test_bill_list_for_people(bills: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = bills("bill", "list").stdout
    assert "forfalt" in text and "betalt" in text and "ubetalt" in text
    assert "1 000,00" in text and "10.01.2026" in text and "Kontorland AS" in text
    assert "partly_paid" not in text and "2026-01-10" not in text and "1000.00" not in text
    paid = bills("bill", "pay", "2", "--date", "2026-03-02", "--amount", "500").stdout
    assert paid.strip() == "Bill 2: 2 000,00 open (delvis betalt)"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--status", "unpaid"), "open, overdue, paid"),
        (("--from", "31.02.2026"), "not a real date"),
        (("--from", "2026-03-01", "--to", "2026-02-01"), "is before --from"),
        (("--to", "yesterday"), "is not a date"),
    ],
)
def test_bill_list_refuses_bad_filters(bills: Run, args: tuple[str, ...], says: str) -> None:
    out = bills("bill", "list", *args, "--json", code=1)
    assert says in out.stderr and out.stderr.count("\n") == 1
    assert out.json()["error"]["code"] == "invalid_input"


@pytest.fixture
def entries(company: Run, tmp_path: Path) -> Run:
    """Four unmatched entries: no KID, not ours, in EUR, and no KID a week later."""
    path = tmp_path / "bank.xml"
    path.write_bytes(
        camt054(
            [
                [
                    Tx("99.00", None, text="Gave til jubileet", debtor="Ærlig Øyvind"),
                    Tx("1250.00", "12345678903", debtor="Berg AS", debtor_account="15030688888"),
                    Tx("500.00", None, currency="EUR", text="Invoice 7"),
                ],
                [Tx("75.50", None, text="Renter", day=date(2026, 3, 27))],
            ],
            refs=["NTRY-1", "NTRY-2"],
        )
    )
    company("bank", "import", str(path))
    return company


def test_bank_unmatched_filters(entries: Run) -> None:
    def amounts(*args: str) -> list[str]:
        found = entries("bank", "unmatched", *args, "--json").json()["entries"]
        return [e["amount"] for e in found]

    assert sorted(amounts()) == ["1250.00", "500.00", "75.50", "99.00"]
    assert amounts("--from", "2026-03-21") == ["75.50"]
    assert sorted(amounts("--to", "20.03.2026")) == ["1250.00", "500.00", "99.00"]
    assert amounts("--from", "2026-03-28") == []
    assert amounts("--search", "øyvind") == ["99.00"]  # any case, Norwegian letters too
    assert amounts("--search", "1 250,00") == ["1250.00"]
    assert amounts("--search", "1250.00") == ["1250.00"]
    assert amounts("--search", "1503 0688888") == ["1250.00"]  # the payer's account
    assert amounts("--search", "renter", "--from", "2026-03-21") == ["75.50"]
    assert amounts("--search", "renter", "--to", "2026-03-21") == []
    out = entries("bank", "unmatched", "--from", "2026-03-02", "--to", "1.3.2026", code=1)
    assert "is before --from" in out.stderr


def test_bank_unmatched_for_people(entries: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = entries("bank", "unmatched").stdout
    assert "1 250,00" in text and "20.03.2026" in text and "KID-en er ikke" in text
    assert "EUR 500,00" in text and "ikke i NOK" in text and "uten KID" in text
    assert "1250.00" not in text and "unknown_kid" not in text and "KID not ours" not in text
    # JSON keeps its codes and texts.
    [one] = entries("bank", "unmatched", "--search", "Berg", "--json").json()["entries"]
    assert (one["reason"], one["reason_text"]) == ("unknown_kid", "KID not ours")
    none = entries("bank", "unmatched", "--from", "2026-12-01").stdout
    assert none.strip() == "Ingen ubehandlede bankposter."


@pytest.fixture
def queued(customer: int, company: Run, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Invoices 1 and 3 of customer A, 2 of customer B, queued on 2, 3 and 10 March."""
    other = int(
        company(
            "customer", "add", "--name", "Annen Kunde AS", "--orgnr", "974760673",
            "--postcode", "0150", "--city", "Oslo", "--email", "b@kunde.example",
        ).stdout
    )  # fmt: skip
    for who, now in (
        (customer, "2026-03-02T10:15:00+01:00"),
        (other, "2026-03-03T23:30:00+01:00"),
        (customer, "2026-03-10T08:00:00+01:00"),
    ):
        monkeypatch.setenv("FAKTURA_NOW", now)
        company("invoice", "create", "--customer", str(who), "--line", "text=A;price=100")
    return customer, other


def test_outbox_list_filters(queued: tuple[int, int], run: Run) -> None:
    first, other = queued

    def invoices(*args: str) -> list[int]:
        return [d["document"] for d in run("outbox", "list", *args, "--json").json()["deliveries"]]

    assert invoices() == [1, 2, 3]
    assert invoices("--customer", str(first)) == [1, 3]
    assert invoices("--customer", str(other)) == [2]
    assert invoices("--from", "2026-03-03") == [2, 3]
    assert invoices("--to", "3.3.2026") == [1, 2]  # 23:30 Oslo time is still 3 March
    assert invoices("--from", "2026-03-03", "--to", "2026-03-09") == [2]
    assert invoices("--status", "sent", "--customer", str(first), "--from", "2026-03-05") == [3]
    assert invoices("--status", "failed") == []
    [one] = run("outbox", "list", "--customer", str(other), "--json").json()["deliveries"]
    assert one["queued_at"] == "2026-03-03T23:30:00+01:00" and one["status"] == "sent"
    bad = run("outbox", "list", "--status", "lost", "--json", code=1)
    assert "queued, sending, sent, failed, uncertain" in bad.stderr
    assert "is not a real date" in run("outbox", "list", "--to", "2026-02-30", code=1).stderr


def test_outbox_list_for_people(queued: tuple[int, int], run: Run) -> None:
    text = run("outbox", "list", "--from", "2026-03-03").stdout
    assert "03.03.2026" in text and "sendt" in text and "e-post" in text
    assert "2026-03-03T" not in text and not re.search(r"\s(sent|email)\s", text)
