"""The `faktura` command: global options, the command groups, and errors mapped to exit codes."""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand

from faktura_cli import __version__
from faktura_cli.cli import common
from faktura_cli.cli.group import Entry, FakturaCommand, FakturaGroup, error_text


class RootGroup(FakturaGroup):
    def list_commands(self, ctx) -> list[str]:
        """In the order of COMMANDS (Typer would put single commands before groups)."""
        return [name for name in COMMANDS if name in self.commands]


# The command tree, by name. Only the invoked entry is built: Typer turns every function's
# signature into options when the tree is built, and a whole tree costs ~50 ms at each start.
COMMANDS: dict[str, Entry] = {
    "init": Entry("faktura_cli.cli.company", "init", "Create the books for your company."),
    "company": Entry("faktura_cli.cli.company", "app", "Show or change your company's details."),
    "customer": Entry("faktura_cli.cli.customer", "app", "The customer register."),
    "product": Entry("faktura_cli.cli.product", "app", "The product register."),
    "invoice": Entry("faktura_cli.cli.invoice", "app", "Create, show, render and settle invoices."),
    "recurring": Entry(
        "faktura_cli.cli.recurring", "app", "Recurring invoices and orders (schedules)."
    ),
    "run-due": Entry(
        "faktura_cli.cli.run_due", "run_due", "Produce and deliver what is due (run it from cron)."
    ),
    "remind": Entry(
        "faktura_cli.cli.remind", "remind", "Send reminders with fee and interest (purring)."
    ),
    "rates": Entry(
        "faktura_cli.cli.remind", "rates_app", "Late-payment interest rates (forsinkelsesrente)."
    ),
    "order": Entry("faktura_cli.cli.order", "app", "Orders produced by schedules."),
    "outbox": Entry(
        "faktura_cli.cli.outbox", "app", "Deliveries: list them, or carry out what is queued."
    ),
    "factoring": Entry(
        "faktura_cli.cli.factoring", "app", "Sell invoices to a factoring partner (invoice sale)."
    ),
    "bank": Entry(
        "faktura_cli.cli.bank", "app", "Bank files: payments matched by KID, what is unmatched."
    ),
    "ledger": Entry(
        "faktura_cli.cli.ledger", "app", "Postings, the trial balance and the customer ledger."
    ),
    "account": Entry("faktura_cli.cli.account", "app", "The chart of accounts (NS 4102)."),
    "voucher": Entry(
        "faktura_cli.cli.voucher", "app", "Manual vouchers (bilag) with input VAT and attachments."
    ),
    "bill": Entry("faktura_cli.cli.bill", "app", "Supplier invoices: record, list and pay them."),
    "opening": Entry(
        "faktura_cli.cli.voucher", "opening", "Opening balances for books that start mid-life."
    ),
    "report": Entry(
        "faktura_cli.cli.report", "app", "Reports: VAT for the accountant, the owner's overview."
    ),
    "export": Entry("faktura_cli.cli.export", "app", "SAF-T, MVA-melding, journals and the year's bundle."),
    "check": Entry(
        "faktura_cli.cli.check", "check", "Audit the books' integrity; exit 1 on any finding."
    ),
    "backup": Entry(
        "faktura_cli.cli.backup", "backup", "Write a consistent copy of the books (online)."
    ),
    "restore": Entry(
        "faktura_cli.cli.backup", "restore", "Replace the books with a backup that passes `check`."
    ),
    "lock": Entry(
        "faktura_cli.cli.lock", "app", "The period lock: nothing dated on or before it is created."
    ),
    "year": Entry(
        "faktura_cli.cli.year", "app", "Close or reopen an accounting year (8800 → 2050)."
    ),
    "vat": Entry(
        "faktura_cli.cli.vat", "app", "File a VAT term (settle to 2740, lock it) and pay it."
    ),
    "demo": Entry(
        "faktura_cli.cli.demo", "demo", "Create a sample company with a year of activity."
    ),
    "fleet": Entry(
        "faktura_cli.cli.fleet", "app", "Many books: run-due in each, in its own process."
    ),
}
GLOBAL_OPTIONS_WITH_VALUE = ("--db",)
_ALL = "\0all"  # build_app(sub=_ALL): every command of the group


def _version(value: bool) -> None:
    if value:
        common.say(f"faktura {__version__}")
        raise typer.Exit()


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


def _stub() -> None:
    """Stands in for a command that is not being run: only its name and help are shown."""


