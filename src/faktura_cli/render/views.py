"""Records -> JSON-ready dicts: the shapes of SPEC.md section 3, amounts as '1200.00' strings."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from faktura_cli.domain.delivery import smtp_security
from faktura_cli.domain.identifiers import format_kontonummer
from faktura_cli.domain.money import decimal_text, to_json
from faktura_cli.domain.sales import pay_to
from faktura_cli.render.rows import to_csv

if TYPE_CHECKING:  # records shown here are only read: their modules need not be imported
    from faktura_cli.domain.invoice import Document, Line
    from faktura_cli.domain.records import Company, Payee, Product
    from faktura_cli.domain.sales import SaleState

# The formatters and labels the commands print with (render is where output takes shape).
__all__ = [
    "company_view",
    "decimal_text",
    "document_view",
    "line_view",
    "product_view",
    "to_csv",
    "to_json",
]


def company_view(company: Company) -> dict[str, Any]:
    data = asdict(company)
    data["bank_account_formatted"] = format_kontonummer(company.bank_account)
    data["vat_id"] = company.vat_id
    # What the SMTP connection uses when --smtp-security is not set: by the port (SPEC 11).
    data["smtp_security_in_use"] = smtp_security(company.smtp_security, company.smtp_port or 587)
    data["reminder_fee"] = None if company.reminder_fee is None else to_json(company.reminder_fee)
    return data


def product_view(product: Product) -> dict[str, Any]:
    return {
        "number": product.number,
        "name": product.name,
        "price": to_json(product.price),
        "vat": product.vat,
        "unit": product.unit,
    }


def line_view(line: Line) -> dict[str, Any]:
    return {
        "text": line.text,
        "product": line.product,
        "qty": decimal_text(line.qty),
        "unit": line.unit,
        "unit_price": to_json(line.unit_price),
        "discount": decimal_text(line.discount),
        "vat_rate": line.vat.rate_code,
        "vat_code": line.vat.code,
        "net": to_json(line.net),
        "vat": to_json(line.vat_amount),
        "period_from": line.period_from.isoformat() if line.period_from else None,
        "period_to": line.period_to.isoformat() if line.period_to else None,
    }


def document_view(
    doc: Document,
    *,
    status: str,
    open_amount: int,
    credited: int,
    vouchers: tuple[int, ...],
    delivered: bool = False,
    payee: Payee | None = None,
    sale: SaleState | None = None,
) -> dict[str, Any]:
    """`bank_account`/`kid` are where the customer pays (the partner's for a sold invoice, as
    the document says); `own_bank_account`/`own_kid` are the company's own (SPEC 16)."""
    to = pay_to(doc, payee)
    return {
        "number": doc.number,
        "kind": doc.kind,
        "customer": doc.customer,
        "customer_name": doc.buyer["name"],
        "date": doc.date.isoformat(),
        "due_date": doc.due_date.isoformat(),
        "delivery_date": doc.delivery_date.isoformat(),
        "currency": doc.currency,
        "exchange_rate": str(doc.exchange_rate),
        "kid": to.kid,
        "bank_account": to.account,
        "own_kid": doc.kid,
        "own_bank_account": doc.bank_account,
        "lines": [line_view(line) for line in doc.lines],
        "vat": [
            {
                "vat_rate": vl.vat.rate_code,
                "vat_code": vl.vat.code,
                "base": to_json(vl.base),
                "vat": to_json(vl.amount),
                "ehf_category": vl.vat.ehf_category,
            }
            for vl in doc.vat_lines
        ],
        "net_total": to_json(doc.net_total),
        "vat_total": to_json(doc.vat_total),
        "total": to_json(doc.total),
        "total_nok": to_json(doc.total_nok),
        "vat_total_nok": to_json(doc.vat_total_nok),
        "open_amount": to_json(open_amount),
        "credited": to_json(credited),
        "status": status,
        "credits": doc.credits,
        "credits_date": doc.credits_date.isoformat() if doc.credits_date else None,
        "buyer_ref": doc.buyer.get("buyer_ref"),
        "order_ref": doc.buyer.get("order_ref"),
        "seller_address": doc.seller.get("address"),
        "reason": doc.reason,
        "delivered": delivered,
        "vouchers": list(vouchers),
        "sale": sale_view(sale, payee) if sale is not None and payee is not None else None,
    }


def sale_view(state: SaleState, payee: Payee) -> dict[str, Any]:
    """A sold invoice's sale: who bought it, the fee, the payout and where it stands."""
    sale = state.sale
    return {
        "partner": payee.name,
        "partner_orgnr": payee.orgnr,
        "bank_account": payee.bank_account,
        "kid": sale.kid,
        "fee_rate": str(sale.fee_rate),
        "fee": to_json(sale.fee),
        "payout": to_json(sale.payout),
        "planned_payout": sale.planned_payout.isoformat(),
        "status": state.state,
        "confirmed_on": state.confirmed_on.isoformat() if state.confirmed_on else None,
        "regress_owed": to_json(state.regress_owed),
    }
