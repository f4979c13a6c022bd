"""Transitional: the aggregates moved to their own modules (company, customers, products, documents,
vouchers, accounts, events); import from those. This re-export goes once every branch has merged.
"""

from faktura_cli.storage.accounts import (  # noqa: F401
    chart_of_accounts,
    insert_account,
    list_accounts,
)
from faktura_cli.storage.company import company_exists, load_company, save_company  # noqa: F401
from faktura_cli.storage.customers import (  # noqa: F401
    FIRST_CUSTOMER_NUMBER,
    _customer,
    customers_by_number,
    get_customer,
    list_customers,
    next_customer_number,
    save_customer,
)
from faktura_cli.storage.documents import (  # noqa: F401
    _INSERT_DOCUMENT,
    _INSERT_LINE,
    _SNAPSHOT_JSON,
    _document,
    _document_row,
    _line,
    _snapshot_json,
    credit_notes_of,
    credited_amounts,
    get_document,
    iter_documents,
    next_document_number,
    nok_by_vat_treatment,
    open_amounts,
)
from faktura_cli.storage.events import log_event  # noqa: F401
from faktura_cli.storage.products import (  # noqa: F401
    _product,
    get_product,
    list_products,
    product_exists,
    save_product,
)
from faktura_cli.storage.vouchers import (  # noqa: F401
    _INSERT_POSTING,
    _INSERT_VOUCHER,
    Batch,
    _add_to_running_balances,
    _date_range,
    insert_voucher,
    iter_posted_vouchers,
    vouchers_by_document,
)
