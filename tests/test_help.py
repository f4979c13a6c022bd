"""Help screens are drawn without Rich (render/panels.py), character for character as Rich draws
them: for every group and command, at many widths, against Rich's rendering of the same screen."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from faktura_cli.cli.app import build_app
from faktura_cli.cli.help import command_help, group_help
from faktura_cli.render import panels

WIDTHS = (40, 47, 60, 72, 80, 100, 140)


def _screens() -> list[tuple[str, list[panels.Block]]]:
    root = typer.main.get_command(build_app())
    out = []

    def walk(cmd: Any, path: list[str], parent: Any) -> None:
        ctx = cmd.context_class(cmd, info_name=path[-1], parent=parent)
        subs = getattr(cmd, "commands", None)
        out.append((" ".join(path), group_help(cmd, ctx) if subs else command_help(cmd, ctx)))
        for name in cmd.list_commands(ctx) if subs else []:
            walk(cmd.get_command(ctx, name), [*path, name], ctx)

    walk(root, ["faktura"], None)
    return out


SCREENS = _screens()


def _rich(blocks: list[panels.Block], width: int, *, styled: bool = False) -> str:
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        width=width,
        file=out,
        highlight=False,
        force_terminal=styled,
        color_system="standard" if styled else None,
        legacy_windows=False,
        _environ={},
    )
    for renderable, style in panels.to_rich(blocks):
        console.print(renderable, style=style)
    return out.getvalue()


def test_every_group_and_command_has_a_screen() -> None:
    assert len(SCREENS) > 60
    assert all(panels.drawable(blocks, 80) for _, blocks in SCREENS)


@pytest.mark.parametrize("width", WIDTHS)
def test_drawn_as_rich_draws_it(width: int) -> None:
    for path, blocks in SCREENS:
        assert panels.draw(blocks, width, style=False) == _rich(blocks, width), f"{path} at {width}"


_SGR = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("width", (60, 80, 100))
def test_in_a_terminal_the_same_text_in_the_same_styles(width: int) -> None:
    """Rich splits its SGR codes differently; what is shown, and in which style, is the same."""

    def styled(out: str) -> list[tuple[str, str]]:
        chars, style, k = [], "", 0
        for match in _SGR.finditer(out + "\x1b[0m"):
            chars += [(c, style) for c in out[k : match.start()] if c != " " and c != "\n"]
            code = match.group(0)[2:-1]
            style = "" if code in ("0", "") else code
            k = match.end()
        return chars

    for path, blocks in SCREENS[:: max(1, len(SCREENS) // 12)]:
        ours = panels.draw(blocks, width, style=True)
        theirs = _rich(blocks, width, styled=True)
        assert _SGR.sub("", ours) == _SGR.sub("", theirs), path
        assert styled(ours) == styled(theirs), path


words = st.text(st.sampled_from("abc -–"), min_size=0, max_size=40)


@settings(max_examples=100, deadline=None)
@given(
    width=st.integers(panels.MIN_WIDTH, 120),
    cells=st.lists(st.tuples(words, words, words), min_size=1, max_size=4),
    extras=st.lists(st.sampled_from(["[required]", "[default: 14]", "[env var: X]"]), max_size=2),
    fold=st.booleans(),
)
def test_any_panel_as_rich_draws_it(
    width: int, cells: list[tuple[str, str, str]], extras: list[str], fold: bool
) -> None:
    rows = tuple(
        (
            panels.text(a, style="bold cyan"),
            panels.text(b, style="bold yellow", fold=fold),
            panels.Flow((panels.text(c), *(panels.text(e, style="dim") for e in extras))),
        )
        for a, b, c in cells
    )
    blocks: list[panels.Block] = [
        panels.Paragraph(panels.text(" ".join(c for _, _, c in cells)), top=1),
        panels.Panel("Options", rows),
    ]
    assert panels.draw(blocks, width, style=False) == _rich(blocks, width)


@pytest.mark.parametrize("argv", [["--help"], ["invoice", "create", "--help"], ["ledger"]])
def test_help_imports_no_rich(argv: list[str]) -> None:
    """SPEC §17: `--help` within 10× `python -c pass`; Rich's import alone is ~2×."""
    code = (
        "import sys\n"
        "from faktura_cli.cli.app import main\n"
        f"sys.argv = ['faktura', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**env, "COLUMNS": "80"}
    )
    assert "Usage: faktura" in done.stdout
    assert done.stderr == ""


def test_a_group_built_for_one_command_has_the_same_help() -> None:
    """Only the invoked command of a group is built (cli/app.py); the others stand in with their
    name and help, so the group's help is the same as with every command built."""
    from faktura_cli.cli.app import COMMANDS

    def screen(app: typer.Typer, name: str) -> list[panels.Block]:
        root = typer.main.get_command(app)
        ctx = root.make_context("faktura", [name, "--help"], resilient_parsing=True)
        group = root.get_command(ctx, name)
        return group_help(group, group.context_class(group, info_name=name, parent=ctx))

    for name, entry in COMMANDS.items():
        if entry.attr.endswith("app"):
            full = screen(build_app(name), name)
            assert screen(build_app(name, sub=None), name) == full, name
            assert screen(build_app(name, sub="list"), name) == full, name
