"""Credit notes (SPEC.md §8): in full, by amount incl. VAT, by line; posted against the invoice.

The running example is the mixed invoice of the brief: 1 000,00 + 250,00 VAT at 25 % and
500,00 outside the VAT act, 1 750,00 in all.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faktura_cli.domain import crediting
from faktura_cli.domain.crediting import LineCredit, split_credit_amount
from faktura_cli.domain.invoice import (
    Document,
    LineInput,
    Totals,
    VatLine,
    compute_totals,
)
from faktura_cli.domain.ledger import make_voucher
from faktura_cli.domain.money import from_json
from faktura_cli.domain.sale_posting import sale_postings
from faktura_cli.domain.vat import TREATMENTS, vat_on
from faktura_cli.errors import RuleViolation

from .conftest import Run, snapshot

MIXED = ("text=Konsulenttimer;qty=8;price=125;vat=25", "text=Kurs;price=500;vat=exempt")


# ---------------------------------------------------------------- helpers


def make_invoice(run: Run, customer: int, *lines: str, extra: tuple[str, ...] = ()) -> int:
    args = [x for line in lines for x in ("--line", line)]
    return int(run("invoice", "create", "--customer", str(customer), *args, *extra).stdout)


def credit(run: Run, number: int, *args: str, reason: str = "Feil", **kw: object):  # type: ignore[no-untyped-def]
    return run("invoice", "credit", str(number), "--reason", reason, *args, **kw)


def assert_books_hold(run: Run) -> None:
    """Every voucher balances and 1500 equals the sum of the invoices' open items."""
    per_voucher: dict[int, int] = defaultdict(int)
    for p in run("ledger", "postings", "--json").json():
        per_voucher[p["voucher"]] += from_json(p["amount"])
    assert per_voucher and all(total == 0 for total in per_voucher.values()), per_voucher
    balance = {
        r["account"]: from_json(r["closing"]) for r in run("ledger", "balance", "--json").json()
    }
    documents = run("invoice", "list", "--json").json()["invoices"]
    assert all(d["open_amount"] == "0.00" for d in documents if d["kind"] == "credit_note")
    assert balance.get("1500", 0) == sum(from_json(d["open_amount"]) for d in documents)


def closing_balance(run: Run) -> dict[str, str]:
    return {r["account"]: r["closing"] for r in run("ledger", "balance", "--json").json()}


# ---------------------------------------------------------------- in full


