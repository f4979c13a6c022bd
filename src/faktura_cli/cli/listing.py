"""The list commands' `--status`, parsed at the edge: apart from cli/params.py (which re-exports
them) so that an everyday list (`invoice list`, SPEC 17) loads no other parser."""

from __future__ import annotations

from collections.abc import Callable

from faktura_cli.cli.dates import checked, named
from faktura_cli.domain.listing import BillListStatus as BillListStatus
from faktura_cli.domain.listing import ListStatus as ListStatus
from faktura_cli.domain.listing import State as State
from faktura_cli.domain.listing import bill_list_status, delivery_state, list_status

# A list's --status.
invoice_status = checked("--status", named("status", list_status))
# '' is not given (`bill list --status '' --unpaid` lists the open ones).
bill_status: Callable[[str], BillListStatus | None] = checked(
    "--status", named("status", lambda text: bill_list_status(text) if text else None)
)
delivery_status = checked(
    "--status", named("status", lambda text: delivery_state(text.strip().lower()))
)
