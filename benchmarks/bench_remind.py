"""`faktura remind` over 10 000 open invoices, without PDFs (SPEC 17: under 3 s).

10 000 invoices due 2026-03-15, none paid, reminded on 2026-04-15: each gets a reminder with
fee and interest, a voucher in the chain and a queued delivery (`--no-deliver`: no PDF is
rendered). The whole command is timed, process start included.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from _open_invoices import INVOICES, open_invoices, timed

TARGET = 3.0


def main() -> int:
    faktura = shutil.which("faktura", path=str(Path(sys.executable).parent)) or "faktura"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "remind.db"
        open_invoices(faktura, db)
        now = "2026-04-15T08:00:00+02:00"
        seconds, summary = timed(faktura, db, now, "remind", "--no-deliver")
        print(summary)
        idle, _ = timed(faktura, db, now, "remind", "--no-deliver")
    ok = seconds < TARGET
    print(
        f"remind over {INVOICES} open invoices (no PDFs): {seconds:6.2f} s   target < 3 s"
        f"   {'ok' if ok else 'MISSED'}"
    )
    print(f"  again the same day (nothing to remind): {idle:6.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
