"""The layers of STYLE.md: cli -> services -> (storage, render) -> domain, kept by a test."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "faktura_cli"
FORBIDDEN = {
    "domain": {
        "sqlite3",
        "sqlite_utils",
        "jinja2",
        "weasyprint",
        "typer",
        "rich",
        "click",
        "faktura_cli.storage",
        "faktura_cli.services",
        "faktura_cli.render",
        "faktura_cli.cli",
    },
    "storage": {
        "typer",
        "rich",
        "jinja2",
        "weasyprint",
        "faktura_cli.services",
        "faktura_cli.cli",
        "faktura_cli.render",
    },
    "render": {
        "typer",
        "sqlite3",
        "sqlite_utils",
        "faktura_cli.storage",
        "faktura_cli.services",
        "faktura_cli.cli",
    },
    "services": {"typer", "rich", "faktura_cli.cli"},
}


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_downwards(layer: str) -> None:
    for path in sorted((SRC / layer).glob("*.py")):
        for name in imports(path):
            for bad in FORBIDDEN[layer]:
                assert not (name == bad or name.startswith(bad + ".")), (
                    f"{path.name} imports {name}"
                )


def test_commands_hold_no_sql() -> None:
    for path in sorted((SRC / "cli").glob("*.py")):
        text = path.read_text()
        for keyword in ("SELECT ", "INSERT ", "UPDATE ", "DELETE "):
            assert keyword not in text, f"{path.name} contains SQL"
