"""`faktura bank import` of a camt.054 with 10 000 KID payments (SPEC 17: under 3 s).

The books hold 10 000 open invoices (made by run-due from monthly schedules); the notification
is one batch entry with a TxDtls per payment, as Norwegian banks send incoming KID payments.
The whole command is timed, process start included.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from _open_invoices import INVOICES, open_invoices, timed

TARGET = 3.0


def notification(invoices: int) -> bytes:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from faktura_cli.domain.identifiers import kid

    txs = "".join(
        f'<TxDtls><Refs><AcctSvcrRef>B{n:08d}</AcctSvcrRef></Refs><Amt Ccy="NOK">648.75</Amt>'
        "<CdtDbtInd>CRDT</CdtDbtInd><RltdPties><Dbtr><Pty><Nm>Kunde</Nm></Pty></Dbtr></RltdPties>"
        "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
        f"<Ref>{kid(n)}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
        for n in range(1, invoices + 1)
    )
    total = 64875 * invoices
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">'
        "<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>BENCH</MsgId>"
        "<CreDtTm>2026-03-20T18:00:00+01:00</CreDtTm></GrpHdr><Ntfctn><Id>N1</Id>"
        "<Acct><Id><Othr><Id>86011117947</Id></Othr></Id></Acct>"
        f'<Ntry><Amt Ccy="NOK">{total // 100}.{total % 100:02d}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        "<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-03-20</Dt></BookgDt>"
        "<AcctSvcrRef>BATCH-1</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd>"
        f"<SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls>{txs}</NtryDtls></Ntry>"
        "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n"
    ).encode()


def main() -> int:
    faktura = shutil.which("faktura", path=str(Path(sys.executable).parent)) or "faktura"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bank.db"
        open_invoices(faktura, db)
        path = Path(tmp) / "camt054.xml"
        path.write_bytes(notification(INVOICES))
        now = "2026-03-21T08:00:00+01:00"
        seconds, summary = timed(faktura, db, now, "bank", "import", str(path))
        print(summary)
        again, summary_again = timed(faktura, db, now, "bank", "import", str(path))
        print(summary_again)
    ok = seconds < TARGET
    print(
        f"bank import, camt.054 with {INVOICES} KID payments: {seconds:6.2f} s   target < 3 s"
        f"   {'ok' if ok else 'MISSED'}"
    )
    print(f"  the same file again (nothing new): {again:6.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
