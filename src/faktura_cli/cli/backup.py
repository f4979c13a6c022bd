"""`faktura backup FILE` and `faktura restore FILE`."""

from __future__ import annotations

from pathlib import Path

import typer

from faktura_cli.cli.common import JsonOption, books, emit_json, say


def backup(ctx: typer.Context, file: Path, as_json: JsonOption = False) -> None:
    from faktura_cli.services.backup import backup as service

    result = service(books(ctx), file)
    if as_json:
        emit_json(
            {"file": str(result.file), "vouchers": result.vouchers, "documents": result.documents}
        )
    else:
        say(
            f"Backed up to {result.file} ({result.vouchers} vouchers, {result.documents} documents)"
        )


def restore(ctx: typer.Context, file: Path, as_json: JsonOption = False) -> None:
    from faktura_cli.services.backup import restore as service

    report = service(books(ctx, create=True), file)
    if as_json:
        emit_json({"file": str(file), "vouchers": report.vouchers, "documents": report.documents})
    else:
        say(
            f"Restored from {file} ({report.vouchers} vouchers, {report.documents} documents, audit ok)"
        )
