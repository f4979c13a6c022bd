"""`faktura report vat | overview`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, console, emit_json, say
from faktura_cli.cli.group import FakturaGroup

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
    from faktura_cli import clock
    from faktura_cli.render import terminal
    from faktura_cli.render.views import to_json
    from faktura_cli.services.reports import vat_period, vat_report
    from faktura_cli.services.year_end import default_vat_term, vat_filing_status

    conn = books(ctx)
    if term is None and year is None:  # the term to file next (SPEC 13)
        chosen = default_vat_term(conn, clock.today())
    else:
        chosen = vat_period(term=term, year=year)
    report = vat_report(conn, chosen)
    period = report.period
    filed = period.label in vat_filing_status(conn)
    if as_json:
        emit_json(
            {
                "term": period.label,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "filed": filed,
                "lines": [
                    {
                        "vat_code": line.treatment.code,
                        "saft_code": line.treatment.saft_code,
                        "rate": line.treatment.percent_text,
                        "description": line.treatment.label,
                        "base": to_json(line.base),
                        "vat": to_json(line.vat),
                    }
                    for line in report.lines
                ],
                "base_total": to_json(report.base_total),
                "vat_total": to_json(report.vat_total),
                "purchases": [
                    {
                        "vat_code": p.vat.code,
                        "saft_code": p.vat.code,
                        "rate": p.vat.percent_text,
                        "description": p.vat.label,
                        "base": to_json(p.base),
                        "input_vat": to_json(p.deductible),
                        "reverse_charge_vat": to_json(p.payable),
                    }
                    for p in report.purchases
                ],
                "input_vat_total": to_json(report.input_vat_total),
                "reverse_charge_total": to_json(report.reverse_charge_total),
                "to_pay": to_json(report.to_pay),
            }
        )
        return
    body = [
        [
            line.treatment.saft_code,
            line.treatment.label,
            f"{line.treatment.percent_text} %",
            terminal.money(line.base),
            terminal.money(line.vat),
        ]
        for line in report.lines
    ]
    body.append(
        ["", "Sum", "", terminal.money(report.base_total), terminal.money(report.vat_total)]
    )
    for p in report.purchases:
        if p.payable:
            body.append(
                [p.vat.code, p.vat.label, f"{p.vat.percent_text} %", terminal.money(p.base),
                 terminal.money(p.payable)]
            )
        body.append(
            [p.vat.code, f"Fradrag: {p.vat.label}", f"{p.vat.percent_text} %",
             "" if p.payable else terminal.money(p.base), terminal.money(-p.deductible)]
        )
    if report.purchases:
        body.append(["", "Å betale (til gode: negativ)", "", "", terminal.money(report.to_pay)])
    console().print(
        terminal.table(
            f"VAT {period.label} ({period.start} – {period.end})"
            + (", filed" if filed else ", not filed"),
            [("Code", "r"), ("Treatment", "w"), ("Rate", "r"), ("Base", "r"), ("VAT", "r")],
            body,
        )
    )


@app.command(
    "overview",
    help="The owner's overview: revenue per month, what is open by age, recurring income in the"
    " next 30 days, and what waits for you.",
)
def overview(
    ctx: typer.Context,
    year: Annotated[str | None, Opt(help="Revenue of this year (default this year).")] = None,
    html: Annotated[
        Path | None,
        Opt("--html", help="Also write it as a self-contained HTML page (charts as SVG)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli import clock
    from faktura_cli.render.overview import Dashboard, overview_view
    from faktura_cli.services.overview import overview as make

    ov = make(books(ctx), year=year, today=clock.today(), html=html)
    if as_json:
        emit_json({**overview_view(ov), "html": str(html) if html else None})
    elif html is not None:
        say(str(html))
    else:
        console().print(Dashboard(ov))
