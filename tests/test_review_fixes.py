"""What a first user found: each case through the real command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Run, snapshot


def test_foreign_currency_status_compares_like_with_like(customer: int, run: Run) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--currency",
        "SEK",
        "--rate",
        "0.95",
        "--line",
        "text=Arbeid;qty=10;price=100",
        "--no-send",
    )
    assert run("invoice", "show", "1", "--json").json()["status"] == "open"
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--currency",
        "EUR",
        "--rate",
        "11.7",
        "--line",
        "text=Work;qty=10;price=100",
        "--no-send",
    )
    run("invoice", "pay", "2", "--amount", "1000")  # EUR 1 000 of 1 250
    assert run("invoice", "show", "2", "--json").json()["status"] == "partly_paid"
    run("invoice", "pay", "2", "--amount", "250")
    assert run("invoice", "show", "2", "--json").json()["status"] == "paid"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--currency", "XYZ", "--rate", "1"], "currency 'XYZ' is not an ISO 4217 currency code"),
        (["--currency", "EUR", "--rate", "99999999999"], "rate must be at most 10000"),
        (["--date", "0001-01-01"], "invoice date '0001-01-01' is out of range"),
        (["--date", "2027-12-01"], "the invoice date 2027-12-01 is more than a year from today"),
        (["--date", "٠٢.٠٣.٢٠٢٦"], "is not a date"),
    ],
)
def test_implausible_invoices_are_refused(
    customer: int, run: Run, isolated: Path, args: list[str], message: str
) -> None:
    before = snapshot(isolated)
    result = run(
        "invoice", "create", "--customer", str(customer), "--line", "text=A;price=1", *args, code=1
    )
    assert message in result.stderr
    assert snapshot(isolated) == before


def test_payments_cannot_be_in_the_future_or_in_other_digits(customer: int, run: Run) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    assert (
        "the payment date 2026-03-03 is after today (2026-03-02)"
        in run("invoice", "pay", "1", "--amount", "10", "--date", "2026-03-03", code=1).stderr
    )
    assert "is not an amount" in run("invoice", "pay", "1", "--amount", "٣٣", code=1).stderr


def test_huge_numbers_are_a_clear_error(company: Run) -> None:
    assert company("customer", "show", "99999999999999999999", code=1).stderr == (
        "faktura: error: a number given is too large\n"
    )


def test_a_refused_init_leaves_no_file_behind(run: Run, isolated: Path) -> None:
    run(
        "init",
        "--name",
        "X AS",
        "--orgnr",
        "923456784",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
        code=1,
    )
    assert not isolated.exists()


def test_a_path_that_cannot_be_created(run: Run) -> None:
    result = run(
        "--db",
        "/proc/nope/x.db",
        "init",
        "--name",
        "X",
        "--orgnr",
        "923456783",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
        code=1,
    )
    assert (
        result.stderr
        == "faktura: error: cannot create the books at /proc/nope/x.db: No such file or directory\n"
    )


def test_usage_errors_are_one_line_too(isolated: Path) -> None:
    env = {**os.environ, "FAKTURA_DB": str(isolated)}
    for args, expected in [
        (["invoice", "create", "--custome", "1"], "faktura: error: No such option: --custome"),
        (["invoice", "lst"], "faktura: error: No such command 'lst'"),
        (
            ["customer", "show", "abc"],
            "faktura: error: Invalid value for 'number': 'abc' is not a valid int; see `faktura customer show --help`",
        ),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "faktura_cli", *args], capture_output=True, text=True, env=env
        )
        assert done.returncode == 2
        assert done.stderr.startswith(expected) and done.stderr.count("\n") == 1, done.stderr


def test_credit_notes_follow_their_invoice_out_only_if_it_went_out(
    customer: int, run: Run, isolated: Path
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    run("invoice", "credit", "1", "--reason", "Feil")
    assert run("invoice", "show", "2", "--json").json()["delivered"] is False
    run("invoice", "create", "--customer", str(customer), "--line", "text=B;price=100")  # e-mailed
    run("invoice", "credit", "3", "--reason", "Feil")
    assert run("invoice", "show", "4", "--json").json()["delivered"] is True
    assert (isolated.parent / "outbox" / "email" / "923456783-kreditnota-4.eml").exists()


def test_quantities_print_as_people_write_them(customer: int, run: Run) -> None:
    run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        "text=Timer;qty=10;price=100;discount=20",
        "--no-send",
    )
    shown = run("invoice", "show", "1").stdout
    assert "1E+1" not in shown and "2E+1" not in shown
    assert " 10 " in shown and " 20 " in shown
    assert run("invoice", "show", "1", "--json").json()["lines"][0]["qty"] == "10"


def test_a_renderers_refusal_reads_as_words(company: Run) -> None:
    company("customer", "add", "--name", "Kari", "--private", "--email", "kari@example.no")
    company("invoice", "create", "--customer", "10001", "--line", "text=A;price=100")
    refused = company("invoice", "send", "1", "--channel", "ehf", "--again", code=3)
    assert "RuleViolation" not in refused.stderr and "no electronic address" in refused.stderr
