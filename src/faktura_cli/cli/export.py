"""`faktura export saft|journal`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render.views import to_json

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


class JournalFormat(str, Enum):
    hledger = "hledger"
    beancount = "beancount"


def _summary(kind: str, summary, **extra) -> dict:
    from faktura_cli.render.views import to_json

    return {
        "export": kind,
        **extra,
        "file": str(summary.file) if summary.file else None,
        "vouchers": summary.vouchers,
        "total_debit": to_json(summary.total_debit),
        "total_credit": to_json(summary.total_credit),
    }


@app.command("saft", help="SAF-T Financial 1.30 (Norway) for a year, as Skatteetaten asks for it.")
def saft(
    ctx: typer.Context,
    year: Annotated[str, Opt(help="The accounting year YYYY.")],
    output: Annotated[
        Path | None,
        Opt("-o", "--output", help="Where to write it (default SAF-T_Financial_ORGNR_TIME.xml)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.exports import export_saft

    summary = export_saft(books(ctx), year, output, now=now())
    if as_json:
        emit_json(_summary("saft", summary, year=int(year), anchor=summary.anchor))
    else:
        say(str(summary.file))
        say(f"anchor {summary.anchor}")


@app.command("journal", help="The books as an hledger or beancount journal.")
def journal(
    ctx: typer.Context,
    format: Annotated[JournalFormat, Opt(help="hledger or beancount.")],
    output: Annotated[
        Path | None, Opt("-o", "--output", help="Where to write it (default: stdout).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.errors import InvalidInput
    from faktura_cli.services.exports import export_journal

    if as_json and output is None:
        raise InvalidInput(
            "--json needs -o FILE", hint="without -o the journal itself is printed on stdout"
        )
    summary = export_journal(books(ctx), format.value, output)
    if as_json:
        emit_json(_summary("journal", summary, format=format.value))
    elif summary.text is not None:
        sys.stdout.write(summary.text)
    else:
        say(str(summary.file))


@app.command("mva-melding", help="The VAT return for a two-month term (Skatteetaten's mvamelding).")
def mva_melding(
    ctx: typer.Context,
    term: Annotated[str, Opt(help="The term YYYY-N: 1 = January–February … 6 = November–December.")],
    output: Annotated[
        Path | None,
        Opt("-o", "--output", help="Where to write it (default mvamelding_ORGNR_YYYY-N.xml)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.vat_return import export_mva_melding

    result = export_mva_melding(books(ctx), term, output, now=now())
    vat = result.vat_return
    if as_json:
        emit_json(
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
            }
        )
    else:
        say(str(result.file))


@app.command("bundle", help="Everything for the accountant for a year, with SHA256SUMS.")
def bundle(
    ctx: typer.Context,
    year: Annotated[str, Opt(help="The accounting year YYYY.")],
    output: Annotated[Path, Opt("-o", "--output", help="A new (or empty) folder to fill.")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bundle import export_bundle

    result = export_bundle(books(ctx), year, output, now=now())
    if as_json:
        emit_json(
            {
                "export": "bundle",
                "year": int(year),
                "folder": str(result.folder),
                "files": list(result.files),
                "anchor": result.anchor,
            }
        )
    else:
        say(str(result.folder))
        say(f"anchor {result.anchor}")
