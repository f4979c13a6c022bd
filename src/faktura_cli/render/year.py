"""`faktura vat file|pay`, `faktura year close|reopen` and `faktura lock` as people and programs
see them: what was settled, closed or locked, and the lock now in force."""

from __future__ import annotations

from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.render.terminal import money
from faktura_cli.render.view import View, view


def vat_filing_data(filing: Any) -> dict[str, Any]:
    """services.year_end.VatFiling -> the --json document of `vat file` and `vat pay`."""
    return {
        "term": filing.term.label,
        "from": filing.term.start.isoformat(),
        "to": filing.term.end.isoformat(),
        "to_pay": to_json(filing.to_pay),
        "voucher": filing.voucher,
        "payment_voucher": filing.paid_by,
        "locked_to": filing.lock.to.isoformat() if filing.lock else None,
    }


def vat_filed(filing: Any) -> View:
    what = "to pay" if filing.to_pay >= 0 else "to get back"
    return view(
        vat_filing_data(filing),
        f"VAT {filing.term.label} filed: {money(abs(filing.to_pay))} {what}, settled to 2740"
        + (f" (voucher {filing.voucher})" if filing.voucher else "")
        + f"; the books are locked to {filing.lock.to.isoformat()}.",
    )


def vat_paid(filing: Any) -> View:
    return view(
        vat_filing_data(filing),
        f"VAT {filing.term.label}: {money(abs(filing.to_pay))} "
        f"{'paid' if filing.to_pay > 0 else 'received'} (voucher {filing.paid_by}).",
    )


def year_done(done: Any) -> View:
    """services.year_end.YearClosing: a year closed or reopened."""
    lock = done.lock
    data = {
        "year": done.year,
        "action": done.action,
        "result": to_json(-done.result),
        "voucher": done.voucher,
        "locked_to": lock.to.isoformat() if lock else None,
    }
    if done.action == "close":
        what = "overskudd" if done.result < 0 else "underskudd"
        moved = (
            f"{done.year} is closed: {what} {money(abs(done.result))} from 8800 to 2050"
            if done.result
            else f"{done.year} is closed without a result ({money(0)})"
        )
        return view(
            data,
            moved
            + (f" (voucher {done.voucher})" if done.voucher else "")
            + f"; the books are locked to {lock.to.isoformat()}.",
        )
    return view(
        data,
        f"{done.year} is reopened"
        + (f": the closing is reversed (voucher {done.voucher})" if done.voucher else "")
        + f"; the books are locked to {lock.to.isoformat()}.",
    )


def lock_status(status: Any) -> View:
    """services.periods.LockStatus: the lock in force and the first open date."""
    lock = status.lock
    data = {
        "locked_to": lock.to.isoformat() if lock else None,
        "reason": lock.reason if lock else None,
        "set_at": lock.set_at.isoformat() if lock else None,
        "first_open_date": status.first_open.isoformat() if status.first_open else None,
    }
    if lock is None:
        return view(data, "The books are not locked.")
    return view(
        data,
        f"The books are locked to {lock.to.isoformat()} ({lock.reason}); "
        f"the first open date is {status.first_open.isoformat()}.",
    )
