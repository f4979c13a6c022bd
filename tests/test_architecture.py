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


PACKAGES = ("domain", "storage", "services", "render", "cli")


def imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function; `from faktura_cli.domain
    import money` counts as faktura_cli.domain.money."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "faktura_cli" or node.module.split(".")[-1] in PACKAGES:
                names.update(f"{node.module}.{a.name}" for a in node.names)
            else:
                names.add(node.module)
    return names


def files(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


def name(path: Path) -> str:
    return str(path.relative_to(SRC))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_downwards(layer: str) -> None:
    for path in files(layer):
        for name in imports(path):
            for bad in FORBIDDEN[layer]:
                assert not (name == bad or name.startswith(bad + ".")), (
                    f"{path.name} imports {name}"
                )


# What each layer may import of the project (third-party libraries are kept by FORBIDDEN).
ALLOWED = {
    # Rules are pure: other rules, the error hierarchy and the clock.
    "domain": ("faktura_cli.domain", "faktura_cli.errors", "faktura_cli.clock"),
    # Commands parse, call one service and render; errors and the clock are shared by all.
    "cli": (
        "faktura_cli.cli",
        "faktura_cli.services",
        "faktura_cli.render",
        "faktura_cli.errors",
        "faktura_cli.clock",
        "faktura_cli.__version__",
    ),
}
# Known exceptions, each with its reason; shrink, never grow.
NOT_YET: set[tuple[str, str]] = {
    # The composition root: the one place that opens the books and words SQLite's failures.
    ("cli/common.py", "faktura_cli.storage.db"),
    ("cli/group.py", "faktura_cli.storage.db"),
}
SQL_NOT_YET_IN_STORAGE: set[str] = set()


# The edge: option text becomes typed values with the domain's parsers, in this one module
# (and its date and list-status parsers, apart so that an idle `run-due` and `invoice list`
# start without the other parsers).
EDGE = {
    "cli/params.py": ("faktura_cli.domain",),
    "cli/dates.py": ("faktura_cli.domain.dates",),
    "cli/listing.py": ("faktura_cli.domain.listing",),
}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_what_they_may(layer: str) -> None:
    found = set()
    for path in files(layer):
        allowed = ALLOWED[layer] + EDGE.get(name(path), ())
        for imported in imports(path):
            if imported.startswith("faktura_cli") and not any(
                imported == ok or imported.startswith(ok + ".") for ok in allowed
            ):
                found.add((name(path), imported))
    assert found - NOT_YET == set(), "imports across the layers"
    moved = {v for v in NOT_YET if v[0].startswith(layer + "/")} - found
    assert not moved, f"remove {sorted(moved)} from NOT_YET: they are fixed"


def test_sql_only_in_storage() -> None:
    found = {
        name(path)
        for path in sorted(SRC.rglob("*.py"))
        if path.parent.name != "storage" and "execute(" in path.read_text()
    }
    assert found - SQL_NOT_YET_IN_STORAGE == set(), "execute( outside storage/"
    assert not SQL_NOT_YET_IN_STORAGE - found, "fixed: remove from SQL_NOT_YET_IN_STORAGE"


def test_commands_hold_no_sql() -> None:
    for path in files("cli"):
        text = path.read_text()
        for keyword in ("SELECT ", "INSERT ", "UPDATE ", "DELETE "):
            assert keyword not in text, f"{path.name} contains SQL"


# One output path (#14 item 4): a command builds a render.view.View and prints it with
# cli.common.emit; only emit (and the error handler in group.py) chooses between text and JSON.
CHOOSES_OUTPUT = ("cli/common.py", "cli/group.py")
EMIT_NOT_YET: set[str] = set()


def _chooses_output(path: Path) -> bool:
    """Does the module branch on --json itself (`if as_json`, `x if as_json else y`, `as_json and`)?"""
    for node in ast.walk(ast.parse(path.read_text())):
        tests = []
        if isinstance(node, ast.If | ast.IfExp | ast.While):
            tests.append(node.test)
        elif isinstance(node, ast.BoolOp):
            tests.extend(node.values)
        for test in tests:
            if any(isinstance(n, ast.Name) and n.id == "as_json" for n in ast.walk(test)):
                return True
    return False


def test_one_output_path() -> None:
    found = {
        name(path)
        for path in files("cli")
        if name(path) not in CHOOSES_OUTPUT and _chooses_output(path)
    }
    assert found - EMIT_NOT_YET == set(), "print through cli.common.emit(view, as_json)"
    assert not EMIT_NOT_YET - found, "fixed: remove from EMIT_NOT_YET"
