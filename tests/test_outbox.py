"""The outbox renders a batch's PDFs in worker processes, one per core (SPEC sections 6 and 10),
and still carries out each delivery once, recorded by the flushing process alone."""

import email
import email.policy
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from faktura_cli.render import parallel
from faktura_cli.render.pdf import invoice_pdf
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage.db import connect

from .conftest import COMPANY_ORGNR, Run

needs_two_cores = pytest.mark.skipif(
    parallel.cores() < 2, reason="one core: the outbox renders every PDF itself"
)


@pytest.fixture
def queued(company: Run) -> Run:
    """Invoices for January to March for three customers, queued by `run-due --no-deliver`:
    nine deliveries, six with a PDF (print, e-mail) and three EHF files."""
    company(
        "customer", "add", "--name", "Papir AS", "--postcode", "0150", "--city", "Oslo"
    )  # 10001
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
    )  # 10002
    company(
        "customer",
        "add",
        "--name",
        "Fjordtech AS",
        "--orgnr",
        "910524267",
        "--peppol",
        "0192:910524267",
        "--postcode",
        "5013",
        "--city",
        "Bergen",
    )  # 10003
    for customer, plan in (("10001", "print"), ("10002", "email"), ("10003", "ehf")):
        company(
            "recurring",
            "create",
            "--customer",
            customer,
            "--next-date",
            "2026-01-01",
            "--line",
            "text=Leie av kontorplass;price=4500",
            "--delivery",
            plan,
        )
    company("run-due", "--no-deliver")
    return company


def _attachment(eml: Path) -> bytes:
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    (pdf,) = message.iter_attachments()  # type: ignore[attr-defined]
    return pdf.get_content()  # type: ignore[no-any-return]


