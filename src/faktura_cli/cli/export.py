"""`faktura export saft|journal`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit, json_needs_file, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import exports
from faktura_cli.services.bundle import export_bundle
from faktura_cli.services.exports import export_journal, export_saft
from faktura_cli.services.vat_return import export_mva_melding

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


class JournalFormat(str, Enum):
    hledger = "hledger"
    beancount = "beancount"


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
    emit(exports.saft(export_saft(books(ctx), year, output, now=now()), int(year)), as_json)


@app.command("journal", help="The books as an hledger or beancount journal.")
def journal(
    ctx: typer.Context,
    format: Annotated[JournalFormat, Opt(help="hledger or beancount.")],
    output: Annotated[
        Path | None, Opt("-o", "--output", help="Where to write it (default: stdout).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    json_needs_file(as_json, output, hint="without -o the journal itself is printed on stdout")
    summary = export_journal(books(ctx), format.value, output)
    emit(exports.journal(summary, format.value), as_json)


@app.command("mva-melding", help="The VAT return for a two-month term (Skatteetaten's mvamelding).")
def mva_melding(
    ctx: typer.Context,
    term: Annotated[
        str, Opt(help="The term YYYY-N: 1 = January–February … 6 = November–December.")
    ],
    output: Annotated[
        Path | None,
        Opt("-o", "--output", help="Where to write it (default mvamelding_ORGNR_YYYY-N.xml)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    emit(exports.mva_melding(export_mva_melding(books(ctx), term, output, now=now())), as_json)


@app.command("bundle", help="Everything for the accountant for a year, with SHA256SUMS.")
def bundle(
    ctx: typer.Context,
    year: Annotated[str, Opt(help="The accounting year YYYY.")],
    output: Annotated[Path, Opt("-o", "--output", help="A new (or empty) folder to fill.")],
    as_json: JsonOption = False,
) -> None:
    emit(exports.bundle(export_bundle(books(ctx), year, output, now=now()), int(year)), as_json)
