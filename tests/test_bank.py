"""Money in (SPEC 14): bank files matched by KID, through the real command."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .bankfiles import STANDARDS, Tx, camt053, camt054, ocr, validate_camt, validate_ocr
from .conftest import Result, Run, snapshot

COMPANY = (
    "init", "--name", "Fjellbekk Design AS", "--orgnr", "923 456 783", "--legal-form", "AS",
    "--account", "8601.11.17947", "--address", "Storgata 1", "--postcode", "0155", "--city",
    "Oslo", "--email", "post@fjellbekk.example",
)
CUSTOMER = (
    "customer", "add", "--name", "Kunde AS", "--orgnr", "910524267", "--address",
    "Kundeveien 2", "--postcode", "5003", "--city", "Bergen", "--email", "faktura@kunde.example",
)

OCR_EXAMPLES = STANDARDS / "bank" / "ocr"


@pytest.fixture(autouse=True)
def end_of_march(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bank files arrive at the end of March; the invoices were issued on 1 March."""
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-31T10:00:00+02:00")


def invoice(run: Run, customer: int, price: str = "800", **kw: str) -> dict:  # type: ignore[type-arg]
    args = ["invoice", "create", "--customer", str(customer), "--line", f"text=Arbeid;price={price}"]
    args += ["--date", kw.get("date", "2026-03-01"), "--no-send", "--json"]
    if "currency" in kw:
        args += ["--currency", kw["currency"], "--rate", "11.50"]
    return run(*args).json()


def postings(db: Callable[[], sqlite3.Connection], voucher: int) -> list[tuple[str, int]]:
    conn = db()
    try:
        return [
            (a, m)
            for a, m in conn.execute(
                "SELECT account, amount FROM postings WHERE voucher = ? ORDER BY id", (voucher,)
            )
        ]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def _three_books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:  # type: ignore[type-arg]
    """Made once per module through the real command, copied into each test's books."""
    db = tmp_path_factory.mktemp("three") / "books.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FAKTURA_DB", str(db))
        mp.setenv("FAKTURA_NOW", "2026-03-31T10:00:00+02:00")
        from .conftest import app

        def run(*args: str) -> Result:
            result = CliRunner().invoke(app, list(args))
            assert result.exit_code == 0, result.output
            return Result(result.exit_code, result.stdout, result.stderr)

        run(*COMPANY)
        customer = int(run(*CUSTOMER).stdout)
        docs = [invoice(run, customer) for _ in range(3)]
    return db, docs


@pytest.fixture
def three(_three_books: tuple[Path, list[dict]], isolated: Path) -> list[dict]:  # type: ignore[type-arg]
    """Invoices 1-3 of 1 000.00 each (800 + 25 % VAT), dated 1 March, due 15 March."""
    source, docs = _three_books
    with sqlite3.connect(source) as src, sqlite3.connect(isolated) as dst:
        src.backup(dst)
    return docs


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("version", ["02", "08"])
def test_camt054_pays_invoices_by_kid(
    version: str, three: list[dict], run: Run, db, tmp_path: Path, isolated: Path  # type: ignore[no-untyped-def, type-arg]
) -> None:
    kid = [d["kid"] for d in three]
    path = write(
        tmp_path,
        "notification.xml",
        camt054(
            [
                [
                    Tx("1000.00", kid[0]),  # paid in full
                    Tx("400.00", kid[1]),  # partial
                    Tx("250.00", "12345678903"),  # a KID, not ours
                    Tx("1000.00", kid[2], currency="EUR"),  # another currency
                    Tx("99.00", None, text="Gave"),  # no KID
                ]
            ],
            version=version,
            refs=["NTRY-1"],
        ),
    )
    validate_camt(path)
    out = run("bank", "import", str(path), "--json").json()
    assert out["format"] == f"camt.054.001.{version}"
    assert (out["entries"], out["new"], out["duplicates"]) == (5, 5, 0)
    paid = {p["invoice"]: (p["amount"], p["result"], p["open_after"]) for p in out["payments"]}
    assert paid == {1: ("1000.00", "paid", "0.00"), 2: ("400.00", "partial", "600.00")}
    assert sorted(u["reason"] for u in out["unmatched"]) == ["currency", "no_kid", "unknown_kid"]
    voucher = out["payments"][0]["voucher"]
    assert postings(db, voucher) == [("1920", 100000), ("1500", -100000)]
    assert run("invoice", "show", "1", "--json").json()["status"] == "paid"
    two = run("invoice", "show", "2", "--json").json()
    assert two["open_amount"] == "600.00"
    listed = run("bank", "unmatched", "--json").json()["entries"]
    assert [(e["amount"], e["currency"], e["reason"]) for e in listed] == [
        ("1000.00", "EUR", "currency"),
        ("250.00", "NOK", "unknown_kid"),
        ("99.00", "NOK", "no_kid"),
    ] or sorted(e["amount"] for e in listed) == ["1000.00", "250.00", "99.00"]
    # The same file again records nothing, and changes nothing at all.
    before = snapshot(isolated)
    again = run("bank", "import", str(path), "--json").json()
    assert (again["new"], again["duplicates"]) == (0, 5)
    assert snapshot(isolated) == before
    run("check")


