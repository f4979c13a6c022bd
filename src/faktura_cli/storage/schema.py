"""Numbered migrations. PRAGMA user_version is the schema version; files only ever move forward."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

from faktura_cli.domain.ledger import CHART
from faktura_cli.storage.db import SCHEMA_VERSION, transaction

_IMMUTABLE = ("documents", "document_lines", "vouchers", "postings", "events")


_TRIGGER = {
    "update": "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}\n"
    "BEGIN SELECT RAISE(ABORT, '{table} are posted and cannot be changed'); END;\n",
    "delete": "CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}\n"
    "BEGIN SELECT RAISE(ABORT, '{table} are posted and cannot be deleted'); END;\n",
}


def _immutability_triggers(tables: tuple[str, ...] = _IMMUTABLE, only: str | None = None) -> str:
    """Posted is final: corrections are new documents, never edits (bokføringsloven § 10)."""
    kinds = (only,) if only else ("update", "delete")
    return "".join(_TRIGGER[kind].format(table=table) for table in tables for kind in kinds)


def immutability_trigger_names() -> list[str]:
    """The triggers `faktura check` expects to find: without them posted rows could change."""
    return [
        f"{table}_no_{what}"
        for table in (*_IMMUTABLE, *_ENTRIES_POSTED, "reminders", *_YEAR_POSTED)
        for what in ("update", "delete")
    ] + ["bank_entries_settled", "bank_entries_no_delete", "vouchers_not_in_locked_period"]


M001_INITIAL = """
    CREATE TABLE company (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        orgnr TEXT NOT NULL,
        legal_form TEXT NOT NULL,
        bank_account TEXT NOT NULL,
        vat_registered INTEGER NOT NULL CHECK (vat_registered IN (0, 1)),
        address TEXT, postcode TEXT, city TEXT,
        country TEXT NOT NULL DEFAULT 'NO',
        email TEXT, phone TEXT,
        payment_terms INTEGER NOT NULL DEFAULT 14 CHECK (payment_terms BETWEEN 0 AND 365),
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'bankrupt', 'liquidation')),
        notify_email TEXT,
        smtp_host TEXT, smtp_port INTEGER, smtp_user TEXT,
        smtp_starttls INTEGER NOT NULL DEFAULT 1,
        outbox_dir TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE customers (
        number INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        is_private INTEGER NOT NULL CHECK (is_private IN (0, 1)),
        orgnr TEXT,
        address TEXT, postcode TEXT, city TEXT,
        country TEXT NOT NULL DEFAULT 'NO',
        email TEXT, phone TEXT, peppol TEXT,
        related INTEGER NOT NULL DEFAULT 0 CHECK (related IN (0, 1)),
        payment_terms INTEGER CHECK (payment_terms BETWEEN 0 AND 365),
        created_at TEXT NOT NULL
    );
    CREATE TABLE products (
        number TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        price INTEGER NOT NULL CHECK (price >= 0),
        vat TEXT NOT NULL,
        unit TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE accounts (
        number TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        grouping_category TEXT NOT NULL,
        grouping_code TEXT NOT NULL
    );
    CREATE TABLE documents (
        number INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
        customer INTEGER NOT NULL REFERENCES customers(number),
        date TEXT NOT NULL,
        due_date TEXT NOT NULL,
        delivery_date TEXT NOT NULL,
        currency TEXT NOT NULL,
        exchange_rate TEXT NOT NULL,
        kid TEXT NOT NULL,
        bank_account TEXT NOT NULL,
        net_total INTEGER NOT NULL,
        vat_total INTEGER NOT NULL,
        total INTEGER NOT NULL,
        vat_total_nok INTEGER NOT NULL,
        total_nok INTEGER NOT NULL,
        credits INTEGER REFERENCES documents(number),
        reason TEXT,
        seller TEXT NOT NULL,
        buyer TEXT NOT NULL,
        created_at TEXT NOT NULL,
        CHECK (kind = 'invoice' OR credits IS NOT NULL)
    );
    CREATE INDEX documents_customer ON documents(customer, date);
    CREATE INDEX documents_credits ON documents(credits) WHERE credits IS NOT NULL;
    CREATE TABLE document_lines (
        document INTEGER NOT NULL REFERENCES documents(number),
        line_no INTEGER NOT NULL,
        product TEXT,
        text TEXT NOT NULL,
        qty TEXT NOT NULL,
        unit TEXT,
        unit_price INTEGER NOT NULL,
        discount TEXT NOT NULL DEFAULT '0',
        vat_code TEXT NOT NULL,
        net INTEGER NOT NULL,
        vat INTEGER NOT NULL,
        period_from TEXT,
        period_to TEXT,
        PRIMARY KEY (document, line_no)
    ) WITHOUT ROWID;
    CREATE TABLE vouchers (
        number INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        text TEXT NOT NULL,
        document INTEGER REFERENCES documents(number),
        created_at TEXT NOT NULL
    );
    CREATE INDEX vouchers_document ON vouchers(document) WHERE document IS NOT NULL;
    CREATE TABLE postings (
        id INTEGER PRIMARY KEY,
        voucher INTEGER NOT NULL REFERENCES vouchers(number),
        date TEXT NOT NULL,             -- the voucher's date, kept here for covering indexes
        account TEXT NOT NULL REFERENCES accounts(number),
        amount INTEGER NOT NULL,
        text TEXT NOT NULL,
        customer INTEGER REFERENCES customers(number),
        open_item INTEGER REFERENCES documents(number),
        vat_code TEXT
    );
    CREATE INDEX postings_voucher ON postings(voucher);
    -- Trial balance reads only this index: per account, by date, summing amounts.
    CREATE INDEX postings_account_date_amount ON postings(account, date, amount);
    CREATE INDEX postings_open_item ON postings(open_item, date, amount)
        WHERE open_item IS NOT NULL;
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        command TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    """ + _immutability_triggers()


def m001_initial(conn: sqlite3.Connection) -> None:
    import sqlite_utils

    _run_script(conn, M001_INITIAL)
    sqlite_utils.Database(conn).table("accounts").insert_all(
        {"number": number, "name": name, "grouping_category": cat, "grouping_code": code}
        for number, (name, cat, code) in CHART.items()
    )


M002_RECURRING = """
    CREATE TABLE schedules (
        id INTEGER PRIMARY KEY,
        customer INTEGER NOT NULL REFERENCES customers(number),
        every INTEGER NOT NULL CHECK (every >= 1),
        unit TEXT NOT NULL CHECK (unit IN ('day', 'week', 'month', 'quarter', 'year')),
        produces TEXT NOT NULL CHECK (produces IN ('invoice', 'order')),
        prep_days INTEGER NOT NULL DEFAULT 0 CHECK (prep_days >= 0),
        no_credit_days INTEGER NOT NULL DEFAULT 0 CHECK (no_credit_days IN (0, 1)),
        agreement_date TEXT,
        anchor_date TEXT NOT NULL,          -- D0 of the current grid of occurrences
        generation INTEGER NOT NULL DEFAULT 0,  -- bumped when an edit moves the grid
        next_index INTEGER NOT NULL DEFAULT 0,  -- k of the next occurrence on the grid
        next_date TEXT NOT NULL,            -- D(next_index), so run-due finds work in SQL
        end_date TEXT,
        max_count INTEGER CHECK (max_count >= 1),
        terms INTEGER CHECK (terms BETWEEN 0 AND 365),
        delivery TEXT,                      -- a custom plan 'ehf,email'; NULL = the standard plan
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL
    );
    CREATE INDEX schedules_due ON schedules(active, next_date);
    CREATE TABLE schedule_lines (
        schedule INTEGER NOT NULL REFERENCES schedules(id),
        line_no INTEGER NOT NULL,
        product TEXT REFERENCES products(number),
        text TEXT,
        qty TEXT NOT NULL,
        price INTEGER CHECK (price >= 0),
        vat TEXT,
        discount TEXT NOT NULL DEFAULT '0',
        source TEXT NOT NULL CHECK (source IN ('fixed', 'product')),
        factor TEXT NOT NULL
            CHECK (factor IN ('fixed', 'weekly', 'monthly', 'quarterly', 'yearly')),
        PRIMARY KEY (schedule, line_no)
    ) WITHOUT ROWID;
    CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        customer INTEGER NOT NULL REFERENCES customers(number),
        schedule INTEGER REFERENCES schedules(id),
        date TEXT NOT NULL,
        net_total INTEGER NOT NULL,
        vat_total INTEGER NOT NULL,
        total INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'invoiced', 'cancelled')),
        invoice INTEGER REFERENCES documents(number),
        created_at TEXT NOT NULL
    );
    CREATE TABLE order_lines (
        order_id INTEGER NOT NULL REFERENCES orders(id),
        line_no INTEGER NOT NULL,
        product TEXT,
        text TEXT NOT NULL,
        qty TEXT NOT NULL,
        unit TEXT,
        unit_price INTEGER NOT NULL,
        discount TEXT NOT NULL DEFAULT '0',
        vat_code TEXT NOT NULL,
        period_from TEXT,
        period_to TEXT,
        PRIMARY KEY (order_id, line_no)
    ) WITHOUT ROWID;
    -- The exactly-once key: one row per produced occurrence, written in the same transaction
    -- as its invoice (or order), vouchers and queued deliveries.
    CREATE TABLE occurrences (
        schedule INTEGER NOT NULL REFERENCES schedules(id),
        generation INTEGER NOT NULL,
        k INTEGER NOT NULL,
        date TEXT NOT NULL,
        document INTEGER REFERENCES documents(number),
        order_id INTEGER REFERENCES orders(id),
        produced_at TEXT NOT NULL,
        PRIMARY KEY (schedule, generation, k),
        CHECK ((document IS NULL) != (order_id IS NULL))
    ) WITHOUT ROWID;
    CREATE INDEX occurrences_document ON occurrences(document) WHERE document IS NOT NULL;
    CREATE TRIGGER occurrences_no_update BEFORE UPDATE ON occurrences
    BEGIN SELECT RAISE(ABORT, 'occurrences are produced and cannot be changed'); END;
    CREATE TRIGGER occurrences_no_delete BEFORE DELETE ON occurrences
    BEGIN SELECT RAISE(ABORT, 'occurrences are produced and cannot be deleted'); END;
    -- The outbox: documents handed to delivery, queued with the document, carried out after.
    CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        document INTEGER REFERENCES documents(number),
        order_id INTEGER REFERENCES orders(id),
        channel TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        error TEXT,
        target TEXT,
        queued_at TEXT NOT NULL,
        done_at TEXT,
        CHECK ((document IS NULL) != (order_id IS NULL))
    );
    CREATE INDEX deliveries_pending ON deliveries(status) WHERE status IN ('queued', 'sending');
    CREATE INDEX deliveries_document ON deliveries(document, status) WHERE document IS NOT NULL;
    """


def m002_recurring(conn: sqlite3.Connection) -> None:
    _run_script(conn, M002_RECURRING)


def voucher_chain(conn: sqlite3.Connection) -> Iterator[tuple[int, str, str | None]]:
    """(number, hash computed from content, hash stored) for every voucher, in number order."""
    from faktura_cli.domain.ledger import GENESIS, voucher_hash

    postings = conn.execute(
        "SELECT voucher, account, amount, text, customer, open_item, vat_code FROM postings"
        " ORDER BY voucher, id"
    )
    pending = postings.fetchone()
    previous = GENESIS
    for number, day, text, document, stored in conn.execute(
        "SELECT number, date, text, document, hash FROM vouchers ORDER BY number"
    ).fetchall():
        lines = []
        while pending is not None and pending[0] == number:
            lines.append(tuple(pending[1:]))
            pending = postings.fetchone()
        computed = voucher_hash(previous, number, day, text, document, lines)
        yield number, computed, stored
        previous = stored or computed


def m003_voucher_chain(conn: sqlite3.Connection) -> None:
    """Each voucher carries the hash of its content and of the voucher before it.

    Vouchers written before this version get theirs here: the only place that lifts the
    immutability trigger, inside the migration's own transaction.
    """
    conn.execute("ALTER TABLE vouchers ADD COLUMN hash TEXT")
    conn.execute("DROP TRIGGER vouchers_no_update")
    for number, computed, _ in list(voucher_chain(conn)):
        conn.execute("UPDATE vouchers SET hash = ? WHERE number = ?", (computed, number))
    _run_script(conn, _immutability_triggers(("vouchers",), only="update"))


M004_FACTORING = """
    -- Factoring (invoice sale). Applications, offers and sales are kept as history; an offer's
    -- status and a hold's release are the only things that change.
    CREATE TABLE factoring_applications (
        id INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL,
        decide_at TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approved', 'declined')),
        reasons TEXT NOT NULL  -- JSON list of texts
    );
    CREATE TABLE factoring_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE factoring_offers (
        id INTEGER PRIMARY KEY,
        invoice INTEGER NOT NULL REFERENCES documents(number),
        offered_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        eligible INTEGER NOT NULL,
        reasons TEXT NOT NULL,  -- JSON list of [code, text]
        fee_rate TEXT,
        fee INTEGER,
        payout INTEGER,
        planned_payout TEXT,
        status TEXT NOT NULL CHECK (status IN ('offered', 'declined', 'accepted'))
    );
    CREATE INDEX factoring_offers_invoice ON factoring_offers(invoice, id);
    CREATE TABLE factoring_holds (
        invoice INTEGER PRIMARY KEY REFERENCES documents(number),
        held_at TEXT NOT NULL,
        released_at TEXT
    );
    CREATE TABLE factoring_sales (
        invoice INTEGER PRIMARY KEY REFERENCES documents(number),
        offer INTEGER NOT NULL REFERENCES factoring_offers(id),
        accepted_at TEXT NOT NULL,
        sale_date TEXT NOT NULL,
        planned_payout TEXT NOT NULL,
        fee_rate TEXT NOT NULL,
        total INTEGER NOT NULL,
        fee INTEGER NOT NULL,
        payout INTEGER NOT NULL,
        partner TEXT NOT NULL,
        partner_orgnr TEXT NOT NULL,
        partner_account TEXT NOT NULL,
        partner_kid TEXT NOT NULL,
        settlement_voucher INTEGER NOT NULL REFERENCES vouchers(number)
    );
    -- What crediting a sold invoice meant: annulment (reversal voucher) or regress to the partner.
    CREATE TABLE factoring_credits (
        credit_note INTEGER PRIMARY KEY REFERENCES documents(number),
        invoice INTEGER NOT NULL REFERENCES factoring_sales(invoice),
        kind TEXT NOT NULL CHECK (kind IN ('annulled', 'regress')),
        regress INTEGER NOT NULL,
        day TEXT NOT NULL,
        voucher INTEGER NOT NULL REFERENCES vouchers(number)
    );
    CREATE TABLE factoring_regress_payments (
        id INTEGER PRIMARY KEY,
        invoice INTEGER NOT NULL REFERENCES factoring_sales(invoice),
        day TEXT NOT NULL,
        amount INTEGER NOT NULL,
        voucher INTEGER NOT NULL REFERENCES vouchers(number)
    );
    CREATE TABLE factoring_confirmations (
        invoice INTEGER PRIMARY KEY REFERENCES factoring_sales(invoice),
        day TEXT NOT NULL,
        voucher INTEGER NOT NULL REFERENCES vouchers(number)
    );
    """


# Sales, payouts, credits and regress payments are posted facts: never changed or deleted.
_FACTORING_POSTED = (
    "factoring_applications",
    "factoring_sales",
    "factoring_credits",
    "factoring_regress_payments",
    "factoring_confirmations",
)


def m004_factoring(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        M004_FACTORING + _immutability_triggers(_FACTORING_POSTED),
    )


M005_RUNNING_BALANCES = """
    -- Running balances, kept in the transaction that writes the postings they sum (the one
    -- place postings are written, storage.vouchers.Batch.write; postings are never updated
    -- or deleted), and recomputed from the postings by `faktura check`.
    -- Each account's postings per calendar month: a trial balance reads a few hundred rows
    -- instead of every posting since the books began.
    CREATE TABLE account_months (
        account TEXT NOT NULL REFERENCES accounts(number),
        month TEXT NOT NULL,  -- YYYY-MM
        amount INTEGER NOT NULL,
        PRIMARY KEY (account, month)
    ) WITHOUT ROWID;
    INSERT INTO account_months (account, month, amount)
        SELECT account, substr(date, 1, 7), SUM(amount) FROM postings GROUP BY 1, 2;
    -- Each open item's balance and the dates of its first and last posting: the customer
    -- ledger as of a day looks only at items open then, those still open now and those with
    -- postings on both sides of the day.
    CREATE TABLE open_items (
        item INTEGER PRIMARY KEY REFERENCES documents(number),
        first_date TEXT NOT NULL,
        last_date TEXT NOT NULL,
        balance INTEGER NOT NULL
    );
    CREATE INDEX open_items_open ON open_items(first_date) WHERE balance != 0;
    CREATE INDEX open_items_last ON open_items(last_date, first_date);
    INSERT INTO open_items (item, first_date, last_date, balance)
        SELECT open_item, MIN(date), MAX(date), SUM(amount) FROM postings
        WHERE open_item IS NOT NULL GROUP BY open_item;