def test_full_credit_negates_every_line_and_closes_the_invoice(
    customer: int, run: Run, db: Callable[[], sqlite3.Connection]
) -> None:
    n = make_invoice(
        run,
        customer,
        *MIXED,
        "text=Lunsj;qty=3;price=185;vat=15;discount=10",
        extra=("--delivery-date", "2026-02-27"),
    )
    invoice = run("invoice", "show", str(n), "--json").json()
    note = credit(run, n, "--date", "05.03.2026", "--json", reason="Fakturert feil kunde").json()

    assert note["number"] == 2 and note["kind"] == "credit_note" and note["credits"] == 1
    assert note["factoring_outcome"] is None and note["regress_amount"] is None
    assert note["reason"] == "Fakturert feil kunde" and note["status"] == "credit_note"
    assert (note["date"], note["due_date"], note["delivery_date"]) == (
        "2026-03-05",
        "2026-03-05",
        "2026-02-27",
    )
    for key in ("customer", "customer_name", "currency", "exchange_rate", "kid", "bank_account"):
        assert note[key] == invoice[key], key
    assert len(note["lines"]) == 3
    for mine, theirs in zip(note["lines"], invoice["lines"], strict=True):
        negated = {
            k: ("-" + v if k in ("qty", "net", "vat") and v not in ("0", "0.00") else v)
            for k, v in theirs.items()
        }
        assert mine == negated
    for key in ("net_total", "vat_total", "total", "total_nok", "vat_total_nok"):
        assert note[key] == "-" + invoice[key], key

    after = run("invoice", "show", str(n), "--json").json()
    assert after["status"] == "credited" and after["open_amount"] == "0.00"
    assert after["credited"] == invoice["total"]
    # The invoice's posting with opposite signs, dated the credit date, against invoice 1.
    postings = run("ledger", "postings", "--json").json()
    sale = [(p["account"], p["amount"]) for p in postings if p["voucher"] == 1]
    reversal = [p for p in postings if p["voucher"] == 2]
    assert [(p["account"], p["amount"]) for p in reversal] == [
        (a, amount[1:] if amount.startswith("-") else "-" + amount) for a, amount in sale
    ]
    assert {(p["date"], p["invoice"]) for p in reversal} == {("2026-03-05", 2)}
    with db() as conn:
        row = conn.execute(
            "SELECT open_item, customer FROM postings WHERE voucher = 2 AND account = '1500'"
        ).fetchone()
        event = conn.execute("SELECT command, summary FROM events ORDER BY id DESC").fetchone()
    assert tuple(row) == (1, customer)
    assert (
        event["command"] == "invoice credit" and "credit note 2 for invoice 1" in event["summary"]
    )
    assert set(closing_balance(run).values()) == {"0.00"}
    assert_books_hold(run)

    listed = run("invoice", "list", "--json").json()["invoices"]
    assert [(d["number"], d["kind"], d["status"]) for d in listed] == [
        (1, "invoice", "credited"),
        (2, "credit_note", "credit_note"),
    ]
    shown = run("invoice", "show", "2", "--json").json()
    assert shown["kind"] == "credit_note" and shown["credits"] == 1
    assert "kreditnota for 1" in run("invoice", "list").stdout
    assert "Credits invoice" in run("invoice", "show", "2").stdout


def test_credit_note_numbers_continue_the_invoice_series(customer: int, run: Run) -> None:
    make_invoice(run, customer, "text=A;price=100")
    assert credit(run, 1).stdout == "2\n"
    assert make_invoice(run, customer, "text=B;price=100") == 3


def test_a_paid_invoice_credited_in_full_leaves_the_customer_in_credit(
    customer: int, run: Run
) -> None:
    n = make_invoice(run, customer, "text=A;price=1000")
    run("invoice", "pay", str(n), "--amount", "1250")
    credit(run, n, reason="Returnert")
    shown = run("invoice", "show", str(n), "--json").json()
    assert shown["status"] == "credited" and shown["open_amount"] == "-1250.00"
    assert_books_hold(run)


# ---------------------------------------------------------------- by amount


def test_partial_credit_by_amount_worked_example(customer: int, run: Run) -> None:
    """100,00 over 1 250,00 (25 %) and 500,00 (exempt), by largest remainder.

    Exact shares: 100,00 × 1 250/1 750 = 71,428… and 100,00 × 500/1 750 = 28,571…; in øre the
    floors are 7 142 and 2 857, one øre is short and goes to the larger remainder (0,857… > 0,142…):
    71,43 and 28,57. The 25 % part: net = 71,43 × 100/125 = 57,144 → 57,14, VAT 14,29.
    """
    n = make_invoice(run, customer, *MIXED)
    note = credit(run, n, "--amount", "100", "--json", reason="Prisavslag").json()
    assert [(x["text"], x["qty"], x["unit_price"], x["net"], x["vat"]) for x in note["lines"]] == [
        ("Delkreditering av faktura 1 (25 %)", "-1", "57.14", "-57.14", "-14.29"),
        ("Delkreditering av faktura 1 (unntatt mva)", "-1", "28.57", "-28.57", "0.00"),
    ]
    assert (note["net_total"], note["vat_total"], note["total"]) == ("-85.71", "-14.29", "-100.00")
    shown = run("invoice", "show", str(n), "--json").json()
    assert (shown["status"], shown["open_amount"], shown["credited"]) == (
        "open",
        "1650.00",
        "100.00",
    )
    assert closing_balance(run) == {
        "1500": "1650.00",
        "2700": "-235.71",
        "3000": "-942.86",
        "3200": "-471.43",
    }
    assert_books_hold(run)


