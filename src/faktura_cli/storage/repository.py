"""Rows <-> records. Functions here read and write inside the caller's transaction; none commits."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from datetime import date, datetime
from decimal import Decimal

from faktura_cli.domain.chart import Account
from faktura_cli.domain.invoice import Document, Line, Totals
from faktura_cli.domain.ledger import (
    GENESIS,
    RECEIVABLES,
    PostedVoucher,
    Posting,
    Voucher,
    voucher_hash,
)
from faktura_cli.domain.period import PeriodLock, ensure_open
from faktura_cli.domain.records import Company, Customer, Product
from faktura_cli.domain.vat import OUTPUT_VAT_ACCOUNTS, TREATMENTS
from faktura_cli.errors import NotFound, NotInitialised
from faktura_cli.storage.periods import current_lock

FIRST_CUSTOMER_NUMBER = 10001

# ---------------------------------------------------------------- company


def company_exists(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM company WHERE id = 1").fetchone() is not None


def load_company(conn: sqlite3.Connection) -> Company:
    row = conn.execute("SELECT * FROM company WHERE id = 1").fetchone()
    if row is None:
        raise NotInitialised(
            "the books have no company yet", hint="run `faktura init --name ... --orgnr ...` first"
        )
    data = {f.name: row[f.name] for f in fields(Company)}
    data["vat_registered"] = bool(data["vat_registered"])
    return Company(**data)


def save_company(conn: sqlite3.Connection, company: Company, *, now: datetime) -> None:
    data = asdict(company)
    columns = ", ".join(data)
    marks = ", ".join(f":{k}" for k in data)
    updates = ", ".join(f"{k} = excluded.{k}" for k in data)
    conn.execute(
        f"INSERT INTO company (id, {columns}, created_at) VALUES (1, {marks}, :created_at) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}",
        {**data, "created_at": now.isoformat()},
    )


# ---------------------------------------------------------------- customers


def _customer(row: sqlite3.Row) -> Customer:
    data = {f.name: row[f.name] for f in fields(Customer)}
    data["is_private"] = bool(data["is_private"])
    data["related"] = bool(data["related"])
    return Customer(**data)


def next_customer_number(conn: sqlite3.Connection) -> int:
    top = conn.execute("SELECT MAX(number) FROM customers").fetchone()[0]
    return FIRST_CUSTOMER_NUMBER if top is None else top + 1


def save_customer(conn: sqlite3.Connection, customer: Customer, *, now: datetime) -> None:
    data = asdict(customer)
    columns = ", ".join(data)
    marks = ", ".join(f":{k}" for k in data)
    updates = ", ".join(f"{k} = excluded.{k}" for k in data if k != "number")
    conn.execute(
        f"INSERT INTO customers ({columns}, created_at) VALUES ({marks}, :created_at) "
        f"ON CONFLICT (number) DO UPDATE SET {updates}",
        {**data, "created_at": now.isoformat()},
    )


def get_customer(conn: sqlite3.Connection, number: int) -> Customer:
    row = conn.execute("SELECT * FROM customers WHERE number = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no customer {number}", hint="`faktura customer list` shows them")
    return _customer(row)


def customers_by_number(conn: sqlite3.Connection, numbers: Iterable[int]) -> dict[int, Customer]:
    """These customers (those that exist), in one query."""
    wanted = sorted(set(numbers))
    return {
        c.number: c
        for c in map(
            _customer,
            conn.execute(
                f"SELECT * FROM customers WHERE number IN ({','.join('?' * len(wanted))})", wanted
            ),
        )
    }


def list_customers(conn: sqlite3.Connection) -> list[Customer]:
    return [_customer(r) for r in conn.execute("SELECT * FROM customers ORDER BY number")]


# ---------------------------------------------------------------- products


def _product(row: sqlite3.Row) -> Product:
    return Product(**{f.name: row[f.name] for f in fields(Product)})


def product_exists(conn: sqlite3.Connection, number: str) -> bool:
    return conn.execute("SELECT 1 FROM products WHERE number = ?", (number,)).fetchone() is not None


def save_product(conn: sqlite3.Connection, product: Product, *, now: datetime) -> None:
    data = asdict(product)
    conn.execute(
        "INSERT INTO products (number, name, price, vat, unit, created_at) "
        "VALUES (:number, :name, :price, :vat, :unit, :created_at) "
        "ON CONFLICT (number) DO UPDATE SET name = excluded.name, price = excluded.price, "
        "vat = excluded.vat, unit = excluded.unit",
        {**data, "created_at": now.isoformat()},
    )


def get_product(conn: sqlite3.Connection, number: str) -> Product:
    row = conn.execute("SELECT * FROM products WHERE number = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no product {number}", hint="`faktura product list` shows them")
    return _product(row)


def list_products(conn: sqlite3.Connection) -> list[Product]:
    return [
        _product(r)
        for r in conn.execute("SELECT * FROM products ORDER BY CAST(number AS INTEGER), number")
    ]


# ---------------------------------------------------------------- documents


def next_document_number(conn: sqlite3.Connection) -> int:
    """Invoices and credit notes share one gap-free series.

    Safe because every writer holds the write lock (BEGIN IMMEDIATE) and nothing is ever deleted.
    """
    return conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM documents").fetchone()[0]


_SNAPSHOT_JSON: dict[int, tuple[dict[str, object], str]] = {}


def _snapshot_json(snapshot: dict[str, object]) -> str:
    """JSON of a party snapshot, serialised once per snapshot object.

    run-due issues thousands of documents with the same (cached, unmodified) seller and buyer
    snapshots; the entry keeps its dict alive, so its id cannot be reused by another object.
    """
    cached = _SNAPSHOT_JSON.get(id(snapshot))
    if cached is not None and cached[0] is snapshot:
        return cached[1]
    text = json.dumps(snapshot, ensure_ascii=False)
    if len(_SNAPSHOT_JSON) > 4096:
        _SNAPSHOT_JSON.clear()
    _SNAPSHOT_JSON[id(snapshot)] = (snapshot, text)
    return text


def _document_row(
    *,
    number: int,
    kind: str,
    customer: int,
    day: date,
    due: date,
    delivery: date,
    currency: str,
    rate: Decimal,
    kid: str,
    bank_account: str,
    totals: Totals,
    vat_total_nok: int,
    total_nok: int,
    seller: dict[str, object],
    buyer: dict[str, object],
    now: str,
    credits: int | None = None,
    reason: str | None = None,
) -> tuple[tuple[object, ...], list[tuple[object, ...]]]:
    """A document's row and its lines' rows."""
    row = (
        number,
        kind,
        customer,
        day.isoformat(),
        due.isoformat(),
        delivery.isoformat(),
        currency,
        str(rate),
        kid,
        bank_account,
        totals.net_total,
        totals.vat_total,
        totals.total,
        vat_total_nok,
        total_nok,
        credits,
        reason,
        _snapshot_json(seller),
        _snapshot_json(buyer),
        now,
    )
    lines = [
        (
            number,
            k,
            line.product,
            line.text,
            str(line.qty),
            line.unit,
            line.unit_price,
            str(line.discount),
            line.vat.code,
            line.net,
            line.vat_amount,
            line.period_from.isoformat() if line.period_from else None,
            line.period_to.isoformat() if line.period_to else None,
        )
        for k, line in enumerate(totals.lines, start=1)
    ]
    return row, lines


_INSERT_DOCUMENT = (
    "INSERT INTO documents (number, kind, customer, date, due_date, delivery_date, currency,"
    " exchange_rate, kid, bank_account, net_total, vat_total, total, vat_total_nok, total_nok,"
    " credits, reason, seller, buyer, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LINE = (
    "INSERT INTO document_lines (document, line_no, product, text, qty, unit, unit_price,"
    " discount, vat_code, net, vat, period_from, period_to)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_VOUCHER = "INSERT INTO vouchers (number, date, text, document, created_at, hash) VALUES (?, ?, ?, ?, ?, ?)"
_INSERT_POSTING = (
    "INSERT INTO postings (voucher, date, account, amount, text, customer, open_item, vat_code)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _line(row: sqlite3.Row) -> Line:
    return Line(
        text=row["text"],
        qty=Decimal(row["qty"]),
        unit_price=row["unit_price"],
        vat=TREATMENTS[row["vat_code"]],
        discount=Decimal(row["discount"]),
        net=row["net"],
        vat_amount=row["vat"],
        product=row["product"],
        unit=row["unit"],
        period_from=date.fromisoformat(row["period_from"]) if row["period_from"] else None,
        period_to=date.fromisoformat(row["period_to"]) if row["period_to"] else None,
    )


def _document(row: sqlite3.Row, lines: Iterable[Line]) -> Document:
    return Document(
        number=row["number"],
        kind=row["kind"],
        customer=row["customer"],
        date=date.fromisoformat(row["date"]),
        due_date=date.fromisoformat(row["due_date"]),
        delivery_date=date.fromisoformat(row["delivery_date"]),
        currency=row["currency"],
        exchange_rate=Decimal(row["exchange_rate"]),
        kid=row["kid"],
        bank_account=row["bank_account"],
        net_total=row["net_total"],
        vat_total=row["vat_total"],
        total=row["total"],
        vat_total_nok=row["vat_total_nok"],
        total_nok=row["total_nok"],
        credits=row["credits"],
        reason=row["reason"],
        seller=json.loads(row["seller"]),
        buyer=json.loads(row["buyer"]),
        lines=tuple(lines),
        credits_date=date.fromisoformat(row["credits_date"]) if row["credits_date"] else None,
    )


# A credit note shows the date of the invoice it credits (SPEC 13); that invoice is final.
_SELECT_DOCUMENTS = (
    "SELECT d.*, o.date AS credits_date FROM documents d"
    " LEFT JOIN documents o ON o.number = d.credits"
)


def get_document(conn: sqlite3.Connection, number: int) -> Document:
    row = conn.execute(f"{_SELECT_DOCUMENTS} WHERE d.number = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no invoice {number}", hint="`faktura invoice list` shows them")
    lines = conn.execute(
        "SELECT * FROM document_lines WHERE document = ? ORDER BY line_no", (number,)
    )
    return _document(row, map(_line, lines))


def iter_documents(
    conn: sqlite3.Connection,
    *,
    customer: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Iterator[Document]:
    """All documents with their lines (of one customer, dated within [since, until] when
    given), in number order, in two queries."""
    terms: list[str] = []
    values: list[object] = []
    for term, value in (
        ("d.customer = ?", customer),
        ("d.date >= ?", since.isoformat() if since else None),
        ("d.date <= ?", until.isoformat() if until else None),
    ):
        if value is not None:
            terms.append(term)
            values.append(value)
    where = f"WHERE {' AND '.join(terms)}" if terms else ""
    params = tuple(values)
    lines: dict[int, list[Line]] = {}
    for row in conn.execute(
        "SELECT l.* FROM document_lines l JOIN documents d ON d.number = l.document "
        f"{where} ORDER BY l.document, l.line_no",
        params,
    ):
        lines.setdefault(row["document"], []).append(_line(row))
    for row in conn.execute(f"{_SELECT_DOCUMENTS} {where} ORDER BY d.number", params):
        yield _document(row, lines.get(row["number"], []))


def open_amounts(conn: sqlite3.Connection, numbers: list[int] | None = None) -> dict[int, int]:
    """What is still owed on each invoice's open item (1500), in NOK øre."""
    sql = "SELECT open_item, SUM(amount) FROM postings WHERE account = '1500' AND open_item IS NOT NULL"
    if numbers is not None:
        sql += f" AND open_item IN ({','.join('?' * len(numbers))})"
    sql += " GROUP BY open_item"
    return dict(conn.execute(sql, numbers or ()).fetchall())


