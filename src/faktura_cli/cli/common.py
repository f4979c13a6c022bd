"""What every command shares: the books, the clock, JSON output and the options' types."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from faktura_cli import clock

if TYPE_CHECKING:
    from faktura_cli.render.view import View

T = TypeVar("T")

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
        out = None  # the tables' machinery, only when there is a table to draw
        for part in shown.parts:
            if isinstance(part, str):
                say(part)
            else:
                out = out or console()
                out.print(part)
    for text in shown.warnings:
        warn(text)


def as_it_goes(as_json: bool, report: Callable[[T], None]) -> Callable[[T], None] | None:
    """A long command's running report (a line per book as it finishes) is for people: with
    --json there is none, only the one document at the end."""
    return None if as_json else report


@contextmanager
def progress_bar(as_json: bool, what: str) -> Iterator[Callable[[int, int], None] | None]:
    """A bar for a person at a terminal, as `progress(done, total)`; None for cron, pipes and
    --json (they get the summary alone). Rich is imported only to draw it."""
    if as_json or not sys.stdout.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(what, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def json_needs_file(as_json: bool, output: Path | None, *, hint: str) -> None:
    """With --json a command prints one document about the file it wrote; where it would
    otherwise print the thing itself on stdout (a journal), --json needs -o FILE."""
    if as_json and output is None:
        from faktura_cli.errors import InvalidInput

        raise InvalidInput("--json needs -o FILE", hint=hint)


def console():
    from faktura_cli.render.terminal import Out

    # Tables in Rich's look, drawn without importing Rich when they fit (render/terminal.py).
    return Out()


def say(text: str) -> None:
    """A line for people on stdout."""
    sys.stdout.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(f"faktura: warning: {text}\n")


def fields_of(record: Any, options: dict[str, Any]) -> dict[str, Any]:
    """A command's options (its `locals()`) named like the fields of the dataclass `record`:
    the request built from them takes them once, not name by name in every command."""
    names = record.__dataclass_fields__  # by name (no dataclasses import on every start-up)
    return {name: value for name, value in options.items() if name in names}
