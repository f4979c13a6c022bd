"""The hash chain over every record of the books: sealing new records, reading it back.

`seal` runs inside every write transaction, just before COMMIT (storage.db.transaction): it
appends one link per record written since the last seal, in a fixed order (kinds as listed
in KINDS, each by key). So no writer has to remember it, and a record and its link commit
together. A table added later whose rows are records of the books adds a Kind here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from faktura_cli.domain.chain import GENESIS, Anchor, content_digest, link


@dataclass(frozen=True)
class Kind:
    name: str
    table: str
    key: str  # an integer column identifying the row
    sealed_when: str = "1"  # SQL condition: when a row's state is final and gets its link
    children: tuple[tuple[str, str, str], ...] = ()  # (table, column naming the key, order)
    increasing: bool = True  # new rows always have larger keys than sealed ones


KINDS: tuple[Kind, ...] = (
    Kind(
        "document",
        "documents",
        "number",
        children=(("document_lines", "document", "line_no"),),
    ),
    # A voucher's own hash (vouchers.hash, checked against its postings by `check`) covers its
    # postings, so the voucher row with that hash stands for them here.
    Kind("voucher", "vouchers", "number"),
    Kind("factoring_application", "factoring_applications", "id"),
    Kind("factoring_sale", "factoring_sales", "invoice", increasing=False),
    Kind("factoring_credit", "factoring_credits", "credit_note", increasing=False),
    Kind("factoring_regress_payment", "factoring_regress_payments", "id"),
    Kind("factoring_confirmation", "factoring_confirmations", "invoice", increasing=False),
    # Manual vouchers, reversals, the opening balance, bills and their payments (schema 7): the
    # entry with the attachments it names (each pinned by its SHA-256, which `check` holds
    # equal to the stored content).
    Kind(
        "entry",
        "entries",
        "voucher",
        children=(("voucher_attachments", "voucher", "sha256"),),
    ),
    Kind("bill", "bills", "number"),
    Kind("bill_payment", "bill_payments", "id"),
    # Money in (schema 9): reminders are documents of their own series; a bank entry is a
    # record once it is settled (matched to its voucher, or ignored with the reason).
    Kind("reminder", "reminders", "number"),
    Kind(
        "bank_entry", "bank_entries", "id", sealed_when="status != 'unmatched'", increasing=False
    ),
    # A delivery is a record once it has gone out: its final state, not its queue states.
    Kind("delivery", "deliveries", "id", sealed_when="status = 'sent'", increasing=False),
    # The accounting year (schemas 10 and 11): every move of the period lock, every close and
    # reopen of a year, every VAT term filed and paid.
    Kind("period_lock", "period_locks", "id"),
    Kind("year_closing", "year_closings", "id"),
    Kind("vat_filing", "vat_filings", "id"),
    Kind("vat_payment", "vat_payments", "id"),
    Kind("event", "events", "id"),
)
BY_NAME = {kind.name: kind for kind in KINDS}


def _rows(cursor: sqlite3.Cursor) -> Iterator[dict[str, object]]:
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _records(
    conn: sqlite3.Connection,
    kind: Kind,
    where: str,
    params: tuple[object, ...],
    *,
    after: int | None = None,
) -> Iterator[tuple[int, dict[str, object]]]:
    """(key, record with its children) for the rows matching `where`, by key, streamed.

    Children are read in the same key order and merged in (`after`: only keys above it have
    children to read), so even books of a million postings are walked in little memory.
    """
    child_cursors = []
    for table, column, order in kind.children:
        condition, args = ("", ()) if after is None else (f"WHERE {column} > ?", (after,))
        cursor = conn.execute(f"SELECT * FROM {table} {condition} ORDER BY {column}, {order}", args)
        names = [d[0] for d in cursor.description]
        child_cursors.append((table, column, names, cursor, [cursor.fetchone()]))
    for row in _rows(
        conn.execute(f"SELECT * FROM {kind.table} WHERE {where} ORDER BY {kind.key}", params)
    ):
        key = row[kind.key]
        assert isinstance(key, int)
        for table, column, names, cursor, pending in child_cursors:
            index = names.index(column)
            found = []
            while pending[0] is not None and pending[0][index] < key:
                pending[0] = cursor.fetchone()  # a child whose parent is gone
            while pending[0] is not None and pending[0][index] == key:
                found.append(dict(zip(names, pending[0], strict=True)))
                pending[0] = cursor.fetchone()
            row[table] = found
        yield key, row


def head(conn: sqlite3.Connection) -> Anchor:
    """The chain's length and last hash (0 and GENESIS for books with no records yet)."""
    last = conn.execute("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").fetchone()
    return Anchor(last[0], last[1]) if last else Anchor(0, GENESIS)


def seal(conn: sqlite3.Connection, kinds: tuple[Kind, ...] = KINDS) -> int:
    """Append a link for every record not yet in the chain; returns how many were added."""
    position = head(conn)
    previous, links = position.head, []
    for kind in kinds:
        if kind.increasing:
            last = conn.execute(
                "SELECT COALESCE(MAX(ref), 0) FROM chain WHERE kind = ?", (kind.name,)
            ).fetchone()[0]
            where, params = f"{kind.key} > ? AND ({kind.sealed_when})", (last,)
        else:
            where = (
                f"({kind.sealed_when}) AND NOT EXISTS (SELECT 1 FROM chain"
                f" WHERE chain.kind = ? AND chain.ref = {kind.table}.{kind.key})"
            )
            params = (kind.name,)
        after = last if kind.increasing else None
        for key, record in _records(conn, kind, where, params, after=after):
            previous = link(previous, kind.name, key, content_digest(record))
            links.append((kind.name, key, previous))
    if links:
        conn.executemany("INSERT INTO chain (kind, ref, hash) VALUES (?, ?, ?)", links)
    return len(links)


@dataclass(frozen=True)
class ChainLink:
    seq: int
    kind: str
    ref: int
    stored: str  # the hash kept in the chain
    computed: str  # the hash of the link before (as stored) and the record as it is now
    record_found: bool


def walk(conn: sqlite3.Connection) -> Iterator[ChainLink]:
    """Every link in order, with the hash recomputed from the record as the books hold it now."""
    digests: dict[str, dict[int, str]] = {
        kind.name: {key: content_digest(r) for key, r in _records(conn, kind, "1", ())}
        for kind in KINDS
    }
    previous = GENESIS
    for seq, name, ref, stored in conn.execute(
        "SELECT seq, kind, ref, hash FROM chain ORDER BY seq"
    ):
        digest = digests.get(name, {}).get(ref)
        computed = link(previous, name, ref, digest if digest is not None else "")
        yield ChainLink(seq, name, ref, stored, computed, digest is not None)
        previous = stored


def unsealed(conn: sqlite3.Connection) -> Iterator[tuple[str, int]]:
    """Records in their final state that have no link: written behind the program's back."""
    for kind in KINDS:
        for (key,) in conn.execute(
            f"SELECT {kind.key} FROM {kind.table} WHERE ({kind.sealed_when}) AND NOT EXISTS"
            f" (SELECT 1 FROM chain WHERE chain.kind = ? AND chain.ref = {kind.table}.{kind.key})"
            f" ORDER BY {kind.key}",
            (kind.name,),
        ):
            yield kind.name, key


def link_at(conn: sqlite3.Connection, seq: int) -> str | None:
    found = conn.execute("SELECT hash FROM chain WHERE seq = ?", (seq,)).fetchone()
    return found[0] if found else None
