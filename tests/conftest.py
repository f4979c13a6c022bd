"""Every test gets its own books and a fixed clock: Monday 2 March 2026, 10:15 Oslo time."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from faktura_cli.cli.app import build_app

app = build_app()

# Property tests check results, not speed: on a machine shared by many processes a per-example
# deadline only makes them flaky.
settings.register_profile("faktura", deadline=None)
settings.load_profile("faktura")

NOW = "2026-03-02T10:15:00+01:00"
COMPANY_ORGNR = "923456783"
COMPANY_ACCOUNT = "86011117947"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "books.db"
    monkeypatch.setenv("FAKTURA_DB", str(db))
    monkeypatch.setenv("FAKTURA_NOW", NOW)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("FAKTURA_DEBUG", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # pytest-xdist's workers set 80
    monkeypatch.chdir(tmp_path)
    return db


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):  # type: ignore[no-untyped-def]
        return json.loads(self.stdout)


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run the real Typer app; `ok=True` (the default) asserts exit 0."""

    def invoke(*args: str, ok: bool = True, code: int | None = None) -> Result:
        result = CliRunner().invoke(app, list(args))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        out = Result(result.exit_code, result.stdout, result.stderr)
        if code is not None:
            assert out.exit_code == code, out
        elif ok:
            assert out.exit_code == 0, out
        return out

    return invoke


@pytest.fixture
def company(run: Run) -> Run:
    run(
        "init",
        "--name",
        "Fjellbekk Design AS",
        "--orgnr",
        "923 456 783",
        "--legal-form",
        "AS",
        "--account",
        "8601.11.17947",
        "--address",
        "Storgata 1",
        "--postcode",
        "0155",
        "--city",
        "Oslo",
        "--email",
        "post@fjellbekk.example",
    )
    return run


@pytest.fixture
def customer(company: Run) -> int:
    return int(
        company(
            "customer",
            "add",
            "--name",
            "Kunde AS",
            "--orgnr",
            "910524267",
            "--address",
            "Kundeveien 2",
            "--postcode",
            "5003",
            "--city",
            "Bergen",
            "--email",
            "faktura@kunde.example",
        ).stdout
    )


@pytest.fixture
def db(isolated: Path) -> Callable[[], sqlite3.Connection]:
    def open_db() -> sqlite3.Connection:
        conn = sqlite3.connect(isolated)
        conn.row_factory = sqlite3.Row
        return conn

    return open_db


def snapshot(path: Path) -> bytes:
    """The logical content of the books, to prove a refused command changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump()).encode()
    finally:
        conn.close()


# `make test-fast` (-m "not slow") leaves these out: they start real processes and kill them,
# race them against each other, or generate hundreds of inputs. `make test` runs them all.
SLOW_FILES = {"test_crash.py", "test_concurrency.py", "test_garbage_input.py", "test_process.py"}
SLOW_TESTS = {
    "test_cli.py::test_every_command_has_help",
    "test_recurring.py::test_run_due_killed_halfway_then_rerun",
    "test_recurring.py::test_outbox_flush_killed_halfway_delivers_each_document_once",
    "test_recurring.py::test_prep_days_no_credit_days_terms_end_date_and_max_count",
    "test_outbox.py::test_kill_9_during_a_parallel_flush_leaves_no_workers_and_the_next_flush_finishes_once",
    "test_outbox.py::test_a_batch_is_rendered_by_workers_into_the_same_pdfs_as_one_at_a_time",
    "test_outbox.py::test_workers_hand_back_pdfs_in_order_and_leave_a_failure_to_the_caller",
    "test_pdf_pages.py::test_long_invoices_page_cleanly[200-6-9]",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        file = item.path.name
        if file in SLOW_FILES or f"{file}::{item.name}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
