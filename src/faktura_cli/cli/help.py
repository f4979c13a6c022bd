"""Help for command groups in Typer's Rich look, without Typer's rich_utils.

typer.rich_utils imports rich.markdown and markdown-it at once (~130 ms); `faktura --help`
must answer in under 200 ms (SPEC section 10), so group help is drawn here with the same
panels and styles, importing only rich's console, panel and table.
"""

from __future__ import annotations

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

    def panel(title: str, rows: list[tuple[Text, ...]]) -> Panel:
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