def test_half_the_mixed_invoice_splits_exactly(customer: int, run: Run) -> None:
    n = make_invoice(run, customer, *MIXED)
    note = credit(run, n, "--amount", "875,00", "--json").json()
    assert [(x["net"], x["vat"]) for x in note["lines"]] == [
        ("-500.00", "-125.00"),
        ("-250.00", "0.00"),
    ]


def test_amount_vat_is_part_minus_net_even_where_rounding_the_net_disagrees(
    customer: int, run: Run
) -> None:
    """100,02 at 25 %: net 100,02 × 100/125 = 80,016 → 80,02 and VAT 20,00.

    80,02 × 25 % = 20,005 would round to 20,01, but then the total would be 100,03; no net gives
    net + VAT = 100,02 with VAT rounded from it. The credited amount is what was typed.
    """
    n = make_invoice(run, customer, "text=A;price=1000")
    note = credit(run, n, "--amount", "100,02", "--json").json()
    assert (note["net_total"], note["vat_total"], note["total"]) == ("-80.02", "-20.00", "-100.02")
    assert note["vat"] == [
        {"vat_rate": "25", "vat_code": "25", "base": "-80.02", "vat": "-20.00", "ehf_category": "S"}
    ]
    postings = [p for p in run("ledger", "postings", "--json").json() if p["voucher"] == 2]
    assert [(p["account"], p["amount"]) for p in postings] == [
        ("1500", "-100.02"),
        ("3000", "80.02"),
        ("2700", "20.00"),
    ]
    assert_books_hold(run)


def test_several_partial_credits_until_nothing_is_left(
    customer: int, run: Run, isolated: Path
) -> None:
    n = make_invoice(run, customer, *MIXED)
    credit(run, n, "--line", "line=1;qty=2")  # 250,00 + 62,50 VAT
    credit(run, n, "--amount", "500")
    credit(run, n, "--amount", "0,07")
    shown = run("invoice", "show", str(n), "--json").json()
    assert (shown["credited"], shown["open_amount"], shown["status"]) == (
        "812.57",
        "937.43",
        "open",
    )

    before = snapshot(isolated)
    too_much = credit(run, n, "--amount", "1 000", code=1)
    assert too_much.stderr == (
        "faktura: error: invoice 1 has 937,43 left to credit; 1 000,00 is more than that\n"
    )
    full = credit(run, n, code=1)
    assert full.stderr == (
        "faktura: error: invoice 1 is partly credited already and has 937,43 left to credit; "
        "credit the rest with --amount 937,43\n"
    )
    by_line = credit(run, n, "--line", "line=2", code=1)
    assert by_line.stderr.startswith(
        "faktura: error: invoice 1 has 937,43 left to credit, but not by line"
    )
    assert snapshot(isolated) == before

    last = credit(run, n, "--amount", "937,43", "--json").json()
    assert last["total"] == "-937.43"
    shown = run("invoice", "show", str(n), "--json").json()
    assert (shown["credited"], shown["open_amount"], shown["status"]) == (
        "1750.00",
        "0.00",
        "credited",
    )
    # Every account of the sale is reversed to the øre, not just the receivable.
    assert set(closing_balance(run).values()) == {"0.00"}
    assert_books_hold(run)

    before = snapshot(isolated)
    for args in (("--amount", "0,01"), (), ("--line", "line=1;qty=1")):
        assert credit(run, n, *args, code=1).stderr == (
            "faktura: error: invoice 1 has 0,00 left to credit; it is credited in full\n"
        )
    assert snapshot(isolated) == before


# ---------------------------------------------------------------- by line


