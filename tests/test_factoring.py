"""Invoice sale (factoring) through the real CLI: agreement, offers, sale, payout (SPEC section 7)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import NOW, Run, snapshot

FRIDAY_BEFORE = "2026-02-27T10:15:00+01:00"


def now(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("FAKTURA_NOW", moment)


@pytest.fixture
def approved(customer: int, run: Run, monkeypatch: pytest.MonkeyPatch) -> int:
    """An approved agreement (applied the Friday before, decided Monday 09:00)."""
    now(monkeypatch, FRIDAY_BEFORE)
    run("factoring", "apply", "--consent")
    now(monkeypatch, NOW)
    return customer


def create(run: Run, customer: int, *extra: str, price: str = "8000") -> dict:  # type: ignore[type-arg]
    return run(
        "invoice",
        "create",
        "--customer",
        str(customer),
        "--line",
        f"text=Arbeid;qty=1;price={price};vat=25",
        "--due-date",
        "2026-03-16",
        "--immediate-payment",
        *extra,
        "--json",
    ).json()


def balances(db: Callable[[], sqlite3.Connection]) -> dict[str, int]:
    conn = db()
    try:
        return {
            a: s
            for a, s in conn.execute("SELECT account, SUM(amount) FROM postings GROUP BY account")
        }
    finally:
        conn.close()


def vouchers_balance(db: Callable[[], sqlite3.Connection]) -> None:
    conn = db()
    try:
        off = conn.execute(
            "SELECT voucher FROM postings GROUP BY voucher HAVING SUM(amount) != 0"
        ).fetchall()
        assert off == []
    finally:
        conn.close()


# ---------------------------------------------------------------- agreement


def test_apply_needs_consent(company: Run, isolated: Path) -> None:
    before = snapshot(isolated)
    out = company("factoring", "apply", code=1)
    assert "--consent" in out.stderr
    assert snapshot(isolated) == before
    assert company("factoring", "status", "--json").json()["status"] == "none"


def test_agreement_pending_until_nine_next_business_day(
    company: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    now(monkeypatch, "2026-03-06T15:00:00+01:00")  # Friday
    assert company("factoring", "apply", "--consent", "--json").json()["status"] == "pending"
    now(monkeypatch, "2026-03-09T08:59:00+01:00")
    assert company("factoring", "status", "--json").json()["status"] == "pending"
    now(monkeypatch, "2026-03-09T09:00:00+01:00")
    status = company("factoring", "status", "--json").json()
    assert status["status"] == "approved"
    assert status["decided_at"] == "2026-03-09T09:00:00+01:00"
    assert status["reasons"] == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--legal-form", "NUF"), "legal form NUF"),
        (("--status", "bankrupt"), "bankrupt"),
        (("--status", "liquidation"), "liquidation"),
    ],
)
def test_apply_refused_at_once(company: Run, args: tuple[str, str], words: str) -> None:
    company("company", "set", *args)
    out = company("factoring", "apply", "--consent", code=1)
    assert words in out.stderr
    status = company("factoring", "status", "--json").json()
    assert status["status"] == "refused"
    assert any(words in r for r in status["reasons"])


def test_an_approved_company_that_goes_bankrupt_cannot_sell(approved: int, run: Run) -> None:
    run("company", "set", "--status", "bankrupt")
    assert run("factoring", "status", "--json").json()["status"] == "refused"
    assert create(run, approved)["offer"]["reasons"] == ["NO_AGREEMENT"]


@pytest.mark.parametrize(
    ("orgnr", "words"),
    [
        ("987654325", "unpaid public taxes"),
        ("998765439", "payment remarks"),
        ("976543211", "weak key figures"),
    ],
)
def test_sandbox_registry_declines_and_says_why(
    company: Run, monkeypatch: pytest.MonkeyPatch, orgnr: str, words: str
) -> None:
    company("company", "set", "--orgnr", orgnr)
    company("factoring", "apply", "--consent")
    now(monkeypatch, "2026-03-03T09:00:00+01:00")
    status = company("factoring", "status", "--json").json()
    assert status["status"] == "declined"
    assert any(words in r for r in status["reasons"])
    # a declined company may apply again
    assert company("factoring", "apply", "--consent", "--json").json()["status"] == "pending"


def test_refund_account_is_checked_and_shown(company: Run) -> None:
    company("factoring", "settings", "--refund-account", "8601.11.17948", code=1)
    company("factoring", "settings", "--refund-account", "8601.11.17947")
    assert company("factoring", "status", "--json").json()["refund_account"] == "86011117947"


# ---------------------------------------------------------------- offer, accept, confirm


def test_worked_example_sale_and_payout(
    approved: int, run: Run, db: Callable[[], sqlite3.Connection], isolated: Path
) -> None:
    created = create(run, approved)
    offer = created["offer"]
    assert offer["invoice"] == created["number"] if "number" in created else True
    assert offer["eligible"] is True
    assert offer["reasons"] == []
    assert (offer["fee_rate"], offer["fee"], offer["payout"]) == ("2.28", "228.00", "9772.00")
    assert offer["status"] == "offered"
    assert offer["planned_payout"] == "2026-03-02T12:00:00+01:00"
    assert offer["valid_until"] == "2026-03-03T00:00:00+01:00"
    number = offer["invoice"]
    # held: nothing delivered yet
    assert not (isolated.parent / "outbox").exists()

    sale = run("factoring", "accept", str(number), "--json").json()
    assert sale["invoice"] == number
    assert sale["planned_payout"] == "2026-03-02T12:00:00+01:00"
    assert sale["bank_account"] == "15030688888"
    assert balances(db) == {
        "1500": 0,
        "1579": 977_200,
        "7770": 22_800,
        "2700": -200_000,
        "3000": -800_000,
    }
    eml = (isolated.parent / "outbox" / "email" / f"923456783-faktura-{number}.eml").read_text()
    assert "1503.06.88888" in eml and sale["kid"] in eml

    assert run("invoice", "show", str(number), "--json").json()["status"] == "sold"
    listed = run("factoring", "list", "--json").json()["sales"]
    assert [(s["invoice"], s["state"], s["fee"], s["payout"]) for s in listed] == [
        (number, "accepted", "228.00", "9772.00")
    ]
    run("factoring", "confirm", str(number), "--date", "2026-03-02", "--json")
    after = balances(db)
    assert after["1579"] == 0 and after["1920"] == 977_200
    assert run("factoring", "list", "--json").json()["sales"][0]["state"] == "confirmed"
    run("factoring", "confirm", str(number), "--date", "2026-03-02", code=1)
    vouchers_balance(db)


def test_sold_invoice_ehf_names_the_partner_as_payee(
    approved: int, run: Run, tmp_path: Path
) -> None:
    number = create(run, approved)["offer"]["invoice"]
    run("factoring", "accept", str(number))
    run("invoice", "ehf", str(number), "-o", str(tmp_path / "f.xml"))
    xml = (tmp_path / "f.xml").read_text()
    assert "cac:PayeeParty" in xml
    assert "15030688888" in xml


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_sold_invoice_pdf_carries_the_notice_of_assignment(
    approved: int, run: Run, tmp_path: Path
) -> None:
    number = create(run, approved)["offer"]["invoice"]
    run("factoring", "accept", str(number))
    run("invoice", "pdf", str(number), "-o", str(tmp_path / "f.pdf"))
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "f.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Fordringen er overdratt til Sandbox Factoring AS" in flat
    assert "kan bare betales med frigjørende virkning til konto 1503.06.88888" in flat


def test_decline_delivers_the_held_invoice_as_usual(
    approved: int, run: Run, isolated: Path, db: Callable[[], sqlite3.Connection]
) -> None:
    number = create(run, approved)["offer"]["invoice"]
    out = run("factoring", "decline", str(number), "--json").json()
    assert out["status"] == "declined"
    eml = (isolated.parent / "outbox" / "email" / f"923456783-faktura-{number}.eml").read_text()
    assert "8601.11.17947" in eml
    run("factoring", "accept", str(number), code=1)
    assert balances(db)["1500"] == 1_000_000


def test_expired_offer_is_delivered_by_run_due(
    approved: int, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = create(run, approved)["offer"]["invoice"]
    run("run-due")
    assert not (isolated.parent / "outbox").exists()  # still valid today: still held
    now(monkeypatch, "2026-03-03T08:00:00+01:00")
    out = run("factoring", "accept", str(number), code=1)
    assert "expired" in out.stderr
    run("run-due")
    assert (isolated.parent / "outbox" / "email" / f"923456783-faktura-{number}.eml").exists()


def test_offer_on_an_ineligible_invoice_lists_every_reason(customer: int, run: Run) -> None:
    created = create(run, customer, price="100")
    offer = created["offer"]
    assert offer["eligible"] is False
    assert offer["status"] == "declined"
    assert offer["reasons"] == ["NO_AGREEMENT", "AMOUNT_TOO_SMALL"]
    assert offer["fee"] is None


def test_offer_refused_for_a_delivered_invoice(approved: int, run: Run) -> None:
    number = int(
        run(
            "invoice", "create", "--customer", str(approved), "--line", "text=A;qty=1;price=8000"
        ).stdout
    )
    offer = run("factoring", "offer", str(number), "--json").json()
    assert offer["reasons"] == ["NOT_OPEN"]


def test_offer_on_an_undelivered_invoice(approved: int, run: Run) -> None:
    number = int(
        run(
            "invoice",
            "create",
            "--customer",
            str(approved),
            "--line",
            "text=A;qty=1;price=8000",
            "--due-date",
            "2026-03-16",
            "--no-send",
        ).stdout
    )
    offer = run("factoring", "offer", str(number), "--json").json()
    assert (offer["eligible"], offer["fee"]) == (True, "228.00")
    run("factoring", "accept", str(number))
    again = run("factoring", "offer", str(number), "--json").json()
    assert again["reasons"] == ["NOT_OPEN"]


def test_private_customer_declined_above_limit(approved: int, run: Run) -> None:
    private = int(
        run(
            "customer",
            "add",
            "--name",
            "Kari Nordmann",
            "--private",
            "--address",
            "Vei 1",
            "--postcode",
            "0150",
            "--city",
            "Oslo",
            "--email",
            "kari@x.example",
        ).stdout
    )
    offer = create(run, private, price="40001")["offer"]
    assert offer["reasons"] == ["PARTNER_DECLINED"]
    assert "50" in offer["messages"][0]
    small = create(run, private, price="8000")["offer"]
    assert small["fee_rate"] == "2.78"


def test_bank_reconcile_posts_planned_payouts(
    approved: int, run: Run, db: Callable[[], sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = create(run, approved)["offer"]["invoice"]
    run("factoring", "accept", str(first))
    now(monkeypatch, "2026-03-02T13:00:00+01:00")
    second = create(run, approved)["offer"]["invoice"]
    sale = run("factoring", "accept", str(second), "--json").json()
    assert sale["planned_payout"] == "2026-03-02T14:30:00+01:00"
    now(monkeypatch, "2026-03-02T15:00:00+01:00")
    third = create(run, approved)["offer"]["invoice"]
    assert (
        run("factoring", "accept", str(third), "--json").json()["planned_payout"]
        == "2026-03-03T12:00:00+01:00"
    )
    done = run("bank", "reconcile", "--to", "2026-03-02", "--json").json()["confirmed"]
    assert sorted(d["invoice"] for d in done) == [first, second]
    assert balances(db)["1579"] > 0
    done = run("bank", "reconcile", "--to", "2026-03-03", "--json").json()["confirmed"]
    assert [d["invoice"] for d in done] == [third]
    assert balances(db)["1579"] == 0
    vouchers_balance(db)


# ---------------------------------------------------------------- crediting a sold invoice


def sold(run: Run, customer: int) -> int:
    number = create(run, customer)["offer"]["invoice"]
    run("factoring", "accept", str(number))
    return number


def credit(run: Run, number: int, *extra: str) -> dict:  # type: ignore[type-arg]
    return run("invoice", "credit", str(number), "--reason", "Feil", *extra, "--json").json()


def test_full_credit_before_payout_annuls(
    approved: int, run: Run, db: Callable[[], sqlite3.Connection], isolated: Path
) -> None:
    number = sold(run, approved)
    assert run("factoring", "regress-quote", str(number), "--json").json() == {
        "invoice": number,
        "date": "2026-03-02",
        "factoring_outcome": "annulled",
        "regress_amount": "0.00",
    }
    note = credit(run, number)
    assert (note["factoring_outcome"], note["regress_amount"]) == ("annulled", "0.00")
    b = balances(db)
    assert (b["1500"], b["1579"], b["7770"], b.get("2400", 0)) == (0, 0, 0, 0)
    vouchers_balance(db)
    assert run("factoring", "list", "--json").json()["sales"][0]["state"] == "annulled"
    assert run("bank", "reconcile", "--to", "2026-03-31", "--json").json()["confirmed"] == []
    partner = isolated.parent / "outbox" / "partner"
    assert sorted(p.suffix for p in partner.iterdir()) == [".json", ".pdf"]


def test_full_credit_after_payout_is_regress_worked_example(
    approved: int, run: Run, db: Callable[[], sqlite3.Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    number = sold(run, approved)
    run("factoring", "confirm", str(number), "--date", "2026-03-02")
    quote = run("factoring", "regress-quote", str(number), "--date", "2026-03-09", "--json")
    assert quote.json()["regress_amount"] == "9935.00"
    late = run("factoring", "regress-quote", str(number), "--date", "2026-03-20", "--json")
    assert late.json()["regress_amount"] == "10000.00"
    now(monkeypatch, "2026-03-09T10:00:00+01:00")
    note = credit(run, number)
    assert (note["factoring_outcome"], note["regress_amount"]) == ("regress", "9935.00")
    b = balances(db)
    assert b["1500"] == 0 and b["2400"] == -993_500 and b["7770"] == 22_800 - 6_500
    listed = run("factoring", "list", "--json").json()["sales"][0]
    assert listed["regress_owed"] == "9935.00"
    run("factoring", "pay-regress", str(number), "--date", "2026-03-10", "--json")
    b = balances(db)
    assert b.get("2400", 0) == 0 and b["1579"] == 0
    assert b["1920"] == 977_200 - 993_500
    run("factoring", "pay-regress", str(number), code=1)
    vouchers_balance(db)
    # voucher list names each step (#20): not every voucher of the invoice is "invoice".
    kinds = [v["kind"] for v in run("voucher", "list", "--json").json()["vouchers"]]
    assert kinds == [
        "invoice", "factoring_sale", "factoring_payout", "credit_note", "regress", "regress_payment"
    ], kinds


def test_partial_credit_of_a_sold_invoice_is_regress_of_the_amount(
    approved: int, run: Run, db: Callable[[], sqlite3.Connection]
) -> None:
    number = sold(run, approved)
    note = credit(run, number, "--amount", "2500")
    assert (note["factoring_outcome"], note["regress_amount"]) == ("regress", "2500.00")
    b = balances(db)
    assert b["1500"] == 0 and b["2400"] == -250_000 and b["1579"] == 977_200
    vouchers_balance(db)


def test_private_customer_with_an_overdue_invoice_is_declined(
    approved: int, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = int(
        run(
            "customer",
            "add",
            "--name",
            "Ola Nordmann",
            "--private",
            "--address",
            "Vei 2",
            "--postcode",
            "0150",
            "--city",
            "Oslo",
            "--email",
            "ola@x.example",
        ).stdout
    )
    run(
        "invoice",
        "create",
        "--customer",
        str(private),
        "--line",
        "text=A;qty=1;price=500",
        "--date",
        "2026-01-05",
        "--due-date",
        "2026-01-19",
    )
    offer = create(run, private)["offer"]
    assert offer["reasons"] == ["PARTNER_DECLINED"]
    assert "past due" in offer["messages"][0]


def test_sales_cannot_be_changed(
    approved: int, run: Run, db: Callable[[], sqlite3.Connection]
) -> None:
    sold(run, approved)
    conn = db()
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("UPDATE factoring_sales SET payout = 1")
    finally:
        conn.close()


def test_sold_invoice_by_ehf_channel_has_the_partner_as_payee(
    approved: int, run: Run, isolated: Path
) -> None:
    peppol = int(
        run(
            "customer",
            "add",
            "--name",
            "Peppol AS",
            "--orgnr",
            "910524267",
            "--address",
            "V 1",
            "--postcode",
            "5003",
            "--city",
            "Bergen",
            "--peppol",
            "0192:910524267",
        ).stdout
    )
    number = sold(run, peppol)
    xml = (isolated.parent / "outbox" / "ehf" / f"923456783-faktura-{number}.xml").read_text()
    assert "cac:PayeeParty" in xml
    assert "<cbc:ID>15030688888</cbc:ID>" in xml


def test_accept_failing_halfway_changes_nothing(
    approved: int, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from faktura_cli.errors import RuleViolation
    from faktura_cli.storage import factoring as store

    number = create(run, approved)["offer"]["invoice"]
    before = snapshot(isolated)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuleViolation("the partner went away")

    monkeypatch.setattr(store, "insert_sale", broken)  # after the settlement voucher is posted
    out = run("factoring", "accept", str(number), code=1)
    assert "the partner went away" in out.stderr
    assert snapshot(isolated) == before


@pytest.fixture(autouse=True)
def books_audit_clean_afterwards(isolated: Path, run: Run):  # type: ignore[no-untyped-def]
    """After every factoring case: each voucher balances, 1500 equals the open items, 1579 the
    payouts not yet confirmed and 2400 the regress still owed (`faktura check`)."""
    yield
    if isolated.exists() and isolated.stat().st_size:
        result = run("check", "--json", ok=False)
        if result.exit_code == 1 and "no company" in result.stderr:
            return
        assert result.exit_code == 0, result.stdout


def test_check_finds_a_factoring_account_out_of_step(
    approved: int, run: Run, isolated: Path
) -> None:
    offer = create(run, approved)["offer"]
    run("factoring", "accept", str(offer["invoice"]))
    assert run("check").stdout.startswith("ok:")
    # A balanced, properly chained voucher posted behind the program's back.
    from datetime import date, datetime

    from faktura_cli.clock import OSLO
    from faktura_cli.domain.ledger import Posting, make_voucher
    from faktura_cli.storage import vouchers as vouchers_db
    from faktura_cli.storage.db import connect, transaction

    conn = connect(isolated)
    stray = make_voucher(
        date(2026, 3, 2), "Feilført", [Posting("1579", 100, "x"), Posting("1920", -100, "x")]
    )
    vouchers_db.insert_voucher(conn, stray, now=datetime(2026, 3, 2, 11, tzinfo=OSLO))
    conn.close()
    findings = run("check", "--json", code=1).json()["findings"]
    # ...which the hash chain also sees: the program links every record it writes (SPEC §12).
    assert [f["check"] for f in findings] == ["factoring_receivable_mismatch", "record_not_in_chain"]
    assert (
        "1579 stands at 9773.00 but the payouts not yet confirmed add up to 9772.00"
        in findings[0]["message"]
    )
    # Put right again (in a transaction of the program's, which links both vouchers into the
    # hash chain), so the autouse audit after the test is clean.
    conn = connect(isolated)
    with transaction(conn):
        vouchers_db.insert_voucher(
            conn,
            make_voucher(
                date(2026, 3, 2),
                "Korrigert",
                [Posting("1579", -100, "x"), Posting("1920", 100, "x")],
            ),
            now=datetime(2026, 3, 2, 11, tzinfo=OSLO),
        )
    conn.close()
