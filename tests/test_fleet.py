"""`faktura fleet run-due`: many books, each in its own process (SPEC §17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura_cli.domain.fleet import BookRun, fleet_exit_code, parse_shard, shard
from faktura_cli.errors import InvalidInput
from faktura_cli.services.fleet import find_books

from .conftest import Run


def make_book(run: Run, path: Path, *, channel: bool = True, schedules: int = 2) -> None:
    """Books with `schedules` schedules due on 1 March 2026 (the tests' today is 2 March)."""
    db = ("--db", str(path))
    run(*db, "init", "--name", f"{path.stem} AS", "--orgnr", "923456783", "--legal-form",
        "AS", "--account", "86011117947")  # fmt: skip
    email = ("--email", "k@kunde.example") if channel else ()
    run(
        *db, "customer", "add", "--name", "Kunde AS", "--postcode", "0150", "--city", "Oslo", *email
    )
    for _ in range(schedules):
        run(*db, "recurring", "create", "--customer", "10001", "--next-date", "2026-03-01",
            "--line", "text=Abonnement;price=499")  # fmt: skip


def invoices(run: Run, path: Path) -> int:
    return len(run("--db", str(path), "invoice", "list", "--json").json()["invoices"])


def test_every_book_runs_and_a_damaged_one_fails_alone(run: Run, tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    make_book(run, clients / "a.db")
    make_book(run, clients / "c.db", schedules=3)
    (clients / "b.db").write_text("not a database, just text " * 40)
    out = run("fleet", "run-due", "--books", str(clients / "*.db"), "--no-deliver", "--json",
              code=1)  # fmt: skip
    report = json.loads(out.stdout)
    assert report["today"] == "2026-03-02"
    assert [(Path(b["book"]).name, b["status"], b["invoices"]) for b in report["books"]] == [
        ("a.db", "ok", 2),
        ("b.db", "failed", 0),
        ("c.db", "ok", 3),
    ]
    assert "not a faktura database" in report["books"][1]["error"]
    assert report["failed_books"] == 1 and report["exit_code"] == 1
    assert (invoices(run, clients / "a.db"), invoices(run, clients / "c.db")) == (2, 3)
    # Run again: nothing is produced twice, and the damaged book still fails on its own.
    again = run("fleet", "run-due", "--books", str(clients / "*.db"), "--jobs", "1", code=1)
    assert "produced 0 invoice(s)" in again.stdout
    assert "b.db: failed:" in again.stdout
    assert "faktura: book failed:" in again.stderr
    assert (invoices(run, clients / "a.db"), invoices(run, clients / "c.db")) == (2, 3)


def test_a_failed_delivery_exits_3_and_a_failed_book_wins(run: Run, tmp_path: Path) -> None:
    make_book(run, tmp_path / "quiet.db", channel=False, schedules=1)
    out = run("fleet", "run-due", "--books", str(tmp_path / "*.db"), code=3)
    assert "1 failed" in out.stdout.splitlines()[-1]
    assert "faktura: delivery failed in" in out.stderr
    (tmp_path / "zz.db").write_bytes(b"\0" * 100)
    make_book(run, tmp_path / "more.db", channel=False, schedules=1)
    report = run("fleet", "run-due", "--books", str(tmp_path / "*.db"), "--json", code=1).json()
    statuses = {Path(b["book"]).stem: b["status"] for b in report["books"]}
    # quiet.db's old failure may be retried and fail again (SPEC §11); zz.db is no book.
    assert statuses["more"] == "delivery_failed" and statuses["zz"] == "failed"
    assert report["exit_code"] == 1


def test_shards_split_the_books_between_machines(run: Run, tmp_path: Path) -> None:
    for name in "abc":
        make_book(run, tmp_path / f"{name}.db", schedules=1)
    pattern = str(tmp_path / "*.db")
    seen = []
    for i in range(2):
        report = run("fleet", "run-due", "--books", pattern, "--shard", f"{i}/2", "--no-deliver",
                     "--json").json()  # fmt: skip
        assert report["shard"] == f"{i}/2"
        seen.append([Path(b["book"]).stem for b in report["books"]])
    assert seen == [["a", "c"], ["b"]]
    assert all(invoices(run, tmp_path / f"{name}.db") == 1 for name in "abc")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--shard", "2/2"], "--shard '2/2'"),
        (["--shard", "x"], "is not I/N"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--today", "31.02.2026"], "--today"),
    ],
)
def test_bad_options_are_one_line_errors(
    run: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    make_book(run, tmp_path / "a.db", schedules=1)
    out = run("fleet", "run-due", "--books", str(tmp_path / "*.db"), *args, code=1)
    assert out.stderr.startswith("faktura: error:") and message in out.stderr
    assert out.stderr.count("\n") == 1
    assert invoices(run, tmp_path / "a.db") == 0


def test_sqlite_s_side_files_are_not_books(tmp_path: Path) -> None:
    for name in ("a.db", "a.db-wal", "a.db-shm", "b.db", "b.db-journal"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in find_books([str(tmp_path / "*")])] == ["a.db", "b.db"]


def test_no_books_is_an_error(run: Run, tmp_path: Path) -> None:
    out = run("fleet", "run-due", "--books", str(tmp_path / "none-*.db"), code=1)
    assert out.stderr.startswith("faktura: error: no books match")


@given(st.lists(st.integers(), max_size=30), st.integers(1, 7))
def test_the_shards_take_every_book_once(books: list[int], count: int) -> None:
    taken = [b for i in range(count) for b in shard(books, i, count)]
    assert sorted(taken) == sorted(books)
    assert shard(books, 0, 1) == books


def test_shard_text() -> None:
    assert parse_shard("3/4") == (3, 4)
    assert parse_shard(" 0/1 ") == (0, 1)
    for bad in ("4/4", "1/0", "-1/2", "1", "a/b", "1/2/3"):
        with pytest.raises(InvalidInput):
            parse_shard(bad)


def test_a_failed_book_wins_over_a_failed_delivery() -> None:
    def runs(*statuses: str) -> list[BookRun]:
        return [BookRun(f"{k}.db", s, 0) for k, s in enumerate(statuses)]

    assert fleet_exit_code(runs()) == 0
    assert fleet_exit_code(runs("ok", "ok")) == 0
    assert fleet_exit_code(runs("ok", "delivery_failed")) == 3
    assert fleet_exit_code(runs("delivery_failed", "failed", "ok")) == 1


def test_two_books_in_one_folder_never_overwrite_each_other_s_outbox(
    run: Run, tmp_path: Path
) -> None:
    for name, orgnr in (("a", "923456783"), ("b", "910524267")):
        db = ("--db", str(tmp_path / f"{name}.db"))
        run(*db, "init", "--name", f"{name} AS", "--orgnr", orgnr, "--legal-form", "AS",
            "--account", "86011117947", "--email", f"post@{name}.example")  # fmt: skip
        run(*db, "customer", "add", "--name", "Kunde AS", "--email", "k@kunde.example",
            "--postcode", "0150", "--city", "Oslo")  # fmt: skip
        run(*db, "recurring", "create", "--customer", "10001", "--next-date", "2026-03-01",
            "--line", "text=Abonnement;price=499")  # fmt: skip
    run("fleet", "run-due", "--books", str(tmp_path / "*.db"))
    files = [p for p in (tmp_path / "outbox").rglob("*") if p.is_file()]
    assert {p.name.split("-")[0] for p in files} == {"923456783", "910524267"}, files
