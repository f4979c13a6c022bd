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
# Known violations not yet moved (#14): shrink to empty, never grow.
NOT_YET: set[tuple[str, str]] = {
    ("cli/common.py", "faktura_cli.storage.db"),
    ("cli/customer.py", "faktura_cli.domain.delivery"),
    ("cli/demo.py", "faktura_cli.domain.money"),
    ("cli/export.py", "faktura_cli.domain.money"),
    ("cli/factoring.py", "faktura_cli.domain.money"),
    ("cli/group.py", "faktura_cli.storage.db"),
    ("cli/invoice.py", "faktura_cli.domain.money"),
    ("cli/ledger.py", "faktura_cli.domain.dates"),
    ("cli/ledger.py", "faktura_cli.domain.money"),
    ("cli/ledger.py", "faktura_cli.domain.reports"),
    ("cli/order.py", "faktura_cli.domain.money"),
    ("cli/recurring.py", "faktura_cli.domain.money"),
    ("cli/report.py", "faktura_cli.domain.money"),
    ("cli/run_due.py", "faktura_cli.domain.dates"),
    ("cli/run_due.py", "faktura_cli.domain.money"),
    ("cli/run_due.py", "faktura_cli.storage.work"),
}
SQL_NOT_YET_IN_STORAGE: set[str] = {
    "services/audit.py",
    "services/backup.py",
    "services/exports.py",
    "services/ledger.py",
    "services/reports.py",
}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_what_they_may(layer: str) -> None:
    found = set()
    for path in files(layer):
        for imported in imports(path):
            if imported.startswith("faktura_cli") and not any(
                imported == ok or imported.startswith(ok + ".") for ok in ALLOWED[layer]
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