def test_partial_credit_by_line(customer: int, run: Run, isolated: Path) -> None:
    n = make_invoice(
        run,
        customer,
        "text=Konsulenttimer;qty=10;price=1000",
        "text=Bok;qty=2;price=449;vat=0",
        "text=Lunsj;qty=3;price=185;vat=15;discount=10",
    )
    note = credit(run, n, "--line", "line=1;qty=2,5", "--line", "line=3;qty=1", "--json").json()
    assert [
        (x["text"], x["qty"], x["unit_price"], x["discount"], x["net"], x["vat"])
        for x in note["lines"]
    ] == [
        ("Konsulenttimer", "-2.5", "1000.00", "0", "-2500.00", "-625.00"),
        ("Lunsj", "-1", "185.00", "10", "-166.50", "-24.98"),
    ]
    assert note["total"] == "-3316.48"

    before = snapshot(isolated)
    assert credit(run, n, "--line", "line=1;qty=8", code=1).stderr == (
        "faktura: error: line 1 of invoice 1 has 7,5 left to credit; 8 is more than that\n"
    )
    assert credit(run, n, "--line", "line=4", code=1).stderr == (
        "faktura: error: invoice 1 has no line 4; its lines are 1 to 3\n"
    )
    assert credit(run, n, "--line", "line=1;qty=1", "--line", "line=1;qty=1", code=1).stderr == (
        "faktura: error: line 1 is given twice; give each line once, with its qty\n"
    )
    assert credit(run, n, "--line", "line=1;qty=0", code=1).stderr.startswith(
        "faktura: error: qty must be more than 0"
    )
    assert credit(run, n, "--line", "line=1;price=5", code=1).stderr.startswith(
        "faktura: error: line 'line=1;price=5': unknown key 'price'; keys are line, qty"
    )
    assert credit(run, n, "--line", "qty=1", code=1).stderr.startswith(
        "faktura: error: line 'qty=1' needs line=K"
    )
    assert snapshot(isolated) == before

    # Without qty, a line is credited with all that is left of it.
    rest = credit(run, n, "--line", "line=1", "--line", "line=2", "--json").json()
    assert [(x["qty"], x["net"]) for x in rest["lines"]] == [
        ("-7.5", "-7500.00"),
        ("-2", "-898.00"),
    ]
    assert credit(run, n, "--line", "line=2", code=1).stderr == (
        "faktura: error: line 2 of invoice 1 is credited in full already\n"
    )
    credit(run, n, "--line", "line=3")
    shown = run("invoice", "show", str(n), "--json").json()
    assert (shown["status"], shown["open_amount"]) == ("credited", "0.00")
    assert set(closing_balance(run).values()) == {"0.00"}
    assert_books_hold(run)


def test_line_credits_in_halves_leave_no_øre_behind(customer: int, run: Run) -> None:
    """Lines 1 and 2 are the same goods at the same price: one pool of 2,5 units and 249,98
    (149,99 + 99,99). Half a unit is 49,995 → 50,00, and five halves would credit 250,00; the
    last half takes what is left instead, 49,98.
    """
    n = make_invoice(
        run, customer, "text=Timer;qty=1,5;price=99,99", "text=Timer;qty=1;price=99,99"
    )
    nets = [
        credit(run, n, "--line", f"line={k};qty=0,5", "--json").json()["lines"][0]["net"]
        for k in (1, 1, 1, 2, 2)
    ]
    assert nets == ["-50.00", "-50.00", "-50.00", "-50.00", "-49.98"]
    shown = run("invoice", "show", str(n), "--json").json()
    assert (shown["status"], shown["open_amount"]) == ("credited", "0.00")
    assert set(closing_balance(run).values()) == {"0.00"}
    assert_books_hold(run)


def test_line_credit_after_amount_credit_is_refused_but_amount_after_lines_works(
    customer: int, run: Run
) -> None:
    n = make_invoice(run, customer, *MIXED)
    credit(run, n, "--line", "line=2")  # all of the exempt 500,00
    note = credit(run, n, "--amount", "100", "--json").json()
    # Split over what is left: only the 25 % treatment has anything left.
    assert [x["vat_rate"] for x in note["lines"]] == ["25"]
    assert (note["lines"][0]["net"], note["lines"][0]["vat"]) == ("-80.00", "-20.00")
    assert credit(run, n, "--line", "line=1;qty=1", code=1).stderr.startswith(
        "faktura: error: invoice 1 has 1 150,00 left to credit, but not by line"
    )
    assert_books_hold(run)


