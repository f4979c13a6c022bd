"""Rows as CSV text (`--format csv`), apart from render/views.py so that the everyday ledger
commands import no invoice, factoring or company records (SPEC §17)."""

from __future__ import annotations

import csv
import io
from typing import Any


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
