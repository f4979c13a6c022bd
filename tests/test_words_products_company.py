"""`product` and `company`/`init` print Norwegian words and numbers for people (SPEC 16), the
same documents as before with --json, through the one output path (render/products.py,
render/company.py)."""

from __future__ import annotations

from .conftest import Run
from .people import assert_for_people, leaks


def test_the_leak_finder_finds_what_it_should() -> None:
    assert leaks("fee 228.00 (2.28 %), payout 9772.00 at 2026-12-01T12:00:00+01:00") == [
        "2026-12-01T12:00",
        "+01:00",
        "228.00",
        "2.28",
        "9772.00",
    ]
    assert leaks("partly_paid credit_note NONE queued") == [
        "partly_paid", "credit_note", "NONE", "queued", "partly_paid", "credit_note",
    ]  # fmt: skip
    assert leaks("9 772,00 kurs 11,72 02.03.2026 kl. 12:00 8601.11.17947 delvis betalt") == []


def test_products_for_people_and_programs(company: Run) -> None:
    run = company
    assert run("product", "add", "--number", "P1", "--name", "Konsulent", "--price", "1250,5",
               "--unit", "timer").stdout == "P1\n"  # fmt: skip
    added = run("product", "add", "--number", "B2", "--name", "Bok", "--price", "300",
                "--vat", "exempt", "--json").json()  # fmt: skip
    assert added == {"number": "B2", "name": "Bok", "price": "300.00", "vat": "exempt", "unit": None}
    listed = run("product", "list").stdout
    assert_for_people(listed)
    assert "1 250,50" in listed and "unntatt" in listed
    assert [p["price"] for p in run("product", "list", "--json").json()["products"]] == [
        "300.00", "1250.50"
    ]  # sorted by number
    shown = run("product", "show", "B2").stdout
    assert_for_people(shown)
    assert "300,00" in shown
    priced = run("product", "set-price", "P1", "1 300,25").stdout
    assert_for_people(priced)
    assert priced == "Product P1 now costs 1 300,25 ex. VAT\n"
    assert run("product", "set-price", "P1", "99", "--json").json()["price"] == "99.00"


def test_company_for_people_and_programs(company: Run) -> None:
    run = company
    run("company", "set", "--reminder-fee", "35", "--smtp-host", "smtp.example.no",
        "--smtp-security", "none", "--status", "liquidation")  # fmt: skip
    shown = run("company", "show").stdout
    assert_for_people(shown)
    assert "35,00" in shown and "under avvikling" in shown and "ukryptert" in shown
    data = run("company", "show", "--json").json()
    assert (data["reminder_fee"], data["status"], data["smtp_security_in_use"]) == (
        "35.00", "liquidation", "none",
    )  # fmt: skip
    assert data["bank_account_formatted"] == "8601.11.17947"
    assert run("company", "set", "--city", "Bergen").stdout == "Updated Fjellbekk Design AS\n"
    assert run("company", "set", "--city", "Oslo", "--json").json()["city"] == "Oslo"
