"""`faktura report vat|overview` as people and programs see them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.domain.overview import Overview
from faktura_cli.render import terminal
from faktura_cli.render.overview import Dashboard, overview_view
from faktura_cli.render.view import View, view


def vat_report_data(report: Any, *, filed: bool) -> dict[str, Any]:
    """services.reports.VatReport -> the --json document."""
    period = report.period
    return {
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


def vat_report(report: Any, *, filed: bool) -> View:
    """Sales per treatment and SAF-T code, then input VAT and reverse charge, and what to pay."""
    period = report.period
    body: list[list[Any]] = [
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
                [
                    p.vat.code,
                    p.vat.label,
                    f"{p.vat.percent_text} %",
                    terminal.money(p.base),
                    terminal.money(p.payable),
                ]
            )
        body.append(
            [
                p.vat.code,
                f"Fradrag: {p.vat.label}",
                f"{p.vat.percent_text} %",
                "" if p.payable else terminal.money(p.base),
                terminal.money(-p.deductible),
            ]
        )
    if report.purchases:
        body.append(["", "Å betale (til gode: negativ)", "", "", terminal.money(report.to_pay)])
    return view(
        vat_report_data(report, filed=filed),
        terminal.table(
            f"VAT {period.label} ({period.start} – {period.end})"
            + (", filed" if filed else ", not filed"),
            [("Code", "r"), ("Treatment", "w"), ("Rate", "r"), ("Base", "r"), ("VAT", "r")],
            body,
        ),
    )


def overview(ov: Overview, *, html: Path | None) -> View:
    """The owner's overview: the dashboard, or the HTML page's path when one was written."""
    return view(
        {**overview_view(ov), "html": str(html) if html else None},
        str(html) if html is not None else Dashboard(ov),
    )
