"""Books that are missing, unreadable, not SQLite, damaged, read-only, or on a full disk.

Each gives one clear line on stderr and a non-zero exit, never a traceback, and leaves the books
as they were: usable again, and clean under `faktura check`, once the cause is gone.
"""

from __future__ import annotations

import hashlib
import resource
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import NOW, Run, snapshot
from .processes import (
    COMPANY,
    CUSTOMER,
    as_ordinary_user,
    assert_sound,
    environment,
    faktura,
    file_modes_are_enforced,
    refused_in_one_line,
)

INVOICE = ("invoice", "create", "--customer", "10001", "--line", "text=Arbeid;price=1000")


@pytest.fixture
def books(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """Books with one invoice, written by real processes (no connection left open here)."""
    folder = tmp_path / "books"
    folder.mkdir()
    db = folder / "firma.db"
    env = environment(db, NOW)
    for args in (COMPANY, CUSTOMER, (*INVOICE, "--no-send")):
        done = faktura(*args, env=env)
        assert done.returncode == 0, done.stderr
    yield db, env
    folder.chmod(0o755)  # let pytest clean up after a test that failed halfway
    db.chmod(0o600)


@pytest.fixture
def file_modes(tmp_path: Path) -> None:
    if not file_modes_are_enforced(tmp_path):
        pytest.skip(
            "this process may neither obey file modes nor drop root's CAP_DAC_OVERRIDE, "
            "so an unreadable or read-only file cannot be made"
        )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- missing


@pytest.mark.parametrize(
    "args",
    [
        ["customer", "list"],
        ["invoice", "create", "--customer", "10001", "--line", "text=A;price=1"],
        ["invoice", "pay", "1", "--amount", "100"],
        ["invoice", "credit", "1", "--reason", "Feil"],
        ["factoring", "accept", "1"],
        ["run-due"],
        ["check"],
        ["ledger", "balance"],
        ["report", "vat", "--term", "2026-1"],
        ["backup", "copy.db"],
        ["outbox", "flush"],
    ],
)
def test_missing_books_are_named_and_not_created(run: Run, isolated: Path, args: list[str]) -> None:
    result = run(*args, code=1)
    assert result.stderr.startswith(f"faktura: error: there are no books at {isolated}")
    assert "faktura init" in result.stderr and result.stderr.count("\n") == 1
    assert not isolated.exists()


# ---------------------------------------------------------------- not the books


def test_unreadable_books(books: tuple[Path, dict[str, str]], file_modes: None) -> None:
    db, env = books
    before = snapshot(db)
    db.chmod(0)
    for args in (("customer", "list"), INVOICE, ("check",)):
        message = refused_in_one_line(faktura(*args, env=env, preexec_fn=as_ordinary_user))
        assert f"cannot read the books at {db}: permission denied" in message
    db.chmod(0o600)
    assert snapshot(db) == before
    assert_sound(db, env)


def _text(path: Path) -> None:
    path.write_text("Kunde;Beløp\nKunde AS;1000\n" * 20)


def _empty(path: Path) -> None:
    path.touch()


def _folder(path: Path) -> None:
    path.mkdir()


def _other_programs_database(path: Path) -> None:
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.execute("INSERT INTO notes VALUES ('not books')")
    other.commit()
    other.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_text, "is not a faktura database (not an SQLite file)"),
        (_empty, "is empty: there are no books in it"),
        (_folder, "is a folder, not the books"),
        (_other_programs_database, "is an SQLite file, but not faktura's books"),
    ],
)
def test_a_file_that_is_not_books_is_refused_untouched(tmp_path: Path, make, words: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "firma.db"
    make(path)
    before = digest(path) if path.is_file() else None
    env = environment(path, NOW)
    for args in (
        ("customer", "list"),
        ("customer", "add", "--name", "Ny", "--postcode", "0150", "--city", "Oslo"),
        ("run-due",),
    ):
        assert words in refused_in_one_line(faktura(*args, env=env))
    assert (digest(path) if path.is_file() else None) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firma.db"], "no side files either"


def test_damaged_books_point_to_the_backup(books: tuple[Path, dict[str, str]]) -> None:
    db, env = books
    damaged = db.with_name("damaged.db")
    damaged.write_bytes(db.read_bytes()[:20_000])  # cut off, as a failed copy would leave it
    before = digest(damaged)
    env = environment(damaged, NOW)
    for args in (("customer", "list"), ("check",)):
        message = refused_in_one_line(faktura(*args, env=env))
        assert f"the books at {damaged} are damaged (database disk image is malformed)" in message
        assert "faktura restore" in message
    assert digest(damaged) == before


# ---------------------------------------------------------------- read-only


def test_read_only_books_can_be_read_but_not_written(
    books: tuple[Path, dict[str, str]], file_modes: None
) -> None:
    db, env = books
    before = snapshot(db)
    db.chmod(0o444)
    shown = faktura("invoice", "list", "--json", env=env, preexec_fn=as_ordinary_user)
    assert shown.returncode == 0 and '"number": 1' in shown.stdout, shown.stderr
    for args in (
        INVOICE,
        ("customer", "add", "--name", "Ny", "--postcode", "0150", "--city", "Oslo"),
        ("invoice", "pay", "1", "--amount", "10"),
    ):
        message = refused_in_one_line(faktura(*args, env=env, preexec_fn=as_ordinary_user))
        assert f"the books at {db} are read-only to faktura" in message
    db.chmod(0o600)
    assert snapshot(db) == before
    # Reading read-only books left firma.db-shm read-only behind; writing works again anyway.
    again = faktura(*INVOICE, "--no-send", env=env, preexec_fn=as_ordinary_user)
    assert again.returncode == 0 and again.stdout == "2\n", again.stderr
    assert_sound(db, env)


def test_books_in_a_read_only_folder(books: tuple[Path, dict[str, str]], file_modes: None) -> None:
    """SQLite keeps firma.db-wal and firma.db-shm beside the books: the folder must be writable."""
    db, env = books
    before = snapshot(db)
    db.parent.chmod(0o555)
    for args in (("customer", "list"), INVOICE):
        message = refused_in_one_line(faktura(*args, env=env, preexec_fn=as_ordinary_user))
        assert "read-only to faktura" in message and "firma.db-wal and firma.db-shm" in message
    db.parent.chmod(0o755)
    assert snapshot(db) == before
    assert faktura(*INVOICE, "--no-send", env=env).stdout == "2\n"
    assert_sound(db, env)


# ---------------------------------------------------------------- a full disk


def _small_disk() -> None:
    """preexec_fn: files may grow to 36 KiB, as on a nearly full disk.

    Room for SQLite's 32 KiB shared-memory index, not for a transaction's pages in the WAL;
    the write fails (EFBIG) instead of the process being killed by SIGXFSZ.
    """
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (36_864, 36_864))