def credited_amounts(conn: sqlite3.Connection) -> dict[int, int]:
    """How much of each invoice's total (incl. VAT, in its currency) credit notes have taken back."""
    return dict(
        conn.execute(
            "SELECT credits, -SUM(total) FROM documents WHERE kind = 'credit_note' GROUP BY credits"
        ).fetchall()
    )


def credit_notes_of(conn: sqlite3.Connection, invoice: int) -> list[Document]:
    """The credit notes that credit `invoice`, in number order."""
    numbers = [
        r[0]
        for r in conn.execute(
            "SELECT number FROM documents WHERE kind = 'credit_note' AND credits = ? ORDER BY number",
            (invoice,),
        )
    ]
    return [get_document(conn, number) for number in numbers]


def nok_by_vat_treatment(
    conn: sqlite3.Connection, documents: list[int]
) -> dict[tuple[str, str], int]:
    """NOK on each revenue and VAT account, by (account, VAT code), over these documents' vouchers."""
    marks = ",".join("?" * len(documents))
    return {
        (account, code): amount
        for account, code, amount in conn.execute(
            "SELECT p.account, p.vat_code, SUM(p.amount) FROM postings p"
            " JOIN vouchers v ON v.number = p.voucher"
            f" WHERE v.document IN ({marks}) AND p.vat_code IS NOT NULL"
            " GROUP BY p.account, p.vat_code",
            documents,
        )
    }


