"""`faktura bank import|unmatched|match|ignore`: money in, read from the bank's own files."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from faktura_cli.domain import vouchers
from faktura_cli.domain.bank import (
    UNMATCHED,
    BankEntry,
    BankFile,
    Claim,
    MalformedBankFile,
    decide,
    entry_found,
    kid_fingerprints,
    payment_result,
)
from faktura_cli.domain.camt import looks_like_camt, parse_camt
from faktura_cli.domain.dates import check_span
from faktura_cli.domain.ledger import Voucher
from faktura_cli.domain.money import in_words
from faktura_cli.domain.ocr import looks_like_ocr, parse_ocr
from faktura_cli.errors import InvalidInput, RuleViolation
from faktura_cli.resources import resource_dir
from faktura_cli.storage import bank as store
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage import factoring as factoring_store
from faktura_cli.storage import periods
from faktura_cli.storage import vouchers as vouchers_db
from faktura_cli.storage.db import transaction

MAX_FILE_BYTES = 200 * 1024 * 1024


@lru_cache(maxsize=8)
def _schema(version: str) -> Any:
    """The shipped XSD of a camt version, or None (then the structural checks apply)."""
    path = resource_dir("schemas") / "bank" / f"{version}.xsd"
    if not path.is_file():
        return None
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(path), parser))


def read_bank_file(data: bytes) -> BankFile:
    """camt.053, camt.054 or Nets OCR giro, told apart by the content."""
    if looks_like_ocr(data):
        return parse_ocr(data)
    if looks_like_camt(data):
        return parse_camt(data, _schema)
    raise MalformedBankFile(
        "not a bank file faktura reads: expected ISO 20022 camt.053/camt.054 XML or a Nets OCR"
        " giro file (records of 80 characters starting NY000010)"
    )


@dataclass(frozen=True)
class Recorded:
    """An entry as recorded: a payment, a payout, or unmatched (with the reason)."""

    id: int
    entry: BankEntry
    status: str  # matched | unmatched | ignored
    reason: str | None
    invoice: int | None = None
    reminder: int | None = None
    voucher: int | None = None
    result: str | None = None  # paid | partial | overpaid | payout
    open_after: int | None = None


@dataclass(frozen=True)
class BankImport:
    file: str
    format: str
    entries: int  # in the file
    duplicates: int  # already recorded by an earlier import
    recorded: tuple[Recorded, ...]

    @property
    def payments(self) -> tuple[Recorded, ...]:
        return tuple(r for r in self.recorded if r.result not in (None, "payout"))

    @property
    def payouts(self) -> tuple[Recorded, ...]:
        return tuple(r for r in self.recorded if r.result == "payout")

    @property
    def unmatched(self) -> tuple[Recorded, ...]:
        return tuple(r for r in self.recorded if r.status == "unmatched")


def import_bank_file(conn: sqlite3.Connection, path: Path, *, now: datetime) -> BankImport:
    """Record every new entry of the file in one transaction: payments by KID, factoring payouts,
    and the rest as unmatched. A malformed file is refused whole."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InvalidInput(f"{path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    try:
        parsed = read_bank_file(data)
    except MalformedBankFile as exc:
        raise MalformedBankFile(f"{path.name}: {exc.message}; nothing was imported") from None
    digest = hashlib.sha256(data).hexdigest()
    with transaction(conn):
        fingerprints = kid_fingerprints(parsed.entries)
        known = store.known(conn, "key", [e.key for e in parsed.entries])
        seen = store.known(conn, "fingerprint", list(fingerprints.values()))
        new = [
            e
            for e in parsed.entries
            if e.key not in known and fingerprints.get(e.key) not in seen
        ]
        claims = store.claims_by_kid(conn, [e.kid for e in new if e.kid])
        lock = periods.current_lock(conn)
        open_now: dict[int, int] = {}  # what this file's payments left open, per invoice
        payouts = store.unconfirmed_payouts(conn)
        batch = vouchers_db.Batch(conn, now=now)
        outcomes: list[store.EntryOutcome] = []
        extra: list[tuple[str | None, int | None]] = []  # (result, open after)
        confirmations = []
        for entry in new:
            seen_claim = claims.get(entry.kid or "")
            if seen_claim is not None and seen_claim.invoice in open_now:
                # A second payment in the same file sees what the first left open.
                claims[seen_claim.kid] = replace(
                    seen_claim, open_amount=open_now[seen_claim.invoice]
                )
            decision = decide(entry, claims, payouts, lock.to if lock else None)
            fingerprint = fingerprints.get(entry.key)
            if decision.kind == "payment" and decision.claim is not None:
                claim = decision.claim
                voucher = batch.post(_payment(entry, claim))
                open_after = open_now[claim.invoice] = claim.open_amount - entry.amount
                outcomes.append(
                    store.EntryOutcome(
                        entry, "matched", None, claim.invoice, claim.reminder, voucher, fingerprint
                    )
                )
                extra.append((payment_result(claim.open_amount, entry.amount), open_after))
            elif decision.kind == "payout" and decision.payout is not None:
                p = decision.payout
                voucher = batch.post(
                    vouchers.payout_voucher(
                        invoice=p.invoice, payout=p.amount, day=entry.booking_date,
                        partner=p.partner_name,
                    )
                )
                payouts.remove(p)
                confirmations.append((p.invoice, entry.booking_date, voucher))
                outcomes.append(
                    store.EntryOutcome(
                        entry, "matched", None, p.invoice, None, voucher, fingerprint
                    )
                )
                extra.append(("payout", None))
            else:
                known_claim = decision.claim
                outcomes.append(
                    store.EntryOutcome(
                        entry,
                        "unmatched",
                        decision.reason,
                        known_claim.invoice if known_claim else None,
                        known_claim.reminder if known_claim else None,
                        None,
                        fingerprint,
                    )
                )
                extra.append((None, None))
        batch.write()
        for invoice, day, voucher in confirmations:
            factoring_store.insert_confirmation(conn, invoice, day, voucher)
        ids = store.insert_entries(
            conn, outcomes, format=parsed.format, file_sha256=digest, now=now
        )
        matched = sum(o.status == "matched" for o in outcomes)
        if new:
            events_db.log_event(
                conn,
                "bank import",
                f"{path.name} ({parsed.format}): {len(new)} new entries, {matched} matched,"
                f" {len(new) - matched} unmatched, {len(parsed.entries) - len(new)} already"
                " imported",
                now=now,
            )
    recorded = tuple(
        Recorded(i, o.entry, o.status, o.reason, o.invoice, o.reminder, o.voucher, r, left)
        for i, o, (r, left) in zip(ids, outcomes, extra, strict=True)
    )
    return BankImport(
        path.name, parsed.format, len(parsed.entries), len(parsed.entries) - len(new), recorded
    )


def _payment(entry: BankEntry, claim: Claim) -> Voucher:
    what = f"purring {claim.reminder} " if claim.reminder else ""
    text = f"Innbetaling {what}faktura {claim.invoice} KID {entry.kid}"
    return vouchers.payment_voucher(
        invoice=claim.invoice,
        customer=claim.customer,
        amount=entry.amount,
        day=entry.booking_date,
        text=text,
    )


def unmatched_entries(
    conn: sqlite3.Connection,
    *,
    since: date | None = None,
    until: date | None = None,
    search: str | None = None,
) -> list[store.StoredEntry]:
    """`bank unmatched`: by booking date, booked from `since` to `until`, with `search` in the
    KID, text, payer, payer's account or amount (`entry_found`), when given."""
    check_span(since, until)
    found = store.entries(conn, status="unmatched", since=since, until=until)
    if search is None:
        return found
    return [
        e
        for e in found
        if entry_found(
            search,
            kid=e.kid,
            reference=e.reference,
            counterparty=e.counterparty,
            counterparty_account=e.counterparty_account,
            amount=e.amount,
        )
    ]


def reason_text(code: str | None) -> str:
    return UNMATCHED.get(code or "", code or "")


def _unmatched(conn: sqlite3.Connection, entry_id: int) -> store.StoredEntry:
    entry = store.get_entry(conn, entry_id)
    if entry.status != "unmatched":
        raise RuleViolation(
            f"bank entry {entry_id} is already {entry.status}"
            + (f" (voucher {entry.voucher})" if entry.voucher else "")
        )
    return entry


def match_entry(
    conn: sqlite3.Connection, entry_id: int, invoice: int, *, now: datetime
) -> store.StoredEntry:
    """Record an unmatched credit as the payment of invoice N (or, for a sold invoice, as the
    partner's payout of it), on the entry's booking date."""
    with transaction(conn):
        entry = _unmatched(conn, entry_id)
        if entry.amount <= 0:
            raise RuleViolation(f"bank entry {entry_id} is money out, not a payment")
        if entry.currency != "NOK":
            raise RuleViolation(
                f"bank entry {entry_id} is in {entry.currency}; record it with `faktura invoice"
                " pay` at the NOK amount the bank credited, then `faktura bank ignore`"
            )
        doc = documents_db.get_document(conn, invoice)
        if doc.kind != "invoice":
            raise RuleViolation(f"{invoice} is a credit note, not an invoice")
        if entry.booking_date < doc.date:
            raise RuleViolation(
                f"bank entry {entry_id} was booked {entry.booking_date}, before invoice"
                f" {invoice} was issued ({doc.date})"
            )
        payout = next((p for p in store.unconfirmed_payouts(conn) if p.invoice == invoice), None)
        batch = vouchers_db.Batch(conn, now=now)
        if payout is not None:
            if payout.amount != entry.amount:
                raise RuleViolation(
                    f"invoice {invoice} is sold; its payout is {in_words(payout.amount)}, the"
                    f" entry {in_words(entry.amount)}"
                )
            voucher = batch.post(
                vouchers.payout_voucher(
                    invoice=invoice,
                    payout=payout.amount,
                    day=entry.booking_date,
                    partner=payout.partner_name,
                )
            )
            batch.write()
            factoring_store.insert_confirmation(conn, invoice, entry.booking_date, voucher)
        else:
            if factoring_store.sold_invoices(conn, [invoice]):
                raise RuleViolation(
                    f"invoice {invoice} is sold and its payout recorded: the customer pays the"
                    " factoring partner"
                )
            voucher = batch.post(
                vouchers.payment_voucher(
                    invoice=invoice,
                    customer=doc.customer,
                    amount=entry.amount,
                    day=entry.booking_date,
                    text=f"Innbetaling faktura {invoice} (bankpost {entry_id})",
                )
            )
            batch.write()
        store.resolve_entry(
            conn, entry_id, status="matched", now=now, invoice=invoice, voucher=voucher
        )
        events_db.log_event(
            conn, "bank match", f"entry {entry_id} to invoice {invoice}: voucher {voucher}", now=now
        )
        return store.get_entry(conn, entry_id)


def ignore_entry(
    conn: sqlite3.Connection, entry_id: int, reason: str, *, now: datetime
) -> store.StoredEntry:
    """Leave an entry out of matching for good, saying why (posted by hand, not ours, ...)."""
    if not reason.strip():
        raise InvalidInput("--reason must say why the entry is ignored")
    with transaction(conn):
        _unmatched(conn, entry_id)
        store.resolve_entry(conn, entry_id, status="ignored", reason=reason.strip(), now=now)
        events_db.log_event(conn, "bank ignore", f"entry {entry_id}: {reason.strip()}", now=now)
        return store.get_entry(conn, entry_id)
