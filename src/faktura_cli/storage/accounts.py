"""The chart of accounts: the standard NS 4102 accounts and the company's own."""

from __future__ import annotations

import sqlite3

from faktura_cli.domain.chart import Account


def list_accounts(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """(number, name, grouping category, grouping code) for every account, in number order."""
    return [
        (a.number, a.name, a.grouping_category, a.grouping_code) for a in chart_of_accounts(conn)
    ]


def chart_of_accounts(conn: sqlite3.Connection) -> list[Account]:
    """Every account of the books, standard and own, in number order."""
    return [
        Account(number, name, category, code, vat_code, bool(standard))
        for number, name, category, code, vat_code, standard in conn.execute(
            "SELECT number, name, grouping_category, grouping_code, vat_code, standard"
            " FROM accounts ORDER BY number"
        )
    ]


def insert_account(conn: sqlite3.Connection, account: Account) -> None:
    conn.execute(
        "INSERT INTO accounts (number, name, grouping_category, grouping_code, vat_code, standard)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            account.number,
            account.name,
            account.grouping_category,
            account.grouping_code,
            account.vat_code,
            int(account.standard),
        ),
    )