def test_payments_are_on_the_booking_date(three: list[dict], run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path, "n.xml", camt054([[Tx("1000.00", three[0]["kid"], day=date(2026, 3, 18))]])
    )
    run("bank", "import", str(path))
    rows = run("ledger", "postings", "--account", "1920", "--format", "json").stdout
    assert '"date": "2026-03-18"' in rows


def test_overpayment_is_recorded_and_shown(three: list[dict], run: Run, tmp_path: Path) -> None:
    path = write(tmp_path, "n.xml", camt054([[Tx("1200.00", three[0]["kid"])]]))
    out = run("bank", "import", str(path), "--json").json()
    assert [(p["result"], p["open_after"]) for p in out["payments"]] == [("overpaid", "-200.00")]
    assert run("invoice", "show", "1", "--json").json()["open_amount"] == "-200.00"
    run("check")


def test_two_payments_of_one_invoice_in_one_file(
    three: list[dict], run: Run, tmp_path: Path
) -> None:
    kid = three[0]["kid"]
    path = write(tmp_path, "n.xml", camt054([[Tx("600.00", kid), Tx("400.00", kid)]]))
    out = run("bank", "import", str(path), "--json").json()
    assert [(p["result"], p["open_after"]) for p in out["payments"]] == [
        ("partial", "400.00"),
        ("paid", "0.00"),
    ]


def test_a_paid_invoice_paid_again_is_left_unmatched(
    three: list[dict], run: Run, tmp_path: Path
) -> None:
    run("invoice", "pay", "1", "--amount", "1000", "--date", "2026-03-10")
    path = write(tmp_path, "n.xml", camt054([[Tx("1000.00", three[0]["kid"])]]))
    out = run("bank", "import", str(path), "--json").json()
    assert [(u["reason"], u["invoice"]) for u in out["unmatched"]] == [("not_open", 1)]


def test_overlapping_statements_record_nothing_twice(
    three: list[dict], run: Run, tmp_path: Path, db  # type: ignore[no-untyped-def]
) -> None:
    kid = [d["kid"] for d in three]
    march = [
        Tx("1000.00", kid[0], ref="BANK-001", day=date(2026, 3, 16)),
        Tx("150.00", None, ref="BANK-002", day=date(2026, 3, 17), credit=False, text="Husleie"),
        Tx("300.00", kid[1], ref="BANK-003", day=date(2026, 3, 18)),
    ]
    first = write(tmp_path, "s1.xml", camt053(march[:2]))
    second = write(tmp_path, "s2.xml", camt053(march[1:], statement_id="STMT-2"))
    for path in (first, second):
        validate_camt(path)
    one = run("bank", "import", str(first), "--json").json()
    two = run("bank", "import", str(second), "--json").json()
    assert (one["new"], two["new"], two["duplicates"]) == (2, 1, 1)
    assert [p["invoice"] for p in one["payments"] + two["payments"]] == [1, 2]
    assert [u["reason"] for u in one["unmatched"]] == ["debit"]
    conn = db()
    try:
        assert conn.execute("SELECT COUNT(*) FROM bank_entries").fetchone()[0] == 3
        bank = conn.execute("SELECT SUM(amount) FROM postings WHERE account = '1920'").fetchone()
        assert bank[0] == 130000
    finally:
        conn.close()
    run("check")


@pytest.mark.parametrize("version", ["02", "08"])
def test_camt053_pays_several_and_keeps_the_rest(
    version: str, three: list[dict], run: Run, tmp_path: Path, isolated: Path  # type: ignore[type-arg]
) -> None:
    kid = [d["kid"] for d in three]
    path = write(
        tmp_path,
        "s.xml",
        camt053(
            [
                Tx("1000.00", kid[2], ref="X1"),
                Tx("250.00", kid[0], ref="X2"),
                Tx("80.00", "0000531", ref="X3"),
                Tx("100.00", kid[1], ref="X4", currency="EUR"),
            ],
            version=version,
        ),
    )
    validate_camt(path)
    out = run("bank", "import", str(path), "--json").json()
    assert out["format"] == f"camt.053.001.{version}"
    assert [(p["invoice"], p["result"]) for p in out["payments"]] == [(3, "paid"), (1, "partial")]
    assert [u["reason"] for u in out["unmatched"]] == ["unknown_kid", "currency"]
    before = snapshot(isolated)
    assert run("bank", "import", str(path), "--json").json()["duplicates"] == 4
    assert snapshot(isolated) == before
    run("check")


