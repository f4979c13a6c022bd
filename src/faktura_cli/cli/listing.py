"""The list commands' `--status`, parsed at the edge: apart from cli/params.py (which re-exports
them) so that an everyday list (`invoice list`, SPEC 17) loads no other parser."""

from __future__ import annotations

from collections.abc import Callable

from faktura_cli.cli.dates import named
from faktura_cli.domain.listing import BillListStatus as BillListStatus
from faktura_cli.domain.listing import ListStatus as ListStatus
from faktura_cli.domain.listing import State as State
from faktura_cli.domain.listing import bill_list_status, delivery_state, list_status
from faktura_cli.services.inputs import check_text

# A list's --status: the one text rule first (FakturaCommand's check would come after the parse).
invoice_status: Callable[[str], ListStatus] = named(
    "status", lambda text: list_status(check_text(text, what="--status"))
)
# '' is not given (`bill list --status '' --unpaid` lists the open ones).
bill_status: Callable[[str], BillListStatus | None] = named(
    "status", lambda text: bill_list_status(check_text(text, what="--status")) if text else None
)
delivery_status: Callable[[str], State] = named(
    "status", lambda text: delivery_state(check_text(text, what="--status").strip().lower())
)
