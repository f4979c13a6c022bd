"""`faktura invoice create|list|show|pdf|ehf|send|credit|pay`.

The services are imported in the command that uses them: `invoice list`/`show` are everyday
commands and read through services.invoice_queries alone, without the code that creates,
credits, sells or sends (SPEC 17; tests/test_process.py keeps them out).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, now, warn
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.params import LineCredit, LineSpec
from faktura_cli.errors import InvalidInput
from faktura_cli.render import invoices as shown

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option
PREVIEW_HELP = (
    "Write the PDF that would be sent, marked UTKAST (draft), to -o FILE; nothing is created,"
    " posted or sent."
)
PREVIEW_OUTPUT_HELP = "With --preview: where to write the draft PDF."


def needs_preview(preview: bool) -> None:
    if not preview:
        raise InvalidInput("-o is for --preview", hint="add --preview to write a draft PDF")


# SPEC 3: the document is committed, but its delivery failed or is uncertain.
EXIT_UNDELIVERED = 3


def deliver_now(conn: sqlite3.Connection, number: int) -> bool:
    """Carry out the delivery just queued with the document. A failure is said on stderr and
    makes the command exit 3 once it has printed its result: the document is committed and
    stays so, and the message says how to send it."""
    from faktura_cli.render import words
    from faktura_cli.render.outbox import named
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
    what = named(outcome)
    if outcome.status == "uncertain":
        warn(
            f"{what} is created and in the books, but it is uncertain whether it reached the "
            f"customer ({words.via(outcome.channel)}): {outcome.error}; decide with "
            f"`faktura outbox resolve {outcome.id} --sent` or `--resend`"
        )
    elif outcome.status in ("queued", "sending"):
        warn(f"{what} is created and in the books; {outcome.error or 'its delivery is queued'}")
    else:
        warn(
            f"{what} was created and is in the books, but not delivered"
            f" ({words.via(outcome.channel)}): "
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
    from faktura_cli.services.invoice_queries import invoice_state
    from faktura_cli.services.invoicing import InvoiceRequest, create_invoice

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

        needs_preview(preview)
        draft = preview_invoice(
            conn, request, output or Path("faktura-utkast.pdf"), lang=lang, now=moment
        )
        emit(shown.preview(draft), as_json)
        return
    issued = create_invoice(conn, request, now=moment)
    number = issued.document.number
    # Held for an invoice sale: nothing to deliver until the offer is accepted or declined.
    undelivered = issued.offer is None and issued.delivery is not None and deliver_now(conn, number)
    state = invoice_state(conn, number, today=moment.date())
    emit(shown.issued(state, issued.offer), as_json)
    if undelivered:
        raise typer.Exit(EXIT_UNDELIVERED)


@app.command("list", help="List invoices and credit notes with what is still owed.")
def list_(
    ctx: typer.Context,
    status: Annotated[
        params.ListStatus | None,
        Opt(
            help="Only these: open (still owed, overdue and partly paid included), overdue,"
            " paid, credited (in full) or sold (to the factoring partner).",
            parser=params.invoice_status,
        ),
    ] = None,
    from_: Annotated[
        dt.date | None,
        params.from_option("Dated on or after this day."),
    ] = None,
    to: Annotated[
        dt.date | None,
        params.to_option("Dated on or before this day."),
    ] = None,
    customer: Annotated[int | None, Opt(help="Only this customer's.")] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.invoice_queries import list_invoices

    states = list_invoices(
        books(ctx), today=clock.today(), customer=customer, status=status, since=from_, until=to
    )
    emit(shown.invoice_list(states), as_json)


@app.command("show", help="Show one invoice or credit note.")
def show(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    from faktura_cli.services.invoice_queries import invoice_state

    moment = now()
    emit(shown.invoice(invoice_state(books(ctx), number, today=moment.date(), now=moment)), as_json)


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
    emit(shown.written(number, path, lang=lang), as_json)


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
    emit(shown.written(number, path, format="ehf"), as_json)


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

        needs_preview(preview)
        draft = preview_credit(
            conn, request, output or Path("kreditnota-utkast.pdf"), lang=lang, now=now()
        )
        emit(shown.preview(draft), as_json)
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
    emit(shown.credited(result), as_json)
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
    emit(shown.paid(state), as_json)


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
    from faktura_cli.services.invoicing import refund_invoice

    state = refund_invoice(books(ctx), number, amount=amount, day=date, now=now())
    emit(shown.paid(state), as_json)


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
    from faktura_cli.render import words
    from faktura_cli.render.outbox import named
    from faktura_cli.services.invoicing import send_invoice
    from faktura_cli.services.outbox import deliver_one

    conn = books(ctx)
    delivery = send_invoice(conn, number, channel=channel, again=again, now=now())
    outcome = deliver_one(conn, delivery, now=now())
    emit(shown.sent(number, outcome), as_json)
    if outcome.status != "sent":
        sys.stderr.write(
            f"faktura: delivery {outcome.status}: {named(outcome)} is in the books, but "
            f"{'it may not have reached' if outcome.status == 'uncertain' else 'it did not reach'}"
            f" the customer by {words.via(outcome.channel)}: {outcome.error}\n"
        )
        raise typer.Exit(EXIT_UNDELIVERED)