def test_ocr_file_pays_by_kid(three: list[dict], run: Run, tmp_path: Path, isolated: Path) -> None:
    path = write(
        tmp_path,
        "OCR.D200326",
        ocr([(100000, three[0]["kid"]), (50000, three[1]["kid"]), (12300, "0000531")]),
    )
    validate_ocr(path)
    out = run("bank", "import", str(path), "--json").json()
    assert out["format"] == "ocr"
    assert [(p["invoice"], p["result"]) for p in out["payments"]] == [(1, "paid"), (2, "partial")]
    assert [u["reason"] for u in out["unmatched"]] == ["unknown_kid"]
    before = snapshot(isolated)
    assert run("bank", "import", str(path), "--json").json()["duplicates"] == 3
    assert snapshot(isolated) == before
    run("check")


@pytest.mark.parametrize(
    ("name", "count", "total"),
    [
        ("ocr_giro_nets_manual_example.txt", 20, 5144900),
        ("ocr_giro_transactions.txt", 20, 5144900),
        ("ocr1_nets_spec_example.txt", 23, 1563000),
    ],
)
def test_nets_example_files(name: str, count: int, total: int, company: Run, db) -> None:  # type: ignore[no-untyped-def]
    out = company("bank", "import", str(OCR_EXAMPLES / name), "--json").json()
    assert (out["entries"], len(out["unmatched"])) == (count, count)
    conn = db()
    try:
        assert conn.execute("SELECT SUM(amount) FROM bank_entries").fetchone()[0] == total
    finally:
        conn.close()


def _broken(tmp_path: Path, name: str, data: bytes) -> Path:
    return write(tmp_path, name, data)


def test_ocr_with_wrong_totals_is_refused_whole(
    three: list[dict], run: Run, tmp_path: Path, isolated: Path
) -> None:
    good = ocr([(100000, three[0]["kid"]), (50000, three[1]["kid"])]).decode("iso-8859-1")
    lines = good.split("\n")
    lines[-3] = lines[-3][:24] + "00000000000150001" + lines[-3][41:]  # record 88 total off by 1
    path = write(tmp_path, "bad.txt", "\n".join(lines).encode("iso-8859-1"))
    before = snapshot(isolated)
    out = run("bank", "import", str(path), code=1)
    assert "line 7:" in out.stderr and "end of assignment" in out.stderr
    assert "nothing was imported" in out.stderr
    assert snapshot(isolated) == before


def test_short_ocr_record_is_refused(company: Run, tmp_path: Path) -> None:
    text = (OCR_EXAMPLES / "ocr1_nets_spec_example.txt").read_bytes().split(b"\n")
    text[3] = text[3][:70]
    out = company("bank", "import", str(write(tmp_path, "x.txt", b"\n".join(text))), code=1)
    assert "line 4: not an 80-character OCR record" in out.stderr


def test_schema_invalid_camt_is_refused_naming_the_element(
    three: list[dict], run: Run, tmp_path: Path, isolated: Path
) -> None:
    before = snapshot(isolated)
    out = run(
        "bank", "import", str(STANDARDS / "bank/examples/xsd-invalid/camt053.v2.wrong.xml"), code=1
    )
    assert "BkToCstmrStmt" in out.stderr and "Stmt" in out.stderr and "line" in out.stderr
    data = camt054([[Tx("1000.00", three[0]["kid"])]]).replace(b"<CdtDbtInd>CRDT", b"<CdtDbtInd>CRED", 1)
    out = run("bank", "import", str(write(tmp_path, "bad.xml", data)), code=1)
    assert "CdtDbtInd" in out.stderr
    assert snapshot(isolated) == before


