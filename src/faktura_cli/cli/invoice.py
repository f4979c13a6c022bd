"""`faktura invoice create|list|show|pdf|ehf|send|credit|pay`."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say, warn
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.params import LineCredit, LineSpec

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option
PREVIEW_HELP = (
    "Write the PDF that would be sent, marked UTKAST (draft), to -o FILE; nothing is created,"
    " posted or sent."
)
PREVIEW_OUTPUT_HELP = "With --preview: where to write the draft PDF."


def _needs_preview(preview: bool) -> None:
    if not preview:
        from faktura_cli.errors import InvalidInput

        raise InvalidInput("-o is for --preview", hint="add --preview to write a draft PDF")


def print_preview(shown, as_json: bool) -> None:
    """What a preview prints: the draft's file, and in JSON the document it shows."""
    from faktura_cli.render.views import document_view

    doc = shown.document
    if as_json:
        emit_json(
            {
                "preview": True,
                "file": str(shown.file),
                **document_view(doc, status="draft", open_amount=0, credited=0, vouchers=()),
            }
        )
    else:
        say(str(shown.file))


def state_view(state):
    from faktura_cli.render.views import document_view

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


# SPEC 3: the document is committed, but its delivery failed or is uncertain.
EXIT_UNDELIVERED = 3


def deliver_now(conn, number: int) -> bool:
    """Carry out the delivery just queued with the document. A failure is said on stderr and
    makes the command exit 3 once it has printed its result: the document is committed and
    stays so, and the message says how to send it."""
    from faktura_cli.services.outbox import deliver_latest

    try:
        outcome = deliver_latest(conn, number, now=now())
    except sqlite3.OperationalError as exc:
        # The document is committed; only recording its delivery failed (a full disk, say).
        # Saying "nothing was changed" now would have the user create it a second time.
        warn(
            f"{number} was created, but its delivery could not be recorded ({exc}); "
            "`faktura outbox flush` carries it out once the books can be written"
        )
        return True
    if outcome is None or outcome.status == "sent":
        return False
    if outcome.status == "uncertain":
        warn(
            f"{number} is created and in the books, but it is uncertain whether it reached the "
            f"customer ({outcome.channel}): {outcome.error}; decide with "
            f"`faktura outbox resolve {outcome.id} --sent` or `--resend`"
        )
    elif outcome.status in ("queued", "sending"):
        warn(f"{number} is created and in the books; {outcome.error or 'its delivery is queued'}")
    else:
        warn(
            f"{number} was created and is in the books, but not delivered ({outcome.channel}): "
            f"{outcome.error}; send it with `faktura invoice send {number} [--channel print]`"
        )
    return True


