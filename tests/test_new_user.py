"""What a new user meets at an 80-column terminal (issue #20, SPEC 16): whole columns,
Norwegian words for people."""

from __future__ import annotations

import pytest

from .conftest import Run


def test_recurring_list_at_80_columns_cuts_nothing_and_speaks_norwegian(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for every, unit in (("1", "quarter"), ("2", "week"), ("1", "month")):
        run(
            "recurring", "create", "--customer", str(customer), "--next-date", "2026-03-31",
            "--every", every, "--unit", unit, "--line", "text=Vask;price=500",
        )  # fmt: skip
    listed = run("recurring", "list").stdout
    assert max(len(line.rstrip()) for line in listed.splitlines()) <= 80, listed
    for header in ("Customer", "Produces", "Next date", "Produced", "Active", "Channel"):
        assert header in listed, listed
    for word in ("kvartal", "uke", "måned", "2026-03-31", "e-post"):
        assert word in listed.split(), listed
    assert "every" not in listed
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("recurring", "list").stdout
    assert "hvert kvartal" in wide and "hver 2. uke" in wide and "hver måned" in wide, wide
    shown = run("recurring", "show", "2").stdout
    assert "hver 2. uke" in shown and "every" not in shown


def test_customer_ledger_names_the_not_yet_due_bucket_in_norwegian(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    for columns in ("80", "200"):  # the narrow layout names each item's bucket, the wide a column
        monkeypatch.setenv("COLUMNS", columns)
        shown = run("ledger", "customers").stdout
        assert "Not due" not in shown and "ikke" in shown.split(), shown


def test_closing_a_year_without_a_result_does_not_call_it_a_deficit(company: Run) -> None:
    done = company("year", "close", "2025").stdout
    assert "underskudd" not in done and "overskudd" not in done, done
    assert done.startswith("2025 is closed without a result (0,00)"), done


def test_export_help_names_every_export(run: Run) -> None:
    listed = run("--help").stdout
    line = next(ln for ln in listed.splitlines() if ln.strip("│ ").startswith("export "))
    assert "MVA-melding" in line and "bundle" in line, line


def test_a_dry_run_with_nothing_due_says_so(company: Run) -> None:
    assert company("run-due").stdout == ""  # cron: quiet on success
    assert company("run-due", "--dry-run").stdout == (
        "run-due 2026-03-02: nothing due; 0 delivered, 0 failed, 0 uncertain\n"
    )


def test_a_title_longer_than_its_table_stays_on_one_line(
    company: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    shown = company("report", "vat", "--term", "2026-1").stdout
    assert shown.splitlines()[0].rstrip() == (
        "VAT 2026-1 (2026-01-01 – 2026-02-28), not filed"
    ), shown