def _only_invoked(group: typer.Typer, sub: str | None) -> typer.Typer:
    """The group with only the invoked command built: Typer reads every command's signature
    (its annotations, then each option) when it builds the group, ~1 ms a command. The others
    stand in as stubs with their name and help, which is all the group's help shows of them.
    (A copy: the module's own group stays whole for the next build in the same process.)"""
    lean = copy.copy(group)
    lean.registered_commands = []
    for info in group.registered_commands:
        callback = info.callback
        if callback is not None and (info.name or callback.__name__.replace("_", "-")) != sub:
            info = copy.copy(info)
            info.help = info.help or inspect.getdoc(callback)
            info.callback = _stub
        lean.registered_commands.append(info)
    return lean


def _from_table(group: typer.Typer, table: dict[str, Entry], sub: str | None) -> typer.Typer:
    """A group whose commands are a table (its module's COMMANDS, one module per command):
    the invoked command (every one with `sub` _ALL) imported and built, the others stubs with
    their name and help, in the table's order. (A copy: the module's own group stays empty.)"""
    lean = copy.copy(group)
    lean.registered_commands = []
    for name, entry in table.items():
        if sub is _ALL or name == sub:
            callback = getattr(importlib.import_module(entry.module), entry.attr)
        else:
            callback = _stub
        lean.command(name, help=entry.help)(callback)
    return lean


def build_app(
    only: str | None = None, *, stubs: bool = False, sub: str | None = _ALL
) -> typer.Typer:
    """The Typer app with every command, or with just `only` (and the others as help stubs);
    with `sub`, of `only`'s commands just `sub` (the others as help stubs too)."""
    app = typer.Typer(
        name="faktura",
        cls=RootGroup,
        help="Invoicing, recurring billing, invoice sale and the ledger, for Norwegian businesses.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(main_options)
    for name, entry in COMMANDS.items():
        table: dict[str, Entry] = {}
        if name == only or (only is None and not stubs):
            module = importlib.import_module(entry.module)
            target = getattr(module, entry.attr)
            table = getattr(module, "COMMANDS", {})
        elif stubs:
            target = typer.Typer() if entry.attr.endswith("app") else _stub
        else:
            continue
        if isinstance(target, typer.Typer):
            if table:
                target = _from_table(target, table, sub if name == only else _ALL)
            elif name == only and sub is not _ALL:
                target = _only_invoked(target, sub)
            for command in target.registered_commands:
                # Typer's own class draws --help with rich_utils (~80 ms of imports).
                if command.cls in (None, TyperCommand):
                    command.cls = FakturaCommand
            app.add_typer(target, name=name, help=entry.help)
        else:
            app.command(name, help=entry.help, cls=FakturaCommand)(target)
    return app


def invoked_command(argv: list[str]) -> str | None:
    """The command named on the line, skipping global options; None for bare help."""
    return invoked_commands(argv)[0]


def invoked_commands(argv: list[str]) -> tuple[str | None, str | None]:
    """The command and the group's command named on the line (`invoice`, `list`), skipping
    global options; None where there is none (bare help, or an option before the second)."""
    args = iter(argv)
    for arg in args:
        if arg in GLOBAL_OPTIONS_WITH_VALUE:
            next(args, None)
        elif not arg.startswith("-"):
            following = next(args, None)
            if following is None or following.startswith("-"):
                return arg, None
            return arg, following
    return None, None


def main() -> None:
    command, sub = invoked_commands(sys.argv[1:])
    app = build_app(
        command if command in COMMANDS else None,
        stubs=command not in COMMANDS,
        sub=sub if command in COMMANDS else _ALL,
    )
    try:
        code = app(prog_name="faktura", standalone_mode=False)
    except Exception as exc:
        # Usage errors (typer vendors click: matched by shape, not by import) as one line too.
        if not (hasattr(exc, "format_message") and hasattr(exc, "exit_code")):
            raise
        ctx = getattr(exc, "ctx", None)
        hint = f"see `{ctx.command_path} --help`" if ctx is not None else None
        if "--db" in sys.argv[2:] and "--db" in exc.format_message():
            hint = (
                "--db is a global option: it goes before the command (faktura --db FILE init ...)"
            )
        message = error_text(exc.format_message() or "incomplete command", hint)
        sys.stderr.write(f"faktura: error: {message}\n")
        if "--json" in sys.argv[1:]:
            sys.stdout.write(json.dumps({"error": {"code": "usage", "message": message}}) + "\n")
        sys.exit(exc.exit_code)
    except BaseException as exc:
        if type(exc).__name__ == "Abort":
            sys.stderr.write("faktura: aborted\n")
            sys.exit(1)
        raise
    sys.exit(code if isinstance(code, int) else 0)
