"""`faktura factoring ...` as people and programs see it.

The arguments are the factoring services' results (Agreement, Offer, Sale, SaleState, Listed,
RegressQuote); render/ does not import services, so they are typed by what is read from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.render import terminal, words
from faktura_cli.render.view import View, view


def _money(ore: int | None) -> str | None:
    return None if ore is None else to_json(ore)


def _when(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# --json documents (SPEC 7), the machine shapes


def agreement_view(a: Any) -> dict[str, Any]:
    return {
        "status": a.status,
        "reasons": list(a.reasons),
        "applied_at": _when(a.applied_at),
        "decided_at": _when(a.decided_at),
        "refund_account": a.refund_account,
    }


def offer_view(o: Any) -> dict[str, Any]:
    return {
        "invoice": o.invoice,
        "eligible": o.eligible,
        "reasons": [code for code, _ in o.reasons],
        "messages": [text for _, text in o.reasons],
        "fee_rate": None if o.fee_rate is None else f"{o.fee_rate:.2f}",
        "fee": _money(o.fee),
        "payout": _money(o.payout),
        "status": o.status,
        "valid_until": _when(o.valid_until),
        "planned_payout": _when(o.planned_payout),
        "effective_annual_cost": (
            None if o.effective_annual_cost is None else f"{o.effective_annual_cost:.2f}"
        ),
    }


def sale_view(s: Any) -> dict[str, Any]:
    return {
        "invoice": s.invoice,
        "planned_payout": s.planned_payout.isoformat(),
        "bank_account": s.bank_account,
        "kid": s.kid,
        "fee_rate": f"{s.fee_rate:.2f}",
        "fee": _money(s.fee),
        "payout": _money(s.payout),
        "total": _money(s.total),
        "voucher": s.voucher,
    }


def sale_state_view(s: Any) -> dict[str, Any]:
    return {
        **sale_view(s.sale),
        "state": s.state,
        "confirmed_on": _when(s.confirmed_on),
        "regress_owed": _money(s.regress_owed),
    }


# What people read


def offer_lines(o: Any) -> list[str]:
    """An offer in Norwegian numbers; without one, why not (the partner's words, not codes)."""
    if o.eligible:
        return [
            f"offer for invoice {o.invoice}: fee {words.kr(o.fee or 0)} "
            f"({words.percent(o.fee_rate)}), payout {words.kr(o.payout or 0)} "
            f"{words.moment(o.planned_payout)}; valid until {words.moment(o.valid_until)} "
            f"({words.word(o.status)})"
        ]
    return [
        f"no offer for invoice {o.invoice} ({words.word(o.status)}):",
        *(f"  {text}" for _, text in o.reasons),
        f"a held invoice goes out with the next `faktura run-due`, or now with "
        f"`faktura factoring decline {o.invoice}`",
    ]


def offer(o: Any) -> View:
    return view(offer_view(o), *offer_lines(o))


def applied(a: Any) -> View:
    return view(
        agreement_view(a),
        f"factoring agreement: {words.word(a.status)} (the partner decides at 09:00"
        " next business day)",
    )


def agreement(a: Any) -> View:
    lines = [f"factoring agreement: {words.word(a.status)}", *(f"  {r}" for r in a.reasons)]
    if a.refund_account:
        lines.append(f"refund account: {words.konto(a.refund_account)}")
    return view(agreement_view(a), *lines)


def refund_account_set(a: Any) -> View:
    return view(agreement_view(a), f"refund account: {words.konto(a.refund_account)}")


def sold(s: Any) -> View:
    return view(
        sale_view(s),
        f"invoice {s.invoice} sold: payout {words.kr(s.payout)} planned "
        f"{words.moment(s.planned_payout)}; the customer pays to "
        f"{words.konto(s.bank_account)} (KID {s.kid})",
    )


def declined(o: Any) -> View:
    return view(offer_view(o), f"offer for invoice {o.invoice} declined")


def confirmed(s: Any) -> View:
    return view(
        sale_state_view(s),
        f"payout for invoice {s.sale.invoice} confirmed on {words.day(s.confirmed_on)}",
    )


def regress_paid(s: Any) -> View:
    return view(sale_state_view(s), f"regress for invoice {s.sale.invoice} paid")


def regress_quote(q: Any) -> View:
    data = {
        "invoice": q.invoice,
        "date": q.day.isoformat(),
        "factoring_outcome": q.outcome,
        "regress_amount": _money(q.regress),
    }
    if q.outcome == "annulled":
        text = (
            f"crediting invoice {q.invoice} on {words.day(q.day)}: the sale is annulled,"
            " nothing to pay the partner"
        )
    else:
        text = (
            f"crediting invoice {q.invoice} on {words.day(q.day)}: regress "
            f"{words.kr(q.regress or 0)} to pay the partner"
        )
    return view(data, text)


def sales(rows: Sequence[Any]) -> View:
    """Every offer and sale with its state (SPEC 7)."""
    data = {
        "sales": [
            {
                "invoice": r.invoice,
                "state": r.state,
                "fee": _money(r.fee),
                "payout": _money(r.payout),
                "planned_payout": _when(r.planned_payout),
                "confirmed_on": _when(r.confirmed_on),
                "regress_owed": _money(r.regress_owed),
            }
            for r in rows
        ]
    }

    def amount(ore: int | None) -> str:
        return "-" if ore is None else words.kr(ore)

    def moment(value: datetime | None) -> str:
        return "-" if value is None else words.moment(value)

    def day(value: date | None) -> str:
        return "-" if value is None else words.day(value)

    wide = terminal.table(
        None,
        [
            ("Invoice", "r"),
            ("State", "w"),
            ("Fee", "r"),
            ("Payout", "r"),
            ("Planned payout", "l"),
            ("Confirmed", "l"),
            ("Regress owed", "r"),
        ],
        [
            [
                str(r.invoice),
                words.word(r.state),
                amount(r.fee),
                amount(r.payout),
                moment(r.planned_payout),
                day(r.confirmed_on),
                amount(r.regress_owed),
            ]
            for r in rows
        ],
    )
    narrow = terminal.table(
        None,
        [
            ("Inv.", "r"),
            ("State", "w"),
            ("Fee", "r"),
            ("Payout", "r"),
            ("Payout at", "l"),
            ("Regress", "r"),
        ],
        [
            [
                str(r.invoice),
                words.word(r.state),
                amount(r.fee),
                amount(r.payout),
                moment(r.planned_payout).replace(" kl.", ""),
                amount(r.regress_owed),
            ]
            for r in rows
        ],
    )
    return view(data, terminal.Either(wide, narrow))
