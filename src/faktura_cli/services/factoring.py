"""Invoice sale (factoring) with the sandbox partner: agreement, offers, sales and payouts.

The partner sits behind `SandboxPartner`; a real partner's API would implement the same calls.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from faktura_cli.domain import factoring as rules
from faktura_cli.domain import identifiers
from faktura_cli.domain.dates import parse_date
from faktura_cli.domain.delivery import choose_channel
from faktura_cli.domain.factoring import Sale, SaleState
from faktura_cli.domain.invoice import Document
from faktura_cli.domain.ledger import (
    BANK,
    BANK_FEES,
    FACTORING_RECEIVABLE,
    PAYABLES,
    RECEIVABLES,
    Posting,
    Voucher,
    make_voucher,
)
from faktura_cli.domain.records import Company, Payee
from faktura_cli.errors import InvalidInput, NotFound, RuleViolation
from faktura_cli.resources import resource_dir
from faktura_cli.storage import factoring as store
from faktura_cli.storage import recurring as outbox_store
from faktura_cli.storage import repository as repo
from faktura_cli.storage.db import transaction


class SandboxPartner:
    """The deterministic sandbox partner (SPEC section 7)."""

    name = rules.PARTNER_NAME
    orgnr = rules.PARTNER_ORGNR
    account = rules.PARTNER_ACCOUNT

    def registry_reasons(self, company: Company) -> list[str]:
        path = resource_dir("sample_data") / "sandbox_partner_registry.json"
        listed = json.loads(path.read_text(encoding="utf-8"))["companies"]
        return [rules.REGISTRY_REASONS[code] for code in listed.get(company.orgnr, [])]

    def kid(self, invoice: int) -> str:
        return identifiers.kid(9_000_000 + invoice)

    def payee(self, kid: str | None) -> Payee:
        return Payee(self.name, self.orgnr, self.account, kid)


PARTNER = SandboxPartner()


# ---------------------------------------------------------------- agreement


@dataclass(frozen=True)
class Agreement:
    status: str  # none | pending | approved | declined | refused
    reasons: list[str] = field(default_factory=list)
    applied_at: datetime | None = None
    decided_at: datetime | None = None
    refund_account: str | None = None


def _agreement(conn: sqlite3.Connection, now: datetime) -> Agreement:
    refund = store.get_setting(conn, "refund_account")
    refusals = rules.agreement_refusals(repo.load_company(conn))
    if refusals:  # whatever was applied for: such a company cannot sell invoices now
        return Agreement("refused", refusals, refund_account=refund)
    row = store.latest_application(conn)
    if row is None:
        return Agreement("none", refund_account=refund)
    applied = datetime.fromisoformat(row["applied_at"])
    decide = datetime.fromisoformat(row["decide_at"])
    if now < decide:
        return Agreement("pending", [], applied, None, refund)
    return Agreement(row["decision"], json.loads(row["reasons"]), applied, decide, refund)


def agreement_status(conn: sqlite3.Connection, *, now: datetime) -> Agreement:
    return _agreement(conn, now)


def apply(conn: sqlite3.Connection, *, consent: bool, now: datetime) -> Agreement:
    """Start onboarding; the sandbox decides at 09:00 on the next business day."""
    if not consent:
        raise RuleViolation(
            "the factoring partner needs access to your accounting data",
            hint="apply with --consent to give it",
        )
    with transaction(conn):
        company = repo.load_company(conn)
        refusals = rules.agreement_refusals(company)
        if refusals:
            raise RuleViolation("the application is refused: " + "; ".join(refusals))
        current = _agreement(conn, now)
        if current.status in ("pending", "approved"):
            raise RuleViolation(f"there is already an agreement that is {current.status}")
        reasons = PARTNER.registry_reasons(company)
        store.insert_application(
            conn,
            applied_at=now,
            decide_at=rules.decision_moment(now),
            decision="declined" if reasons else "approved",
            reasons=reasons,
        )
        repo.log_event(conn, "factoring apply", "applied for a factoring agreement", now=now)
        return _agreement(conn, now)


def set_refund_account(conn: sqlite3.Connection, account: str, *, now: datetime) -> Agreement:
    number = identifiers.kontonummer(account)
    with transaction(conn):
        store.set_setting(conn, "refund_account", number)
        repo.log_event(conn, "factoring settings", f"refund account {number}", now=now)
        return _agreement(conn, now)


# ---------------------------------------------------------------- offers


@dataclass(frozen=True)
class Offer:
    invoice: int
    eligible: bool
    reasons: list[tuple[str, str]]
    status: str  # offered | declined | accepted | expired
    fee_rate: Decimal | None
    fee: int | None
    payout: int | None
    offered_at: datetime
    valid_until: datetime
    planned_payout: datetime | None
    effective_annual_cost: Decimal | None


def _offer(row: sqlite3.Row, now: datetime) -> Offer:
    expires = datetime.fromisoformat(row["expires_at"])
    status = row["status"]
    if status == "offered" and now >= expires:
        status = "expired"
    offered = datetime.fromisoformat(row["offered_at"])
    rate = Decimal(row["fee_rate"]) if row["fee_rate"] is not None else None
    annual = None
    if rate is not None and row["payout"]:
        annual = None  # filled by the caller, who knows the due date
    return Offer(
        invoice=row["invoice"],
        eligible=bool(row["eligible"]),
        reasons=[(c, t) for c, t in json.loads(row["reasons"])],
        status=status,
        fee_rate=rate,
        fee=row["fee"],
        payout=row["payout"],
        offered_at=offered,
        valid_until=expires,
        planned_payout=(
            datetime.fromisoformat(row["planned_payout"]) if row["planned_payout"] else None
        ),
        effective_annual_cost=annual,
    )


def _with_annual_cost(conn: sqlite3.Connection, offer: Offer) -> Offer:
    if offer.fee is None or offer.payout is None or offer.fee_rate is None:
        return offer
    doc = repo.get_document(conn, offer.invoice)
    pricing = rules.Pricing(offer.fee_rate, offer.fee, offer.payout)
    from dataclasses import replace

    return replace(
        offer,
        effective_annual_cost=rules.effective_annual_cost(
            pricing, today=offer.offered_at.date(), due=doc.due_date
        ),
    )


def _is_open(conn: sqlite3.Connection, number: int, doc_total_nok: int) -> bool:
    if store.get_sale(conn, number) is not None:
        return False
    if repo.credited_amounts(conn).get(number, 0):
        return False
    if repo.open_amounts(conn, [number]).get(number, 0) != doc_total_nok:
        return False
    return not outbox_store.is_delivered(conn, number)


def _make_offer(conn: sqlite3.Connection, number: int, *, now: datetime) -> Offer:
    """Check eligibility, ask the partner, store the offer (inside the caller's transaction)."""
    doc = repo.get_document(conn, number)
    customer = repo.get_customer(conn, doc.customer)
    today = now.date()
    facts = rules.InvoiceFacts(
        kind=doc.kind,
        currency=doc.currency,
        total=doc.total,
        delivery_date=doc.delivery_date,
        due_date=doc.due_date,
        is_open=doc.kind == "invoice" and _is_open(conn, number, doc.total_nok),
    )
    agreement = _agreement(conn, now).status == "approved"
    reasons = rules.eligibility(facts, customer, agreement=agreement, today=today)
    pricing = None
    planned = None
    if not reasons and customer.is_private:
        declined = rules.private_decline(
            doc.total, has_overdue=store.has_overdue(conn, customer.number, today)
        )
        if declined:
            reasons = [declined]
    if not reasons:
        pricing = rules.price(doc.total, today=today, due=doc.due_date, private=customer.is_private)
        planned = rules.payout_moment(now)
    offer_id = store.insert_offer(
        conn,
        invoice=number,
        offered_at=now.isoformat(),
        expires_at=rules.offer_expires(now).isoformat(),
        eligible=int(not reasons),
        reasons=json.dumps([[r.code, r.text] for r in reasons], ensure_ascii=False),
        fee_rate=str(pricing.rate) if pricing else None,
        fee=pricing.fee if pricing else None,
        payout=pricing.payout if pricing else None,
        planned_payout=planned.isoformat() if planned else None,
        status="declined" if reasons else "offered",
    )
    repo.log_event(
        conn,
        "factoring offer",
        f"invoice {number}: " + ("offered" if not reasons else ",".join(r.code for r in reasons)),
        now=now,
    )
    row = conn.execute("SELECT * FROM factoring_offers WHERE id = ?", (offer_id,)).fetchone()
    return _with_annual_cost(conn, _offer(row, now))


def request_offer(conn: sqlite3.Connection, number: int, *, now: datetime) -> Offer:
    with transaction(conn):
        return _make_offer(conn, number, now=now)


def hold_for_offer(conn: sqlite3.Connection, number: int, *, now: datetime) -> Offer:
    """`invoice create --immediate-payment`: hold the new invoice's delivery and ask for an
    offer, in the invoice's own transaction (a failure leaves no invoice without either)."""
    store.hold(conn, number, now=now)
    return _make_offer(conn, number, now=now)


def _release(conn: sqlite3.Connection, number: int, *, now: datetime) -> int | None:
    """Release a held invoice and queue its delivery; None when it was not held."""
    if not store.is_held(conn, number):
        return None
    store.release(conn, number, now=now)
    doc = repo.get_document(conn, number)
    customer = repo.get_customer(conn, doc.customer)
    return outbox_store.queue_document(conn, number, choose_channel(customer), now=now)


def _sale(row: sqlite3.Row) -> Sale:
    return Sale(
        invoice=row["invoice"],
        planned_payout=datetime.fromisoformat(row["planned_payout"]),
        bank_account=row["partner_account"],
        kid=row["partner_kid"],
        fee_rate=Decimal(row["fee_rate"]),
        fee=row["fee"],
        payout=row["payout"],
        total=row["total"],
        voucher=row["settlement_voucher"],
    )


def accept(conn: sqlite3.Connection, number: int, *, now: datetime) -> Sale:
    """Sell the invoice: post the settlement voucher and deliver it with the partner as payee."""
    with transaction(conn):
        row = store.latest_offer(conn, number)
        if row is None:
            raise NotFound(f"there is no factoring offer for invoice {number}")
        offer = _offer(row, now)
        if offer.status != "offered":
            raise RuleViolation(
                f"the offer for invoice {number} is {offer.status}",
                hint=f"ask for a new one with `faktura factoring offer {number}`",
            )
        doc = repo.get_document(conn, number)
        if not _is_open(conn, number, doc.total_nok):
            raise RuleViolation(f"invoice {number} is no longer open")
        assert offer.fee is not None and offer.payout is not None and offer.fee_rate is not None
        planned = rules.payout_moment(now)
        text = f"Salg av faktura {number} til {PARTNER.name}"
        voucher = make_voucher(
            planned.date(),
            text,
            [
                Posting(FACTORING_RECEIVABLE, offer.payout, text),
                Posting(BANK_FEES, offer.fee, text),
                Posting(RECEIVABLES, -doc.total_nok, text, customer=doc.customer, open_item=number),
            ],
            document=number,
        )
        voucher_no = repo.insert_voucher(conn, voucher, now=now)
        kid = PARTNER.kid(number)
        store.insert_sale(
            conn,
            invoice=number,
            offer=row["id"],
            accepted_at=now.isoformat(),
            sale_date=now.date().isoformat(),
            planned_payout=planned.isoformat(),
            fee_rate=str(offer.fee_rate),
            total=doc.total_nok,
            fee=offer.fee,
            payout=offer.payout,
            partner=PARTNER.name,
            partner_orgnr=PARTNER.orgnr,
            partner_account=PARTNER.account,
            partner_kid=kid,
            settlement_voucher=voucher_no,
        )
        store.set_offer_status(conn, row["id"], "accepted")
        if _release(conn, number, now=now) is None:
            customer = repo.get_customer(conn, doc.customer)
            outbox_store.queue_document(conn, number, choose_channel(customer), now=now)
        repo.log_event(
            conn, "factoring accept", f"invoice {number} sold, payout {offer.payout} øre", now=now
        )
        sale = store.get_sale(conn, number)
        return _sale(sale)


def decline(conn: sqlite3.Connection, number: int, *, now: datetime) -> Offer:
    """Decline the offer; a held invoice is delivered as usual."""
    with transaction(conn):
        row = store.latest_offer(conn, number)
        if row is None:
            raise NotFound(f"there is no factoring offer for invoice {number}")
        if row["status"] == "accepted":
            raise RuleViolation(f"invoice {number} is already sold")
        store.set_offer_status(conn, row["id"], "declined")
        _release(conn, number, now=now)
        repo.log_event(conn, "factoring decline", f"invoice {number}", now=now)
        row = store.latest_offer(conn, number)
        return _with_annual_cost(conn, _offer(row, now))


def release_expired(conn: sqlite3.Connection, *, now: datetime) -> list[int]:
    """run-due: a held invoice whose offer was declined or expired is delivered as usual."""
    released = []
    with transaction(conn):
        for number in store.held_invoices(conn):
            row = store.latest_offer(conn, number)
            if row is None or _offer(row, now).status in ("declined", "expired"):
                _release(conn, number, now=now)
                released.append(number)
        if released:
            repo.log_event(
                conn,
                "run-due",
                "released held invoices " + ", ".join(map(str, released)),
                now=now,
            )
    return released


def payee_for(conn: sqlite3.Connection, number: int) -> Payee | None:
    """The partner as payee of a sold invoice, for the renderers; None when not sold."""
    row = store.get_sale(conn, number)
    if row is None:
        return None
    return Payee(row["partner"], row["partner_orgnr"], row["partner_account"], row["partner_kid"])


def payees(conn: sqlite3.Connection) -> dict[int, Payee]:
    """The partner as payee of every sold invoice, by invoice number."""
    return {
        row["invoice"]: Payee(
            row["partner"], row["partner_orgnr"], row["partner_account"], row["partner_kid"]
        )
        for row in store.list_sales(conn)
    }


def sale_state(conn: sqlite3.Connection, number: int, *, now: datetime) -> SaleState | None:
    """The sale of an invoice and where it stands; None when it was not sold."""
    row = next((r for r in store.list_sales(conn) if r["invoice"] == number), None)
    return None if row is None else _sale_state(conn, row, now)


# ---------------------------------------------------------------- payouts


def _confirm(conn: sqlite3.Connection, number: int, day: date, *, now: datetime) -> int:
    row = store.get_sale(conn, number)
    if row is None:
        raise NotFound(f"invoice {number} is not sold")
    if store.confirmation(conn, number) is not None:
        raise RuleViolation(f"the payout for invoice {number} is already confirmed")
    if store.annulled(conn, number):
        raise RuleViolation(f"the sale of invoice {number} was annulled: there is no payout")
    if day < date.fromisoformat(row["sale_date"]):
        raise InvalidInput(f"the payout date {day} is before the sale on {row['sale_date']}")
    text = f"Utbetaling fra {row['partner']} faktura {number}"
    voucher = repo.insert_voucher(
        conn,
        make_voucher(
            day,
            text,
            [
                Posting(BANK, row["payout"], text),
                Posting(FACTORING_RECEIVABLE, -row["payout"], text),
            ],
            document=number,
        ),
        now=now,
    )
    store.insert_confirmation(conn, number, day, voucher)
    return voucher


def _sale_state(conn: sqlite3.Connection, row: sqlite3.Row, now: datetime) -> SaleState:
    sale = _sale(row)
    confirmed = row["confirmed_on"]
    owed = store.regress_owed(conn, sale.invoice)
    if store.annulled(conn, sale.invoice):
        return SaleState(sale, "annulled", None, 0)
    if confirmed:
        state = "confirmed"
    elif now >= sale.planned_payout:
        state = "paid out"
    else:
        state = "accepted"
    return SaleState(sale, state, date.fromisoformat(confirmed) if confirmed else None, owed)


def confirm(conn: sqlite3.Connection, number: int, *, day: str, now: datetime) -> SaleState:
    when = parse_date(day, what="payout date")
    with transaction(conn):
        _confirm(conn, number, when, now=now)
        repo.log_event(conn, "factoring confirm", f"invoice {number} on {when}", now=now)
        return next(s for s in _states(conn, now) if s.sale.invoice == number)


def reconcile(conn: sqlite3.Connection, *, to: str, now: datetime) -> list[SaleState]:
    """Post every unconfirmed payout planned on or before `to`, on its planned date."""
    until = parse_date(to, what="--to")
    with transaction(conn):
        done = []
        for row in store.unconfirmed_sales(conn):
            planned = datetime.fromisoformat(row["planned_payout"]).date()
            if planned <= until:
                _confirm(conn, row["invoice"], planned, now=now)
                done.append(row["invoice"])
        repo.log_event(conn, "bank reconcile", f"to {until}: {len(done)} payouts", now=now)
        return [s for s in _states(conn, now) if s.sale.invoice in done]


def _states(conn: sqlite3.Connection, now: datetime) -> list[SaleState]:
    return [_sale_state(conn, row, now) for row in store.list_sales(conn)]


@dataclass(frozen=True)
class ListedOffer:
    offer: Offer


def list_factoring(conn: sqlite3.Connection, *, now: datetime) -> list[dict[str, object]]:
    """Every invoice with an offer or a sale, with its state."""
    out: list[dict[str, object]] = []
    sales = {s.sale.invoice: s for s in _states(conn, now)}
    numbers = [r[0] for r in conn.execute("SELECT DISTINCT invoice FROM factoring_offers")]
    for number in sorted(set(numbers) | set(sales)):
        if number in sales:
            s = sales[number]
            out.append(
                {
                    "invoice": number,
                    "state": s.state,
                    "fee": s.sale.fee,
                    "payout": s.sale.payout,
                    "planned_payout": s.sale.planned_payout,
                    "confirmed_on": s.confirmed_on,
                    "regress_owed": s.regress_owed,
                }
            )
        else:
            row = store.latest_offer(conn, number)
            offer = _offer(row, now)
            out.append(
                {
                    "invoice": number,
                    "state": offer.status,
                    "fee": offer.fee,
                    "payout": offer.payout,
                    "planned_payout": offer.planned_payout,
                    "confirmed_on": None,
                    "regress_owed": 0,
                }
            )
    return out


# ---------------------------------------------------------------- crediting a sold invoice


@dataclass(frozen=True)
class CreditPlan:
    """What a credit note of a sold invoice means for the partner, and the voucher for it."""

    invoice: int
    kind: str  # annulled | regress
    regress: int
    voucher: Voucher


def _credit_moment(day: date, now: datetime) -> datetime:
    return now if day == now.date() else datetime.combine(day, time(0, 0), rules.OSLO)


def plan_credit(
    conn: sqlite3.Connection, invoice: Document, credited: int, *, day: date, now: datetime
) -> CreditPlan | None:
    """Annulment, regress or partial regress when `invoice` is sold; None when it is not.

    `credited` is the amount of this credit note incl. VAT in NOK (positive). Runs inside the
    caller's transaction; the caller posts the voucher after the credit note's own.
    """
    row = store.get_sale(conn, invoice.number)
    if row is None:
        return None
    if store.annulled(conn, invoice.number):
        raise RuleViolation(f"the sale of invoice {invoice.number} is already annulled")
    sale = _sale(row)
    full = credited == sale.total and not repo.credited_amounts(conn).get(invoice.number, 0)
    before_payout = (
        _credit_moment(day, now) < sale.planned_payout
        and store.confirmation(conn, invoice.number) is None
    )
    text_base = f"faktura {invoice.number} ({row['partner']})"
    customer = invoice.customer
    if full and before_payout:
        text = f"Annullert salg av {text_base}"
        postings = [
            Posting(RECEIVABLES, sale.total, text, customer=customer, open_item=invoice.number),
            Posting(FACTORING_RECEIVABLE, -sale.payout, text),
            Posting(BANK_FEES, -sale.fee, text),
        ]
        kind, regress = "annulled", 0
    else:
        if full:
            regress = rules.regress_amount(
                total=sale.total,
                payout=sale.payout,
                fee=sale.fee,
                sale=date.fromisoformat(row["sale_date"]),
                due=invoice.due_date,
                credit=day,
            )
        else:
            regress = credited
        text = f"Regress {text_base}"
        postings = [
            Posting(RECEIVABLES, credited, text, customer=customer, open_item=invoice.number),
            Posting(PAYABLES, -regress, text),
            Posting(BANK_FEES, regress - credited, text),
        ]
        kind = "regress"
    voucher = make_voucher(day, text, postings, document=invoice.number)
    return CreditPlan(invoice.number, kind, regress, voucher)


def record_credit(
    conn: sqlite3.Connection, plan: CreditPlan, credit_note: int, *, now: datetime
) -> None:
    """Post the plan's voucher and remember it, in the credit note's transaction; the credit
    note also goes to the partner."""
    voucher = repo.insert_voucher(conn, plan.voucher, now=now)
    store.insert_credit(
        conn,
        credit_note=credit_note,
        invoice=plan.invoice,
        kind=plan.kind,
        regress=plan.regress,
        day=plan.voucher.date,
        voucher=voucher,
    )
    outbox_store.queue_delivery(conn, channel="partner", document=credit_note, now=now)


@dataclass(frozen=True)
class RegressQuote:
    invoice: int
    day: date
    outcome: str  # annulled | regress
    regress: int


def regress_quote(
    conn: sqlite3.Connection, number: int, *, day: str | None, now: datetime
) -> RegressQuote:
    """What crediting the sold invoice in full would cost on `day`."""
    when = parse_date(day, what="--date") if day is not None else now.date()
    with transaction(conn):
        invoice = repo.get_document(conn, number)
        if store.get_sale(conn, number) is None:
            raise NotFound(f"invoice {number} is not sold")
        left = invoice.total_nok - repo.credited_amounts(conn).get(number, 0)
        plan = plan_credit(conn, invoice, left, day=when, now=now)
        assert plan is not None
        return RegressQuote(number, when, plan.kind, plan.regress)


def pay_regress(
    conn: sqlite3.Connection, number: int, *, day: str | None, now: datetime
) -> SaleState:
    """Pay the partner's regress invoice: 2400 / 1920."""
    when = parse_date(day, what="--date") if day is not None else now.date()
    with transaction(conn):
        if store.get_sale(conn, number) is None:
            raise NotFound(f"invoice {number} is not sold")
        owed = store.regress_owed(conn, number)
        if owed <= 0:
            raise RuleViolation(f"no regress is owed for invoice {number}")
        text = f"Betalt regress faktura {number}"
        voucher = repo.insert_voucher(
            conn,
            make_voucher(
                when,
                text,
                [Posting(PAYABLES, owed, text), Posting(BANK, -owed, text)],
                document=number,
            ),
            now=now,
        )
        store.insert_regress_payment(conn, number, when, owed, voucher)
        repo.log_event(conn, "factoring pay-regress", f"invoice {number}: {owed} øre", now=now)
        return next(s for s in _states(conn, now) if s.sale.invoice == number)
