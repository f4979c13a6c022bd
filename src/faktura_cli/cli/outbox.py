"""`faktura outbox list|flush`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)


def _row(r) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        key: r[key]
        for key in (
            "id",
            "document",
            "order_id",
            "reminder",
            "channel",
            "status",
            "error",
            "target",
            "queued_at",
            "done_at",
        )
    }


@app.command("list", help="List deliveries: queued, sending, sent and failed.")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help="Only these: queued, sending, sent or failed.")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Queued on or after this day.")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Queued on or before this day.")] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render import terminal, words
    from faktura_cli.services.delivery_log import deliveries

    rows = deliveries(books(ctx), status=status, since=from_, until=to)
    if as_json:
        emit_json({"deliveries": [_row(r) for r in rows]})
        return
    console().print(
        terminal.table(
            None,
            [
                ("Id", "r"),
                ("Invoice", "r"),
                ("Order", "r"),
                ("Queued", "l"),
                ("Channel", "l"),
                ("Status", "l"),
                ("Where / why", "w"),
            ],
            [
                [
                    r["id"],
                    r["document"],
                    r["order_id"],
                    words.moment_iso(r["queued_at"]),
                    r["channel"] or "-",
                    words.word(r["status"]),
                    r["target"] or r["error"],
                ]
                for r in rows
            ],
        )
    )


@app.command("flush", help="Carry out every queued delivery (also what a crash left behind).")
def flush(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.services.outbox import flush as carry_out

    outcomes = carry_out(books(ctx), now=now())
    failed = [o for o in outcomes if o.status == "failed"]
    if as_json:
        emit_json(
            {
                "deliveries": [
                    {
                        "id": o.id,
                        "number": o.number,
                        "order": o.order,
                        "channel": o.channel,
                        "status": o.status,
                        "error": o.error,
                        "target": o.target,
                    }
                    for o in outcomes
                ]
            }
        )
    else:
        say(f"{len(outcomes) - len(failed)} delivered, {len(failed)} failed")
    for o in failed:
        sys.stderr.write(
            f"faktura: delivery failed: {o.number or o.order} ({o.channel}): {o.error}\n"
        )
    if failed:
        raise typer.Exit(3)