"""


def m005_running_balances(conn: sqlite3.Connection) -> None:
    _run_script(conn, M005_RUNNING_BALANCES)


def m006_chart(conn: sqlite3.Connection) -> None:
    """The whole NS 4102 chart; own accounts (`account add`) with a default VAT code."""
    from faktura_cli.domain.chart import STANDARD_CHART

    columns = {row[1] for row in conn.execute("PRAGMA table_info(accounts)")}
    if "vat_code" not in columns:  # (a test rewinds user_version over it)
        conn.execute("ALTER TABLE accounts ADD COLUMN vat_code TEXT")
        conn.execute(
            "ALTER TABLE accounts ADD COLUMN standard INTEGER NOT NULL DEFAULT 1"
            " CHECK (standard IN (0, 1))"
        )
    conn.executemany(
        "INSERT OR IGNORE INTO accounts (number, name, grouping_category, grouping_code)"
        " VALUES (?, ?, ?, ?)",
        [(a.number, a.name, a.grouping_category, a.grouping_code) for a in STANDARD_CHART.values()],
    )


M007_ENTRIES = """
    -- What a person enters beside invoices (SPEC 15): manual vouchers and their reversals, the
    -- opening balance (once), supplier invoices (bills) and their payments, and the documentation
    -- (bilag) kept inside the books, content-addressed by SHA-256.
    CREATE TABLE entries (
        voucher INTEGER PRIMARY KEY REFERENCES vouchers(number),
        kind TEXT NOT NULL CHECK (kind IN ('manual', 'reversal', 'opening', 'bill', 'bill_payment')),
        reverses INTEGER REFERENCES vouchers(number),
        CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
    );
    CREATE UNIQUE INDEX entries_reversed_once ON entries(reverses) WHERE reverses IS NOT NULL;
    CREATE UNIQUE INDEX entries_one_opening ON entries(kind) WHERE kind = 'opening';
    CREATE TABLE attachments (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        size INTEGER NOT NULL,
        content BLOB NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE voucher_attachments (
        voucher INTEGER NOT NULL REFERENCES vouchers(number),
        sha256 TEXT NOT NULL REFERENCES attachments(sha256),
        name TEXT NOT NULL,
        PRIMARY KEY (voucher, sha256)
    ) WITHOUT ROWID;
    CREATE TABLE suppliers (
        number INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        orgnr TEXT,
        created_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX suppliers_orgnr ON suppliers(orgnr) WHERE orgnr IS NOT NULL;
    CREATE TABLE bills (
        number INTEGER PRIMARY KEY,
        supplier INTEGER NOT NULL REFERENCES suppliers(number),
        date TEXT NOT NULL,
        due_date TEXT NOT NULL,
        kid TEXT,
        total INTEGER NOT NULL,          -- owed to the supplier: the credit on 2400
        voucher INTEGER NOT NULL UNIQUE REFERENCES vouchers(number),
        created_at TEXT NOT NULL
    );
    CREATE INDEX bills_supplier ON bills(supplier);
    CREATE TABLE bill_payments (
        id INTEGER PRIMARY KEY,
        bill INTEGER NOT NULL REFERENCES bills(number),
        date TEXT NOT NULL,
        amount INTEGER NOT NULL,
        voucher INTEGER NOT NULL UNIQUE REFERENCES vouchers(number)
    );
    CREATE INDEX bill_payments_bill ON bill_payments(bill);
    """
_ENTRIES_POSTED = ("entries", "attachments", "voucher_attachments", "bills", "bill_payments")


def m007_entries(conn: sqlite3.Connection) -> None:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'entries'").fetchone()
    if not exists:  # (a test rewinds user_version over it)
        _run_script(conn, M007_ENTRIES + _immutability_triggers(_ENTRIES_POSTED))


M008_CHAIN = """
    -- The hash chain over every record of the books (storage.chain, SPEC §12): one link per
    -- record, in the order they were written; each link's hash covers the one before.
    CREATE TABLE chain (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        ref INTEGER NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (kind, ref)
    );
    """


def m008_chain(conn: sqlite3.Connection) -> None:
    """The chain, extended over every record the books already hold (as vouchers were in m003)."""
    from faktura_cli.storage.chain import KINDS, seal

    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'chain'").fetchone():
        _run_script(conn, M008_CHAIN + _immutability_triggers(("chain",)))  # (else: rewound)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    seal(conn, tuple(kind for kind in KINDS if kind.table in tables))


M009_MONEY_IN = """
    -- Money in (SPEC 14): bank entries read from the bank's files, reminders, interest rates.
    CREATE INDEX documents_kid ON documents(kid);
    -- One row per entry the bank reported, identified by its key (the bank's reference or a
    -- hash), so a file imported twice or overlapping statements record nothing twice.
    CREATE TABLE bank_entries (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        fingerprint TEXT UNIQUE,            -- a KID payment's account, date, amount and KID
        format TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        account TEXT,
        booking_date TEXT NOT NULL,
        amount INTEGER NOT NULL,            -- øre; money in positive
        currency TEXT NOT NULL,
        kid TEXT,
        reference TEXT,
        counterparty TEXT,
        counterparty_account TEXT,
        status TEXT NOT NULL CHECK (status IN ('matched', 'unmatched', 'ignored')),
        reason TEXT,                        -- why unmatched (a code), or why ignored (the user's)
        invoice INTEGER REFERENCES documents(number),
        reminder INTEGER REFERENCES reminders(number),
        voucher INTEGER REFERENCES vouchers(number),
        imported_at TEXT NOT NULL,
        resolved_at TEXT,
        CHECK ((status = 'matched') = (voucher IS NOT NULL))
    );
    CREATE INDEX bank_entries_open ON bank_entries(status) WHERE status = 'unmatched';
    -- A matched or ignored entry is settled: only an unmatched one may still change, once.
    CREATE TRIGGER bank_entries_settled BEFORE UPDATE ON bank_entries
        WHEN OLD.status != 'unmatched'
    BEGIN SELECT RAISE(ABORT, 'bank entries that are matched or ignored cannot be changed'); END;
    CREATE TRIGGER bank_entries_no_delete BEFORE DELETE ON bank_entries
    BEGIN SELECT RAISE(ABORT, 'bank entries cannot be deleted'); END;
    -- Reminders (purringer): their own gap-free series and KID; fee and interest are posted
    -- on the invoice's open item, so a payment settles the invoice first, then the charges.
    CREATE TABLE reminders (
        number INTEGER PRIMARY KEY,
        invoice INTEGER NOT NULL REFERENCES documents(number),
        customer INTEGER NOT NULL REFERENCES customers(number),
        date TEXT NOT NULL,
        due_date TEXT NOT NULL,
        kid TEXT NOT NULL UNIQUE,
        principal INTEGER NOT NULL,         -- the invoice's amount still open on the date
        earlier_charges INTEGER NOT NULL,   -- fees and interest of earlier reminders still open
        fee INTEGER NOT NULL,
        interest INTEGER NOT NULL,
        interest_from TEXT,
        interest_to TEXT,
        interest_rates TEXT NOT NULL,       -- JSON [[from, to, rate], ...] as applied
        voucher INTEGER REFERENCES vouchers(number),
        seller TEXT NOT NULL,
        buyer TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX reminders_invoice ON reminders(invoice, date);
    -- Forsinkelsesrente per half-year (Norges Bank's policy rate + 8 points), as data.
    CREATE TABLE interest_rates (
        valid_from TEXT PRIMARY KEY,
        rate TEXT NOT NULL,                 -- percent a year, e.g. '12.50'
        set_at TEXT NOT NULL
    );
    ALTER TABLE deliveries ADD COLUMN reminder INTEGER REFERENCES reminders(number);
    ALTER TABLE company ADD COLUMN remind_after INTEGER NOT NULL DEFAULT 14
        CHECK (remind_after BETWEEN 0 AND 365);
    ALTER TABLE company ADD COLUMN reminder_fee INTEGER CHECK (reminder_fee >= 0);
    """ + _immutability_triggers(("reminders",))


def m009_money_in(conn: sqlite3.Connection) -> None:
    from faktura_cli.domain.reminders import LATE_PAYMENT_RATES

    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'bank_entries'").fetchone():
        return  # (a test rewinds user_version over it)
    _run_script(conn, M009_MONEY_IN)
    conn.executemany(
        "INSERT INTO interest_rates (valid_from, rate, set_at) VALUES (?, ?, 'faktura')",
        [(day.isoformat(), str(rate)) for day, rate in LATE_PAYMENT_RATES],
    )


M010_PERIOD_LOCK = """
    -- The period lock's history (SPEC 13): one row per move, the newest in force. last_voucher
    -- is the last voucher when it was set: `check` finds any later voucher dated inside it.
    CREATE TABLE period_locks (
        id INTEGER PRIMARY KEY,
        locked_to TEXT NOT NULL,
        reason TEXT NOT NULL,
        set_at TEXT NOT NULL,
        last_voucher INTEGER NOT NULL
    );
    -- The domain rule (domain.period.ensure_open) refuses first, with words; this keeps any
    -- writer that forgot it from posting into a locked period.
    CREATE TRIGGER vouchers_not_in_locked_period BEFORE INSERT ON vouchers
    WHEN NEW.date <= (SELECT locked_to FROM period_locks ORDER BY id DESC LIMIT 1)
    BEGIN SELECT RAISE(ABORT, 'the voucher is dated in a locked period'); END;
    """


def m010_period_lock(conn: sqlite3.Connection) -> None:
    """The period lock (its accounts, 2050 ... 8800, came with the chart in m006)."""
    if not _exists(conn, "period_locks"):  # (a test rewinds user_version over it)
        _run_script(conn, M010_PERIOD_LOCK + _immutability_triggers(("period_locks",)))


M011_YEAR_END_AND_VAT = """
    -- Year end (SPEC 13): every close and reopen, newest last; a year is closed when its
    -- newest row says so. The vouchers they posted are the books' own record.
    CREATE TABLE year_closings (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
        voucher INTEGER REFERENCES vouchers(number),
        result INTEGER NOT NULL,
        at TEXT NOT NULL
    );
    -- VAT terms filed (settled to 2740 and locked) and paid.
    CREATE TABLE vat_filings (
        id INTEGER PRIMARY KEY,
        term TEXT NOT NULL UNIQUE,      -- 2026-1
        term_end TEXT NOT NULL,
        amount INTEGER NOT NULL,        -- to pay; negative: to get back
        voucher INTEGER REFERENCES vouchers(number),
        filed_at TEXT NOT NULL
    );
    CREATE TABLE vat_payments (
        id INTEGER PRIMARY KEY,
        term TEXT NOT NULL UNIQUE REFERENCES vat_filings(term),
        day TEXT NOT NULL,
        amount INTEGER NOT NULL,
        voucher INTEGER NOT NULL REFERENCES vouchers(number),
        paid_at TEXT NOT NULL
    );
    -- The buyer's references (EHF BuyerReference / OrderReference): the customer's default,
    -- a schedule's own; an invoice keeps its references in its buyer snapshot.
    ALTER TABLE customers ADD COLUMN buyer_ref TEXT;
    ALTER TABLE customers ADD COLUMN order_ref TEXT;
    ALTER TABLE schedules ADD COLUMN buyer_ref TEXT;
    ALTER TABLE schedules ADD COLUMN order_ref TEXT;
    """


_YEAR_POSTED = ("period_locks", "year_closings", "vat_filings", "vat_payments")


def m011_year_end_and_vat(conn: sqlite3.Connection) -> None:
    """Year end, VAT filings and payments; the buyer's references on customers and schedules."""
    if not _exists(conn, "year_closings"):  # (a test rewinds user_version over it)
        _run_script(conn, M011_YEAR_END_AND_VAT + _immutability_triggers(_YEAR_POSTED[1:]))


def _exists(conn: sqlite3.Connection, table: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None
    )


M012_DELIVERY_STATES = """
    -- SPEC 11: a delivery is queued -> sending -> sent | failed | uncertain. The claim records
    -- who carries it out (pid, the process's start time and the machine's boot id), so a claim
    -- whose process is gone is recognised; `via` says how it goes out (smtp, access point, file):
    -- a stale SMTP or access-point claim may have gone out and becomes uncertain, a file is
    -- written again. A failed or uncertain delivery nags until a person decides: it is resolved
    -- in place (retry, resend, marked sent), or superseded by a later delivery of its document.
    CREATE TABLE deliveries_v12 (
        id INTEGER PRIMARY KEY,
        document INTEGER REFERENCES documents(number),
        order_id INTEGER REFERENCES orders(id),
        channel TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'uncertain')),
        error TEXT,
        target TEXT,
        queued_at TEXT NOT NULL,
        done_at TEXT,
        reminder INTEGER REFERENCES reminders(number),  -- a reminder of `document` (schema 9)
        via TEXT,
        claimed_pid INTEGER,
        claimed_start INTEGER,
        claimed_boot TEXT,
        claimed_at TEXT,
        superseded_by INTEGER REFERENCES deliveries_v12(id),
        notified_at TEXT,
        CHECK ((document IS NULL) != (order_id IS NULL))
    );
    INSERT INTO deliveries_v12 (id, document, order_id, channel, status, error, target, queued_at,
                                done_at, reminder)
        SELECT id, document, order_id, channel, status, error, target, queued_at, done_at,
               reminder
        FROM deliveries;
    DROP TABLE deliveries;
    ALTER TABLE deliveries_v12 RENAME TO deliveries;
    CREATE INDEX deliveries_pending ON deliveries(status) WHERE status IN ('queued', 'sending');
    CREATE INDEX deliveries_document ON deliveries(document, status) WHERE document IS NOT NULL;
    CREATE INDEX deliveries_outstanding ON deliveries(id)
        WHERE status IN ('failed', 'uncertain') AND superseded_by IS NULL;
"""
# How to reach the SMTP server: starttls, tls or none; NULL = tls on port 465, else starttls.
M012_SMTP_SECURITY = """
    ALTER TABLE company ADD COLUMN smtp_security TEXT
        CHECK (smtp_security IN ('starttls', 'tls', 'none'));
    UPDATE company SET smtp_security = 'none' WHERE smtp_starttls = 0 AND smtp_user IS NULL;
"""


def m012_delivery_states(conn: sqlite3.Connection) -> None:
    def columns(table: str) -> set[str]:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}

    # (a test rewinds user_version over it: books already in this shape keep their rows as
    # they are, so the hash chain's links over sent deliveries still match)
    if "superseded_by" not in columns("deliveries"):
        _run_script(conn, M012_DELIVERY_STATES)
    if "smtp_security" not in columns("company"):
        _run_script(conn, M012_SMTP_SECURITY)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    m001_initial,
    m002_recurring,
    m003_voucher_chain,
    m004_factoring,
    m005_running_balances,
    m006_chart,
    m007_entries,
    m008_chain,
    m009_money_in,
    m010_period_lock,
    m011_year_end_and_vat,
    m012_delivery_states,
]
CURRENT_VERSION = len(MIGRATIONS)
if CURRENT_VERSION != SCHEMA_VERSION:  # every test that makes books stops here
    raise RuntimeError(
        f"storage.db.SCHEMA_VERSION is {SCHEMA_VERSION}, but there are {CURRENT_VERSION} migrations:"
        " set it to the number of migrations"
    )


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run a DDL script statement by statement, inside the caller's transaction.

    (sqlite3's executescript would commit first, breaking the migration's atomicity.)
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the file to CURRENT_VERSION, each migration in its own transaction.

    The version is re-read under the write lock, so two processes opening a new file at
    once do not both migrate.
    """
    while True:
        with transaction(conn, seal=False):
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= CURRENT_VERSION:
                return
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
