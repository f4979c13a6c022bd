"""The `faktura` command: global options, the command groups, and errors mapped to exit codes."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from typer.core import TyperGroup

from faktura_cli import __version__
from faktura_cli.cli import common, company, customer, demo, invoice, ledger, product
from faktura_cli.errors import FakturaError

EXIT_REFUSED = 1


def _fail(message: str) -> None:
    sys.stderr.write(f"faktura: error: {message}\n")


class FakturaGroup(TyperGroup):
    """Turns the project's exceptions into one line on stderr and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except FakturaError as exc:
            _fail(exc.message + (f"; {exc.hint}" if exc.hint else ""))
        except sqlite3.OperationalError as exc:
            if os.environ.get("FAKTURA_DEBUG"):
                raise
            _fail(f"the database could not be used ({exc}); nothing was changed")
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("FAKTURA_DEBUG"):
                raise
            _fail(f"unexpected {type(exc).__name__}: {exc} (set FAKTURA_DEBUG=1 for details)")
        ctx.exit(EXIT_REFUSED)


app = typer.Typer(
    name="faktura",
    cls=FakturaGroup,
    help="Invoicing, recurring billing, invoice sale and the ledger, for Norwegian businesses.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        common.say(f"faktura {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="The books (SQLite file). Default: $FAKTURA_DB, else "
            "$XDG_DATA_HOME/faktura/faktura.db.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = common.State(db)


app.command("init", help="Create the books for your company.")(company.init)
app.add_typer(company.app, name="company", help="Show or change your company's details.")
app.add_typer(customer.app, name="customer", help="The customer register.")
app.add_typer(product.app, name="product", help="The product register.")
app.add_typer(invoice.app, name="invoice", help="Create, show, render and settle invoices.")
app.add_typer(ledger.app, name="ledger", help="Postings and the trial balance.")
app.command("demo", help="Create a sample company with a year of activity.")(demo.demo)


def main() -> None:
    app()
