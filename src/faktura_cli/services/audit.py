"""`faktura check`: an integrity audit of the whole file, as findings.

The program never writes books that fail these checks, so a finding means the file was changed
behind its back (another tool, a restored copy, a dropped trigger) or a bug: either way the
accountant must know before trusting a report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from faktura_cli.domain.chain import GENESIS, Anchor
from faktura_cli.domain.chain import parse_anchor as parse_anchor  # `check --expect`, at the edge
from faktura_cli.domain.ledger import FACTORING_RECEIVABLE, PAYABLES, RECEIVABLES
from faktura_cli.domain.money import round_ore, to_json
from faktura_cli.domain.reports import Finding
from faktura_cli.domain.sale_posting import posting_discrepancies
from faktura_cli.domain.vat import PURCHASE_VAT, TREATMENTS
from faktura_cli.services.outbox import recover_stale
from faktura_cli.storage import chain, entries, integrity, periods
from faktura_cli.storage import documents as documents_db
from faktura_cli.storage import outbox as outbox_db
from faktura_cli.storage.db import snapshot
from faktura_cli.storage.schema import voucher_chain

NO_RECORDS = Anchor(0, GENESIS)


@dataclass(frozen=True)
class AuditReport:
    vouchers: int
    documents: int
    postings: int
    findings: tuple[Finding, ...]
    anchor: Anchor = NO_RECORDS  # the chain's length and head when checked

    @property
    def damage(self) -> tuple[Finding, ...]:
        """Findings that mean the books cannot be trusted as they are."""
        return tuple(f for f in self.findings if f.check not in DELIVERY_CHECKS)

    @property
    def ok(self) -> bool:
        """The books are sound (deliveries may still wait for a decision)."""
        return not self.damage


Check = Callable[[sqlite3.Connection], Iterator[Finding]]


def _vouchers_balance(conn: sqlite3.Connection) -> Iterator[Finding]:
    for voucher, off in integrity.unbalanced_vouchers(conn):
        yield Finding(
            "voucher_unbalanced",
            f"voucher {voucher} does not balance: debit and credit differ by {to_json(abs(off))}",
            voucher=voucher,
        )
    for voucher, count in integrity.vouchers_with_too_few_postings(conn):
        yield Finding(
            "voucher_too_few_postings", f"voucher {voucher} has {count} posting(s)", voucher=voucher
        )
    for voucher in integrity.missing_vouchers_of_postings(conn):
        yield Finding(
            "posting_without_voucher",
            f"postings belong to voucher {voucher}, which does not exist",
            voucher=voucher,
        )


def _series_gap_free(conn: sqlite3.Connection) -> Iterator[Finding]:
    for previous, number in integrity.number_gaps(conn, "vouchers"):
        yield Finding(
            "voucher_numbers_gap",
            f"voucher numbers jump from {previous} to {number}: the series must have no gaps",
            voucher=number,
        )
    for previous, number in integrity.number_gaps(conn, "reminders"):
        yield Finding(
            "reminder_numbers_gap",
            f"reminder numbers jump from {previous} to {number}: the series must have no gaps",
        )
    for previous, number in integrity.number_gaps(conn, "documents"):
        yield Finding(
            "document_numbers_gap",
            f"invoice/credit note numbers jump from {previous} to {number}: "
            "the series must have no gaps",
            document=number,
        )


def _posting_dates(conn: sqlite3.Connection) -> Iterator[Finding]:
    for voucher, posted, dated in integrity.posting_date_mismatches(conn):
        yield Finding(
            "posting_date_mismatch",
            f"voucher {voucher} is dated {dated} but has postings dated {posted}",
            voucher=voucher,
        )


def _receivables(conn: sqlite3.Connection) -> Iterator[Finding]:
    total, items = integrity.open_item_sums(conn, RECEIVABLES)
    if total != items:
        yield Finding(
            "receivables_mismatch",
            f"account {RECEIVABLES} stands at {to_json(total)} but the open items add up to "
            f"{to_json(items)}",
        )
    for voucher, account in integrity.open_items_elsewhere(conn, RECEIVABLES):
        yield Finding(
            "open_item_off_receivables",
            f"voucher {voucher} moves an open item on account {account}; open items live on "
            f"{RECEIVABLES}",
            voucher=voucher,
        )
    for voucher, item, posted, owner in integrity.open_item_customer_mismatches(conn):
        yield Finding(
            "open_item_customer_mismatch",
            f"voucher {voucher} moves invoice {item}'s open item "
            f"{'without a customer' if posted is None else f'for customer {posted}'}, "
            f"but the invoice is customer {owner}'s",
            voucher=voucher,
            document=item,
        )


def _accounts(conn: sqlite3.Connection) -> Iterator[Finding]:
    for voucher, account in integrity.postings_off_chart(conn):
        yield Finding(
            "unknown_account",
            f"voucher {voucher} posts to account {account}, which is not in the chart",
            voucher=voucher,
        )
    coded = sorted(
        {t.revenue_account for t in TREATMENTS.values()}
        | {t.vat_account for t in TREATMENTS.values() if t.vat_account}
    )
    for voucher, account in integrity.postings_without_vat_code(conn, coded):
        yield Finding(
            "vat_code_missing",
            f"voucher {voucher} posts to {account} without a VAT code, so the VAT report "
            "cannot count it",
            voucher=voucher,
        )


def _running_balances(conn: sqlite3.Connection) -> Iterator[Finding]:
    """account_months and open_items must equal the postings they sum, or reports go wrong."""
    for account, month, kept, posted in integrity.month_balance_mismatches(conn):
        yield Finding(
            "month_balance_wrong",
            f"account {account} in {month}: the month balance says {to_json(kept)},"
            f" its postings sum to {to_json(posted)}",
        )
    for item, kept, posted, kept_first, kept_last, first, last in (
        integrity.open_item_balance_mismatches(conn)
    ):
        yield Finding(
            "open_item_balance_wrong",
            f"open item {item}: kept as {to_json(kept)} from {kept_first} to {kept_last},"
            f" its postings sum to {to_json(posted)} from {first} to {last}",
        )


def _documents(conn: sqlite3.Connection) -> Iterator[Finding]:
    for number, net, vat, total, lines_net, lines_vat in integrity.document_totals_mismatches(
        conn
    ):
        if lines_net is None or lines_vat is None:
            message = f"document {number} has no lines"
        elif total != net + vat:
            message = f"document {number}'s total {to_json(total)} is not net + VAT"
        else:
            message = (
                f"document {number}'s totals (net {to_json(net)}, VAT {to_json(vat)}) differ "
                f"from its lines (net {to_json(lines_net)}, VAT {to_json(lines_vat)})"
            )
        yield Finding("document_totals", message, document=number)
    for number in integrity.unposted_documents(conn):
        yield Finding("document_not_posted", f"document {number} has no voucher", document=number)


def _factoring_accounts(conn: sqlite3.Connection) -> Iterator[Finding]:
    """1579 holds the payouts the partner still owes; 2400 the regress still owed to it."""
    balance, unpaid_payouts, unpaid_regress = integrity.factoring_sums(
        conn, FACTORING_RECEIVABLE
    )
    if balance != unpaid_payouts:
        yield Finding(
            "factoring_receivable_mismatch",
            f"account {FACTORING_RECEIVABLE} stands at {to_json(balance)} but the payouts not yet "
            f"confirmed add up to {to_json(unpaid_payouts)}",
        )
    payable = -integrity.account_balance(conn, PAYABLES)
    if payable != unpaid_regress:
        yield Finding(
            "regress_payable_mismatch",
            f"account {PAYABLES} stands at {to_json(-payable)} but the regress still owed to the "
            f"partner and the open supplier invoices add up to {to_json(unpaid_regress)}",
        )


def _purchase_vat(conn: sqlite3.Connection) -> Iterator[Finding]:
    """Input VAT reconciles with its bases: per voucher and code, the VAT posted is the code's
    rate of the base (to the øre per line, as each line is rounded once), and a reverse charge
    posts the same VAT on both sides."""
    for voucher, code, base, deducted, payable, lines in entries.purchase_vat_sums(
        conn, {v.code: (v.deductible_account, v.payable_account) for v in PURCHASE_VAT.values()}
    ):
        vat = PURCHASE_VAT[code]
        expected = base * vat.rate / 100
        if abs(deducted - expected) > lines:
            yield Finding(
                "input_vat_mismatch",
                f"voucher {voucher}: input VAT code {code} posts {to_json(deducted)} on a base of"
                f" {to_json(base)}, {vat.percent_text} % of it is {to_json(round_ore(expected))}",
                voucher=voucher,
            )
        if vat.reverse_charge and payable != deducted:
            yield Finding(
                "reverse_charge_mismatch",
                f"voucher {voucher}: reverse charge {code} deducts {to_json(deducted)} but owes"
                f" {to_json(payable)}",
                voucher=voucher,
            )


def _bills(conn: sqlite3.Connection) -> Iterator[Finding]:
    """A bill's total and each payment are what their vouchers post on 2400."""
    for kind, number, kept, posted in entries.bill_postings_mismatches(conn):
        yield Finding(
            "bill_posting_mismatch",
            f"{'bill' if kind == 'bill' else 'bill payment'} {number} is {to_json(kept)}"
            f" but its voucher posts {to_json(posted)} on {PAYABLES}",
        )


