"""`faktura invoice create|list|show|pdf|ehf|credit|pay|refund|send`: the group.

One module per command, as cli/app.py's table is one module per group: a command's module,
with its parsers, views and services, is imported only when that command runs, so `invoice
list`/`show` (everyday commands, SPEC 17) import the reading code alone: cli/invoice_read.py
(list, show), cli/invoice_write.py (the rest). Here: what the writing commands and the other
groups that create documents (order, factoring, recurring) share.
"""

from __future__ import annotations

import sqlite3

import typer

from faktura_cli.cli.common import now, warn
from faktura_cli.cli.group import Entry, FakturaGroup
from faktura_cli.errors import InvalidInput

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
_READ = "faktura_cli.cli.invoice_read"
_WRITE = "faktura_cli.cli.invoice_write"
COMMANDS: dict[str, Entry] = {
    "create": Entry(_WRITE, "create", "Create, number and post an invoice; prints its number."),
    "list": Entry(_READ, "list_", "List invoices and credit notes with what is still owed."),
    "show": Entry(_READ, "show", "Show one invoice or credit note."),
    "pdf": Entry(_WRITE, "pdf", "Render an invoice or credit note as PDF."),
    "ehf": Entry(
        _WRITE, "ehf", "Write an invoice or credit note as EHF (PEPPOL BIS Billing 3.0 XML)."
    ),
    "credit": Entry(
        _WRITE,
        "credit",
        "Credit an invoice in full, by an amount including VAT, or by lines; prints the credit"
        " note's number.",
    ),
    "pay": Entry(_WRITE, "pay", "Record a customer's payment (1920 / 1500 against the open item)."),
    "refund": Entry(
        _WRITE, "refund", "Pay a customer's credit balance on an invoice back (1500 / 1920)."
    ),
    "send": Entry(
        _WRITE,
        "send",
        "Deliver an invoice or credit note: by its plan, or --channel; --again once more.",
    ),
}
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
