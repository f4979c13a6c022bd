"""Correctness fixes found in review (SPEC 11-14), each through the real command."""

from __future__ import annotations

import email
import email.policy
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import Run
from .smtp_servers import Servers

Opener = Callable[[], sqlite3.Connection]


@pytest.fixture
def queued_ehf(company: Run) -> Run:
    """Invoice 1 for a PEPPOL customer, produced by `run-due --no-deliver`: its EHF is queued."""
    company(
        "customer", "add", "--name", "Fjordtech AS", "--orgnr", "910524267",
        "--peppol", "0192:910524267", "--email", "faktura@fjordtech.example",
        "--postcode", "5013", "--city", "Bergen",
    )  # fmt: skip
    company(
        "recurring", "create", "--customer", "10001", "--next-date", "2026-03-01",
        "--line", "text=Leie av kontorplass;price=4500", "--delivery", "ehf",
    )  # fmt: skip
    company("run-due", "--no-deliver")
    return company


def test_send_by_another_channel_replaces_the_queued_delivery(queued_ehf: Run) -> None:
    """A document reaches the customer once per decision: `invoice send N --channel email`
    while its EHF is still queued sends the e-mail instead, and nothing goes out by EHF later."""
    sent = queued_ehf("invoice", "send", "1", "--channel", "email", "--json").json()
    assert (sent["channel"], sent["status"]) == ("email", "sent")
    queued_ehf("outbox", "flush")
    deliveries = queued_ehf("outbox", "list", "--json").json()
    rows = deliveries["deliveries"] if isinstance(deliveries, dict) else deliveries
    assert [(d["channel"], d["status"]) for d in rows] == [("email", "sent")]
    assert not (Path("outbox") / "ehf").exists()
    assert (Path("outbox") / "email").is_dir()


def test_send_by_another_channel_while_one_is_going_out_is_refused(queued_ehf: Run, db: Opener) -> None:
    """What another process is carrying out cannot be taken back: refused, naming `outbox`."""
    with db() as conn:
        conn.execute("UPDATE deliveries SET status = 'sending', via = 'file' WHERE id = 1")
    refused = queued_ehf("invoice", "send", "1", "--channel", "email", code=1)
    assert refused.stderr.startswith("faktura: error: 1 is being delivered by ehf right now")
    assert "faktura outbox list" in refused.stderr


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    running = Servers(tmp_path)
    yield running
    running.stop()


