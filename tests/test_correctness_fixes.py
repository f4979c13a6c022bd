"""Correctness fixes found in review (SPEC 11-14), each through the real command."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

Opener = Callable[[], sqlite3.Connection]


@pytest.fixture
def queued_ehf(company: Run) -> Run:
    """Invoice 1 for a PEPPOL customer, produced by `run-due --no-deliver`: its EHF is queued."""
    company(
        "customer", "add", "--name", "Fjordtech AS", "--orgnr", "910524267",
        "--peppol", "0192:910524267", "--email", "faktura@fjordtech.example",
        "--postcode", "5013", "--city", "Bergen",
    )  # fmt: skip
    company(
        "recurring", "create", "--customer", "10001", "--next-date", "2026-03-01",
        "--line", "text=Leie av kontorplass;price=4500", "--delivery", "ehf",
    )  # fmt: skip
    company("run-due", "--no-deliver")
    return company


def test_send_by_another_channel_replaces_the_queued_delivery(queued_ehf: Run) -> None:
    """A document reaches the customer once per decision: `invoice send N --channel email`
    while its EHF is still queued sends the e-mail instead, and nothing goes out by EHF later."""
    sent = queued_ehf("invoice", "send", "1", "--channel", "email", "--json").json()
    assert (sent["channel"], sent["status"]) == ("email", "sent")
    queued_ehf("outbox", "flush")
    deliveries = queued_ehf("outbox", "list", "--json").json()
    rows = deliveries["deliveries"] if isinstance(deliveries, dict) else deliveries
    assert [(d["channel"], d["status"]) for d in rows] == [("email", "sent")]
    assert not (Path("outbox") / "ehf").exists()
    assert (Path("outbox") / "email").is_dir()


def test_send_by_another_channel_while_one_is_going_out_is_refused(queued_ehf: Run, db: Opener) -> None:
    """What another process is carrying out cannot be taken back: refused, naming `outbox`."""
    with db() as conn:
        conn.execute("UPDATE deliveries SET status = 'sending', via = 'file' WHERE id = 1")
    refused = queued_ehf("invoice", "send", "1", "--channel", "email", code=1)
    assert refused.stderr.startswith("faktura: error: 1 is being delivered by ehf right now")
    assert "faktura outbox list" in refused.stderr
