"""One command, one use case, one transaction; one line rule for invoices and schedules (#14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from faktura_cli.domain import factoring as rules

from .conftest import NOW, Run, snapshot

FRIDAY_BEFORE = "2026-02-27T10:15:00+01:00"


@pytest.fixture
def approved(customer: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("FAKTURA_NOW", FRIDAY_BEFORE)
    run("factoring", "apply", "--consent")
    monkeypatch.setenv("FAKTURA_NOW", NOW)
    return customer


def test_immediate_payment_is_one_transaction_with_the_invoice(
    approved: int, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When asking for the offer fails, the invoice is not left behind without delivery or hold."""

    def partner_down(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the partner is down")

    before = snapshot(isolated)
    args = ("invoice", "create", "--customer", str(approved), "--line", "text=Arbeid;price=8000")
    with monkeypatch.context() as patched:
        patched.setattr(rules, "price", partner_down)
        failed = run(*args, "--due-date", "2026-03-16", "--immediate-payment", code=1)
    assert "the partner is down" in failed.stderr
    assert snapshot(isolated) == before, "nothing of the failed command is in the books"

    out = run(*args, "--due-date", "2026-03-16", "--immediate-payment", "--json").json()
    assert out["number"] == 1, "the failed attempt used no number"
    assert out["offer"]["status"] == "offered"


def test_a_company_outside_the_vat_register_is_refused_vat_on_schedules_too(
    run: Run, isolated: Path
) -> None:
    run(
        "init",
        "--name",
        "Liten",
        "--orgnr",
        "923456783",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
        "--no-vat",
    )
    run(
        "customer",
        "add",
        "--name",
        "Kunde AS",
        "--email",
        "k@kunde.example",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    )
    line = "text=Abonnement;price=100;vat=25"
    invoice = run("invoice", "create", "--customer", "10001", "--line", line, code=1)
    before = snapshot(isolated)
    schedule = run(
        "recurring", "create", "--customer", "10001", "--next-date", "2026-03-01",
        "--line", line, code=1,
    )  # fmt: skip
    assert schedule.stderr == invoice.stderr
    assert "not registered for VAT" in schedule.stderr
    assert snapshot(isolated) == before


def test_run_due_does_not_drop_vat_silently_when_the_company_left_the_register(
    run: Run, isolated: Path
) -> None:
    run(
        "init",
        "--name",
        "Liten",
        "--orgnr",
        "923456783",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
    )
    run(
        "customer",
        "add",
        "--name",
        "Kunde AS",
        "--email",
        "k@kunde.example",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    )
    run(
        "recurring", "create", "--customer", "10001", "--next-date", "2026-03-01",
        "--line", "text=Abonnement;price=100;vat=25",
    )  # fmt: skip
    run("company", "set", "--no-vat")
    before = snapshot(isolated)
    out = run("run-due", code=1)
    assert "not registered for VAT" in out.stderr
    assert snapshot(isolated) == before


@pytest.mark.parametrize(
    "args",
    [
        ("invoice", "create", "--customer", "10001", "--line", "text=X;price=1;qty=1000001"),
        ("recurring", "create", "--customer", "10001", "--next-date", "2026-03-01",
         "--line", "text=X;price=1;qty=1000001"),
        ("invoice", "credit", "1", "--reason", "x", "--line", "line=1;qty=1000001"),
    ],
)  # fmt: skip
def test_quantity_bounds_are_one_rule(customer: int, run: Run, args: tuple[str, ...]) -> None:
    run("invoice", "create", "--customer", "10001", "--line", "text=X;price=1")
    out = run(*args, code=1)
    assert "qty" in out.stderr and "1000000" in out.stderr.replace(" ", ""), out.stderr
