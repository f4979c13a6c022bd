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
