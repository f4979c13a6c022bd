"""`faktura backup FILE` and `faktura restore FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit, now, warn
from faktura_cli.render import audit
from faktura_cli.services.backup import SettingChange
from faktura_cli.services.backup import backup as make_backup
from faktura_cli.services.backup import restore as restore_books


def backup(ctx: typer.Context, file: Path, as_json: JsonOption = False) -> None:
    emit(audit.backup(make_backup(books(ctx), file)), as_json)


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
    def announce(changes: list[SettingChange]) -> None:
        """Before replacing: the delivery settings the backup brings, on stderr."""
        for change in changes:
            warn(audit.setting_changed(change))

    result = restore_books(
        books(ctx, create=True),
        file,
        now=now(),
        other_company=other_company,
        before_replacing=announce,
    )
    emit(audit.restored(result, file), as_json)
