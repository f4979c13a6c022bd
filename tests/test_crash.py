"""`kill -9` at any moment: the books hold what was before a command or what is after it.

A harness starts `invoice create`, `invoice credit` and `factoring accept` as real processes and
kills them with SIGKILL at random moments of their run, one after another; then it runs what is
left to do again and checks the books: numbers without gaps, every voucher balanced, `check`
clean, each operation done entirely or not at all, and every queued delivery carried out exactly
once by `outbox flush`. (`run-due` and `outbox flush` under SIGKILL: tests/test_recurring.py.)

The moments are random; the seed is printed, and FAKTURA_CRASH_SEED=N repeats a run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import NOW, Run
from .processes import assert_sound, environment, faktura, spawn

FRIDAY_BEFORE = "2026-02-27T10:15:00+01:00"
PEPPOL_CUSTOMER = (
    "customer",
    "add",
    "--name",
    "Fjordtech AS",
    "--orgnr",
    "910524267",
    "--peppol",
    "0192:910524267",
    "--address",
    "Kaigaten 1",
    "--postcode",
    "5003",
    "--city",
    "Bergen",
)
# EHF to an access point (written to outbox/ehf/): a delivery without a PDF keeps runs short.
INVOICE = ("invoice", "create", "--customer", "10001", "--line", "text=Arbeid;price=8000")


@pytest.fixture
def rng() -> Iterator[random.Random]:
    seed = int(os.environ.get("FAKTURA_CRASH_SEED", random.randrange(2**32)))
    print(f"FAKTURA_CRASH_SEED={seed}")
    yield random.Random(seed)


@pytest.fixture
def books(run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A company with an approved factoring agreement and a customer reached by EHF."""
    monkeypatch.setenv("FAKTURA_NOW", FRIDAY_BEFORE)
    run(
        "init",
        "--name",
        "Fjellbekk Design AS",
        "--orgnr",
        "923456783",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
    )
    run("factoring", "apply", "--consent")
    monkeypatch.setenv("FAKTURA_NOW", NOW)
    run(*PEPPOL_CUSTOMER)
    return environment(isolated, NOW)


def kill_at_random_moments(
    commands: list[tuple[str, ...]], db: Path, env: dict[str, str], rng: random.Random
) -> int:
    """Run each command and SIGKILL it at a random moment; returns how many it killed.

    Half the moments spread over a whole run as timed on an undisturbed one (most fall in the
    interpreter's start-up, some in the work, some after the end); the other half come a few
    milliseconds after the process was seen to commit, between its transaction and the
    delivery that follows it.
    """
    started = time.monotonic()
    calibration = faktura("invoice", "show", "1", env=env)
    assert calibration.returncode in (0, 1), calibration.stderr
    start_up = time.monotonic() - started
    wal = db.with_name(db.name + "-wal")
    killed = 0
    for args in commands:
        written = _wal_state(wal)
        proc = spawn(*args, env=env)
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0.5 * start_up, 1.6 * start_up))
        else:
            deadline = time.monotonic() + 10
            while _wal_state(wal) == written and proc.poll() is None:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.08))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.communicate(timeout=120)
    return killed


def _wal_state(wal: Path) -> tuple[int, int] | None:
    """Size and time of the last write of the WAL: a commit changes it, a read does not."""
    try:
        info = wal.stat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns


def deliveries_carried_out_once(db: Path, env: dict[str, str]) -> dict[int, int]:
    """`outbox flush` finishes what the kills left queued; then each delivery is sent once."""
    flushed = faktura("outbox", "flush", env=env)
    assert flushed.returncode == 0, flushed.stderr
    conn = sqlite3.connect(db)
    statuses = conn.execute("SELECT DISTINCT status FROM deliveries").fetchall()
    assert statuses in ([], [("sent",)]), statuses
    per_document = dict(
        conn.execute("SELECT document, COUNT(*) FROM deliveries GROUP BY document").fetchall()
    )
    conn.close()
    return per_document


def test_invoice_create_killed_again_and_again(
    books: dict[str, str], isolated: Path, rng: random.Random
) -> None:
    killed = kill_at_random_moments([INVOICE] * 12, isolated, books, rng)
    assert killed > 0
    conn = assert_sound(isolated, books)
    created = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    per_invoice = conn.execute(
        "SELECT d.number, COUNT(v.number) FROM documents d"
        " LEFT JOIN vouchers v ON v.document = d.number GROUP BY d.number"
    ).fetchall()
    assert all(n == 1 for _, n in per_invoice), "each invoice with exactly its voucher"
    again = faktura(*INVOICE, env=books)
    assert again.stdout == f"{created + 1}\n", again.stderr
    per_document = deliveries_carried_out_once(isolated, books)
    assert per_document == {n: 1 for n in range(1, created + 2)}
    written = sorted(p.name for p in (isolated.parent / "outbox" / "ehf").iterdir())
    assert written == sorted(f"923456783-faktura-{n}.xml" for n in range(1, created + 2))
    assert_sound(isolated, books)