def _attachments(conn: sqlite3.Connection) -> Iterator[Finding]:
    for digest, content in entries.stored_attachments(conn):
        if entries.sha256_of(content) != digest:
            yield Finding(
                "attachment_changed",
                f"attachment {digest} no longer has that SHA-256: its content was changed",
            )


def _voucher_chain(conn: sqlite3.Connection) -> Iterator[Finding]:
    """Each voucher's hash must match its content and the voucher before it."""
    for number, computed, stored in voucher_chain(conn):
        if computed != stored:
            yield Finding(
                "hash_chain",
                f"voucher {number} does not match its hash: it or an earlier voucher was changed",
                voucher=number,
            )
            return  # every later hash differs too; the first break is the finding


def _period_lock(conn: sqlite3.Connection) -> Iterator[Finding]:
    """Nothing dated on or before the lock may be written after the lock was set (SPEC 13)."""
    for voucher, day, locked_to, reason in periods.vouchers_inside_locks(conn):
        yield Finding(
            "locked_period_written",
            f"voucher {voucher} is dated {day}, inside the period locked to {locked_to} "
            f"({reason}), but was written after the lock was set",
            voucher=voucher,
        )


def _record_chain(conn: sqlite3.Connection) -> Iterator[Finding]:
    """Every record of the books still as it was linked into the chain, and linked in."""
    expected_seq = 1
    for entry in chain.walk(conn):
        what = f"{entry.kind.replace('_', ' ')} {entry.ref}"
        if entry.seq != expected_seq:
            yield Finding(
                "chain_gap",
                f"the hash chain jumps from link {expected_seq - 1} to {entry.seq}: links were removed",
            )
        expected_seq = entry.seq + 1
        if not entry.record_found:
            yield Finding(
                "record_missing",
                f"{what} is in the hash chain but no longer in the books: it was deleted",
                **_ids(entry.kind, entry.ref),
            )
        elif entry.computed != entry.stored:
            yield Finding(
                "record_changed",
                f"{what} does not match its link in the hash chain (link {entry.seq}): it was "
                "changed after it was written",
                **_ids(entry.kind, entry.ref),
            )
    for kind, ref in chain.unsealed(conn):
        yield Finding(
            "record_not_in_chain",
            f"{kind.replace('_', ' ')} {ref} is not in the hash chain: it was written behind "
            "the program's back",
            **_ids(kind, ref),
        )


