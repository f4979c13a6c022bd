"""What the list commands' `--status` may be (SPEC 16), as typed values: the edge (cli/params)
parses the option with these, so the services receive a known status, never a string.

Light on purpose (it imports nothing else of the domain): everyday commands load it.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from faktura_cli.errors import InvalidInput

S = TypeVar("S", bound=str)

# `invoice list --status` (domain.invoice.listed_under says what each one lists).
ListStatus = Literal["open", "overdue", "paid", "credited", "sold"]
LIST_STATUSES: tuple[ListStatus, ...] = ("open", "overdue", "paid", "credited", "sold")

# `bill list --status`, as Fiken sorts supplier invoices: open (still owed, overdue and partly
# paid included), overdue (past the due date and still owed), paid (in full).
BillListStatus = Literal["open", "overdue", "paid"]
BILL_LIST_STATUSES: tuple[BillListStatus, ...] = ("open", "overdue", "paid")

# A delivery's state in the outbox (SPEC 11), also `outbox list --status`.
State = Literal["queued", "sending", "sent", "failed", "uncertain"]
STATES: tuple[State, ...] = ("queued", "sending", "sent", "failed", "uncertain")


def _one_of(wanted: str, known: tuple[S, ...], use: str) -> S:
    """`wanted` as one of `known`, or a refusal naming the ones there are."""
    for status in known:
        if wanted == status:
            return status
    raise InvalidInput(f"status {wanted!r} is not known", hint=f"{use} {', '.join(known)}")


def list_status(wanted: str) -> ListStatus:
    """A known `invoice list --status`."""
    return _one_of(wanted, LIST_STATUSES, "use one of")


def bill_list_status(wanted: str) -> BillListStatus:
    """A known `bill list --status`."""
    return _one_of(wanted, BILL_LIST_STATUSES, "use one of")


def delivery_state(wanted: str) -> State:
    """A known delivery state (`outbox list --status`)."""
    return _one_of(wanted, STATES, "use")
