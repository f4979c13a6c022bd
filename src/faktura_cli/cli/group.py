"""The command group class every faktura group uses: errors to exit codes, and fast help."""

from __future__ import annotations

import os
import sqlite3
import sys

from typer import Context
from typer.core import TyperCommand, TyperGroup

from faktura_cli.errors import FakturaError
from faktura_cli.services.inputs import check_text

EXIT_REFUSED = 1
# A broken constraint or a misused statement is a bug in faktura, not a problem of the file.
_BUGS = (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)


def _fail(message: str) -> None:
    sys.stderr.write(f"faktura: error: {message}\n")


def _is_typer_control_flow(exc: Exception) -> bool:
    return type(exc).__module__.split(".")[0] in ("typer", "click")


class FakturaGroup(TyperGroup):
    """Turns the project's exceptions into one line on stderr and exit 1, never a traceback."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # the reader (head, less) went away: Typer exits quietly
        except FakturaError as exc:
            _fail(exc.message + (f"; {exc.hint}" if exc.hint else ""))
        except OverflowError:
            _fail("a number given is too large")
        except Exception as exc:
            # Typer's own exceptions (exit, abort, usage errors: typer vendors click) pass through.
            if os.environ.get("FAKTURA_DEBUG") or _is_typer_control_flow(exc):
                raise
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, _BUGS):
                from faktura_cli.cli.common import state
                from faktura_cli.storage.db import unusable

                problem = unusable(exc, state(ctx).path)
                _fail(f"{problem.message}; {problem.hint}")
            else:
                _fail(f"unexpected {type(exc).__name__}: {exc} (set FAKTURA_DEBUG=1 for details)")
        ctx.exit(EXIT_REFUSED)

    def format_help(self, ctx, formatter) -> None:  # type: ignore[no-untyped-def]
        from faktura_cli.cli.help import print_group_help

        print_group_help(self, ctx)


class FakturaCommand(TyperCommand):
    """A command whose --help is drawn by cli.help, in Typer's look without its rich_utils.

    Every text given to a command (names, addresses, line specs, reasons, references) passes
    the one text rule (domain.text) before the command runs, so nothing bad is ever stored.
    """

    def invoke(self, ctx: Context) -> object:
        for param in self.params:
            value = ctx.params.get(param.name or "")
            values = value if isinstance(value, list | tuple) else [value]
            for text in values:
                if isinstance(text, str):
                    check_text(text, what=_option_name(param))
        return super().invoke(ctx)

    def format_help(self, ctx, formatter) -> None:  # type: ignore[no-untyped-def]
        from faktura_cli.cli.help import print_command_help

        print_command_help(self, ctx)


def _option_name(param: object) -> str:
    """`--name`, or the argument's name, for the error message."""
    longs = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return longs[0] if longs else str(param.human_readable_name).lower()
