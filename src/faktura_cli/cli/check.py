"""`faktura check`: the integrity audit."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit_json, now, say, state

EXIT_FINDINGS = 1
# Only deliveries waiting for a decision (SPEC 11): the books are sound; exit as run-due does.
EXIT_UNDELIVERED = 3


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
    from faktura_cli.services.audit import anchor as current_anchor
    from faktura_cli.services.audit import check_books, parse_anchor

    expected = parse_anchor(expect) if expect is not None else None
    if anchor:
        head = current_anchor(books(ctx))
        if as_json:
            emit_json({"anchor": str(head), "length": head.length, "head": head.head})
        else:
            say(str(head))
        return
    report = check_books(books(ctx), expect=expected, now=now())
    if as_json:
        emit_json(
            {
                "ok": report.ok,
                "vouchers": report.vouchers,
                "documents": report.documents,
                "postings": report.postings,
                "anchor": str(report.anchor),
                "findings": [
                    {
                        "check": f.check,
                        "message": f.message,
                        "voucher": f.voucher,
                        "document": f.document,
                    }
                    for f in report.findings
                ],
            }
        )
    elif not report.findings:
        say(f"ok: {report.vouchers} vouchers, {report.documents} documents checked")
    else:
        for f in report.findings:
            say(f"{f.check}: {f.message}")
    if report.ok and report.findings:
        count = len(report.findings)
        sys.stderr.write(
            f"faktura: {count} deliver{'ies' if count != 1 else 'y'} failed or uncertain; "
            "see `faktura outbox list --status failed` and `--status uncertain`\n"
        )
        raise typer.Exit(EXIT_UNDELIVERED)
    if not report.ok:
        count = len(report.findings)
        sys.stderr.write(
            f"faktura: error: {count} finding{'s' if count != 1 else ''} in {state(ctx).path}\n"
        )
        raise typer.Exit(EXIT_FINDINGS)