def _ids(kind: str, ref: int) -> dict[str, int]:
    return (
        {"voucher": ref} if kind == "voucher" else {"document": ref} if kind == "document" else {}
    )


def schema_findings(conn: sqlite3.Connection) -> Iterator[Finding]:
    """Every table, index, trigger and view exactly as the program itself makes them."""
    own = {(kind, name): (table, sql) for kind, name, table, sql in integrity.own_schema()}
    found = {
        (kind, name): (table, sql) for kind, name, table, sql in integrity.schema_objects(conn)
    }
    for kind, name in sorted(set(found) - set(own)):
        yield Finding(
            f"extra_{kind}",
            f"{kind} {name} is not the program's: something else added it to the file",
        )
    for kind, name in sorted(own.keys() - found.keys()):
        table, _ = own[(kind, name)]
        _, _, what = name.rpartition("_no_")
        yield Finding(
            f"{kind}_missing",
            f"{kind} {name} is missing"
            + (
                f": posted {table} can be {what}d behind the program's back"
                if kind == "trigger" and what in ("update", "delete")
                else ""
            ),
        )
    for kind, name in sorted(own.keys() & found.keys()):
        if own[(kind, name)] != found[(kind, name)]:
            yield Finding(
                f"{kind}_altered",
                f"{kind} {name} differs from the program's own definition",
            )


