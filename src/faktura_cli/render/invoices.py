"""`faktura invoice ...` (and what order/recurring print of invoices) as people and programs see it.

The arguments are the invoicing services' results (InvoiceState, Preview, CreditResult, a
delivery Outcome); render/ does not import services, so they are typed by what is read from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.render import terminal, words
from faktura_cli.render.factoring import offer_lines, offer_view
from faktura_cli.render.view import Part, View, view
from faktura_cli.render.views import document_view


def state_view(state: Any) -> dict[str, Any]:
    """An issued document with what has happened to it since: the --json document (SPEC 3)."""
    return document_view(
        state.document,
        status=state.status,
        open_amount=state.open_amount,
        credited=state.credited,
        vouchers=state.vouchers,
        delivered=state.delivered,
        payee=state.payee,
        sale=state.sale,
    )


def issued(state: Any, offer: Any = None) -> View:
    """`invoice create`, `order invoice`: the number (scripts read it); with an invoice sale's
    offer, the offer too."""
    data = state_view(state)
    if offer is None:
        return view(data, str(state.document.number))
    return view(
        {**data, "offer": offer_view(offer)}, str(state.document.number), *offer_lines(offer)
    )


def preview(shown: Any) -> View:
    """A draft (`--preview`): its file, and in JSON the document it shows."""
    data = document_view(shown.document, status="draft", open_amount=0, credited=0, vouchers=())
    return view({"preview": True, "file": str(shown.file), **data}, str(shown.file))


def written(number: int, path: Path, **about: str) -> View:
    """`invoice pdf|ehf`: the file written."""
    return view({"number": number, "file": str(path), **about}, str(path))


def credited(result: Any) -> View:
    outcome = result.factoring
    regress = outcome.regress_amount if outcome else None
    data = {
        **state_view(result.credit_note),
        "factoring_outcome": outcome.kind if outcome else None,
        "regress_amount": to_json(regress) if regress is not None else None,
    }
    return view(data, str(result.credit_note.document.number))


def paid(state: Any) -> View:
    """`invoice pay|refund`: where the invoice stands now."""
    return view(
        state_view(state),
        f"Invoice {state.document.number}: {words.word(state.status)}, "
        f"open {words.kr(state.open_amount)}",
    )


def sent(number: int, outcome: Any) -> View:
    """`invoice send`: the delivery; people read a line only when it went out (a failure is said
    on stderr, with exit 3)."""
    data = {
        "number": number,
        "delivery": outcome.id,
        "channel": outcome.channel,
        "status": outcome.status,
        "target": outcome.target,
        "error": outcome.error,
    }
    if outcome.status != "sent":
        return view(data)
    what = words.delivered(outcome.kind, number)
    return view(data, f"{what} delivered by {words.via(outcome.channel)}: {outcome.target}")


def invoice_list(states: Sequence[Any]) -> View:
    shown = terminal.table(
        None,
        [
            ("No.", "r"),
            ("Customer", "w"),
            ("Date", "l"),
            ("Due", "l"),
            ("Total", "r"),
            ("Open (NOK)", "r"),
            ("Status", "w"),
        ],
        [
            [
                s.document.number,
                f"{s.document.customer} {s.customer_name}",
                s.document.date,
                s.document.due_date if s.document.kind == "invoice" else "",
                words.kr(s.document.total)
                if s.document.currency == "NOK"
                else f"{s.document.currency} {words.kr(s.document.total)}",
                words.kr(s.open_amount) if s.document.kind == "invoice" else "",
                words.word(s.status)
                if s.document.kind == "invoice"
                else f"kreditnota for {s.document.credits}",
            ]
            for s in states
        ],
    )
    return view({"invoices": [state_view(s) for s in states]}, shown)


def invoice(state: Any) -> View:
    """`invoice show`: what the customer is told, where it pays (the partner's account for a
    sold invoice, SPEC 16), the sale, the lines and the totals."""
    data = state_view(state)
    doc = state.document
    title = "Credit note" if doc.kind == "credit_note" else "Invoice"
    pairs: list[tuple[str, object]] = [
        ("Customer", f"{doc.customer} {state.customer_name}"),
        ("Date", doc.date),
        ("Delivery date", doc.delivery_date),
        ("Due date", doc.due_date if doc.kind == "invoice" else None),
    ]
    if doc.kind == "invoice":
        pairs += [("Pay to account", words.konto(data["bank_account"])), ("KID", data["kid"])]
        if state.sale is not None:
            pairs.append(
                (
                    "Own account",
                    f"{words.konto(doc.bank_account)}, KID {doc.kid} (not for the"
                    " customer: the invoice is sold)",
                )
            )
    pairs += [
        (
            "Currency",
            doc.currency
            if doc.currency == "NOK"
            else f"{doc.currency}, kurs {words.number(doc.exchange_rate)}",
        ),
        ("Credits invoice", doc.credits),
        ("Reason", doc.reason),
        ("Status", words.word(state.status)),
        ("Open (NOK)", words.kr(state.open_amount) if doc.kind == "invoice" else None),
        ("Vouchers", ", ".join(map(str, state.vouchers))),
    ]
    parts: list[Part] = [terminal.key_values(f"{title} {doc.number}", pairs)]
    sale = data["sale"]
    if sale is not None and state.sale is not None:
        s = state.sale
        parts.append(
            terminal.key_values(
                "Sold",
                [
                    ("Partner", f"{sale['partner']} (org.nr {sale['partner_orgnr']})"),
                    ("Fee", f"{words.kr(s.sale.fee)} ({words.percent(s.sale.fee_rate)})"),
                    ("Payout", words.kr(s.sale.payout)),
                    ("Planned payout", words.moment(s.sale.planned_payout)),
                    ("Status", words.word(s.state)),
                    ("Confirmed on", words.day(s.confirmed_on)),
                    ("Regress owed", words.kr(s.regress_owed) if s.regress_owed else None),
                ],
            )
        )
    parts.append(
        terminal.table(
            None,
            [
                ("#", "r"),
                ("Description", "w"),
                ("Qty", "r"),
                ("Unit price", "r"),
                ("Disc.", "r"),
                ("VAT", "l"),
                ("Net", "r"),
            ],
            [
                [
                    k,
                    ln.text
                    + (
                        f" ({words.day(ln.period_from)}–{words.day(ln.period_to)})"
                        if ln.period_from and ln.period_to
                        else ""
                    ),
                    words.number(ln.qty),
                    words.kr(ln.unit_price),
                    f"{words.number(ln.discount)} %" if ln.discount else "",
                    terminal.vat_label(ln.vat),
                    words.kr(ln.net),
                ]
                for k, ln in enumerate(doc.lines, start=1)
            ],
        )
    )
    parts += [
        f"  VAT {terminal.vat_label(vl.vat)} of {words.kr(vl.base)}: {words.kr(vl.amount)}"
        for vl in doc.vat_lines
    ]
    parts.append(
        f"  Total {doc.currency} {words.kr(doc.total)} "
        f"(net {words.kr(doc.net_total)} + VAT {words.kr(doc.vat_total)})"
    )
    return view(data, *parts)
