"""Invoice sale (factoring) with the sandbox partner, one module per concern:

- partner: the partner behind one interface (the sandbox);
- agreement: `factoring apply | status | settings`;
- offers: eligibility, offers, holding and releasing delivery (`invoice create --immediate-payment`,
  `factoring offer | decline`, run-due's release of expired holds);
- sales: `factoring accept | confirm | list`, `bank reconcile`, the payee of a sold invoice;
- regress: crediting a sold invoice (annulment, regress) and `factoring pay-regress`.

The vouchers are pure functions in domain/vouchers.py, the partner's rules in domain/factoring.py.
"""

from faktura_cli.services.factoring.agreement import (
    Agreement,
    agreement_status,
    apply,
    set_refund_account,
)
from faktura_cli.services.factoring.offers import (
    Offer,
    decline,
    hold_for_offer,
    release_expired,
    request_offer,
)
from faktura_cli.services.factoring.partner import PARTNER, SandboxPartner
from faktura_cli.services.factoring.regress import (
    CreditPlan,
    RegressQuote,
    pay_regress,
    plan_credit,
    record_credit,
    regress_quote,
)
from faktura_cli.services.factoring.sales import (
    Sale,
    SaleState,
    accept,
    confirm,
    list_factoring,
    reconcile,
)
from faktura_cli.services.invoice_queries import payee_for, payees, sale_state

__all__ = [
    "PARTNER",
    "Agreement",
    "CreditPlan",
    "Offer",
    "RegressQuote",
    "Sale",
    "SaleState",
    "SandboxPartner",
    "accept",
    "agreement_status",
    "apply",
    "confirm",
    "decline",
    "hold_for_offer",
    "list_factoring",
    "pay_regress",
    "payee_for",
    "payees",
    "plan_credit",
    "reconcile",
    "record_credit",
    "regress_quote",
    "release_expired",
    "request_offer",
    "sale_state",
    "set_refund_account",
]
