"""`faktura export bundle --year YYYY -o DIR`: everything the accountant needs for a year.

SAF-T, the hledger journal, every PDF and EHF sent, every attachment (bilag), the VAT returns,
the trial balance and the anchor, with SHA256SUMS over all of it (`sha256sum -c SHA256SUMS`).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from faktura_cli.domain.money import to_json
from faktura_cli.domain.reports import year_period
from faktura_cli.domain.vat_return import TERM_NAMES
from faktura_cli.errors import InvalidInput
from faktura_cli.render import journal, saft
from faktura_cli.render.views import to_csv
from faktura_cli.services import exports, vat_return
from faktura_cli.services.invoice_queries import payee_for
from faktura_cli.services.ledger import trial_balance
from faktura_cli.storage import chain, entries
from faktura_cli.storage import company as company_db
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage.db import snapshot
from faktura_cli.storage.files import write_file

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Bundle:
    folder: Path
    files: tuple[str, ...]  # relative paths, as listed in SHA256SUMS
    anchor: str


def _safe(name: str) -> str:
    return _SAFE.sub("_", name).strip("._") or "vedlegg"


def export_bundle(conn: sqlite3.Connection, year: str, folder: Path, *, now: datetime) -> Bundle:
    period = year_period(year)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InvalidInput(f"{folder} exists and is not an empty folder", hint="name a new folder")
    if not folder.parent.is_dir():
        raise InvalidInput(f"the folder {folder.parent} does not exist")
    out: dict[str, bytes] = {}
    with snapshot(conn):
        company = company_db.load_company(conn)
        content = exports.saft_file(conn, year, now=now)
        out[exports.default_saft_name(company.orgnr, now)] = saft.render(content)
        books = exports.journal_books(conn)
        until = tuple(v for v in books.vouchers if v.date <= period.end)
        out[f"journal-{period.label}.hledger"] = journal.render(
            journal.JournalBooks(books.title, books.accounts, until), "hledger"
        ).encode()
        rows = trial_balance(conn, start=period.start, end=period.end)
        out[f"trial-balance-{period.label}.csv"] = to_csv(
            [
                {
                    "account": r.account,
                    "name": r.name,
                    "opening": to_json(r.opening),
                    "movement": to_json(r.movement),
                    "closing": to_json(r.closing),
                }
                for r in rows
            ],
            ["account", "name", "opening", "movement", "closing"],
        ).encode()
        if company.vat_registered:
            for term in range(1, len(TERM_NAMES) + 1):
                vat, _ = vat_return.term_return(conn, f"{period.label}-{term}")
                if vat.lines:
                    out[f"mva-melding/{vat_return.default_name(vat)}"] = vat_return.render_return(
                        vat
                    )
        for number, channel in entries.sent_documents(conn, start=period.start, end=period.end):
            out.update(_document_files(conn, number, channel))
        for voucher, digest, name, data in entries.iter_attachment_files(
            conn, start=period.start, end=period.end
        ):
            out[f"vedlegg/bilag-{voucher}-{digest[:12]}-{_safe(name)}"] = bytes(data)
        anchor = str(chain.head(conn))  # `faktura check --expect` takes it (SPEC §12)
    out["anchor.txt"] = (anchor + "\n").encode()
    if not folder.expanduser().parent.is_dir():
        raise InvalidInput(
            f"the folder {folder.expanduser().parent} does not exist",
            hint="create it first, or name another folder",
        )
    sums = []
    for name in sorted(out):
        write_file(folder / name, out[name], create_folder=True)
        sums.append(f"{hashlib.sha256(out[name]).hexdigest()}  {name}\n")
    write_file(folder / "SHA256SUMS", "".join(sums).encode(), create_folder=True)
    return Bundle(folder, (*sorted(out), "SHA256SUMS"), anchor)


def _document_files(conn: sqlite3.Connection, number: int, channel: str) -> dict[str, bytes]:
    """The document as it was sent: the EHF for the ehf channel, the PDF for the others."""
    from faktura_cli.render.ehf import ehf_xml
    from faktura_cli.render.pdf import invoice_pdf

    doc = documents_db.get_document(conn, number)
    stem = f"dokumenter/{'kreditnota' if doc.kind == 'credit_note' else 'faktura'}-{number}"
    payee = payee_for(conn, number)
    if channel == "ehf":
        return {f"{stem}.xml": ehf_xml(doc, payee=payee)}
    return {f"{stem}.pdf": invoice_pdf(doc, payee=payee)}
