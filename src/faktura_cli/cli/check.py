"""`faktura check`: the integrity audit."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit, now, state
from faktura_cli.render import audit
from faktura_cli.services.audit import anchor as current_anchor
from faktura_cli.services.audit import check_books, parse_anchor

# Any finding, also a delivery waiting for a person's decision (SPEC 9: "exit 1 on any"; SPEC 11:
# `check` lists failed and uncertain deliveries as findings). Exit 3 is run-due's (SPEC 3).
EXIT_FINDINGS = 1


def check(
    ctx: typer.Context,
    anchor: Annotated[
        bool,
        typer.Option(
            "--anchor",
            help="Only print the anchor N:HASH (the hash chain's length and head) to keep "
            "outside the file.",
        ),
    ] = False,
    expect: Annotated[
        str | None,
        typer.Option(
            "--expect",
            metavar="N:HASH",
            help="Also verify that the books still hold the chain of this anchor as a prefix.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    expected = parse_anchor(expect) if expect is not None else None
    if anchor:
        emit(audit.anchor(current_anchor(books(ctx))), as_json)
        return
    report = check_books(books(ctx), expect=expected, now=now())
    emit(audit.check(report), as_json)
    if report.ok and report.findings:
        count = len(report.findings)
        sys.stderr.write(
            f"faktura: error: {count} deliver{'ies' if count != 1 else 'y'} failed or uncertain; "
            "see `faktura outbox list --status failed` and `--status uncertain`\n"
        )
        raise typer.Exit(EXIT_FINDINGS)
    if not report.ok:
        count = len(report.findings)
        sys.stderr.write(
            f"faktura: error: {count} finding{'s' if count != 1 else ''} in {state(ctx).path}\n"
        )
        raise typer.Exit(EXIT_FINDINGS)