@needs_two_cores
def test_a_batch_is_rendered_by_workers_into_the_same_pdfs_as_one_at_a_time(
    queued: Run, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed_over: list[bytes | None] = []
    real_pdfs = parallel.pdfs

    def watched(requests: Sequence[parallel.PdfRequest | None]) -> Iterator[bytes | None]:
        for pdf in real_pdfs(requests):
            handed_over.append(pdf)
            yield pdf

    monkeypatch.setattr(parallel, "pdfs", watched)
    flushed = queued("outbox", "flush", "--json").json()["deliveries"]
    assert sorted((d["channel"], d["status"]) for d in flushed) == sorted(
        [("print", "sent"), ("email", "sent"), ("ehf", "sent")] * 3
    )
    assert len({d["id"] for d in flushed}) == 9
    # Each PDF came from a worker; the EHF files (no PDF) were made by the flushing process.
    assert sum(pdf is not None for pdf in handed_over) == 6
    outbox = isolated.parent / "outbox"
    for d in flushed:
        number = d["number"]
        if d["channel"] == "print":
            delivered = (outbox / "print" / f"{COMPANY_ORGNR}-faktura-{number}.pdf").read_bytes()
        elif d["channel"] == "email":
            delivered = _attachment(outbox / "email" / f"{COMPANY_ORGNR}-faktura-{number}.eml")
        else:
            continue
        alone = tmp_path / f"alone-{number}.pdf"
        queued("invoice", "pdf", str(number), "-o", str(alone))
        assert delivered == alone.read_bytes(), f"invoice {number} differs from `invoice pdf`"
    # Once each: a file per delivery, no leftovers, nothing left for the next flush.
    by_channel = {
        c: sorted(d["number"] for d in flushed if d["channel"] == c)
        for c in ("print", "email", "ehf")
    }
    assert sorted(p.name for p in (outbox / "print").iterdir()) == sorted(
        f"{COMPANY_ORGNR}-faktura-{n}.pdf" for n in by_channel["print"]
    )
    assert sorted(p.name for p in (outbox / "email").iterdir()) == sorted(
        f"{COMPANY_ORGNR}-faktura-{n}.eml" for n in by_channel["email"]
    )
    assert queued("outbox", "flush", "--json").json()["deliveries"] == []


@needs_two_cores
def test_workers_hand_back_pdfs_in_order_and_leave_a_failure_to_the_caller(
    queued: Run, isolated: Path
) -> None:
    conn = connect(isolated)
    docs = [documents_db.get_document(conn, n) for n in (1, 2, 3)]
    broken = (object(), None)  # a worker cannot render this; the caller will, and report why
    requests = [(docs[0], None), None, broken, (docs[1], None), (docs[2], None)]
    got = list(parallel.pdfs(requests))  # type: ignore[arg-type]
    assert got == [invoice_pdf(docs[0]), None, None, invoice_pdf(docs[1]), invoice_pdf(docs[2])]


def test_a_few_documents_are_rendered_by_the_caller_without_a_pool(
    queued: Run, isolated: Path
) -> None:
    import multiprocessing

    conn = connect(isolated)
    requests = [(documents_db.get_document(conn, n), None) for n in (1, 2, 3)]
    assert list(parallel.pdfs([*requests, None])) == [None] * 4
    assert multiprocessing.active_children() == []


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@needs_two_cores
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_kill_9_during_a_parallel_flush_leaves_no_workers_and_the_next_flush_finishes_once(
    company: Run, isolated: Path
) -> None:
    company("customer", "add", "--name", "Papir AS", "--postcode", "0150", "--city", "Oslo")
    for _ in range(10):
        company(
            "recurring",
            "create",
            "--customer",
            "10001",
            "--next-date",
            "2026-01-01",
            "--line",
            "text=Leie;price=100",
            "--delivery",
            "print",
        )
    company("run-due", "--no-deliver")  # 30 print deliveries
    flush = [sys.executable, "-m", "faktura_cli", "outbox", "flush", "--json"]
    proc = subprocess.Popen(flush, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    conn = sqlite3.connect(isolated, timeout=30)
    deadline = time.monotonic() + 120
    sent = 0
    while sent == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        sent = conn.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'").fetchone()[0]
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert 0 < sent < 30, "the kill should land mid-flush"
    assert workers, "the flush renders in worker processes"
    deadline = time.monotonic() + 20
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(w) for w in workers), "the workers end with the flush"
    again = subprocess.run(flush, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert conn.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status").fetchall() == [
        ("sent", 30)
    ]
    files = sorted(p.name for p in (isolated.parent / "outbox" / "print").iterdir())
    assert files == sorted(f"{COMPANY_ORGNR}-faktura-{n}.pdf" for n in range(1, 31)), (
        "one PDF each, no leftovers"
    )
    conn.close()


def test_a_delivery_another_process_claimed_first_is_waited_for(
    customer: int, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`invoice send` (or create) while cron's run-due flushes: the other process claims the
    queued delivery first; the command waits for it and reports how it ended (a file channel
    would simply be written again; here one that cannot be repeated, as SMTP e-mail)."""
    import threading

    from faktura_cli.clock import now
    from faktura_cli.services import outbox
    from faktura_cli.services.invoicing import send_invoice
    from faktura_cli.services.outbox import deliver_latest
    from faktura_cli.storage import outbox as store
    from faktura_cli.storage.db import transaction

    line = ("--line", "text=Kurs;price=500", "--no-send")
    number = int(run("invoice", "create", "--customer", str(customer), *line).stdout)
    conn = connect(isolated)
    delivery = send_invoice(conn, number, channel="email", now=now())
    other = connect(isolated)
    with transaction(other):  # claimed by a process that is running (this one)
        assert store.claim(other, delivery, via="smtp", by=outbox.claimant(), now=now())
    other.close()

    def finish_elsewhere() -> None:
        time.sleep(0.3)
        elsewhere = connect(isolated)
        with transaction(elsewhere):
            store.finish(elsewhere, delivery, status="sent", now=now(), target="smtp:elsewhere")
        elsewhere.close()

    finisher = threading.Thread(target=finish_elsewhere)
    finisher.start()
    outcome = deliver_latest(conn, number, now=now())
    finisher.join()
    assert outcome is not None
    assert (outcome.id, outcome.status, outcome.target) == (delivery, "sent", "smtp:elsewhere")
