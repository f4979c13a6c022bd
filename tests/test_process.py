"""Through real processes, as a person's shell or cron runs faktura."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def faktura(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faktura_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_python_m_and_the_console_script(isolated: Path) -> None:
    init = faktura(
        "init",
        "--name",
        "Prosess AS",
        "--orgnr",
        "923456783",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
    )
    assert init.returncode == 0, init.stderr
    script = shutil.which("faktura", path=str(Path(sys.executable).parent))
    assert script, "the console script `faktura` is installed beside the interpreter"
    shown = subprocess.run([script, "company", "show", "--json"], capture_output=True, text=True)
    assert shown.returncode == 0 and '"Prosess AS"' in shown.stdout


def test_errors_are_one_line_without_traceback(isolated: Path) -> None:
    result = faktura("customer", "list")
    assert result.returncode == 1
    assert result.stderr.startswith("faktura: error: there are no books at")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_a_file_that_is_not_sqlite_is_refused_clearly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("this is not a database, just some text " * 50)
    result = faktura("--db", str(junk), "customer", "list")
    assert result.returncode == 1
    assert f"{junk} is not a faktura database" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_output_is_exactly_one_document(isolated: Path) -> None:
    import json

    faktura(
        "init",
        "--name",
        "J AS",
        "--orgnr",
        "923456783",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
    )
    out = faktura(
        "customer", "add", "--name", "K", "--json", "--postcode", "0150", "--city", "Oslo"
    )
    assert json.loads(out.stdout)["number"] == 10001
    assert out.stderr == ""


@pytest.mark.parametrize(
    "heavy",
    ["weasyprint", "jinja2", "sqlite_utils", "pendulum", "holidays", "stdnum", "rich.table"],
)
def test_start_up_does_not_import_heavy_libraries(heavy: str) -> None:
    """`faktura --help` loads faktura_cli.cli.app: it must stay fast (SPEC section 10)."""
    code = f"import sys, faktura_cli.cli.app; sys.exit({heavy!r} in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0, (
        f"{heavy} imported at start-up"
    )


@pytest.mark.parametrize(
    "argv", [["--help"], ["invoice", "--help"], ["invoice", "create", "--help"], ["run-due", "-h"]]
)
def test_help_is_drawn_without_typer_s_rich_utils(argv: list[str]) -> None:
    """Typer's rich_utils imports rich.markdown and markdown-it (~80 ms); cli.help draws the
    same panels without them (SPEC section 10: help under 200 ms)."""
    code = (
        "import sys\n"
        "from faktura_cli.cli.app import main\n"
        f"sys.argv = ['faktura', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.exit(int('typer.rich_utils' in sys.modules or 'markdown_it' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Usage: faktura" in done.stdout
    assert done.returncode == 0, "typer.rich_utils imported to draw the help"


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    made = faktura("--db", str(db), "demo", env={"FAKTURA_NOW": "2026-03-02T10:15:00+01:00"})
    assert made.returncode == 0, made.stderr
    return db


EVERYDAY_HEAVY = (
    "rich", "weasyprint", "jinja2", "lxml", "sqlite_utils", "pendulum", "holidays", "stdnum",
)  # fmt: skip
# What an everyday command must not import of faktura itself: the code that writes what it
# only reads (SPEC §17). `invoice list`/`show` read through services.invoice_queries.
WRITERS = ("faktura_cli.services.factoring", "faktura_cli.services.invoicing")
INVOICE_RULES = ("faktura_cli.domain.schedule", "faktura_cli.domain.factoring", "faktura_cli.domain.reports")
NOT_FOR = {
    ("invoice", "list"): (*WRITERS, *INVOICE_RULES),
    ("invoice", "show", "3"): (*WRITERS, *INVOICE_RULES),
    ("customer", "list"): ("faktura_cli.services.statements", "faktura_cli.domain.bank"),
    ("ledger", "balance"): ("faktura_cli.domain.invoice", "faktura_cli.domain.factoring"),
    ("ledger", "customers"): ("faktura_cli.domain.invoice", "faktura_cli.domain.factoring"),
}


@pytest.mark.parametrize(
    "argv",
    [
        ["invoice", "list"],
        ["invoice", "show", "3"],
        ["customer", "list"],
        ["ledger", "balance"],
        ["ledger", "customers"],
        ["product", "list"],
        ["company", "show"],
    ],
)
def test_everyday_commands_import_no_heavy_library(demo_books: Path, argv: list[str]) -> None:
    """SPEC §17: within 10× `python -c pass`. Their tables are drawn without Rich when they fit
    (render/terminal.py), and nothing else heavy is imported to read the books."""
    code = (
        "import sys\n"
        "from faktura_cli.cli.app import main\n"
        f"sys.argv = ['faktura', '--db', {str(demo_books)!r}, *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"heavy = {EVERYDAY_HEAVY!r}\n"
        f"ours = {NOT_FOR.get(tuple(argv), ())!r}\n"
        "found = sorted(m for m in sys.modules if m.split('.')[0] in heavy\n"
        "               or any(m == o or m.startswith(o + '.') for o in ours))\n"
        "sys.stderr.write(' '.join(found))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "FAKTURA_NOW": "2026-03-02T10:15:00+01:00"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), "the command printed its table"
    assert done.stderr == "", f"{' '.join(argv)} imported {done.stderr}"