def _postings_match_documents(conn: sqlite3.Connection) -> Iterator[Finding]:
    """Each document's own voucher posts what the document says (SPEC §12)."""
    sums = dict(integrity.document_voucher_sums(conn))
    for doc in documents_db.iter_documents(conn):
        posted = sums.get(doc.number)
        if posted is None:
            continue  # _documents reports it
        for problem in posting_discrepancies(doc, posted):
            yield Finding(
                "document_postings",
                f"document {doc.number}'s voucher does not match it: {problem}",
                document=doc.number,
            )


def _deliveries(conn: sqlite3.Connection) -> Iterator[Finding]:
    """Failed and uncertain deliveries waiting for a person's decision (SPEC 11)."""
    for d in outbox_db.outstanding(conn):
        what = f"invoice {d.document}" if d.document is not None else f"order {d.order_id}"
        yield Finding(
            f"delivery_{d.status}",
            f"delivery {d.id} of {what} ({d.channel}) is {d.status}: {d.error}",
            document=d.document,
        )


# Findings that are not damage to the books: a delivery waiting for a decision.
DELIVERY_CHECKS = ("delivery_failed", "delivery_uncertain")


CHECKS: tuple[Check, ...] = (
    _vouchers_balance,
    _series_gap_free,
    _posting_dates,
    _receivables,
    _accounts,
    schema_findings,
    _running_balances,
    _documents,
    _factoring_accounts,
    _purchase_vat,
    _bills,
    _attachments,
    _voucher_chain,
    _record_chain,
    _postings_match_documents,
    _period_lock,
    _deliveries,
)


def anchor(conn: sqlite3.Connection) -> Anchor:
    """The chain's length and head, `N:HASH`, to keep outside the file (SPEC §12)."""
    with snapshot(conn):
        return chain.head(conn)


def _expected_prefix(conn: sqlite3.Connection, expect: Anchor) -> Iterator[Finding]:
    """The books still hold the chain `expect` names as their first links."""
    if expect.length == 0:
        return
    held = chain.link_at(conn, expect.length)
    if held is None:
        yield Finding(
            "anchor_mismatch",
            f"the books hold {chain.head(conn).length} links, the anchor {expect} names "
            f"{expect.length}: records were removed since the anchor was taken",
        )
    elif held != expect.head:
        yield Finding(
            "anchor_mismatch",
            f"link {expect.length} of the chain is not the anchor's {expect.head[:12]}…: the "
            "books were changed and the chain rebuilt since the anchor was taken",
        )


def check_books(
    conn: sqlite3.Connection, *, expect: Anchor | None = None, now: datetime | None = None
) -> AuditReport:
    """Run every check against one snapshot of the books (and the anchor, when given); with
    `now`, stale delivery claims are settled first (`faktura check` does, a backup's audit
    only reads)."""
    if now is not None:
        recover_stale(conn, now=now)
    with snapshot(conn):
        findings = tuple(finding for check in CHECKS for finding in check(conn))
        if expect is not None:
            findings += tuple(_expected_prefix(conn, expect))
        vouchers, documents, postings = integrity.counts(conn)
        head = chain.head(conn)
    return AuditReport(vouchers, documents, postings, findings, head)
