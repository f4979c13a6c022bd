"""SPEC 11, delivery you can trust: every committed document reaches its channel exactly once, or
the owner is told on every run until a person has decided. Against real SMTP servers on
127.0.0.1 (aiosmtpd) and real processes killed while they send."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from faktura_cli.domain.linespec import schedule_line_spec
from faktura_cli.services.outbox import claimant

from .conftest import COMPANY_ORGNR, Run
from .processes import environment, faktura, spawn
from .smtp_servers import PASSWORD, USER, Inbox, Servers

CRON_NOW = "2026-03-02T06:00:00+01:00"


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    running = Servers(tmp_path)
    yield running
    running.stop()


@pytest.fixture
def rng() -> Iterator[random.Random]:
    seed = int(os.environ.get("FAKTURA_CRASH_SEED", random.randrange(2**32)))
    print(f"FAKTURA_CRASH_SEED={seed}")
    yield random.Random(seed)


def _books(db: Path, schedules: int, *, first: str = "2025-12-01") -> None:
    """`schedules` monthly schedules, each to its own customer reached by e-mail; from
    2025-12-01 each has four occurrences due on 2 March 2026 (Dec, Jan, Feb, Mar)."""
    from faktura_cli.clock import OSLO
    from faktura_cli.services import company, customers, recurring
    from faktura_cli.storage.db import connect

    conn = connect(db, create=True)
    now = datetime(2026, 3, 1, 9, tzinfo=OSLO)
    company.init_company(
        conn,
        company.CompanyInput(
            name="Cron AS",
            orgnr=COMPANY_ORGNR,
            legal_form="AS",
            bank_account="86011117947",
            email="post@cron.example",
        ),
        now=now,
    )
    for k in range(schedules):
        c = customers.add_customer(
            conn,
            customers.CustomerInput(
                name=f"Kunde {k}",
                email=f"k{k}@kunde.example",
                postcode="0150",
                city="Oslo",
            ),
            now=now,
        )
        recurring.create_schedule(
            conn,
            recurring.ScheduleRequest(
                customer=c.number, next_date=date.fromisoformat(first), lines=(schedule_line_spec("text=Leie;price=100"),)
            ),
            now=now,
        )
    conn.close()


def _statuses(db: Path) -> dict[int, str]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT document, status FROM deliveries ORDER BY id").fetchall())
    finally:
        conn.close()


def _smtp_env(db: Path, port: int, tmp_path: Path) -> dict[str, str]:
    """SMTP as a provider on port 587 has it: STARTTLS required, then AUTH."""
    return environment(
        db,
        CRON_NOW,
        FAKTURA_SMTP_HOST="127.0.0.1",
        FAKTURA_SMTP_PORT=str(port),
        FAKTURA_SMTP_USER=USER,
        FAKTURA_SMTP_PASSWORD=PASSWORD,
        FAKTURA_SMTP_CAFILE=str(tmp_path / "smtp-cert.pem"),
    )


def _wait_for(inbox: Inbox, count: int, proc: subprocess.Popen[str], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while len(inbox.messages) < count and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(inbox.messages) >= count, (proc.poll(), len(inbox.messages))


def _assert_once_or_reported(
    db: Path, inbox: Inbox, invoices: int, reruns: list[subprocess.CompletedProcess[str]]
) -> dict[int, str]:
    """Never two messages for one invoice; each invoice sent exactly once, or failed/uncertain
    and said on stderr with exit 3 by every rerun; nothing left queued or sending."""
    counts = inbox.invoice_counts()
    statuses = _statuses(db)
    assert sorted(statuses) == list(range(1, invoices + 1))
    assert all(n == 1 for n in counts.values()), f"an invoice mailed twice: {counts}"
    for number, status in statuses.items():
        assert status in ("sent", "uncertain", "failed"), (number, status)
        if status == "sent":
            assert counts.get(number) == 1, f"invoice {number} is sent but never arrived"
        else:
            for done in reruns:
                assert done.returncode == 3, done
                assert f"faktura: delivery {status}: faktura {number} (e-post)" in done.stderr, done.stderr
    if all(s == "sent" for s in statuses.values()):
        assert all(done.returncode == 0 for done in reruns), reruns
    return statuses


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_run_due_killed_while_the_server_answers_leaves_it_uncertain_and_says_so_on_every_run(
    tmp_path: Path, servers: Servers, sig: signal.Signals
) -> None:
    db = tmp_path / "cron.db"
    _books(db, 3)  # 12 invoices
    inbox, port = servers.start("hang-after:5", starttls_and_auth=True)
    env = _smtp_env(db, port, tmp_path)
    proc = spawn("run-due", env=env)
    _wait_for(inbox, 5, proc)
    time.sleep(0.2)  # the sender now waits for the answer to its fifth message
    proc.send_signal(sig)
    proc.communicate(timeout=60)
    fifth = int(inbox.subjects()[4].split()[1])
    inbox.behaviour = "accept"
    reruns = [faktura("run-due", env=env), faktura("outbox", "flush", env=env)]
    statuses = _assert_once_or_reported(db, inbox, 12, reruns)
    assert statuses[fifth] == "uncertain"
    assert [n for n, s in statuses.items() if s != "sent"] == [fifth]
    assert len(inbox.messages) == 12
    assert "may have gone out" in reruns[0].stderr
    check = faktura("check", env=env)
    assert check.returncode == 1  # a finding (SPEC 9, 11)
    assert f"delivery_uncertain: delivery {fifth} of invoice {fifth}" in check.stdout
    # A person asks the customer, who has it: resolved, and cron is quiet again.
    assert faktura("outbox", "resolve", str(fifth), "--sent", env=env).returncode == 0
    quiet = faktura("run-due", env=env)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert len(inbox.messages) == 12


@pytest.mark.slow
def test_the_issue_scenario_schedules_times_four_killed_mid_run_then_rerun(
    tmp_path: Path, servers: Servers, rng: random.Random
) -> None:
    """Issue 15: schedules × 4 occurrences with SMTP configured, run-due killed while it
    delivers, then `run-due; outbox flush; check`: nothing sent twice, nothing silently unsent."""
    db = tmp_path / "cron.db"
    _books(db, 6)  # 24 invoices
    inbox, port = servers.start(starttls_and_auth=True)
    env = _smtp_env(db, port, tmp_path)
    proc = spawn("run-due", env=env)
    _wait_for(inbox, rng.randint(1, 20), proc)
    time.sleep(rng.random() * 0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert len(inbox.messages) < 24, "the kill should land while run-due delivers"
    reruns = [faktura("run-due", env=env), faktura("outbox", "flush", env=env)]
    _assert_once_or_reported(db, inbox, 24, reruns)
    check = faktura("check", env=env)
    # Sound books: `ok`, or (exit 1, SPEC 9) findings that are only the undecided deliveries.
    if check.returncode == 0:
        assert "ok:" in check.stdout
    else:
        assert check.returncode == 1, check.stderr
        findings = [line for line in check.stdout.splitlines() if line.strip()]
        assert findings and all(f.startswith("delivery_uncertain") for f in findings), findings


def test_stale_claims_become_uncertain_for_smtp_and_are_written_again_for_files(
    company: Run, servers: Servers, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = servers.start()
    monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FAKTURA_SMTP_PORT", str(port))
    monkeypatch.setenv("FAKTURA_SMTP_SECURITY", "none")
    company(
        "customer",
        "add",
        "--name",
        "Epost AS",
        "--email",
        "k@epost.example",
        "--postcode",
        "0150",
        "--city",
        "Oslo",
    )
    for plan in ("print", "email", "email"):
        company(
            "recurring",
            "create",
            "--customer",
            "10001",
            "--next-date",
            "2026-03-01",
            "--line",
            "text=Leie;price=100",
            "--delivery",
            plan,
        )
    company("run-due", "--no-deliver")
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(gone.stdout)
    me = claimant()
    conn = sqlite3.connect(isolated)
    with conn:
        claim = (
            "UPDATE deliveries SET status = 'sending', via = ?, claimed_pid = ?,"
            " claimed_start = ?, claimed_boot = ? WHERE id = ?"
        )
        conn.execute(claim, ("file", dead_pid, 1, me.boot, 1))  # its process is gone
        conn.execute(claim, ("smtp", me.pid, me.start, "another-boot", 2))  # before a restart
        conn.execute(claim, ("smtp", me.pid, me.start, me.boot, 3))  # alive: this process
    result = company("run-due", code=3)
    assert "faktura: delivery uncertain: faktura 2 (e-post)" in result.stderr
    assert "ended before the outcome was recorded; it may have gone out" in result.stderr
    statuses = dict(conn.execute("SELECT id, status FROM deliveries").fetchall())
    assert statuses == {1: "sent", 2: "uncertain", 3: "sending"}
    assert (isolated.parent / "outbox" / "print" / f"{COMPANY_ORGNR}-faktura-1.pdf").exists()
    assert inbox.messages == []  # neither e-mail was sent again
    conn.close()


def test_cron_is_quiet_on_success_and_says_one_line_otherwise(tmp_path: Path) -> None:
    db = tmp_path / "cron.db"
    _books(db, 1, first="2026-03-02")
    env = environment(db, CRON_NOW)
    produced = faktura("run-due", env=env)
    assert (produced.returncode, produced.stderr) == (0, "")
    assert produced.stdout == (
        "run-due 2026-03-02: produced 1 invoice(s) and 0 order(s); 1 delivered, 0 failed, 0 uncertain\n"
    )
    assert (tmp_path / "outbox" / "email" / f"{COMPANY_ORGNR}-faktura-1.eml").exists()
    idle = faktura("run-due", env=env)
    assert (idle.returncode, idle.stdout, idle.stderr) == (0, "", "")
    verbose = faktura("run-due", "--verbose", env=env)
    assert verbose.stdout == "run-due 2026-03-02: nothing due; 0 delivered, 0 failed, 0 uncertain\n"


def test_the_invoice_and_its_claim_are_fsynced_before_any_byte_goes_to_smtp(
    customer: int, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC 11, durable before it leaves: the claim of an SMTP delivery is committed with
    synchronous=FULL (SQLite fsyncs the WAL, which holds the invoice's commit too) before the
    connection to the server is opened; a file delivery needs no fsync of its own."""
    from faktura_cli.clock import now
    from faktura_cli.services import outbox
    from faktura_cli.storage.db import connect

    monkeypatch.setenv("FAKTURA_SMTP_HOST", "127.0.0.1")
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    conn = connect(isolated)
    trace: list[str] = []
    conn.set_trace_callback(trace.append)
    seen_at_send: list[list[str]] = []
    monkeypatch.setattr(outbox, "smtp_send", lambda msg, settings: seen_at_send.append(list(trace)))
    from faktura_cli.services.invoicing import send_invoice

    send_invoice(conn, 1, channel=None, now=now())
    trace.clear()
    [outcome] = outbox.flush(conn, now=now())
    assert outcome.status == "sent"
    [before] = seen_at_send
    full = before.index("PRAGMA synchronous = FULL")
    claim = next(
        i for i, s in enumerate(before) if s.startswith("UPDATE deliveries SET status = 'sending'")
    )
    commit = next(i for i in range(claim, len(before)) if before[i] == "COMMIT")
    assert full < claim < commit < before.index("PRAGMA synchronous = NORMAL")
    conn.close()
