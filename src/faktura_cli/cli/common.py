"""What every command shares: the books, the clock, JSON output and the options' types."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from faktura_cli import clock

if TYPE_CHECKING:
    from faktura_cli.render.view import View

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print exactly one JSON document on stdout instead.")
]


class State:
    """Global options, kept on the Typer context."""

    def __init__(self, db: Path | None) -> None:
        self.db = db
        self._conn: sqlite3.Connection | None = None

    def books(self, *, create: bool = False) -> sqlite3.Connection:
        if self._conn is None:
            from faktura_cli.storage.db import connect, resolve_path

            self._conn = connect(resolve_path(self.db), create=create)
        return self._conn

    @property
    def path(self) -> Path:
        from faktura_cli.storage.db import resolve_path

        return resolve_path(self.db)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State(None)
    return root.obj


def books(ctx: typer.Context, *, create: bool = False) -> sqlite3.Connection:
    return state(ctx).books(create=create)


def now():
    return clock.now()


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def emit(shown: View, as_json: bool) -> None:
    """The one output path: a command's view as one JSON document, or as lines and tables."""
    if as_json:
        emit_json(shown.data)
    else:
        out = console()
        for part in shown.parts:
            if isinstance(part, str):
                say(part)
            else:
                out.print(part)
    for text in shown.warnings:
        warn(text)


def console():
    from faktura_cli.render.terminal import Out

    # Tables in Rich's look, drawn without importing Rich when they fit (render/terminal.py).
    return Out()


def say(text: str) -> None:
    """A line for people on stdout."""
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(f"faktura: warning: {text}\n")