@app.command("create", help="Create, number and post an invoice; prints its number.")
def create(
    ctx: typer.Context,
    customer: Annotated[int, Opt(help="Customer number.")],
    line: Annotated[
        list[LineSpec],
        Opt(
            help='A line: "product=4;qty=2" or "text=Timer;qty=7.5;price=1250;vat=25". Keys: product,'
            " text, qty, price, vat, discount. Repeat for more lines.",
            parser=params.invoice_line,
        ),
    ],
    date: Annotated[
        dt.date | None,
        Opt(help="Invoice date (default today).", parser=params.norwegian_date("invoice date")),
    ] = None,
    delivery_date: Annotated[
        dt.date | None,
        Opt(
            help="Delivery date (default the invoice date).",
            parser=params.norwegian_date("delivery date"),
        ),
    ] = None,
    due_date: Annotated[
        dt.date | None,
        Opt(
            help="Due date (default date + payment terms).",
            parser=params.norwegian_date("due date"),
        ),
    ] = None,
    terms: Annotated[
        int | None, Opt(help="Payment terms in days, instead of --due-date.", parser=params.terms)
    ] = None,
    currency: Annotated[str, Opt(help="ISO currency code.", parser=params.currency)] = "NOK",
    rate: Annotated[
        Decimal | None, Opt(help="NOK per unit of a foreign currency.", parser=params.rate)
    ] = None,
    no_send: Annotated[bool, Opt("--no-send", help="Create it without delivering it.")] = False,
    immediate_payment: Annotated[
        bool,
        Opt(
            "--immediate-payment",
            help="Hold delivery and ask the factoring partner for an offer (invoice sale).",
        ),
    ] = False,
    buyer_ref: Annotated[
        str | None,
        Opt("--buyer-ref", help="The buyer's reference (Deres ref.; else the customer's)."),
    ] = None,
    order_ref: Annotated[
        str | None, Opt("--order-ref", help="The buyer's order number (else the customer's).")
    ] = None,
    preview: Annotated[bool, Opt("--preview", help=PREVIEW_HELP)] = False,
    output: Annotated[Path | None, Opt("-o", "--output", help=PREVIEW_OUTPUT_HELP)] = None,
    lang: Annotated[str, Opt(help="The preview's language: no or en.")] = "no",
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.invoicing import InvoiceRequest, create_invoice, invoice_state

    conn = books(ctx)
    moment = now()
    request = InvoiceRequest(
        customer=customer,
        lines=tuple(line),
        date=date,
        delivery_date=delivery_date,
        due_date=due_date,
        terms=terms,
        currency=currency,
        rate=rate,
        send=not no_send,
        immediate_payment=immediate_payment,
        buyer_ref=buyer_ref,
        order_ref=order_ref,
    )
    if preview or output is not None:
        from faktura_cli.services.preview import preview_invoice

        _needs_preview(preview)
        shown = preview_invoice(
            conn, request, output or Path("faktura-utkast.pdf"), lang=lang, now=moment
        )
        print_preview(shown, as_json)
        return
    issued = create_invoice(conn, request, now=moment)
    doc = issued.document
    if issued.offer is not None:
        from faktura_cli.cli.factoring import offer_view, print_offer

        view = offer_view(issued.offer)
        if as_json:
            emit_json(
                {
                    **state_view(invoice_state(conn, doc.number, today=moment.date())),
                    "offer": view,
                }
            )
        else:
            say(str(doc.number))
            print_offer(view)
        return
    undelivered = issued.delivery is not None and deliver_now(conn, doc.number)
    if as_json:
        emit_json(state_view(invoice_state(conn, doc.number, today=moment.date())))
    else:
        say(str(doc.number))
    if undelivered:
        raise typer.Exit(EXIT_UNDELIVERED)


@app.command("list", help="List invoices and credit notes with what is still owed.")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        Opt(
            help="Only these: open (still owed, overdue and partly paid included), overdue,"
            " paid, credited (in full) or sold (to the factoring partner)."
        ),
    ] = None,
    from_: Annotated[
        dt.date | None,
        Opt("--from", help="Dated on or after this day.", parser=params.norwegian_date("--from")),
    ] = None,
    to: Annotated[
        dt.date | None,
        Opt("--to", help="Dated on or before this day.", parser=params.norwegian_date("--to")),
    ] = None,
    customer: Annotated[int | None, Opt(help="Only this customer's.")] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render import terminal, words
    from faktura_cli.services.invoice_queries import list_invoices

    states = list_invoices(
        books(ctx), today=clock.today(), customer=customer, status=status, since=from_, until=to
    )
    if as_json:
        emit_json({"invoices": [state_view(s) for s in states]})
        return
    console().print(
        terminal.table(
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
                    terminal.money(s.document.total)
                    if s.document.currency == "NOK"
                    else f"{s.document.currency} {terminal.money(s.document.total)}",
                    terminal.money(s.open_amount) if s.document.kind == "invoice" else "",
                    words.word(s.status)
                    if s.document.kind == "invoice"
                    else f"kreditnota for {s.document.credits}",
                ]
                for s in states
            ],
        )
    )


