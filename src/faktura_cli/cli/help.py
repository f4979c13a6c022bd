"""Help for command groups and commands in Typer's Rich look, without Typer's rich_utils.

typer.rich_utils imports rich.markdown and markdown-it at once (~130 ms); `faktura --help`
must answer in under 200 ms (SPEC section 10), so help is drawn here with the same panels and
styles, importing only rich's console, panel and table. Help texts are plain text here (Typer
would read them as Rich markup; faktura's use none).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any


def print_group_help(group: Any, ctx: Any) -> None:
    from rich import box
    from rich.console import Console
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    usage = Text.assemble(
        ("Usage: ", "yellow"),
        (f"{ctx.command_path} ", "bold"),
        " ".join(group.collect_usage_pieces(ctx)),
    )
    console.print(Padding(usage, 1))
    if group.help:
        console.print(Padding(Text(group.help.strip()), (0, 1, 1, 1)))

    def panel(title: str, rows: Sequence[tuple[Text, ...]]) -> Panel:
        table = Table(
            highlight=False,
            show_header=False,
            expand=True,
            box=None,
            padding=(0, 1),
            pad_edge=False,
        )
        for row in rows:
            table.add_row(*row)
        return Panel(table, title=title, title_align="left", border_style="dim", box=box.ROUNDED)

    options = []
    for param in group.get_params(ctx):
        if getattr(param, "hidden", False) or param.param_type_name != "option":
            continue
        long = [o for o in param.opts if o.startswith("--")]
        short = [o for o in param.opts if not o.startswith("--")]
        metavar = "" if param.is_flag else f"<{param.type.name}>"
        options.append(
            (
                Text(",".join(long), style="bold cyan"),
                Text(",".join(short), style="bold green"),
                Text(metavar, style="bold yellow"),
                Text(param.help or ""),
            )
        )
    console.print(panel("Options", options))
    commands = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        commands.append(
            (Text(name, style="bold cyan"), Text(command.get_short_help_str(limit=200)))
        )
    if commands:
        console.print(panel("Commands", commands))


# Typer's highlighting of options named in a help text.
_OPTION_IN_TEXT = r"(?<![\w-])--[\w-]+(?![a-zA-Z0-9])"
_SWITCH_IN_TEXT = r"(?<![\w-])-\w+(?![a-zA-Z0-9-])"


def print_command_help(command: Any, ctx: Any) -> None:
    """Usage, the help text, then the arguments and the options, each in a panel."""
    from rich import box
    from rich.console import Console
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    usage = Text(command.get_usage(ctx))  # "Usage: faktura invoice pdf [OPTIONS] {number}"
    usage.stylize("yellow", 0, len("Usage:"))
    console.print(Padding(usage, 1), style="bold")
    first, *rest = inspect.cleandoc(command.help or "").partition("\f")[0].split("\n\n")
    if first:
        text = _highlighted(Text(first.replace("\n", " ").strip()))
        if rest:  # later paragraphs dim, after a blank line, as Typer shows them
            text.append_text(Text("\n\n" + "\n\n".join(rest), style="dim"))
        console.print(Padding(text, (0, 1, 1, 1)))

    def panel(title: str, params: list[Any]) -> None:
        rows = [_parameter_row(param, ctx) for param in params]
        if not rows:
            return
        if not any(row[0] for row in rows):
            rows = [row[1:] for row in rows]
        table = Table(
            highlight=False,
            show_header=False,
            expand=True,
            box=None,
            padding=(0, 1),
            pad_edge=False,
        )
        for row in rows:
            table.add_row(*row)
        console.print(
            Panel(table, title=title, title_align="left", border_style="dim", box=box.ROUNDED)
        )

    visible = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    panel("Arguments", [p for p in visible if p.param_type_name == "argument"])
    panel("Options", [p for p in visible if p.param_type_name == "option"])


def _parameter_row(param: Any, ctx: Any) -> tuple[Any, ...]:
    """As Typer's rich_utils lays a parameter out: required mark, names, type, help."""
    from rich.columns import Columns
    from rich.text import Text

    is_option = param.param_type_name == "option"
    if is_option:
        metavar = param.make_metavar(ctx=ctx)
    else:
        metavar = param.type.get_metavar(param=param, ctx=ctx) or f"<{param.type.name}>"
    kind = Text(style="bold yellow", overflow="fold")
    if metavar and "bool" not in metavar.lower():
        if metavar.startswith("<") and metavar.endswith(">"):
            kind.append_text(Text.assemble(("<", "dim"), metavar[1:-1], (">", "dim")))
        else:
            kind.append(metavar)
    # The default and "required" as click words them for plain help, each in its own brackets.
    help_text = param.help or ""
    record = param.get_help_record(ctx)
    extras = record[1][len(help_text) :].strip().strip("[]") if record else ""
    described = [_highlighted(Text(" ".join(help_text.split())))] if help_text else []
    described += [
        Text(f"[{extra}]", style="dim red" if extra == "required" else "dim")
        for extra in (extras.split("; ") if extras else [])
    ]

    def names(opts: list[str], style: str) -> Any:
        return Text(",".join(opts), style=style) if opts else ""

    long = [o for o in param.opts if o.startswith("--")] if is_option else []
    short = [o for o in param.opts if not o.startswith("--")] if is_option else []
    return (
        Text("*", style="red") if param.required else "",
        names(long, "bold cyan"),
        names(short, "bold green") if is_option else (param.metavar or param.name or ""),
        names([o for o in param.secondary_opts if o.startswith("--")], "bold magenta"),
        names([o for o in param.secondary_opts if not o.startswith("--")], "bold magenta"),
        kind,
        Columns(described),  # Typer's layout: the extras move to a line of their own
    )


def _highlighted(text: Any) -> Any:
    text.highlight_regex(_OPTION_IN_TEXT, "bold cyan")
    text.highlight_regex(_SWITCH_IN_TEXT, "bold green")
    return text
