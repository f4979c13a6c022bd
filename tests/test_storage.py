"""The file itself: pragmas, versions, immutability, atomicity, permissions."""

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from faktura_cli.errors import NotInitialised, SchemaTooNew
from faktura_cli.storage import events
from faktura_cli.storage.db import connect, resolve_path
from faktura_cli.storage.schema import CURRENT_VERSION

from .conftest import Run, snapshot


def test_new_books_are_wal_with_foreign_keys_and_owner_only(isolated: Path) -> None:
    conn = connect(isolated, create=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert stat.S_IMODE(isolated.stat().st_mode) == 0o600


def test_missing_books_are_not_created_by_accident(isolated: Path) -> None:
    with pytest.raises(NotInitialised):
        connect(isolated)
    assert not isolated.exists()


def test_a_file_from_a_newer_program_is_refused_untouched(isolated: Path) -> None:
    connect(isolated, create=True).execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    before = isolated.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer faktura"):
        connect(isolated)
    assert isolated.read_bytes() == before


def test_opening_the_books_again_keeps_the_open_connections_safe(isolated: Path) -> None:
    """connect() must not open and close the file itself: closing any descriptor of a file drops
    every POSIX lock the process holds on it, and the next process to finish would take the
    books for unused and delete the WAL index under the connection still open here."""
    first = connect(isolated, create=True)
    first.execute("SELECT COUNT(*) FROM events").fetchone()
    connect(isolated)  # the same books again, in the same process
    script = f"import sqlite3; c = sqlite3.connect({str(isolated)!r}); c.execute('CREATE TABLE x (y)'); c.close()"
    subprocess.run([sys.executable, "-c", script], check=True)
    assert isolated.with_name("books.db-shm").exists(), "the other process saw us"
    assert first.execute("SELECT COUNT(*) FROM x").fetchone()[0] == 0


def test_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_path("x.db") == Path("x.db")
    monkeypatch.setenv("FAKTURA_DB", "/data/books.db")
    assert resolve_path(None) == Path("/data/books.db")
    monkeypatch.delenv("FAKTURA_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert resolve_path(None) == tmp_path / "faktura" / "faktura.db"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE documents SET total = total + 1",
        "DELETE FROM documents",
        "UPDATE document_lines SET net = 0",
        "DELETE FROM document_lines",
        "UPDATE vouchers SET date = '2020-01-01'",
        "DELETE FROM vouchers",
        "UPDATE postings SET amount = amount + 1",
        "DELETE FROM postings",
        "UPDATE events SET summary = ''",
        "DELETE FROM events",
    ],
)
def test_posted_rows_cannot_be_changed_or_deleted(
    customer: int, run: Run, db, statement: str
) -> None:  # type: ignore[no-untyped-def]
    run("invoice", "create", "--customer", str(customer), "--line", "text=Timer;price=1000")
    conn = db()
    with pytest.raises(sqlite3.IntegrityError, match="posted and cannot be"):
        conn.execute(statement)


def test_a_failure_halfway_changes_nothing(
    customer: int, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=Timer;price=1000")
    before = snapshot(isolated)

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    # The document, its lines and its voucher are written, then logging the event fails.
    with monkeypatch.context() as patch:
        patch.setattr(events, "log_event", explode)
        result = run(
            "invoice",
            "create",
            "--customer",
            str(customer),
            "--line",
            "text=Timer;price=1000",
            ok=False,
        )
    assert result.exit_code == 1
    assert "disk on fire" in result.stderr
    assert snapshot(isolated) == before
    # ...and the number series goes on without a gap.
    assert (
        run(
            "invoice", "create", "--customer", str(customer), "--line", "text=T;price=1"
        ).stdout.strip()
        == "2"
    )