@app.command("show", help="Show one invoice or credit note.")
def show(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    from faktura_cli.render import terminal, words
    from faktura_cli.services.invoice_queries import invoice_state

    moment = now()
    state = invoice_state(books(ctx), number, today=moment.date(), now=moment)
    if as_json:
        emit_json(state_view(state))
        return
    view = state_view(state)
    doc = state.document
    title = "Credit note" if doc.kind == "credit_note" else "Invoice"
    sale = view["sale"]
    pairs: list[tuple[str, object]] = [
        ("Customer", f"{doc.customer} {state.customer_name}"),
        ("Date", doc.date),
        ("Delivery date", doc.delivery_date),
        ("Due date", doc.due_date if doc.kind == "invoice" else None),
    ]
    if doc.kind == "invoice":
        pairs += [
            ("Pay to account", terminal.konto(view["bank_account"])),
            ("KID", view["kid"]),
        ]
        if sale is not None:
            pairs += [
                (
                    "Own account",
                    f"{terminal.konto(doc.bank_account)}, KID {doc.kid} (not for the"
                    " customer: the invoice is sold)",
                ),
            ]
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
        ("Open (NOK)", terminal.money(state.open_amount) if doc.kind == "invoice" else None),
        ("Vouchers", ", ".join(map(str, state.vouchers))),
    ]
    out = console()
    out.print(terminal.key_values(f"{title} {doc.number}", pairs))
    if sale is not None and state.sale is not None:
        s = state.sale
        out.print(
            terminal.key_values(
                "Sold",
                [
                    ("Partner", f"{sale['partner']} (org.nr {sale['partner_orgnr']})"),
                    ("Fee", f"{terminal.money(s.sale.fee)} ({words.percent(s.sale.fee_rate)})"),
                    ("Payout", terminal.money(s.sale.payout)),
                    ("Planned payout", words.moment(s.sale.planned_payout)),
                    ("Status", words.word(s.state)),
                    ("Confirmed on", words.day(s.confirmed_on)),
                    ("Regress owed", terminal.money(s.regress_owed) if s.regress_owed else None),
                ],
            )
        )
    out.print(
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
                    terminal.money(ln.unit_price),
                    f"{words.number(ln.discount)} %" if ln.discount else "",
                    terminal.vat_label(ln.vat),
                    terminal.money(ln.net),
                ]
                for k, ln in enumerate(doc.lines, start=1)
            ],
        )
    )
    for vl in doc.vat_lines:
        out.print(
            f"  VAT {terminal.vat_label(vl.vat)} of {terminal.money(vl.base)}: "
            f"{terminal.money(vl.amount)}"
        )
    out.print(
        f"  [bold]Total {doc.currency} {terminal.money(doc.total)}[/bold] "
        f"(net {terminal.money(doc.net_total)} + VAT {terminal.money(doc.vat_total)})"
    )