def test_remind_tells_of_an_uncertain_reminder_on_every_run(
    customer: int, run: Run, servers: Servers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC 11: a reminder e-mail the server dropped after DATA is uncertain; `remind` and
    `run-due --remind` say so on stderr and exit 3 on every run until a person decides."""
    monkeypatch.setenv("FAKTURA_NOW", "2026-01-01T10:00:00+01:00")
    run(
        "invoice", "create", "--customer", str(customer), "--line", "text=Arbeid;price=8000",
        "--due-date", "2026-01-15", "--no-send",
    )  # fmt: skip
    monkeypatch.setenv("FAKTURA_NOW", "2026-02-01T10:00:00+01:00")
    inbox, port = servers.start("drop")
    monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FAKTURA_SMTP_PORT", str(port))
    monkeypatch.setenv("FAKTURA_SMTP_SECURITY", "none")
    first = run("remind", code=3)
    assert "faktura: delivery uncertain: purring 1 på faktura 1 (e-post)" in first.stderr
    assert "faktura outbox resolve 1 --sent" in first.stderr
    for command in (("remind",), ("run-due", "--remind")):
        again = run(*command, code=3)
        assert "faktura: delivery uncertain: purring 1 på faktura 1 (e-post)" in again.stderr
    assert len(inbox.messages) == 1  # never sent again on its own
    run("outbox", "resolve", "1", "--sent")
    assert run("remind").stderr == ""


def test_run_due_holds_a_schedule_whose_next_date_is_locked_and_carries_on(company: Run) -> None:
    """SPEC 13: nothing dated in the locked period is created. A schedule whose next occurrence
    falls there (the lock was set before run-due came round) is held, with a warning on every
    run naming the way out; the other schedules, invoices and orders, are produced."""
    company("customer", "add", "--name", "Papir AS", "--postcode", "0150", "--city", "Oslo")
    line = "text=Leie;price=4500"
    for start, produces in (("2026-01-15", "invoice"), ("2026-01-20", "order")):
        company(
            "recurring", "create", "--customer", "10001", "--next-date", start,
            "--produces", produces, "--line", line, "--delivery", "print", "--end-date", start,
        )  # fmt: skip
    company(
        "recurring", "create", "--customer", "10001", "--next-date", "2026-02-16",
        "--line", line, "--delivery", "print",
    )  # fmt: skip
    company("lock", "--to", "2026-01-31")
    for _ in range(2):
        out = company("run-due", "--no-deliver", "--json")
        created = [(c["schedule"], c["kind"], c["date"]) for c in out.json()["created"]]
        assert created == ([(3, "invoice", "2026-02-16")] if _ == 0 else [])
        assert [(h["schedule"], h["date"]) for h in out.json()["held"]] == [
            (1, "2026-01-15"),
            (2, "2026-01-20"),
        ]
        assert (
            "faktura: warning: schedule 1: its next occurrence, 2026-01-15, is in the locked"
            " period (locked to 2026-01-31, lock --to): not produced" in out.stderr
        )
    assert company("order", "list", "--json").json()["orders"] == []
    # A person decides: move schedule 1 past the lock (here: to its end, nothing left).
    company("recurring", "deactivate", "1")
    company("recurring", "deactivate", "2")
    assert company("run-due").stderr == ""


def test_run_due_remind_on_a_locked_day_skips_reminders_with_a_warning(company: Run) -> None:
    """`run-due --remind --today D` with D in the locked period: the run is not failed after
    production; the reminders are left out with a warning. `remind` alone is refused."""
    company("customer", "add", "--name", "Papir AS", "--postcode", "0150", "--city", "Oslo")
    company("lock", "--to", "2026-01-31")
    out = company("run-due", "--remind", "--today", "2026-01-20", "--json")
    assert out.json()["reminders"] == []
    assert (
        "faktura: warning: no reminders: the reminder date 2026-01-20 is in a locked" in out.stderr
    )
    refused = company("remind", "--today", "2026-01-20", code=1)
    assert "the reminder date 2026-01-20 is in a locked period" in refused.stderr


def test_the_e_mail_date_header_is_faktura_s_clock(customer: int, run: Run) -> None:
    """The Date: header says when faktura sent it (FAKTURA_NOW in tests), as the books do."""
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100")
    (eml,) = (Path("outbox") / "email").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Date"] == "Mon, 02 Mar 2026 10:15:00 +0100"
    [delivery] = run("outbox", "list", "--json").json()["deliveries"]
    assert delivery["done_at"] == "2026-03-02T10:15:00+01:00"


NASTY = ("[link=http://evil.example]Klikk her", "[bold]", ":smile: AS", "Bø \\[x] AS")


def test_names_that_look_like_rich_markup_are_shown_as_they_are(
    company: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC 12: text a user typed never drives the terminal. A table too wide for 80 columns
    is drawn by Rich; names in it are text, not markup or emoji codes."""
    monkeypatch.setenv("COLUMNS", "80")
    for name in NASTY:
        company("customer", "add", "--name", name, "--private", "--email", "k@x.example")
    for number in range(1, len(NASTY) + 1):
        company("invoice", "create", "--customer", str(10000 + number), "--line",
                "text=Arbeid [bold]viktig[/bold];price=100", "--no-send")  # fmt: skip
    shown = company("customer", "list").stdout + company("invoice", "list").stdout
    shown += company("invoice", "show", "1").stdout + company("ledger", "customers").stdout
    for name in NASTY:
        assert name in shown, name
    assert "\x1b]8;" not in shown  # no hyperlink
    assert "Arbeid [bold]viktig[/bold]" in company("invoice", "show", "1").stdout
    ledger = company("ledger", "customers").stdout
    assert "Sum" in ledger and "[/bold]" not in ledger  # the program's own bold stays bold


def test_a_trial_balance_across_a_year_end_closes_on_that_year_s_rules(
    company: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC 13 and 9: movement is what was posted in the period (hledger's period balance);
    opening and closing are balances at a date, where result accounts start each year at 0 and
    the unclosed result of 2025 sits on 2050. The difference is the year end, its own column;
    the closing balance on 30 June 2026 is the same whatever the period's first day."""
    monkeypatch.setenv("FAKTURA_NOW", "2025-08-01T10:00:00+02:00")
    company("customer", "add", "--name", "Papir AS", "--postcode", "0150", "--city", "Oslo")
    company("invoice", "create", "--customer", "10001", "--line", "text=A;price=1000",
            "--no-send")  # fmt: skip
    monkeypatch.setenv("FAKTURA_NOW", "2026-02-01T10:00:00+01:00")
    company("invoice", "create", "--customer", "10001", "--line", "text=B;price=2000",
            "--no-send")  # fmt: skip
    monkeypatch.setenv("FAKTURA_NOW", "2026-07-01T10:00:00+02:00")

    def balance(*period: str) -> dict[str, tuple[str, str, str, str]]:
        rows = company("ledger", "balance", *period, "--json").json()
        return {
            r["account"]: (r["opening"], r["movement"], r.get("year_end"), r["closing"])
            for r in rows
        }

    across = balance("--from", "2025-07-01", "--to", "2026-06-30")
    assert across == {
        "1500": ("0.00", "3750.00", "0.00", "3750.00"),
        "2050": ("0.00", "0.00", "-1000.00", "-1000.00"),
        "2700": ("0.00", "-750.00", "0.00", "-750.00"),
        "3000": ("0.00", "-3000.00", "1000.00", "-2000.00"),
    }
    this_year = balance("--from", "2026-01-01", "--to", "2026-06-30")
    assert {a: row[3] for a, row in this_year.items()} == {a: row[3] for a, row in across.items()}
    assert all(row[2] == "0.00" for row in this_year.values())
    shown = company("ledger", "balance", "--from", "2025-07-01", "--to", "2026-06-30").stdout
    assert "Year end" in shown
    assert "Year end" not in company("ledger", "balance", "--from", "2026-01-01").stdout