# ---------------------------------------------------------------- chart of accounts


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


# ---------------------------------------------------------------- vouchers and postings


def insert_voucher(conn: sqlite3.Connection, voucher: Voucher, *, now: datetime) -> int:
    """Post a (balanced) voucher under the next number of the gap-free voucher series."""
    batch = Batch(conn, now=now)
    number = batch.post(voucher)
    batch.write()
    return number


class Batch:
    """Documents and vouchers of one write transaction, numbered in memory, written together.

    run-due issues hundreds of invoices per transaction; one `executemany` per table instead of
    a statement per row. The series continue from the books when first used, which is safe
    because the caller holds the write lock (BEGIN IMMEDIATE) from then until it commits.
    Nothing else may insert documents or vouchers between the first number and `write()`.
    """

    def __init__(self, conn: sqlite3.Connection, *, now: datetime) -> None:
        self.conn = conn
        self.stamp = now.isoformat()
        self._next_document: int | None = None
        self._last_voucher: tuple[int, str] | None = None  # number and hash of the chain's end
        self._lock: PeriodLock | None = None
        self._documents: list[tuple[object, ...]] = []
        self._lines: list[tuple[object, ...]] = []
        self._vouchers: list[tuple[object, ...]] = []
        self._postings: list[tuple[object, ...]] = []

    def document_number(self) -> int:
        """The next number of the invoice and credit note series."""
        if self._next_document is None:
            self._next_document = next_document_number(self.conn)
        number = self._next_document
        self._next_document += 1
        return number

    def add_document(self, voucher: Voucher, **document: object) -> int:
        """A numbered document (fields as `_document_row` takes them) and the voucher that
        posts it; the document's NOK totals are read off the voucher. Returns its number."""
        row, lines = _document_row(
            now=self.stamp,
            vat_total_nok=-sum(p.amount for p in voucher.postings if p.account in OUTPUT_VAT_ACCOUNTS),
            total_nok=sum(p.amount for p in voucher.postings if p.account == RECEIVABLES),
            **document,  # type: ignore[arg-type]
        )
        self._documents.append(row)
        self._lines.extend(lines)
        return self.post(voucher)

    def post(self, voucher: Voucher) -> int:
        """Number a (balanced) voucher and chain its hash to the one before.

        Every voucher passes here, so this is where the period lock holds for all of them.
        """
        if self._last_voucher is None:
            self._lock = current_lock(self.conn)
            last = self.conn.execute(
                "SELECT number, hash FROM vouchers ORDER BY number DESC LIMIT 1"
            ).fetchone()
            self._last_voucher = (last[0], last[1]) if last else (0, GENESIS)
        ensure_open(self._lock, voucher.date, f"{voucher.text}: the date")
        number, previous = self._last_voucher[0] + 1, self._last_voucher[1]
        day = voucher.date.isoformat()
        postings = [
            (p.account, p.amount, p.text, p.customer, p.open_item, p.vat_code)
            for p in voucher.postings
        ]
        chained = voucher_hash(previous, number, day, voucher.text, voucher.document, postings)
        self._vouchers.append((number, day, voucher.text, voucher.document, self.stamp, chained))
        self._postings.extend((number, day, *p) for p in postings)
        self._last_voucher = (number, chained)
        return number

    def write(self) -> None:
        """Insert everything added so far (parents before children), and start afresh.

        The running balances (account_months, open_items) move with the postings, in the same
        transaction; `faktura check` recomputes them from the postings.
        """
        tables = (
            (_INSERT_DOCUMENT, self._documents),
            (_INSERT_LINE, self._lines),
            (_INSERT_VOUCHER, self._vouchers),
            (_INSERT_POSTING, self._postings),
        )
        for sql, rows in tables:
            if rows:
                self.conn.executemany(sql, rows)
        if self._postings:
            _add_to_running_balances(self.conn, self._postings)
        for _, rows in tables:
            rows.clear()


