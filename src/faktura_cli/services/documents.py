"""Rendering issued documents to files. Reads only: the books are already committed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from faktura_cli.domain.records import Payee
from faktura_cli.errors import InvalidInput
from faktura_cli.render.ehf import ehf_xml
from faktura_cli.render.pdf import LABELS, invoice_pdf, reminder_pdf
from faktura_cli.services.invoice_queries import payee_for
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import reminders as reminder_store
from faktura_cli.storage.files import write_file


def write_pdf(conn: sqlite3.Connection, number: int, path: Path, *, lang: str) -> Path:
    if lang not in LABELS:
        raise InvalidInput(f"language {lang!r} is not available", hint="use no or en")
    doc = documents_db.get_document(conn, number)
    return write_file(path, invoice_pdf(doc, lang=lang, payee=_payee(conn, doc.number)))


def write_ehf(conn: sqlite3.Connection, number: int, path: Path) -> Path:
    """The invoice or credit note as EHF (PEPPOL BIS Billing 3.0 UBL XML)."""
    return write_file(
        path, ehf_xml(documents_db.get_document(conn, number), payee=_payee(conn, number))
    )


def write_reminder_pdf(conn: sqlite3.Connection, number: int, path: Path) -> Path:
    """A reminder as the customer got it."""
    reminder = reminder_store.get_reminder(conn, number)
    invoice = documents_db.get_document(conn, reminder.invoice)
    return write_file(
        path,
        reminder_pdf(
            reminder,
            invoice_date=invoice.date,
            invoice_due=invoice.due_date,
            account=invoice.bank_account,
        ),
    )


def _payee(conn: sqlite3.Connection, number: int) -> Payee | None:
    """The factoring partner of a sold invoice (the stored document itself never changes)."""
    return payee_for(conn, number)