def test_entities_are_not_expanded(company: Run, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    data = (
        '<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file://'
        + str(secret)
        + '">]>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">&x;</Document>'
    ).encode()
    out = company("bank", "import", str(write(tmp_path, "xxe.xml", data)), code=1)
    assert "geheim" not in out.stderr
    assert "DOCTYPE" in out.stderr


def test_not_a_bank_file(company: Run, tmp_path: Path) -> None:
    out = company("bank", "import", str(write(tmp_path, "x.csv", b"a;b;c\n")), code=1)
    assert "not a bank file" in out.stderr


def test_match_and_ignore_unmatched(three: list[dict], run: Run, tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "n.xml",
        camt054([[Tx("1000.00", None, text="Faktura 3"), Tx("10.00", None, text="Renter")]]),
    )
    run("bank", "import", str(path))
    entries = run("bank", "unmatched", "--json").json()["entries"]
    assert len(entries) == 2
    first, second = (e["entry"] for e in entries)
    matched = run("bank", "match", str(first), "--invoice", "3", "--json").json()
    assert (matched["status"], matched["invoice"]) == ("matched", 3)
    assert postings(db, matched["voucher"]) == [("1920", 100000), ("1500", -100000)]
    assert run("invoice", "show", "3", "--json").json()["status"] == "paid"
    out = run("bank", "match", str(first), "--invoice", "2", code=1)
    assert "already matched" in out.stderr
    run("bank", "ignore", str(second), "--reason", "Renter, ført manuelt")
    assert run("bank", "unmatched", "--json").json()["entries"] == []
    assert "Ingen ubehandlede bankposter" in run("bank", "unmatched").stdout
    run("check")


def test_factoring_payout_matched_to_planned_payout(
    customer: int, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("FAKTURA_NOW", "2026-02-27T10:15:00+01:00")
    run("factoring", "apply", "--consent")
    monkeypatch.setenv("FAKTURA_NOW", "2026-03-02T10:15:00+01:00")
    sold = run(
        "invoice", "create", "--customer", str(customer), "--line", "text=A;price=8000",
        "--due-date", "2026-03-16", "--immediate-payment", "--json",
    ).json()
    run("factoring", "accept", str(sold["number"]))
    path = write(
        tmp_path,
        "payout.xml",
        camt054(
            [[Tx("9772.00", None, day=date(2026, 3, 2), debtor="Sandbox Factoring AS",
                 debtor_account="15030688888", text="Utbetaling")]]
        ),
    )
    out = run("bank", "import", str(path), "--json").json()
    assert [(p["invoice"], p["result"]) for p in out["payouts"]] == [(sold["number"], "payout")]
    assert postings(db, out["payouts"][0]["voucher"]) == [("1920", 977200), ("1579", -977200)]
    listed = run("factoring", "list", "--json").json()
    assert "confirmed" in str(listed)
    run("check")


def test_notification_then_statement_of_the_same_payments(
    three: list[dict], run: Run, tmp_path: Path, isolated: Path  # type: ignore[type-arg]
) -> None:
    """The camt.054 names each payment's reference, the camt.053 only the batch's: the KID
    payments are still recognised as the same and recorded once."""
    kid = [d["kid"] for d in three]
    payments = [Tx("1000.00", kid[0], ref="TX-1"), Tx("500.00", kid[1], ref="TX-2")]
    notification = write(tmp_path, "n.xml", camt054([payments], refs=["BATCH-9"]))
    run("bank", "import", str(notification))
    before = snapshot(isolated)
    bare = [Tx("1000.00", kid[0]), Tx("500.00", kid[1])]
    statement = write(tmp_path, "s.xml", camt054([bare], version="02", refs=["OTHER-REF"]))
    validate_camt(statement)
    out = run("bank", "import", str(statement), "--json").json()
    assert (out["new"], out["duplicates"]) == (0, 2)
    assert snapshot(isolated) == before


def test_period_lock(three: list[dict], run: Run, tmp_path: Path) -> None:  # type: ignore[type-arg]
    """Entries booked on or before the lock stay unmatched; matching one by hand is refused."""
    run("lock", "--to", "2026-03-17")
    kid = [d["kid"] for d in three]
    path = write(
        tmp_path,
        "n.xml",
        camt054(
            [
                [Tx("1000.00", kid[0], day=date(2026, 3, 17), ref="L1")],
                [Tx("1000.00", kid[1], day=date(2026, 3, 18), ref="L2")],
            ],
            refs=["E1", "E2"],
        ),
    )
    out = run("bank", "import", str(path), "--json").json()
    assert [p["invoice"] for p in out["payments"]] == [2], out["unmatched"]
    [locked] = out["unmatched"]
    assert locked["reason"] == "locked"
    refused = run("bank", "match", str(locked["entry"]), "--invoice", "1", code=1)
    assert "locked" in refused.stderr and "2026-03-18" in refused.stderr
    run("check")
