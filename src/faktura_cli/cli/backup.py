"""`faktura backup FILE` and `faktura restore FILE`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit_json, now, say


def backup(ctx: typer.Context, file: Path, as_json: JsonOption = False) -> None:
    from faktura_cli.services.backup import backup as service

    result = service(books(ctx), file)
    if as_json:
        emit_json(
            {
                "file": str(result.file),
                "vouchers": result.vouchers,
                "documents": result.documents,
                "anchor": result.anchor,
            }
        )
    else:
        say(
            f"Backed up to {result.file} ({result.vouchers} vouchers, {result.documents} documents)"
        )
        say(f"anchor {result.anchor}")


def restore(
    ctx: typer.Context,
    file: Path,
    other_company: Annotated[
        bool,
        typer.Option(
            "--other-company",
            help="Replace the books even when the backup is another organisasjonsnummer's.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.backup import SettingChange
    from faktura_cli.services.backup import restore as service

    def announce(changes: list[SettingChange]) -> None:
        """Before replacing: the delivery settings the backup brings, on stderr (not --json)."""
        for change in changes:
            sys.stderr.write(
                f"faktura: warning: the backup changes {change.name.replace('_', ' ')}: "
                f"{_shown(change.current)} -> {_shown(change.restored)}\n"
            )

    result = service(
        books(ctx, create=True),
        file,
        now=now(),
        other_company=other_company,
        before_replacing=announce,
    )
    report = result.report
    if as_json:
        emit_json(
            {
                "file": str(file),
                "vouchers": report.vouchers,
                "documents": report.documents,
                "anchor": str(report.anchor),
                "replaced": str(result.replaced) if result.replaced else None,
                "changed_settings": [
                    {"setting": c.name, "current": c.current, "restored": c.restored}
                    for c in result.changes
                ],
            }
        )
    else:
        say(
            f"Restored from {file} ({report.vouchers} vouchers, {report.documents} documents, audit ok)"
        )
        if result.replaced:
            say(f"The books it replaced are kept as {result.replaced}")
        say(f"anchor {report.anchor}")


def _shown(value: object) -> str:
    return "(none)" if value is None else str(value)
