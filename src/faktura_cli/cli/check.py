"""`faktura check`: the integrity audit."""

from __future__ import annotations

import sys

import typer

from faktura_cli.cli.common import JsonOption, books, emit_json, now, say, state

EXIT_FINDINGS = 1
# Only deliveries waiting for a decision (SPEC 11): the books are sound; exit as run-due does.
EXIT_UNDELIVERED = 3


def check(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.services.audit import check_books

    report = check_books(books(ctx), now=now())
    if as_json:
        emit_json(
            {
                "ok": report.ok,
                "vouchers": report.vouchers,
                "documents": report.documents,
                "postings": report.postings,
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
