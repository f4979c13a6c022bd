"""The company (one row): rows <-> records, inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, fields
from datetime import datetime

from faktura_cli.domain.records import Company
from faktura_cli.errors import NotInitialised


def company_exists(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM company WHERE id = 1").fetchone() is not None


def load_company(conn: sqlite3.Connection) -> Company:
    row = conn.execute("SELECT * FROM company WHERE id = 1").fetchone()
    if row is None:
        raise NotInitialised(
            "the books have no company yet", hint="run `faktura init --name ... --orgnr ...` first"
        )
    data = {f.name: row[f.name] for f in fields(Company)}
    data["vat_registered"] = bool(data["vat_registered"])
    return Company(**data)


def save_company(conn: sqlite3.Connection, company: Company, *, now: datetime) -> None:
    data = asdict(company)
    columns = ", ".join(data)
    marks = ", ".join(f":{k}" for k in data)
    updates = ", ".join(f"{k} = excluded.{k}" for k in data)
    conn.execute(
        f"INSERT INTO company (id, {columns}, created_at) VALUES (1, {marks}, :created_at) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}",
        {**data, "created_at": now.isoformat()},
    )
