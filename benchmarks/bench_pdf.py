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
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _books import faktura_command, queued_print_deliveries

from faktura_cli.render import parallel
from faktura_cli.render.pdf import invoice_pdf
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import connect

INVOICES = 200
TARGET_PER_CORE = 8.0


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    cores = parallel.cores()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "books" / "bench.db"
        db.parent.mkdir()
        start = time.perf_counter()
        queued_print_deliveries(db, INVOICES)
        print(
            f"made {INVOICES} invoices with queued print deliveries in {time.perf_counter() - start:.1f} s"
        )
        # A copy for the flush: the renders below only read.
        flush_db = Path(tmp) / "flush" / "bench.db"
        flush_db.parent.mkdir()
        shutil.copy(db, flush_db)

        conn = connect(db)
        docs = [repo.get_document(conn, n) for n in range(1, INVOICES + 1)]
        conn.close()

        start = time.perf_counter()
        invoice_pdf(docs[0])
        warm_up = time.perf_counter() - start
        start = time.perf_counter()
        serial = [invoice_pdf(doc) for doc in docs]
        one_core = INVOICES / (time.perf_counter() - start)

        start = time.perf_counter()
        rendered = list(parallel.pdfs([(doc, None) for doc in docs]))
        batch_s = time.perf_counter() - start
        workers = min(cores, INVOICES)
        if rendered != serial:
            print("the workers' PDFs differ from the serial ones")
            return 1

        env = {"FAKTURA_DB": str(flush_db), "FAKTURA_NOW": "2026-03-02T07:00:00+01:00"}
        start = time.perf_counter()
        done = subprocess.run(
            [faktura_command(), "outbox", "flush"],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        flush_s = time.perf_counter() - start
        if done.returncode != 0 or done.stdout.strip() != f"{INVOICES} delivered, 0 failed":
            print(done.stdout, done.stderr)
            return 1
        files = list((flush_db.parent / "outbox" / "print").glob("*.pdf"))
        if len(files) != INVOICES:
            print(f"outbox/print holds {len(files)} PDFs, not {INVOICES}")
            return 1

    per_core_batch = INVOICES / batch_s / workers
    per_core_flush = INVOICES / flush_s / workers
    ok_one, ok_batch, ok_flush = (
        one_core >= TARGET_PER_CORE,
        per_core_batch >= TARGET_PER_CORE,
        per_core_flush >= TARGET_PER_CORE,
    )
    print(f"cores: {cores}; first PDF in a process (imports WeasyPrint): {warm_up:.2f} s")
    print(
        f"{'one core, in process':34s} {one_core:6.1f} PDFs/s            "
        f"target >= {TARGET_PER_CORE:.0f}/s/core  {verdict(ok_one)}"
    )
    print(
        f"{f'{workers} workers, batch of {INVOICES}':34s} {per_core_batch:6.1f} PDFs/s/core "
        f"({batch_s:.1f} s, pool start included)  {verdict(ok_batch)}"
    )
    print(
        f"{f'faktura outbox flush, {INVOICES} print':34s} {per_core_flush:6.1f} PDFs/s/core "
        f"({flush_s:.1f} s, whole command)  {verdict(ok_flush)}"
    )
    return 0 if ok_one and ok_batch and ok_flush else 1


if __name__ == "__main__":
    sys.exit(main())