def test_invoice_credit_killed_again_and_again(
    books: dict[str, str], run: Run, isolated: Path, rng: random.Random
) -> None:
    """Open invoices and sold ones (annulment: the credit note's voucher and the reversal of
    the sale, in one transaction)."""
    for _ in range(6):
        run(*INVOICE)
    for _ in range(2):
        run(*INVOICE, "--due-date", "2026-03-16", "--immediate-payment")
    run("factoring", "accept", "7")
    run("factoring", "accept", "8")
    invoices = list(range(1, 9))
    credit = [("invoice", "credit", str(n), "--reason", "Feil pris") for n in invoices]
    assert kill_at_random_moments(credit, isolated, books, rng) > 0

    conn = assert_sound(isolated, books)
    for n in invoices:
        notes = conn.execute("SELECT number FROM documents WHERE credits = ?", (n,)).fetchall()
        assert len(notes) <= 1
        for (note,) in notes:
            vouchers = conn.execute(
                "SELECT COUNT(*) FROM vouchers WHERE document = ?", (note,)
            ).fetchone()[0]
            assert vouchers == 1, f"credit note {note} without its voucher"
            if n in (7, 8):
                annulled = conn.execute(
                    "SELECT kind FROM factoring_credits WHERE credit_note = ?", (note,)
                ).fetchall()
                assert annulled == [("annulled",)], "the sale reversed with the credit"
    for args in credit:  # again: whatever was credited already is refused, the rest credited
        done = faktura(*args, env=books)
        assert done.returncode in (0, 1), done.stderr
    for n in invoices:
        shown = faktura("invoice", "show", str(n), "--json", env=books)
        assert '"status": "credited"' in shown.stdout, shown.stdout
    notes = conn.execute(
        "SELECT credits, COUNT(*), SUM(total) FROM documents WHERE kind = 'credit_note'"
        " GROUP BY credits"
    ).fetchall()
    assert notes == [(n, 1, -1_000_000) for n in invoices], "each credited once, in full"
    per_document = deliveries_carried_out_once(isolated, books)
    to_partner_too = dict(
        conn.execute("SELECT number, credits IN (7, 8) FROM documents WHERE credits").fetchall()
    )
    expected = {n: 1 for n in invoices} | {note: 1 + both for note, both in to_partner_too.items()}
    assert per_document == expected, "each document delivered once, on each of its channels"
    assert_sound(isolated, books)


def test_factoring_accept_killed_again_and_again(
    books: dict[str, str], run: Run, isolated: Path, rng: random.Random
) -> None:
    invoices = list(range(1, 9))
    for _ in invoices:
        run(*INVOICE, "--due-date", "2026-03-16", "--immediate-payment")
    accept = [("factoring", "accept", str(n)) for n in invoices]
    assert kill_at_random_moments(accept, isolated, books, rng) > 0

    conn = assert_sound(isolated, books)
    for n in invoices:
        sale = conn.execute(
            "SELECT settlement_voucher FROM factoring_sales WHERE invoice = ?", (n,)
        ).fetchall()
        offer = conn.execute(
            "SELECT status FROM factoring_offers WHERE invoice = ?", (n,)
        ).fetchone()[0]
        vouchers = conn.execute(
            "SELECT COUNT(*) FROM vouchers WHERE document = ?", (n,)
        ).fetchone()[0]
        queued = conn.execute(
            "SELECT COUNT(*) FROM deliveries WHERE document = ?", (n,)
        ).fetchone()[0]
        held = conn.execute(
            "SELECT COUNT(*) FROM factoring_holds WHERE invoice = ? AND released_at IS NULL",
            (n,),
        ).fetchone()[0]
        if sale:  # sold: all of it
            assert (offer, vouchers, queued, held) == ("accepted", 2, 1, 0), n
        else:  # not sold: none of it
            assert (offer, vouchers, queued, held) == ("offered", 1, 0, 1), n
    for args in accept:  # again: a sold invoice is refused, the rest are sold now
        done = faktura(*args, env=books)
        assert done.returncode in (0, 1), done.stderr
    sold = conn.execute("SELECT invoice FROM factoring_sales ORDER BY invoice").fetchall()
    assert sold == [(n,) for n in invoices]
    assert deliveries_carried_out_once(isolated, books) == {n: 1 for n in invoices}
    xml = (isolated.parent / "outbox" / "ehf" / "923456783-faktura-1.xml").read_text()
    assert "cac:PayeeParty" in xml, "delivered with the partner as payee"
    assert_sound(isolated, books)
