"""`faktura fleet run-due` as people and programs see it: a line per book as it finishes, then
the summary (or the one JSON document with every book)."""

from __future__ import annotations

from typing import Any

from faktura_cli.domain.fleet import BookRun
from faktura_cli.render.view import View, view


def book_line(r: BookRun) -> str:
    """One book's run, on stdout as it finishes."""
    if r.status == "failed":
        return f"{r.book}: failed: {r.error}"
    return (
        f"{r.book}: produced {r.invoices} invoice(s) and {r.orders} order(s); "
        f"{r.delivered} delivered, {r.failed_deliveries} failed"
    )


def book_problem(r: BookRun) -> str | None:
    """What cron should mail about one book (stderr), if anything."""
    if r.status == "failed":
        return f"faktura: book failed: {r.book}: {r.error}"
    if r.failed_deliveries:
        return f"faktura: delivery failed in {r.book}: {r.error}"
    return None


def fleet_run(result: Any) -> View:
    """services.fleet.FleetRun: every book's run, and the summary line."""
    runs: tuple[BookRun, ...] = result.books
    today, shard = result.today, result.shard
    failed = sum(1 for r in runs if r.status == "failed")
    return view(
        {
            "today": today.isoformat(),
            "shard": f"{shard[0]}/{shard[1]}" if shard else None,
            "books": [
                {
                    "book": r.book,
                    "status": r.status,
                    "exit_code": r.exit_code,
                    "invoices": r.invoices,
                    "orders": r.orders,
                    "delivered": r.delivered,
                    "failed_deliveries": r.failed_deliveries,
                    "error": r.error,
                    "seconds": round(r.seconds, 3),
                }
                for r in runs
            ],
            "failed_books": failed,
            "exit_code": result.exit_code,
        },
        f"fleet run-due {today}: {len(runs)} book(s), {len(runs) - failed} ran, {failed} failed; "
        f"produced {sum(r.invoices for r in runs)} invoice(s) and "
        f"{sum(r.orders for r in runs)} order(s); "
        f"{sum(r.delivered for r in runs)} delivered, "
        f"{sum(r.failed_deliveries for r in runs)} failed",
    )
