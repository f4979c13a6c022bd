"""`faktura report vat | overview`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import reports
from faktura_cli.services.overview import overview as make_overview
from faktura_cli.services.reports import vat_period, vat_report
from faktura_cli.services.year_end import default_vat_term, vat_filing_status

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


@app.command("vat", help="VAT per treatment and SAF-T tax code for a two-month term or a year.")
def vat(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        Opt(
            help="The two-month term YYYY-N: 1 = January–February … 6 = November–December. "
            "Default: the next term to file."
        ),
    ] = None,
    year: Annotated[str | None, Opt(help="The annual term (årstermin) YYYY.")] = None,
    as_json: JsonOption = False,
) -> None:
    conn = books(ctx)
    if term is None and year is None:  # the term to file next (SPEC 13)
        chosen = default_vat_term(conn, clock.today())
    else:
        chosen = vat_period(term=term, year=year)
    report = vat_report(conn, chosen)
    filed = report.period.label in vat_filing_status(conn)
    emit(reports.vat_report(report, filed=filed), as_json)


@app.command(
    "overview",
    help="The owner's overview: revenue per month, what is open by age, recurring income in the"
    " next 30 days, and what waits for you.",
)
def overview(
    ctx: typer.Context,
    year: Annotated[
        int | None, Opt(help="Revenue of this year (default this year).", parser=params.year)
    ] = None,
    html: Annotated[
        Path | None,
        Opt("--html", help="Also write it as a self-contained HTML page (charts as SVG)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    ov = make_overview(books(ctx), year=year, today=clock.today(), html=html)
    emit(reports.overview(ov, html=html), as_json)
