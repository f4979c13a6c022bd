"""The chart of accounts: the NS 4102 standard accounts and the user's own."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from faktura_cli.domain.chart import Account, own_account
from faktura_cli.domain.vat import PURCHASE_CODES, parse_purchase_vat
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import transaction


def list_accounts(conn: sqlite3.Connection) -> list[Account]:
    return repo.chart_of_accounts(conn)


def add_account(
    conn: sqlite3.Connection,
    *,
    number: str,
    name: str,
    grouping: str,
    vat_code: str | None,
    now: datetime,
) -> Account:
    """An own account inside its NS 4102 class, with a grouping code from Skatteetaten's list."""
    if vat_code is not None:
        parse_purchase_vat(vat_code)  # refuses anything but PURCHASE_CODES
        vat_code = vat_code.strip()
    with transaction(conn):
        existing = {a.number for a in repo.chart_of_accounts(conn)}
        account = own_account(number, name, grouping, vat_code, existing=existing)
        repo.insert_account(conn, account)
        repo.log_event(conn, "account add", f"{account.number} {account.name}", now=now)
    return account


__all__ = ["PURCHASE_CODES", "add_account", "list_accounts"]
