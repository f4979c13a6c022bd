"""Transitional: schedules, orders and the outbox moved to storage/schedules.py, orders.py and
outbox.py; import from those. This re-export goes once every branch has merged.
"""

from faktura_cli.storage.orders import get_order, insert_order, list_orders, set_order_status  # noqa: F401
from faktura_cli.storage.outbox import (  # noqa: F401
    _INSERT_DELIVERY,
    _delivery_row,
    delivered_documents,
    is_delivered,
    latest_delivery,
    queue_delivery,
    queue_document,
)
from faktura_cli.storage.schedules import (  # noqa: F401
    _LINE_COLUMNS,
    Production,
    _day,
    _line,
    _schedule,
    due_schedule_ids,
    get_schedule,
    last_occurrence_date,
    list_schedules,
    load_schedules,
    save_schedule,
    schedule_products,
)
