"""Tamper-evident vouchers: each carries the hash of its content and of the one before it."""

import sqlite3
from datetime import date, datetime
from pathlib import Path

from faktura_cli.clock import OSLO
from faktura_cli.domain.ledger import Posting, make_voucher
from faktura_cli.storage import schema, vouchers
from faktura_cli.storage.db import connect

from .conftest import Run


def test_a_balanced_edit_behind_the_programs_back_is_found(
    customer: int, run: Run, isolated: Path
) -> None:
    for price in ("100", "200", "300"):
        run(
            "invoice",
            "create",
            "--customer",
            str(customer),
            "--line",
            f"text=A;price={price}",
            "--no-send",
        )
    assert run("check").stdout.startswith("ok:")
    conn = sqlite3.connect(isolated)
    conn.execute("DROP TRIGGER postings_no_update")
    # A changed text keeps every sum right: only the chain can tell.
    conn.execute(
        "UPDATE postings SET text = 'Faktura 2 (endret)' WHERE voucher = 2 AND account = '1500'"
    )
    conn.commit()
    found = run("check", "--json", code=1).json()["findings"]
    chain = [f for f in found if f["check"] == "hash_chain"]
    assert chain == [{"check": "hash_chain", "voucher": 2, "document": None,
                      "message": "voucher 2 does not match its hash: it or an earlier voucher was changed"}]  # fmt: skip


def test_books_from_schema_2_get_their_chain_when_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    for migration in schema.MIGRATIONS[:2]:
        migration(conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute(
        "INSERT INTO vouchers (number, date, text, created_at) VALUES (1, '2026-01-05', 'Gammel', 'x')"
    )
    conn.execute(
        "INSERT INTO postings (voucher, date, account, amount, text) VALUES (1, '2026-01-05', '1920', 500, 'Gammel')"
    )
    conn.execute(
        "INSERT INTO postings (voucher, date, account, amount, text) VALUES (1, '2026-01-05', '3200', -500, 'Gammel')"
    )
    conn.execute("COMMIT")
    conn.close()
    books = connect(db)  # migrates to the current version
    assert books.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    now = datetime(2026, 3, 2, 9, tzinfo=OSLO)
    vouchers.insert_voucher(
        books,
        make_voucher(
            date(2026, 3, 2), "Ny", [Posting("1920", 100, "Ny"), Posting("3200", -100, "Ny")]
        ),
        now=now,
    )
    chain = list(schema.voucher_chain(books))
    assert [n for n, _, _ in chain] == [1, 2]
    assert all(computed == stored for _, computed, stored in chain)
    try:
        books.execute("UPDATE vouchers SET hash = 'x'")
        raise AssertionError("the trigger must be back after the migration")
    except sqlite3.IntegrityError as exc:
        assert "cannot be changed" in str(exc)
