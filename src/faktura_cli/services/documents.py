"""Rendering issued documents to files. Reads only: the books are already committed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from faktura_cli.errors import InvalidInput
from faktura_cli.render.pdf import LABELS, html_to_pdf, invoice_html
from faktura_cli.storage import repository as repo


def write_pdf(conn: sqlite3.Connection, number: int, path: Path, *, lang: str) -> Path:
    if lang not in LABELS:
        raise InvalidInput(f"language {lang!r} is not available", hint="use no or en")
    doc = repo.get_document(conn, number)
    pdf = html_to_pdf(invoice_html(doc, lang=lang))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    return path
