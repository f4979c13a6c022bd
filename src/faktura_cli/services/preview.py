"""Previews (SPEC 16): the PDF that would be sent, marked UTKAST, with nothing changed.

Each preview rehearses the real use case inside `rehearsal` (BEGIN IMMEDIATE ... ROLLBACK), so
the draft shows exactly what would be issued now: its number, KID, dates, totals and seller. The
books are left as they were; only the PDF is written.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from faktura_cli.domain.invoice import Document
from faktura_cli.errors import InvalidInput
from faktura_cli.render.pdf import LABELS, invoice_pdf
from faktura_cli.services.crediting import CreditRequest, credit_invoice
from faktura_cli.services.invoicing import InvoiceRequest, create_invoice
from faktura_cli.services.orders import order_document
from faktura_cli.services.recurring import produce_next
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage.db import rehearsal
from faktura_cli.storage.files import write_file


@dataclass(frozen=True)
class Preview:
    document: Document  # as it would be issued now; not in the books
    file: Path


def _check(lang: str) -> None:
    if lang not in LABELS:
        raise InvalidInput(f"language {lang!r} is not available", hint="use no or en")


def preview_invoice(
    conn: sqlite3.Connection, request: InvoiceRequest, path: Path, *, lang: str, now: datetime
) -> Preview:
    """`invoice create ... --preview`: the invoice it would issue, as a draft PDF."""
    _check(lang)
    with rehearsal(conn):
        issued = create_invoice(
            conn, replace(request, send=False, immediate_payment=False), now=now
        )
    return _write(issued.document, path, lang)


def preview_credit(
    conn: sqlite3.Connection, request: CreditRequest, path: Path, *, lang: str, now: datetime
) -> Preview:
    """`invoice credit ... --preview`: the credit note it would issue, as a draft PDF."""
    _check(lang)
    with rehearsal(conn):
        result = credit_invoice(conn, replace(request, send=False), now=now)
    return _write(result.credit_note.document, path, lang)


def preview_schedule(
    conn: sqlite3.Connection, schedule_id: int, path: Path, *, lang: str, now: datetime
) -> Preview:
    """`recurring show N --preview`: the schedule's next invoice (or order), as a draft PDF."""
    _check(lang)
    with rehearsal(conn):
        produced = produce_next(conn, schedule_id, now=now)
        doc = (
            order_document(conn, produced.number)
            if produced.kind == "order"
            else documents_db.get_document(conn, produced.number)
        )
    return _write(doc, path, lang)


def _write(doc: Document, path: Path, lang: str) -> Preview:
    return Preview(doc, write_file(path, invoice_pdf(doc, lang=lang, draft=True)))
