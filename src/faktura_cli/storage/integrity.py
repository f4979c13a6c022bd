"""What `faktura check` and `restore` read to judge the file itself: its schema, and each
document's own voucher beside the document."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from functools import lru_cache

SchemaObject = tuple[str, str, str, str | None]  # type, name, table, SQL


def schema_objects(conn: sqlite3.Connection) -> frozenset[SchemaObject]:
    """Every table, index, trigger and view of the file, with the SQL that made it."""
    return frozenset(
        conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name != 'sqlite_sequence'"
        )
    )


@lru_cache(maxsize=1)
def own_schema() -> frozenset[SchemaObject]:
    """The program's own schema: every migration run on an empty database in memory."""
    from faktura_cli.storage.schema import migrate

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn)
        return schema_objects(conn)
    finally:
        conn.close()


def document_voucher_sums(
    conn: sqlite3.Connection,
) -> Iterator[tuple[int, dict[tuple[str, str | None], int]]]:
    """(document, its own voucher's postings summed by account and VAT code), by number.

    A document's own voucher is the first that names it (later ones, a regress or a
    settlement, name it too)."""
    current: int | None = None
    sums: dict[tuple[str, str | None], int] = {}
    for document, account, code, amount in conn.execute(
        """
        SELECT v.document, p.account, p.vat_code, SUM(p.amount)
        FROM (SELECT document, MIN(number) AS number FROM vouchers
              WHERE document IS NOT NULL GROUP BY document) v
        JOIN postings p ON p.voucher = v.number
        GROUP BY v.document, p.account, p.vat_code
        ORDER BY v.document
        """
    ):
        if document != current:
            if current is not None:
                yield current, sums
            current, sums = document, {}
        sums[(account, code)] = amount
    if current is not None:
        yield current, sums