def test_a_full_disk_changes_nothing(books: tuple[Path, dict[str, str]]) -> None:
    db, env = books
    assert not db.with_name("firma.db-wal").exists(), "no WAL left to write into"
    before = snapshot(db)
    for args in (INVOICE, ("invoice", "credit", "1", "--reason", "Feil")):
        message = refused_in_one_line(faktura(*args, env=env, preexec_fn=_small_disk))
        assert f"the books at {db} could not be written (disk I/O error)" in message
        assert "is the disk full?" in message and "run it again" in message
        assert snapshot(db) == before
    shown = faktura("invoice", "list", env=env, preexec_fn=_small_disk)
    assert shown.returncode == 0, "reading needs no room"
    assert faktura(*INVOICE, "--no-send", env=env).stdout == "2\n", "no number was used up"
    assert_sound(db, env)


def test_sqlite_full_says_the_disk_is_full(
    customer: int, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLITE_FULL itself, from a page limit on the connection faktura opens."""
    from faktura_cli.storage import db as storage

    configure = storage._configure

    def no_room_to_grow(conn: sqlite3.Connection) -> None:
        configure(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(storage, "_configure", no_room_to_grow)
    for created in range(1, 200):
        before = snapshot(isolated)
        result = run(*INVOICE, "--no-send", ok=False)
        if result.exit_code != 0:
            break
        assert result.stdout == f"{created}\n"
    else:
        pytest.fail("the books never filled up")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("faktura: error: the disk is full (database or disk is full)")
    assert "free some space" in result.stderr
    assert snapshot(isolated) == before
    monkeypatch.setattr(storage, "_configure", configure)
    assert run(*INVOICE, "--no-send").stdout == f"{created}\n"
    assert run("check").stdout.startswith("ok:")


def test_a_delivery_that_cannot_be_recorded_is_a_warning(
    customer: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The invoice is committed; the disk fills up before its delivery is recorded. The user
    must learn the number (and not create the invoice again); `outbox flush` delivers later."""
    from faktura_cli.services import outbox

    def disk_full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    deliver_latest = outbox.deliver_latest
    monkeypatch.setattr(outbox, "deliver_latest", disk_full)
    created = run(*INVOICE, code=3)  # committed, not (yet) delivered
    assert created.stdout == "1\n"
    assert created.stderr.startswith("faktura: warning: 1 was created, but its delivery could not")
    assert "outbox flush" in created.stderr
    monkeypatch.setattr(outbox, "deliver_latest", deliver_latest)
    assert run("outbox", "flush", "--json").json()["deliveries"][0]["status"] == "sent"
    assert run("check").stdout.startswith("ok:")
