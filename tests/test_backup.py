"""`faktura backup` and `faktura restore`."""

import sqlite3
import stat
from pathlib import Path

from .conftest import Run


def test_backup_then_restore_after_a_mistake(
    customer: int, run: Run, tmp_path: Path, isolated: Path
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    (tmp_path / "safe").mkdir()
    copy = tmp_path / "safe" / "books-backup.db"
    made = run("backup", str(copy), "--json").json()
    assert made == {"file": str(copy), "vouchers": 1, "documents": 1, "anchor": made["anchor"]}
    assert made["anchor"] == run("check", "--anchor").stdout.strip()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    run("invoice", "create", "--customer", str(customer), "--line", "text=B;price=100", "--no-send")
    assert len(run("invoice", "list", "--json").json()["invoices"]) == 2
    assert "audit ok" in run("restore", str(copy)).stdout
    assert [i["number"] for i in run("invoice", "list", "--json").json()["invoices"]] == [1]
    assert run("check").stdout.startswith("ok:")


def test_restore_refuses_a_backup_that_fails_the_audit(
    customer: int, run: Run, tmp_path: Path
) -> None:
    run("invoice", "create", "--customer", str(customer), "--line", "text=A;price=100", "--no-send")
    copy = tmp_path / "b.db"
    run("backup", str(copy))
    tampered = sqlite3.connect(copy)
    tampered.execute("DROP TRIGGER postings_no_update")
    tampered.execute("UPDATE postings SET amount = amount + 1 WHERE account = '3000'")
    tampered.execute(
        "CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings\n"
        "BEGIN SELECT RAISE(ABORT, 'postings are posted and cannot be changed'); END"
    )
    tampered.commit()
    tampered.close()
    run("invoice", "create", "--customer", str(customer), "--line", "text=B;price=100", "--no-send")
    refused = run("restore", str(copy), code=1)
    assert (
        "fails the integrity audit" in refused.stderr
        and "the books were not touched" in refused.stderr
    )
    assert len(run("invoice", "list", "--json").json()["invoices"]) == 2
    assert run("restore", str(tmp_path / "nope.db"), code=1).stderr.startswith(
        "faktura: error: there is no backup at"
    )
