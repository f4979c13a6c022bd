"""`faktura export mva-melding`: the term's VAT return from the postings (SPEC 15)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from faktura_cli import __version__
from faktura_cli.domain.reports import vat_term
from faktura_cli.domain.vat import ensure_files_vat
from faktura_cli.domain.vat_return import PurchaseSum, SalesSum, VatReturn, vat_return
from faktura_cli.render import mva
from faktura_cli.services.reports import VatReport, vat_report
from faktura_cli.storage import company as company_db
from faktura_cli.storage.db import snapshot
from faktura_cli.storage.files import write_file


@dataclass(frozen=True)
class MvaExport:
    file: Path
    vat_return: VatReturn
    report: VatReport


def term_return(conn: sqlite3.Connection, term: str) -> tuple[VatReturn, VatReport]:
    period = vat_term(term)
    with snapshot(conn):
        company = company_db.load_company(conn)
        report = vat_report(conn, period)
    ensure_files_vat(company.vat_registered)
    year, number = (int(part) for part in period.label.split("-"))
    return (
        vat_return(
            year,
            number,
            company.orgnr,
            [
                SalesSum(v.treatment.saft_code, v.treatment.rate, v.base, v.vat)
                for v in report.lines
            ],
            [
                PurchaseSum(p.vat.code, p.vat.rate, p.base, p.deductible, p.payable)
                for p in report.purchases
            ],
        ),
        report,
    )


def default_name(vat: VatReturn) -> str:
    return f"mvamelding_{vat.orgnr}_{vat.year}-{vat.term}.xml"


def render_return(vat: VatReturn) -> bytes:
    return mva.render(
        vat, version=__version__, reference=f"faktura-{vat.orgnr}-{vat.year}-{vat.term}"
    )


def export_mva_melding(
    conn: sqlite3.Connection, term: str, path: Path | None, *, now: datetime
) -> MvaExport:
    vat, report = term_return(conn, term)
    target = path or Path(default_name(vat))
    write_file(target, render_return(vat))
    return MvaExport(target, vat, report)
