"""`faktura export saft|journal|mva-melding|bundle` as people and programs see them: the file
written (or, for a journal without -o, the journal itself) and what it holds."""

from __future__ import annotations

from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.render.view import View, view


def _summary(kind: str, summary: Any, **extra: Any) -> dict[str, Any]:
    """services.exports.ExportSummary -> the --json document."""
    return {
        "export": kind,
        **extra,
        "file": str(summary.file) if summary.file else None,
        "vouchers": summary.vouchers,
        "total_debit": to_json(summary.total_debit),
        "total_credit": to_json(summary.total_credit),
    }


def saft(summary: Any, year: int) -> View:
    return view(
        _summary("saft", summary, year=year, anchor=summary.anchor),
        str(summary.file),
        f"anchor {summary.anchor}",
    )


def journal(summary: Any, fmt: str) -> View:
    """The journal itself when it was not written to a file, else the file's path."""
    if summary.text is not None:
        shown = (summary.text.removesuffix("\n"),) if summary.text else ()
    else:
        shown = (str(summary.file),)
    return view(_summary("journal", summary, format=fmt), *shown)


def mva_melding(result: Any) -> View:
    """services.vat_return's result: the mvamelding written, and its lines."""
    vat = result.vat_return
    return view(
        {
            "export": "mva-melding",
            "term": f"{vat.year}-{vat.term}",
            "file": str(result.file),
            # Whole kroner, as amounts everywhere in JSON: strings with two decimals (SPEC 3).
            "lines": [
                {
                    "code": line.code,
                    "base": None if line.base is None else to_json(line.base * 100),
                    "rate": line.rate,
                    "vat": to_json(line.vat * 100),
                }
                for line in vat.lines
            ],
            "to_pay": to_json(vat.to_pay * 100),
        },
        str(result.file),
    )


def bundle(result: Any, year: int) -> View:
    """services.bundle.Bundle: the folder filled for the accountant."""
    return view(
        {
            "export": "bundle",
            "year": year,
            "folder": str(result.folder),
            "files": list(result.files),
            "anchor": result.anchor,
        },
        str(result.folder),
        f"anchor {result.anchor}",
    )
