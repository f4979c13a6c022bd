"""SPEC §12 tamper evidence: every attack of issue #16, done as an attacker would on real books.

Each attack drops the triggers that guard the tables, changes the rows with raw sqlite3, and puts
the program's own triggers back, so the schema looks untouched. `check` must still see it, or,
where the attacker also rebuilds the hash chain with the program's own code, the anchor taken
before (`check --expect N:HASH`) must.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from faktura_cli.domain.ledger import GENESIS, voucher_hash
from faktura_cli.storage.chain import seal

from .conftest import Run


@pytest.fixture
def books(customer: int, run: Run) -> str:
    """Two invoices (the second paid in part) and the anchor taken after them."""
    run("invoice", "create", "--customer", str(customer), "--line", "text=Rådgivning;price=1000")
    run("invoice", "create", "--customer", str(customer), "--line", "text=Lisens;price=400")
    run("invoice", "pay", "2", "--amount", "250")
    assert run("check").exit_code == 0
    return run("check", "--anchor").stdout.strip()


def behind_the_back(path: Path, *statements: str, reseal: bool = False) -> None:
    """Drop every trigger, run `statements`, optionally rebuild the whole hash chain with the
    program's own code, then recreate the triggers exactly as they were."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        conn.execute("BEGIN")
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        for sql in statements:
            conn.execute(sql)
        if reseal:
            _rebuild_chains(conn)
        for _, sql in triggers:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _rebuild_chains(conn: sqlite3.Connection) -> None:
    """What a careful attacker does: re-hash every voucher and relink every record, and bring
    the running balances in line with the postings."""
    previous = GENESIS
    for number, day, text, document in conn.execute(
        "SELECT number, date, text, document FROM vouchers ORDER BY number"
    ).fetchall():
        postings = conn.execute(
            "SELECT account, amount, text, customer, open_item, vat_code FROM postings"
            " WHERE voucher = ? ORDER BY id",
            (number,),
        ).fetchall()
        previous = voucher_hash(previous, number, day, text, document, postings)
        conn.execute("UPDATE vouchers SET hash = ? WHERE number = ?", (previous, number))
    conn.execute("DELETE FROM chain")
    seal(conn)
    conn.execute("DELETE FROM account_months")
    conn.execute(
        "INSERT INTO account_months SELECT account, substr(date, 1, 7), SUM(amount)"
        " FROM postings GROUP BY 1, 2"
    )
    conn.execute("DELETE FROM open_items")
    conn.execute(
        "INSERT INTO open_items SELECT open_item, MIN(date), MAX(date), SUM(amount) FROM postings"
        " WHERE open_item IS NOT NULL GROUP BY open_item"
    )


def findings(run: Run, *args: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in run("check", "--json", *args, code=1).json()["findings"]:
        out.setdefault(f["check"], []).append(f["message"])
    return out


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE documents SET buyer = json_set(buyer, '$.name', 'Svindel AS') WHERE number = 1",
        "UPDATE documents SET due_date = '2026-12-31' WHERE number = 1",
        "UPDATE documents SET bank_account = '12345678903' WHERE number = 1",
        "UPDATE document_lines SET text = 'Noe annet' WHERE document = 1",
    ],
)
def test_an_edited_posted_invoice_is_found(books: str, run: Run, isolated: Path, edit: str) -> None:
    behind_the_back(isolated, edit)
    assert findings(run)["record_changed"] == [
        "document 1 does not match its link in the hash chain (link 3): it was changed after it "
        "was written"
    ]


def test_deleting_the_newest_voucher_is_found_by_the_chain_or_the_anchor(
    books: str, run: Run, isolated: Path
) -> None:
    newest = "(SELECT MAX(number) FROM vouchers)"
    delete = (
        f"DELETE FROM postings WHERE voucher = {newest}",
        f"DELETE FROM vouchers WHERE number = {newest}",
        "DELETE FROM events WHERE id = (SELECT MAX(id) FROM events)",
    )
    behind_the_back(isolated, *delete)
    assert "record_missing" in findings(run)
    behind_the_back(isolated, reseal=True)  # the balances rebuilt, the chain relinked
    assert run("check").exit_code == 0  # nothing left inside the file shows it...
    caught = findings(run, "--expect", books)  # ...but the anchor kept outside does
    assert list(caught) == ["anchor_mismatch"]
    assert "records were removed" in caught["anchor_mismatch"][0]


def test_deleted_event_log_rows_are_found(books: str, run: Run, isolated: Path) -> None:
    behind_the_back(isolated, "DELETE FROM events WHERE id IN (2, 3)")
    assert findings(run)["record_missing"] == [
        "event 2 is in the hash chain but no longer in the books: it was deleted",
        "event 3 is in the hash chain but no longer in the books: it was deleted",
    ]


