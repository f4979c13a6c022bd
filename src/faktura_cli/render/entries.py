"""Manual vouchers, bills and suppliers -> JSON-ready dicts (amounts as '1200.00' strings)."""

from __future__ import annotations

from typing import Any

from faktura_cli.domain.money import to_json


def voucher_view(detail: Any) -> dict[str, Any]:
    """A services.entries.VoucherDetail."""
    v = detail.voucher
    return {
        "number": v.number,
        "date": v.date.isoformat(),
        "text": v.text,
        "kind": detail.kind,
        "invoice": v.document,
        "reverses": detail.reverses,
        "reversed_by": detail.reversed_by,
        "postings": [
            {
                "account": p.account,
                "name": detail.names.get(p.account),
                "amount": to_json(p.amount),
                "text": p.text,
                "vat_code": p.vat_code,
            }
            for p in v.postings
        ],
        "attachments": [
            {"sha256": a.sha256, "name": a.name, "size": a.size} for a in detail.attachments
        ],
    }


def voucher_row(r: Any) -> dict[str, Any]:
    """A storage.entries.VoucherSummary."""
    return {
        "number": r.number,
        "date": r.date.isoformat(),
        "text": r.text,
        "kind": r.kind,
        "invoice": r.document,
        "amount": to_json(r.amount),
        "reverses": r.reverses,
        "reversed_by": r.reversed_by,
        "attachments": r.attachments,
    }


def bill_view(bill: Any) -> dict[str, Any]:
    """A domain.entries.Bill."""
    return {
        "number": bill.number,
        "supplier": bill.supplier.number,
        "supplier_name": bill.supplier.name,
        "supplier_orgnr": bill.supplier.orgnr,
        "date": bill.date.isoformat(),
        "due_date": bill.due_date.isoformat(),
        "kid": bill.kid,
        "total": to_json(bill.total),
        "paid": to_json(bill.paid),
        "open": to_json(bill.open),
        "status": bill.status(),
        "voucher": bill.voucher,
    }
