"""Help for command groups and commands in Typer's Rich look, without Typer's rich_utils or Rich.

typer.rich_utils imports rich.markdown and markdown-it at once (~130 ms), and Rich's console,
panel and table alone cost ~25 ms: `--help` must stay within 10× `python -c pass` (SPEC §17)
in Rich's look (SPEC §10). So the help screen is described here (usage, help text, panels of
options and commands, with Typer's styles) and drawn by render/panels.py as Rich would draw it.
Help texts are plain text here (Typer would read them as Rich markup; faktura's use none).
"""

from __future__ import annotations

import inspect
from typing import Any

from faktura_cli.render.panels import Block, Cell, Flow, Panel, Paragraph, highlighted, show, text

# Typer's highlighting of options named in a help text.
_OPTION_IN_TEXT = r"(?<![\w-])--[\w-]+(?![a-zA-Z0-9])"
_SWITCH_IN_TEXT = r"(?<![\w-])-\w+(?![a-zA-Z0-9-])"
_OPTIONS_IN_TEXT = ((_OPTION_IN_TEXT, "bold cyan"), (_SWITCH_IN_TEXT, "bold green"))


def group_help(group: Any, ctx: Any) -> list[Block]:
    usage = text(
        ("Usage: ", "yellow"),
        (f"{ctx.command_path} ", "bold"),
        " ".join(group.collect_usage_pieces(ctx)),
    )
    blocks: list[Block] = [Paragraph(usage, top=1)]
    if group.help:
        blocks.append(Paragraph(text(group.help.strip())))
    options: list[tuple[Cell, ...]] = []
    for param in group.get_params(ctx):
        if getattr(param, "hidden", False) or param.param_type_name != "option":
            continue
        long = [o for o in param.opts if o.startswith("--")]
        short = [o for o in param.opts if not o.startswith("--")]
        metavar = "" if param.is_flag else f"<{param.type.name}>"
        options.append(
            (
                text(",".join(long), style="bold cyan"),
                text(",".join(short), style="bold green"),
                text(metavar, style="bold yellow"),
                text(param.help or ""),
            )
        )
    blocks.append(Panel("Options", tuple(options)))
    commands: list[tuple[Cell, ...]] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        commands.append(
            (text(name, style="bold cyan"), text(command.get_short_help_str(limit=200)))
        )
    if commands:
        blocks.append(Panel("Commands", tuple(commands)))
    return blocks


def command_help(command: Any, ctx: Any) -> list[Block]:
    """Usage, the help text, then the arguments and the options, each in a panel."""
    usage = command.get_usage(ctx)  # "Usage: faktura invoice pdf [OPTIONS] {number}"
    blocks: list[Block] = [
        Paragraph(text(("Usage:", "yellow"), usage[len("Usage:") :]), top=1, style="bold")
    ]
    first, *rest = inspect.cleandoc(command.help or "").partition("\f")[0].split("\n\n")
    if first:
        body = highlighted(first.replace("\n", " ").strip(), _OPTIONS_IN_TEXT)
        if rest:  # later paragraphs dim, after a blank line, as Typer shows them
            body = text(*body.runs, ("\n\n" + "\n\n".join(rest), "dim"))
        blocks.append(Paragraph(body))
    visible = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    for title, kind in (("Arguments", "argument"), ("Options", "option")):
        rows = [_parameter_row(p, ctx) for p in visible if p.param_type_name == kind]
        if not rows:
            continue
        if not any(row[0].plain for row in rows):  # no required one: no column for the mark
            rows = [row[1:] for row in rows]
        blocks.append(Panel(title, tuple(rows)))
    return blocks


def _parameter_row(param: Any, ctx: Any) -> tuple[Any, ...]:
    """As Typer's rich_utils lays a parameter out: required mark, names, type, help."""
    is_option = param.param_type_name == "option"
    if is_option:
        metavar = param.make_metavar(ctx=ctx)
    else:
        metavar = param.type.get_metavar(param=param, ctx=ctx) or f"<{param.type.name}>"
    kind = text(style="bold yellow", fold=True)
    if metavar and "bool" not in metavar.lower():
        if metavar.startswith("<") and metavar.endswith(">"):
            kind = text(("<", "dim"), metavar[1:-1], (">", "dim"), style="bold yellow", fold=True)
        else:
            kind = text(metavar, style="bold yellow", fold=True)
    # The default and "required" as click words them for plain help, each in its own brackets.
    help_text = param.help or ""
    record = param.get_help_record(ctx)
    extras = record[1][len(help_text) :].strip().strip("[]") if record else ""
    described = [highlighted(" ".join(help_text.split()), _OPTIONS_IN_TEXT)] if help_text else []
    described += [
        text(f"[{extra}]", style="dim red" if extra == "required" else "dim")
        for extra in (extras.split("; ") if extras else [])
    ]

    def names(opts: list[str], style: str) -> Any:
        return text(",".join(opts), style=style) if opts else text()

    long = [o for o in param.opts if o.startswith("--")] if is_option else []
    short = [o for o in param.opts if not o.startswith("--")] if is_option else []
    return (
        text("*", style="red") if param.required else text(),
        names(long, "bold cyan"),
        names(short, "bold green") if is_option else text(param.metavar or param.name or ""),
        names([o for o in param.secondary_opts if o.startswith("--")], "bold magenta"),
        names([o for o in param.secondary_opts if not o.startswith("--")], "bold magenta"),
        kind,
        Flow(tuple(described)),  # Typer's layout: the extras move to a line of their own
    )


def print_group_help(group: Any, ctx: Any) -> None:
    show(group_help(group, ctx))


def print_command_help(command: Any, ctx: Any) -> None:
    show(command_help(command, ctx))
