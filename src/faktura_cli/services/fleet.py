"""`faktura fleet run-due`: every book's run-due in its own process, N at a time.

An accounting bureau keeps one books file per client (SPEC §17). Each book runs as
`faktura --db BOOK run-due --json` in a fresh interpreter, so a damaged file, a locked book or
a crash touches that book only; its exit code and JSON are the whole report. Nothing is shared
between the processes but the outbox folder, whose file names start with the company's orgnr.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from faktura_cli.domain.fleet import BookRun, Shard, book_status, fleet_exit_code, shard
from faktura_cli.errors import InvalidInput

__all__ = ["BookRun", "FleetRequest", "FleetRun", "fleet_run_due"]


@dataclass(frozen=True)
class FleetRequest:
    """`fleet run-due`: glob patterns, the day to run as, --jobs and --shard I/N."""

    books: tuple[str, ...]
    today: date
    jobs: int | None = None
    shard: Shard | None = None
    no_deliver: bool = False


@dataclass(frozen=True)
class FleetRun:
    today: date
    books: tuple[BookRun, ...]
    shard: Shard | None

    @property
    def exit_code(self) -> int:
        return fleet_exit_code(list(self.books))


# SQLite's own files beside a book: `clients/*` matches them too, and they are no books.
SIDE_FILES = ("-wal", "-shm", "-journal")


def find_books(patterns: list[str]) -> list[Path]:
    """The files the glob patterns match (`**` spans folders), each once, in name order."""
    found = {
        Path(match)
        for pattern in patterns
        for match in glob.glob(os.path.expanduser(pattern), recursive=True)
        if Path(match).is_file() and not match.endswith(SIDE_FILES)
    }
    if not found:
        raise InvalidInput(
            f"no books match {' '.join(patterns)}", hint="quote the pattern: --books 'clients/*.db'"
        )
    return sorted(found)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_book(book: Path, *, today: date, no_deliver: bool) -> BookRun:
    """One book's run-due in its own interpreter; whatever happens there is reported, not raised."""
    argv = [sys.executable, "-m", "faktura_cli", "--db", str(book), "run-due", "--json"]
    argv += ["--today", today.isoformat()]  # one day for every book, even across midnight
    if no_deliver:
        argv.append("--no-deliver")
    start = time.perf_counter()
    try:
        done = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except OSError as exc:  # pragma: no cover - the interpreter itself could not start
        return BookRun(str(book), "failed", 1, error=str(exc))
    seconds = time.perf_counter() - start
    status = book_status(done.returncode)
    try:
        report = json.loads(done.stdout) if done.stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if status == "failed" or not isinstance(report, dict):
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        error = lines[-1].removeprefix("faktura: error: ") if lines else "no report"
        return BookRun(str(book), "failed", done.returncode or 1, error=error, seconds=seconds)
    created = report.get("created", [])
    deliveries = report.get("deliveries", [])
    failed = [d for d in deliveries if d.get("status") == "failed"]
    return BookRun(
        str(book),
        status,
        done.returncode,
        invoices=sum(1 for c in created if c.get("kind") == "invoice"),
        orders=sum(1 for c in created if c.get("kind") == "order"),
        delivered=len(deliveries) - len(failed),
        failed_deliveries=len(failed),
        error="; ".join(f"{d.get('number')}: {d.get('error')}" for d in failed) or None,
        seconds=seconds,
    )


def fleet_run_due(
    request: FleetRequest, *, progress: Callable[[BookRun], None] | None = None
) -> FleetRun:
    """run-due in every matching book (this shard's), `jobs` processes at a time.

    `progress` is called with each book's run as it finishes (from the worker threads, one
    at a time); the result lists them in the books' name order.
    """
    today, shard_of = request.today, request.shard
    if request.jobs is not None and request.jobs < 1:
        raise InvalidInput("--jobs must be at least 1")
    no_deliver = request.no_deliver
    books = find_books(list(request.books))
    if shard_of is not None:
        books = shard(books, *shard_of)
    workers = min(request.jobs or default_jobs(), max(len(books), 1))
    reporting = threading.Lock()

    def one(book: Path) -> BookRun:
        run = run_book(book, today=today, no_deliver=no_deliver)
        if progress:
            with reporting:  # one book's lines at a time, as each book finishes
                progress(run)
        return run

    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = tuple(pool.map(one, books))
    return FleetRun(today, runs, shard_of)
