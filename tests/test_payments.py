"""SPEC 13: payments in foreign currency (agio/disagio), overpayment only with --overpay,
no payment of a fully credited invoice, and refunds of a credit balance."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .conftest import Run


def ore(text: str) -> int:
    return int(Decimal(text) * 100)


def nok(amount_ore: int, rate: str) -> int:
    return int((Decimal(amount_ore) * Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def voucher_of_last_payment(run: Run) -> dict[str, int]:
    rows = run("ledger", "postings", "--json").json()
    last = max(r["voucher"] for r in rows)
    return {r["account"]: ore(r["amount"]) for r in rows if r["voucher"] == last}


def eur_invoice(run: Run, customer: int) -> dict:  # type: ignore[type-arg]
    return run(
        "invoice", "create", "--customer", str(customer), "--currency", "EUR", "--rate", "11.72",
        "--line", "text=Consulting;qty=10;price=100", "--date", "2026-02-02", "--no-send", "--json",
    ).json()  # fmt: skip


def test_a_eur_payment_at_another_rate_books_the_difference_as_disagio(
    customer: int, run: Run
) -> None:
    invoice = eur_invoice(run, customer)
    total = ore(invoice["total"])  # 1 250.00 EUR
    booked = nok(total, "11.72")
    # The bank converted at 11.50: 1920 gets that, 1500 is cleared at the booked 11.72.
    paid = run("invoice", "pay", "1", "--amount", invoice["total"], "--rate", "11.50",
               "--date", "2026-02-20", "--json").json()  # fmt: skip
    assert paid["status"] == "paid" and ore(paid["open_amount"]) == 0
    received = nok(total, "11.50")
    assert voucher_of_last_payment(run) == {
        "1920": received,
        "1500": -booked,
        "8160": booked - received,  # disagio: a loss, debit
    }


def test_a_partial_eur_payment_with_the_nok_received_books_agio(customer: int, run: Run) -> None:
    eur_invoice(run, customer)
    run("invoice", "pay", "1", "--amount", "1000", "--amount-nok", "12 000",
        "--date", "2026-02-20")  # fmt: skip
    assert voucher_of_last_payment(run) == {
        "1920": 12_000_00,
        "1500": -nok(1000_00, "11.72"),
        "8060": -(12_000_00 - nok(1000_00, "11.72")),  # agio: a gain, credit
    }
    # Without --amount-nok/--rate the booked rate is used: no difference; the rest clears it.
    paid = run("invoice", "pay", "1", "--amount", "250", "--date", "2026-02-21", "--json").json()
    assert ore(paid["open_amount"]) == 0
    assert set(voucher_of_last_payment(run)) == {"1920", "1500"}
    assert (
        "--amount-nok or --rate, not both"
        in run(
            "invoice", "pay", "1", "--amount", "1", "--rate", "11", "--amount-nok", "11", code=1
        ).stderr
    )


def test_overpayment_is_refused_unless_asked_and_a_credit_balance_is_refunded(
    customer: int, run: Run
) -> None:
    invoice = run("invoice", "create", "--customer", str(customer), "--date", "2026-02-02",
                  "--line", "text=Arbeid;price=3625.45", "--no-send", "--json").json()  # fmt: skip
    assert invoice["total"] == "4531.81"
    refused = run("invoice", "pay", "1", "--amount", "5000", "--date", "2026-02-20", code=1)
    assert refused.stderr.startswith(
        "faktura: error: the payment of 5 000,00 NOK is more than the 4 531,81 NOK open on "
        "invoice 1; record it as a credit balance with --overpay"
    )
    over = run("invoice", "pay", "1", "--amount", "5000", "--date", "2026-02-20", "--overpay",
               "--json").json()  # fmt: skip
    assert over["open_amount"] == "-468.19"
    part = run("invoice", "create", "--customer", str(customer), "--line", "text=Arbeid;price=100",
               "--no-send")  # fmt: skip
    paid = run("invoice", "pay", part.stdout.strip(), "--amount", "50")  # people read Norwegian
    assert paid.stdout == f"Invoice {part.stdout.strip()}: delvis betalt, open 75,00\n"
    customers = run("ledger", "customers", "--json").json()
    assert "-468.19" in str(customers)  # shown as the customer's credit
    too_much = run("invoice", "refund", "1", "--amount", "500", "--date", "2026-02-25", code=1)
    assert "more than the credit balance of 468,19 NOK" in too_much.stderr
    refunded = run("invoice", "refund", "1", "--amount", "468.19", "--date", "2026-02-25",
                   "--json").json()  # fmt: skip
    assert refunded["open_amount"] == "0.00"
    assert voucher_of_last_payment(run) == {"1500": 468_19, "1920": -468_19}
    assert (
        "credit balance of 0,00"
        in run("invoice", "refund", "1", "--amount", "1", "--date", "2026-02-25", code=1).stderr
    )


def test_a_fully_credited_invoice_cannot_be_paid(customer: int, run: Run) -> None:
    run("invoice", "create", "--customer", str(customer), "--date", "2026-02-02",
        "--line", "text=Arbeid;price=1000", "--no-send")  # fmt: skip
    run("invoice", "credit", "1", "--reason", "Feil kunde", "--date", "2026-02-03")
    for extra in ([], ["--overpay"]):
        refused = run("invoice", "pay", "1", "--amount", "1250", *extra, code=1)
        assert "invoice 1 is credited in full: there is nothing to pay" in refused.stderr


def test_a_credit_note_after_payment_leaves_a_credit_to_refund(customer: int, run: Run) -> None:
    run("invoice", "create", "--customer", str(customer), "--date", "2026-02-02",
        "--line", "text=Arbeid;price=1000", "--no-send")  # fmt: skip
    run("invoice", "pay", "1", "--amount", "1250", "--date", "2026-02-10")
    run("invoice", "credit", "1", "--amount", "250", "--reason", "Rabatt", "--date", "2026-02-11")
    refunded = run("invoice", "refund", "1", "--amount", "250", "--date", "2026-02-12", "--json")
    assert refunded.json()["open_amount"] == "0.00"
    assert run("check").exit_code == 0