def _add_to_running_balances(conn: sqlite3.Connection, postings: list[tuple[object, ...]]) -> None:
    """Add posting rows (as _INSERT_POSTING takes them) to the month and open-item balances."""
    months: dict[tuple[object, str], int] = {}
    items: dict[object, list[object]] = {}
    for _voucher, day, account, amount, _text, _customer, item, _vat in postings:
        key = (account, day[:7])  # type: ignore[index]
        months[key] = months.get(key, 0) + amount  # type: ignore[operator]
        if item is not None:
            known = items.get(item)
            if known is None:
                items[item] = [day, day, amount]
            else:
                known[0], known[1] = min(known[0], day), max(known[1], day)  # type: ignore[type-var]
                known[2] += amount  # type: ignore[operator]
    conn.executemany(
        "INSERT INTO account_months (account, month, amount) VALUES (?, ?, ?)"
        " ON CONFLICT (account, month) DO UPDATE SET amount = amount + excluded.amount",
        [(account, month, amount) for (account, month), amount in months.items()],
    )
    conn.executemany(
        "INSERT INTO open_items (item, first_date, last_date, balance) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (item) DO UPDATE SET first_date = min(first_date, excluded.first_date),"
        " last_date = max(last_date, excluded.last_date), balance = balance + excluded.balance",
        [(item, first, last, balance) for item, (first, last, balance) in items.items()],
    )


