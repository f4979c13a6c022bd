"""PDFs for a batch of documents, rendered across the machine's cores (SPEC section 10).

The workers are fresh interpreters (the "spawn" start method): they inherit no database
connection and no open file, receive a document and hand back its PDF bytes, nothing more.
Everything else, writing files, sending, recording, stays with the caller. A worker ends with
its caller, also when the caller is killed, so a crashed `outbox flush` leaves no renderers
behind.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Generator, Sequence

from faktura_cli.domain.invoice import Document
from faktura_cli.domain.records import Payee

# Fewer PDFs than this are rendered by the caller: a pool costs ~1 s to start (each worker
# imports WeasyPrint), about the time the caller needs for a handful of documents.
PARALLEL_FROM = 4
# Documents handed out ahead of the one the caller waits for, per worker: enough to keep
# every core busy, few enough that a crash has little rendered for nothing.
AHEAD_PER_WORKER = 4

PdfRequest = tuple[Document, Payee | None]


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pdfs(requests: Sequence[PdfRequest | None]) -> Generator[bytes | None, None, None]:
    """Yield, in order, each request's PDF, rendered in worker processes a few documents ahead.

    None means the caller renders it itself: where there was no request, when there are too few
    documents or cores for a pool to pay, and when a worker failed (rendering again in the
    caller raises the error where the caller reports it). Close the iterator (or run it out)
    to stop the workers.
    """
    wanted = sum(r is not None for r in requests)
    workers = min(cores(), wanted)
    if wanted < PARALLEL_FROM or workers < 2:
        yield from (None for _ in requests)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker
    )
    try:
        ahead: deque[Future[bytes] | None] = deque()
        for request in requests:
            ahead.append(_submit(pool, request))
            if len(ahead) > workers * AHEAD_PER_WORKER:
                yield _result(ahead.popleft())
        while ahead:
            yield _result(ahead.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool, request: PdfRequest | None):
    from concurrent.futures import BrokenExecutor

    if request is None:
        return None
    try:
        return pool.submit(_render, request)
    except BrokenExecutor:  # a worker died: the caller renders the rest itself
        return None


def _render(request: PdfRequest) -> bytes:
    from faktura_cli.render.pdf import invoice_pdf

    doc, payee = request
    return invoice_pdf(doc, payee=payee)


def _result(future) -> bytes | None:
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # the document's own error, or a worker that died: the caller renders it
        return None


def _start_worker() -> None:
    import multiprocessing
    import signal
    import threading

    # Ctrl-C reaches the whole process group; stopping is the caller's to decide.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    from faktura_cli.render.pdf import engine

    engine()  # import WeasyPrint and parse the stylesheet before the first document arrives


def _exit_with(parent) -> None:
    """End this worker when its caller ends, however it ends (kill -9 included)."""
    parent.join()
    os._exit(1)