# ---------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["9", "--reason", "x"], "there is no invoice 9"),
        (
            ["2", "--reason", "x"],
            "2 is a credit note; only invoices can be credited; it credits invoice 1",
        ),
        (
            ["1", "--reason", "x", "--date", "2026-02-28"],
            "the credit date 2026-02-28 is before the date of invoice 1, 2026-03-01",
        ),
        (["1", "--reason", "  "], 'a credit note needs a reason; give --reason "..."'),
        (
            ["1", "--reason", "x", "--amount", "1", "--line", "line=1"],
            "give --amount or --line, not both",
        ),
        (["1", "--reason", "x", "--amount", "0"], "amount must be more than 0"),
        (["1", "--reason", "x", "--amount", "-5"], "amount '-5' cannot be negative"),
        (["1", "--reason", "x", "--amount", "1,001"], "amount '1,001' has more than two decimals"),
        (
            ["1", "--reason", "x", "--amount", "1 750,01"],
            "invoice 1 has 1 650,00 left to credit; 1 750,01 is more than that",
        ),
        (
            ["1", "--reason", "x", "--date", "31.02.2026"],
            "credit date '31.02.2026' is not a real date",
        ),
    ],
)
def test_refusals_change_nothing(
    customer: int, run: Run, isolated: Path, args: list[str], message: str
) -> None:
    make_invoice(run, customer, *MIXED, extra=("--date", "2026-03-01"))
    credit(run, 1, "--amount", "100")
    before = snapshot(isolated)
    result = run("invoice", "credit", *args, code=1)
    assert result.stderr.startswith(f"faktura: error: {message}"), result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert snapshot(isolated) == before


def test_reason_is_required(customer: int, run: Run) -> None:
    make_invoice(run, customer, "text=A;price=1")
    assert "--reason" in run("invoice", "credit", "1", code=2).stderr