def iter_posted_vouchers(
    conn: sqlite3.Connection, *, start: date | None = None, end: date | None = None
) -> Iterator[PostedVoucher]:
    """Vouchers dated start..end (inclusive) with their postings, in number order, streamed.

    Two cursors walk vouchers and postings side by side in voucher order: two queries in all,
    and the caller decides how much to hold.
    """
    where, params = _date_range("date", start, end)
    vouchers = conn.execute(
        f"SELECT number, date, text, document, created_at FROM vouchers {where} ORDER BY number",
        params,
    )
    postings = conn.execute(
        "SELECT voucher, account, amount, text, customer, open_item, vat_code FROM postings "
        f"{where} ORDER BY voucher, id",
        params,
    )
    pending = next(postings, None)
    for number, day, text, document, created_at in vouchers:
        lines = []
        while pending is not None and pending[0] < number:
            pending = next(postings, None)  # a posting whose voucher is out of range: skip
        while pending is not None and pending[0] == number:
            lines.append(Posting(*pending[1:]))
            pending = next(postings, None)
        yield PostedVoucher(
            number=number,
            date=date.fromisoformat(day),
            text=text,
            document=document,
            entered_at=datetime.fromisoformat(created_at),
            postings=tuple(lines),
        )


def _date_range(column: str, start: date | None, end: date | None) -> tuple[str, list[str]]:
    conditions, params = [], []
    if start is not None:
        conditions.append(f"{column} >= ?")
        params.append(start.isoformat())
    if end is not None:
        conditions.append(f"{column} <= ?")
        params.append(end.isoformat())
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params


def vouchers_by_document(
    conn: sqlite3.Connection, document: int | None = None
) -> dict[int, tuple[int, ...]]:
    """The voucher numbers belonging to each document (or to one), in number order."""
    sql = "SELECT document, number FROM vouchers WHERE document IS NOT NULL"
    params: tuple[int, ...] = ()
    if document is not None:
        sql, params = "SELECT document, number FROM vouchers WHERE document = ?", (document,)
    found: dict[int, tuple[int, ...]] = {}
    for doc, number in conn.execute(sql + " ORDER BY number", params):
        found[doc] = (*found.get(doc, ()), number)
    return found


def log_event(conn: sqlite3.Connection, command: str, summary: str, *, now: datetime) -> None:
    """The append-only event log: every command that changed the books."""
    conn.execute(
        "INSERT INTO events (at, command, summary) VALUES (?, ?, ?)",
        (now.isoformat(), command, summary),
    )
