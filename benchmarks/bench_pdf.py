"""PDF rendering of 200 invoices, one core and all cores, and `outbox flush` of 200 print
deliveries.

Target (SPEC section 10): at least 8 invoices per second per core, batches rendered in
parallel across cores. The invoices come from monthly schedules of one to four lines, produced
by `faktura run-due --no-deliver` (benchmarks/_books.py), each queued for the print channel.

- one core: `render.pdf.invoice_pdf` in this process, after one warm-up document (WeasyPrint's
  import, ~0.6-0.9 s, is printed apart);
- all cores: `render.parallel.pdfs`, as the outbox uses it, from pool start to the last PDF;
- `faktura outbox flush` as cron runs it: the whole command, from process start to the 200th
  file written and recorded sent, on a copy of the same books.

Each line also gives PDFs per CPU-second (this process and its workers): that figure does not
depend on what else runs on the machine; the per-core wall figure does, since the pool can only
use cores that are idle. The load average before the run is printed for that reason.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from _books import faktura_command, queued_print_deliveries

from faktura_cli.render import parallel
from faktura_cli.render.pdf import invoice_pdf
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage.db import connect

INVOICES = 200
T = TypeVar("T")
TARGET_PER_CORE = 8.0


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def timed(call: Callable[[], T]) -> tuple[T, float, float]:
    """The call's result, wall seconds, and CPU seconds of this process and its waited-for
    children (the pool's workers, the flush's workers): CPU time does not depend on what
    else the machine is running, wall time does."""

    def cpu() -> float:
        own, children = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    wall, used = time.perf_counter(), cpu()
    result = call()
    return result, time.perf_counter() - wall, cpu() - used


def main() -> int:
    cores = parallel.cores()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "books" / "bench.db"
        db.parent.mkdir()
        _, made_s, _ = timed(lambda: queued_print_deliveries(db, INVOICES))
        print(f"made {INVOICES} invoices with queued print deliveries in {made_s:.1f} s")
        # A copy for the flush: the renders below only read.
        flush_db = Path(tmp) / "flush" / "bench.db"
        flush_db.parent.mkdir()
        shutil.copy(db, flush_db)

        conn = connect(db)
        docs = [documents_db.get_document(conn, n) for n in range(1, INVOICES + 1)]
        conn.close()

        _, warm_up, _ = timed(lambda: invoice_pdf(docs[0]))
        serial, serial_s, serial_cpu = timed(lambda: [invoice_pdf(doc) for doc in docs])
        rendered, batch_s, batch_cpu = timed(
            lambda: list(parallel.pdfs([(doc, None) for doc in docs]))
        )
        workers = min(cores, INVOICES)
        if rendered != serial:
            print("the workers' PDFs differ from the serial ones")
            return 1

        env = {
            **os.environ,
            "FAKTURA_DB": str(flush_db),
            "FAKTURA_NOW": "2026-03-02T07:00:00+01:00",
        }
        done, flush_s, flush_cpu = timed(
            lambda: subprocess.run(
                [faktura_command(), "outbox", "flush"], env=env, capture_output=True, text=True
            )
        )
        flushed = f"{INVOICES} levert, 0 feilet, 0 usikre"  # outbox flush's summary for people
        if done.returncode != 0 or done.stdout.strip() != flushed:
            print(done.stdout, done.stderr)
            return 1
        files = list((flush_db.parent / "outbox" / "print").glob("*.pdf"))
        if len(files) != INVOICES:
            print(f"outbox/print holds {len(files)} PDFs, not {INVOICES}")
            return 1

    rows = [
        ("one core, in process", INVOICES / serial_s, serial_s, serial_cpu, "one after the other"),
        (
            f"{workers} workers, batch of {INVOICES}",
            INVOICES / batch_s / workers,
            batch_s,
            batch_cpu,
            "pool start included",
        ),
        (
            f"faktura outbox flush, {INVOICES} print",
            INVOICES / flush_s / workers,
            flush_s,
            flush_cpu,
            "the whole command",
        ),
    ]
    print(
        f"cores: {cores}; load average before the run: {load:.2f} (the pool needs idle cores); "
        f"first PDF in a process (imports WeasyPrint): {warm_up:.2f} s"
    )
    failed = False
    for name, per_core, wall, cpu, what in rows:
        ok = per_core >= TARGET_PER_CORE
        failed |= not ok
        print(
            f"{name:36s} {per_core:5.1f} PDFs/s/core  target >= {TARGET_PER_CORE:.0f}  "
            f"{verdict(ok):6s} ({wall:.1f} s, {what}; {INVOICES / cpu:.1f} PDFs per CPU-second)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