def test_reposting_as_vat_exempt_and_rehashing_is_found(
    books: str, run: Run, isolated: Path
) -> None:
    """Invoice 1 (1000 + 250 VAT) re-posted as outside the VAT act, every hash recomputed."""
    voucher = "(SELECT MIN(number) FROM vouchers WHERE document = 1)"
    behind_the_back(
        isolated,
        f"DELETE FROM postings WHERE voucher = {voucher} AND account = '2700'",
        f"UPDATE postings SET account = '3200', vat_code = 'exempt' WHERE voucher = {voucher}"
        " AND account = '3000'",
        f"UPDATE postings SET amount = 100000 WHERE voucher = {voucher} AND account = '1500'",
        reseal=True,
    )
    found = findings(run)
    assert "record_changed" not in found and "hash_chain" not in found  # every hash re-made
    assert found["document_postings"][0].startswith("document 1's voucher does not match it: ")
    assert "anchor_mismatch" in findings(run, "--expect", books)


def test_no_op_trigger_bodies_are_found(books: str, run: Run, isolated: Path) -> None:
    conn = sqlite3.connect(isolated)
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_update'"
        )
    ]
    for name in names:
        table = conn.execute(
            "SELECT tbl_name FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()[0]
        conn.execute(f"DROP TRIGGER {name}")
        conn.execute(f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} BEGIN SELECT 1; END")
    conn.execute("CREATE VIEW innocent AS SELECT 1")
    conn.commit()
    conn.close()
    found = findings(run)
    assert sorted(found["trigger_altered"]) == sorted(
        f"trigger {name} differs from the program's own definition" for name in names
    )
    assert found["extra_view"] == [
        "view innocent is not the program's: something else added it to the file"
    ]


def test_a_hostile_backup_with_an_extra_trigger_is_not_restored(
    books: str, run: Run, isolated: Path, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.db"
    run("backup", str(hostile))
    conn = sqlite3.connect(hostile)
    conn.execute(
        "CREATE TRIGGER steal AFTER INSERT ON deliveries BEGIN"
        " UPDATE customers SET email = 'attacker@evil.example'; END"
    )
    conn.commit()
    conn.close()
    before = isolated.read_bytes()
    refused = run("restore", str(hostile), code=1)
    assert "is not faktura's own schema (trigger steal is not the program's" in refused.stderr
    assert "the books were not touched" in refused.stderr
    assert isolated.read_bytes() == before
    assert not list(tmp_path.glob("books.db.replaced-*"))


def test_restore_of_another_company_needs_other_company_and_keeps_the_replaced_books(
    books: str, run: Run, isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.db"
    monkeypatch.setenv("FAKTURA_DB", str(other))
    run(
        "init",
        "--name",
        "Annen Bedrift AS",
        "--orgnr",
        "910524267",
        "--legal-form",
        "AS",
        "--account",
        "86011117947",
        "--email",
        "post@annen.example",
    )
    run("company", "set", "--smtp-host", "smtp.evil.example", "--notify-email", "x@evil.example")
    copy = tmp_path / "other-backup.db"
    run("backup", str(copy))
    monkeypatch.setenv("FAKTURA_DB", str(isolated))
    invoices = run("invoice", "list", "--json").json()["invoices"]
    refused = run("restore", str(copy), code=1)
    assert (
        "holds the books of Annen Bedrift AS (910524267), not of Fjellbekk Design AS"
        in refused.stderr
    )
    assert "--other-company" in refused.stderr
    done = run("restore", str(copy), "--other-company")
    assert "the backup changes smtp host: (none) -> smtp.evil.example" in done.stderr
    assert "the backup changes notify email: (none) -> x@evil.example" in done.stderr
    kept = list(tmp_path.glob("books.db.replaced-20260302T101500"))
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    assert f"kept as {kept[0]}" in done.stdout
    assert run("invoice", "list", "--json").json()["invoices"] == []
    monkeypatch.setenv("FAKTURA_DB", str(kept[0]))
    assert run("invoice", "list", "--json").json()["invoices"] == invoices
    assert os.access(kept[0], os.R_OK)


def test_books_of_schema_7_get_the_chain_over_what_they_hold(
    books: str, run: Run, isolated: Path
) -> None:
    """Books written by the release before the chain: every record is linked when opened."""
    conn = sqlite3.connect(isolated)
    conn.execute("DROP TABLE chain")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    assert run("check").stdout.startswith("ok:")
    assert run("check", "--anchor").stdout.split(":")[0] == books.split(":")[0]
