"""The command group class every faktura group uses: errors to exit codes, and fast help."""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Any, NamedTuple

from typer.core import TyperCommand, TyperGroup

from faktura_cli.errors import FakturaError
from faktura_cli.services.inputs import check_text

EXIT_REFUSED = 1


class Entry(NamedTuple):
    """A command in a table of commands (cli/app.py's, a group's COMMANDS): its module is
    imported only when the command is built, so a command imports what it uses alone."""

    module: str
    attr: str  # "app" for a command group, else the command function
    help: str


def typer_echo_help(ctx) -> None:
    ctx.command.format_help(ctx, None)
    ctx.exit(0)


# A broken constraint or a misused statement is a bug in faktura, not a problem of the file.
_BUGS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)


def _fail(code: str, message: str, *, as_json: bool = False) -> None:
    """One line on stderr; in JSON mode also `{"error": {...}}` on stdout (SPEC 16)."""
    sys.stderr.write(f"faktura: error: {message}\n")
    if as_json:
        import json

        sys.stdout.write(
            json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False) + "\n"
        )


def error_text(message: str, hint: str | None = None) -> str:
    """`WHAT; what to do`: a message that ends in a full stop loses it before the hint."""
    message = message.rstrip()
    if hint:
        return f"{message.rstrip('.')}; {hint.rstrip()}"
    return message


def _is_typer_control_flow(exc: Exception) -> bool:
    return type(exc).__module__.split(".")[0] in ("typer", "click")


def _refuse(ctx, exc: Exception, *, as_json: bool) -> bool:
    """Report a refused command (exit 1); False for what is not ours to report."""
    if isinstance(exc, BrokenPipeError):
        return False  # the reader (head, less) went away: Typer exits quietly
    if isinstance(exc, FakturaError):
        _fail(exc.code, error_text(exc.message, exc.hint), as_json=as_json)
    elif isinstance(exc, OverflowError):
        _fail("invalid_input", "a number given is too large", as_json=as_json)
    elif os.environ.get("FAKTURA_DEBUG") or _is_typer_control_flow(exc):
        # Typer's own exceptions (exit, abort, usage errors: typer vendors click) pass through.
        return False
    elif isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, _BUGS):
        from faktura_cli.cli.common import state
        from faktura_cli.storage.db import unusable

        problem = unusable(exc, state(ctx).path)
        _fail(problem.code, error_text(problem.message, problem.hint), as_json=as_json)
    else:
        _fail(
            "unexpected",
            f"unexpected {type(exc).__name__}: {exc} (set FAKTURA_DEBUG=1 for details)",
            as_json=as_json,
        )
    return True


class FakturaGroup(TyperGroup):
    """Turns the project's exceptions into one line on stderr and exit 1, never a traceback."""

    def invoke(self, ctx):
        # What is still to parse (click empties it on the way): an option refused while it is
        # parsed (`--line`, `--amount`, a group's own options) never reaches the command that
        # knows its --json, so it is looked for here.
        named = getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", [])
        pending = [*named, *ctx.args]
        try:
            return super().invoke(ctx)
        except Exception as exc:
            as_json = bool(ctx.params.get("as_json")) or _json_asked(pending)
            if not _refuse(ctx, exc, as_json=as_json):
                raise
        ctx.exit(EXIT_REFUSED)

    def parse_args(self, ctx, args):
        """A bare group (`faktura`, `faktura invoice`) shows its help and exits 0 (SPEC 16);
        so does `faktura --db FILE`, which names no command either."""
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer_echo_help(ctx)
        rest = super().parse_args(ctx, args)
        named = getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", None)
        if not named and not rest and self.no_args_is_help and not ctx.resilient_parsing:
            typer_echo_help(ctx)
        return rest

    def format_help(self, ctx, formatter) -> None:
        from faktura_cli.cli.help import print_group_help

        print_group_help(self, ctx)


class FakturaCommand(TyperCommand):
    """A command whose --help is drawn by cli.help, in Typer's look without its rich_utils.

    Every text given to a command (names, addresses, line specs, reasons, references) passes
    the one text rule (domain.text) before the command runs, so nothing bad is ever stored.
    A refused command is reported here, where its `--json` is known.
    """

    def parse_args(self, ctx, args):
        """An option's parser (cli/params.py) refusing its text is reported like any refusal,
        as JSON too when `--json` was given."""
        as_json = "--json" in args  # before parsing: click consumes the list
        try:
            return super().parse_args(ctx, args)
        except FakturaError as exc:
            _refuse(ctx, exc, as_json=as_json)
        ctx.exit(EXIT_REFUSED)

    def invoke(self, ctx):  # Typer's Context is click's, which typer vendors privately
        try:
            for param in self.params:
                value = ctx.params.get(param.name or "")
                values = value if isinstance(value, list | tuple) else [value]
                for text in values:
                    if isinstance(text, str):
                        check_text(text, what=_option_name(param))
            return super().invoke(ctx)
        except Exception as exc:
            if not _refuse(ctx, exc, as_json=bool(ctx.params.get("as_json"))):
                raise
        ctx.exit(EXIT_REFUSED)

    def format_help(self, ctx, formatter) -> None:
        from faktura_cli.cli.help import print_command_help

        print_command_help(self, ctx)


def _json_asked(args: list[str]) -> bool:
    """`--json` among a command's arguments (before a `--` that ends the options)."""
    return "--json" in args[: args.index("--")] if "--" in args else "--json" in args


def _option_name(param: Any) -> str:
    """`--name`, or the argument's name, for the error message."""
    longs = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return longs[0] if longs else str(param.human_readable_name).lower()