@app.command("pdf", help="Render an invoice or credit note as PDF.")
def pdf(
    ctx: typer.Context,
    number: int,
    output: Annotated[
        Path | None, Opt("-o", "--output", help="Where to write it (default faktura-N.pdf).")
    ] = None,
    lang: Annotated[str, Opt(help="no (Norwegian) or en (English).")] = "no",
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.documents import write_pdf

    path = write_pdf(books(ctx), number, output or Path(f"faktura-{number}.pdf"), lang=lang)
    if as_json:
        emit_json({"number": number, "file": str(path), "lang": lang})
    else:
        say(str(path))


@app.command("ehf", help="Write an invoice or credit note as EHF (PEPPOL BIS Billing 3.0 XML).")
def ehf(
    ctx: typer.Context,
    number: int,
    output: Annotated[
        Path | None, Opt("-o", "--output", help="Where to write it (default faktura-N.xml).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.documents import write_ehf

    path = write_ehf(books(ctx), number, output or Path(f"faktura-{number}.xml"))
    if as_json:
        emit_json({"number": number, "file": str(path), "format": "ehf"})
    else:
        say(str(path))


@app.command(
    "credit",
    help="Credit an invoice in full, by an amount including VAT, or by lines; prints the credit"
    " note's number.",
)
def credit(
    ctx: typer.Context,
    number: int,
    reason: Annotated[str, Opt(help="Why it is credited (printed on the credit note).")],
    amount: Annotated[
        int | None,
        Opt(
            help="Credit this amount incl. VAT (a partial credit), e.g. 1 250,00.",
            parser=params.amount(),
        ),
    ] = None,
    line: Annotated[
        list[LineCredit] | None,
        Opt(
            help='Credit Q units of invoice line K: "line=K;qty=Q" (lines counted from 1 as'
            " printed; without qty, all that is left of the line). Repeat for more lines.",
            parser=params.credit_line,
        ),
    ] = None,
    date: Annotated[
        dt.date | None,
        Opt(help="Credit note date (default today).", parser=params.norwegian_date("credit date")),
    ] = None,
    no_send: Annotated[bool, Opt("--no-send", help="Create it without delivering it.")] = False,
    preview: Annotated[bool, Opt("--preview", help=PREVIEW_HELP)] = False,
    output: Annotated[Path | None, Opt("-o", "--output", help=PREVIEW_OUTPUT_HELP)] = None,
    lang: Annotated[str, Opt(help="The preview's language: no or en.")] = "no",
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render.views import to_json
    from faktura_cli.services.crediting import CreditRequest, credit_invoice

    conn = books(ctx)
    request = CreditRequest(
        invoice=number,
        reason=reason,
        amount=amount,
        lines=tuple(line or ()),
        date=date,
        send=not no_send,
    )
    if preview or output is not None:
        from faktura_cli.services.preview import preview_credit

        _needs_preview(preview)
        shown = preview_credit(
            conn, request, output or Path("kreditnota-utkast.pdf"), lang=lang, now=now()
        )
        print_preview(shown, as_json)
        return
    result = credit_invoice(conn, request, now=now())
    undelivered = deliver_now(conn, result.credit_note.document.number)
    if result.factoring is not None:
        from faktura_cli.services.outbox import deliver_pending

        try:
            outcomes = deliver_pending(conn, result.credit_note.document.number, now=now())
        except sqlite3.OperationalError as exc:
            outcomes = []
            warn(
                f"the credit note's delivery to the factoring partner could not be recorded "
                f"({exc}); `faktura outbox flush` carries it out once the books can be written"
            )
        for o in outcomes:
            if o.status != "sent":
                undelivered = True
                warn(f"credit note not delivered to the factoring partner: {o.error}")
    if as_json:
        outcome = result.factoring
        regress = outcome.regress_amount if outcome else None
        emit_json(
            {
                **state_view(result.credit_note),
                "factoring_outcome": outcome.kind if outcome else None,
                "regress_amount": to_json(regress) if regress is not None else None,
            }
        )
    else:
        say(str(result.credit_note.document.number))
    if undelivered:
        raise typer.Exit(EXIT_UNDELIVERED)


@app.command("pay", help="Record a customer's payment (1920 / 1500 against the open item).")
def pay(
    ctx: typer.Context,
    number: int,
    amount: Annotated[
        int,
        Opt(help="Amount paid, in the invoice's currency, e.g. 1 250,00.", parser=params.amount()),
    ],
    date: Annotated[
        dt.date | None,
        Opt(help="Payment date (default today).", parser=params.norwegian_date("payment date")),
    ] = None,
    amount_nok: Annotated[
        int | None,
        Opt(
            "--amount-nok",
            help="Foreign currency: the NOK the bank received (agio/disagio).",
            parser=params.amount("--amount-nok"),
        ),
    ] = None,
    rate: Annotated[
        Decimal | None,
        Opt(help="Foreign currency: the rate the bank used (NOK per unit).", parser=params.rate),
    ] = None,
    overpay: Annotated[
        bool, Opt("--overpay", help="Accept more than is open, as the customer's credit.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render.terminal import money
    from faktura_cli.render.words import word
    from faktura_cli.services.invoicing import pay_invoice

    state = pay_invoice(
        books(ctx),
        number,
        amount=amount,
        day=date,
        now=now(),
        amount_nok=amount_nok,
        rate=rate,
        overpay=overpay,
    )
    if as_json:
        emit_json(state_view(state))
    else:
        say(f"Invoice {number}: {word(state.status)}, open {money(state.open_amount)}")


@app.command("refund", help="Pay a customer's credit balance on an invoice back (1500 / 1920).")
def refund(
    ctx: typer.Context,
    number: int,
    amount: Annotated[
        int, Opt(help="Amount paid back, in the invoice's currency.", parser=params.amount())
    ],
    date: Annotated[
        dt.date | None,
        Opt(help="Refund date (default today).", parser=params.norwegian_date("refund date")),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render.terminal import money
    from faktura_cli.render.words import word
    from faktura_cli.services.invoicing import refund_invoice

    state = refund_invoice(books(ctx), number, amount=amount, day=date, now=now())
    if as_json:
        emit_json(state_view(state))
    else:
        say(f"Invoice {number}: {word(state.status)}, open {money(state.open_amount)}")


@app.command(
    "send", help="Deliver an invoice or credit note: by its plan, or --channel; --again once more."
)
def send(
    ctx: typer.Context,
    number: int,
    channel: Annotated[
        str | None, Opt(help="ehf, vipps, email or print (default: the plan).")
    ] = None,
    again: Annotated[
        bool, Opt("--again", help="Send it even though it was delivered (or may have been).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    import sys

    from faktura_cli.services.invoicing import send_invoice
    from faktura_cli.services.outbox import deliver_one

    conn = books(ctx)
    delivery = send_invoice(conn, number, channel=channel, again=again, now=now())
    outcome = deliver_one(conn, delivery, now=now())
    if as_json:
        emit_json(
            {
                "number": number,
                "delivery": outcome.id,
                "channel": outcome.channel,
                "status": outcome.status,
                "target": outcome.target,
                "error": outcome.error,
            }
        )
    elif outcome.status == "sent":
        say(f"{number} delivered by {outcome.channel}: {outcome.target}")
    if outcome.status != "sent":
        sys.stderr.write(
            f"faktura: delivery {outcome.status}: {number} is in the books, but "
            f"{'it may not have reached' if outcome.status == 'uncertain' else 'it did not reach'}"
            f" the customer by {outcome.channel}: {outcome.error}\n"
        )
        raise typer.Exit(EXIT_UNDELIVERED)