def test_a_failure_halfway_rolls_the_credit_note_back(
    customer: int, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from faktura_cli.storage import events

    make_invoice(run, customer, *MIXED)
    before = snapshot(isolated)

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    # The credit note, its lines and its voucher are written; then logging the event fails.
    monkeypatch.setattr(events, "log_event", broken)
    assert "disk full" in credit(run, 1, code=1).stderr
    assert snapshot(isolated) == before


# ---------------------------------------------------------------- foreign currency


def test_foreign_currency_credit_at_the_invoices_rate(customer: int, run: Run) -> None:
    fx = ("--currency", "EUR", "--rate", "11,7250")
    n = make_invoice(run, customer, "text=Consulting;qty=10;price=100", extra=fx)
    note = credit(run, n, "--amount", "250", "--json", reason="Prisavslag").json()
    assert (note["currency"], note["exchange_rate"]) == ("EUR", "11.7250")
    assert (note["total"], note["total_nok"], note["vat_total_nok"]) == (
        "-250.00",
        "-2931.25",
        "-586.25",
    )
    rest = credit(run, n, "--amount", "1000", "--json").json()
    assert rest["total_nok"] == "-11725.00"
    assert set(closing_balance(run).values()) == {"0.00"}
    full = make_invoice(run, customer, "text=Consulting;qty=3;price=33,33", extra=fx)
    assert (
        credit(run, full, "--json").json()["total_nok"]
        == "-" + run("invoice", "show", str(full), "--json").json()["total_nok"]
    )
    assert_books_hold(run)


def test_foreign_currency_credited_in_small_parts_closes_to_the_øre(
    customer: int, run: Run
) -> None:
    """Each part is converted on its own (0,01 EUR → 0,12 NOK); the last takes the NOK left."""
    fx = ("--currency", "EUR", "--rate", "11,7250")
    n = make_invoice(
        run,
        customer,
        "text=Consulting;qty=10;price=100,01",
        "text=Course;price=33,33;vat=exempt",
        extra=fx,
    )
    for amount in ("0,01", "0,03", "0,05", "0,07", "100"):
        credit(run, n, "--amount", amount)
    left = run("invoice", "show", str(n), "--json").json()
    assert left["total"] == "1283.46" and left["credited"] == "100.16"
    last = credit(run, n, "--amount", "1183,30", "--json").json()
    # Converted on its own, the 25 % VAT left (230,52 EUR → 2 702,85) would leave an øre on 2700
    # and 1500: the credit that empties a treatment posts the NOK left on its accounts instead.
    assert last["total_nok"] == "-13874.18"
    documents = run("invoice", "list", "--json").json()["invoices"]
    assert sum(from_json(d["total_nok"]) for d in documents) == 0
    shown = run("invoice", "show", str(n), "--json").json()
    assert (shown["status"], shown["open_amount"]) == ("credited", "0.00")
    assert set(closing_balance(run).values()) == {"0.00"}
    assert_books_hold(run)


# ---------------------------------------------------------------- PDF


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_credit_note_pdf(customer: int, run: Run, tmp_path: Path) -> None:
    from .test_pdf import pdf_text

    make_invoice(run, customer, *MIXED)
    credit(run, 1, "--amount", "100", reason="Prisavslag etter reklamasjon")
    out = tmp_path / "k2.pdf"
    run("invoice", "pdf", "2", "-o", str(out))
    text = pdf_text(out).replace("\u00a0", " ")
    for expected in (
        "KREDITNOTA",
        "Kreditnotanummer",
        "Kreditnotadato",
        "Krediterer faktura",
        "Prisavslag etter reklamasjon",
        "Delkreditering av faktura 1 (25 %)",
        "-57,14",
        "MVA 25 % av -57,14",
        "-14,29",
        "Sum NOK",
        "-100,00",
        "Kreditnota for faktura 1",
    ):
        assert expected in text, expected
    assert "Forfallsdato" not in text and "KID" not in text and "Å betale" not in text


# ---------------------------------------------------------------- the split, as pure functions


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def document(number: int, totals: Totals, *, credits: int | None = None) -> Document:
    return Document(
        number=number,
        kind="credit_note" if credits else "invoice",
        customer=10001,
        date=date(2026, 3, 2),
        due_date=date(2026, 3, 16),
        delivery_date=date(2026, 3, 2),
        currency="NOK",
        exchange_rate=Decimal(1),
        kid="",
        bank_account="",
        net_total=totals.net_total,
        vat_total=totals.vat_total,
        total=totals.total,
        vat_total_nok=totals.vat_total,
        total_nok=totals.total,
        credits=credits,
        reason="test" if credits else None,
        seller={},
        buyer={"name": "Kunde AS"},
        lines=totals.lines,
    )


def mixed_invoice() -> Document:
    return document(
        1,
        compute_totals(
            [
                LineInput("Konsulenttimer", Decimal(8), 12500, TREATMENTS["25"]),
                LineInput("Kurs", Decimal(1), 50000, TREATMENTS["exempt"]),
            ]
        ),
    )


def test_split_worked_example() -> None:
    left = mixed_invoice().vat_lines
    assert split_credit_amount(10000, left) == (
        VatLine(TREATMENTS["25"], 5714, 1429),
        VatLine(TREATMENTS["exempt"], 2857, 0),
    )
    assert split_credit_amount(87500, left) == (
        VatLine(TREATMENTS["25"], 50000, 12500),
        VatLine(TREATMENTS["exempt"], 25000, 0),
    )
    # The whole: exactly what the invoice has, per treatment.
    assert split_credit_amount(175000, left) == left


def test_domain_refuses_credit_of_a_credit_note() -> None:
    invoice = mixed_invoice()
    note = document(2, crediting.full_credit(crediting.creditable(invoice, [])), credits=1)
    with pytest.raises(RuleViolation, match="2 is a credit note"):
        crediting.creditable(note, [])


RATES = st.sampled_from(["25", "15", "12", "0", "exempt"])
INVOICE_LINES = st.lists(
    st.tuples(RATES, st.integers(min_value=1, max_value=10**9)), min_size=1, max_size=5
)


def invoice_of(lines: list[tuple[str, int]]) -> Document:
    return document(
        1,
        compute_totals(
            [LineInput(f"L{k}", Decimal(1), p, TREATMENTS[v]) for k, (v, p) in enumerate(lines)]
        ),
    )


@settings(max_examples=300)
@given(lines=INVOICE_LINES, data=st.data())
def test_amount_split_is_exact_and_vat_is_part_minus_net(
    lines: list[tuple[str, int]], data: st.DataObject
) -> None:
    invoice = invoice_of(lines)
    amount = data.draw(st.integers(min_value=1, max_value=invoice.total), label="amount")
    c = crediting.creditable(invoice, [])
    totals = crediting.credit_by_amount(c, amount)

    assert totals.total == -amount
    weights = {vl.vat.code: vl.base + vl.amount for vl in invoice.vat_lines}
    for vl in totals.vat_lines:
        part = -(vl.base + vl.amount)
        rate = vl.vat.rate
        # Largest remainder: within one øre of the exact proportional share.
        assert abs(part - Decimal(amount) * weights[vl.vat.code] / invoice.total) < 1
        assert -vl.base == half_up(Decimal(part) * 100 / (100 + rate))
        assert -vl.amount == part + vl.base  # VAT = part − net
        # compute_totals' rounding of the net agrees wherever any net can agree, else by 1 øre.
        rounded = vat_on(-vl.base, vl.vat)
        assert abs(-vl.base + rounded - part) <= 1
        assert (rounded == -vl.amount) == (-vl.base + rounded == part)
    # The document's lines carry exactly the VAT per rate that is posted.
    assert tuple(totals.vat_lines) == document(2, totals, credits=1).vat_lines
    sale = sale_postings(
        compute_totals([LineInput(ln.text, ln.qty, ln.unit_price, ln.vat) for ln in invoice.lines]),
        customer=10001,
        open_item=1,
        rate=Decimal(1),
        text="t",
    )
    nok_left = {(p.account, p.vat_code): p.amount for p in sale if p.vat_code}
    voucher = make_voucher(
        date(2026, 3, 2), "t", crediting.credit_postings(c, totals, nok_left=nok_left, text="t")
    )
    assert sum(p.amount for p in voucher.postings if p.account == "1500") == -amount


@settings(max_examples=200)
@given(lines=INVOICE_LINES, data=st.data())
def test_partial_credits_by_amount_never_overcredit_and_end_exactly(
    lines: list[tuple[str, int]], data: st.DataObject
) -> None:
    invoice = invoice_of(lines)
    notes: list[Document] = []
    while (c := crediting.creditable(invoice, notes)).total_left:
        for vl in c.left:
            assert vl.base >= 0 and vl.amount >= 0
        amount = data.draw(st.integers(min_value=1, max_value=c.total_left))
        if len(notes) >= 6:
            amount = c.total_left
        notes.append(document(2 + len(notes), crediting.credit_by_amount(c, amount), credits=1))
    assert sum(n.total for n in notes) == -invoice.total
    assert c.left == ()  # every treatment's net and VAT reversed to the øre


@settings(max_examples=200)
@given(
    qty=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(100), places=1),
    price=st.integers(min_value=1, max_value=10**6),
    rate=RATES,
    data=st.data(),
)
def test_line_credits_in_parts_end_exactly(
    qty: Decimal, price: int, rate: str, data: st.DataObject
) -> None:
    invoice = document(
        1, compute_totals([LineInput("Timer", qty, price, TREATMENTS[rate], Decimal("12.5"))])
    )
    notes: list[Document] = []
    while (c := crediting.creditable(invoice, notes)).total_left:
        pool = c.pool_of(1)
        part = data.draw(st.decimals(min_value=Decimal("0.1"), max_value=pool.qty_left, places=1))
        totals = crediting.credit_by_lines(c, [LineCredit(1, part if len(notes) < 5 else None)])
        assert -totals.total <= c.total_left
        notes.append(document(2 + len(notes), totals, credits=1))
    assert sum(n.total for n in notes) == -invoice.total
    assert c.left == ()
