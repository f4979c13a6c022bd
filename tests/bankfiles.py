"""Norwegian bank files for the tests: camt.053 / camt.054 (NOK, KIDs in Strd/CdtrRefInf/Ref)
and Nets OCR giro, built the way Norwegian banks write them."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import types
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

STANDARDS = Path(__file__).resolve().parents[2] / "shared" / "standards"
OUR_ACCOUNT = "86011117947"


@dataclass
class Tx:
    amount: str  # "1250.00"
    kid: str | None = None
    day: date = date(2026, 3, 20)
    ref: str | None = None  # AcctSvcrRef of the transaction
    currency: str = "NOK"
    debtor: str = "Kunde AS"
    debtor_account: str = "12345678903"
    text: str | None = None
    credit: bool = True


def _tx(tx: Tx, v8: bool) -> str:
    refs = f"<Refs><AcctSvcrRef>{tx.ref}</AcctSvcrRef></Refs>" if tx.ref else ""
    ind = "CRDT" if tx.credit else "DBIT"
    if v8:
        amount = f'<Amt Ccy="{tx.currency}">{tx.amount}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
        party = "Dbtr" if tx.credit else "Cdtr"
        parties = (
            f"<RltdPties><{party}><Pty><Nm>{escape(tx.debtor)}</Nm></Pty></{party}>"
            f"<{party}Acct><Id><Othr><Id>{tx.debtor_account}</Id></Othr></Id></{party}Acct>"
            "</RltdPties>"
        )
    else:
        amount = f'<AmtDtls><TxAmt><Amt Ccy="{tx.currency}">{tx.amount}</Amt></TxAmt></AmtDtls>'
        party = "Dbtr" if tx.credit else "Cdtr"
        parties = (
            f"<RltdPties><{party}><Nm>{escape(tx.debtor)}</Nm></{party}>"
            f"<{party}Acct><Id><Othr><Id>{tx.debtor_account}</Id></Othr></Id></{party}Acct>"
            "</RltdPties>"
        )
    rmt = ""
    if tx.kid or tx.text:
        rmt = "<RmtInf>"
        if tx.text:
            rmt += f"<Ustrd>{escape(tx.text)}</Ustrd>"
        if tx.kid:
            rmt += (
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
                f"<Ref>{tx.kid}</Ref></CdtrRefInf></Strd>"
            )
        rmt += "</RmtInf>"
    return f"<TxDtls>{refs}{amount}{parties}{rmt}</TxDtls>"


def _entry(txs: list[Tx], v8: bool, ref: str | None, currency: str | None = None) -> str:
    first = txs[0]
    total = sum(round(float(t.amount) * 100) for t in txs)
    ccy = currency or first.currency
    status = "<Sts><Cd>BOOK</Cd></Sts>" if v8 else "<Sts>BOOK</Sts>"
    ind = "CRDT" if first.credit else "DBIT"
    family = "RCDT" if first.credit else "ICDT"
    return (
        f'<Ntry><Amt Ccy="{ccy}">{total // 100}.{total % 100:02d}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
        f"{status}<BookgDt><Dt>{first.day.isoformat()}</Dt></BookgDt>"
        f"<ValDt><Dt>{first.day.isoformat()}</Dt></ValDt>"
        + (f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else "")
        + f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{family}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
        "</Domn></BkTxCd>"
        "<NtryDtls>" + "".join(_tx(t, v8) for t in txs) + "</NtryDtls></Ntry>"
    )


def _account() -> str:
    return (
        f"<Acct><Id><Othr><Id>{OUR_ACCOUNT}</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id>"
        "<Ccy>NOK</Ccy></Acct>"
    )


def camt054(
    batches: list[list[Tx]], *, version: str = "08", refs: list[str | None] | None = None
) -> bytes:
    """A notification: each batch is one entry (Ntry) with its transactions (TxDtls)."""
    v8 = version != "02"
    refs = refs or [None] * len(batches)
    entries = "".join(_entry(b, v8, r) for b, r in zip(batches, refs, strict=True))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.{version}">'
        "<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>NOTIF-1</MsgId>"
        "<CreDtTm>2026-03-20T18:00:00+01:00</CreDtTm></GrpHdr>"
        "<Ntfctn><Id>NTF-20260320</Id><CreDtTm>2026-03-20T18:00:00+01:00</CreDtTm>"
        f"{_account()}{entries}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n"
    ).encode()


def camt053(
    entries: list[Tx], *, version: str = "02", opening: int = 0, statement_id: str = "STMT-1"
) -> bytes:
    """A statement: one entry per transaction, each with the bank's own reference."""
    v8 = version != "02"
    body = "".join(_entry([t], v8, t.ref) for t in entries)
    net = sum(round(float(t.amount) * 100) * (1 if t.credit else -1) for t in entries)
    closing = opening + net

    def bal(code: str, ore: int, day: date) -> str:
        ind = "CRDT" if ore >= 0 else "DBIT"
        return (
            f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
            f'<Amt Ccy="NOK">{abs(ore) // 100}.{abs(ore) % 100:02d}</Amt>'
            f"<CdtDbtInd>{ind}</CdtDbtInd><Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
        )

    first = min(t.day for t in entries)
    last = max(t.day for t in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">'
        "<BkToCstmrStmt><GrpHdr><MsgId>STMT-MSG-1</MsgId>"
        "<CreDtTm>2026-03-31T18:00:00+01:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{statement_id}</Id><CreDtTm>2026-03-31T18:00:00+01:00</CreDtTm>"
        f"{_account()}{bal('OPBD', opening, first)}{bal('CLBD', closing, last)}"
        f"{body}</Stmt></BkToCstmrStmt></Document>\n"
    ).encode()


def _official(name: str):  # type: ignore[no-untyped-def]
    """The official validator script as a module, loaded once per test run."""
    module = _LOADED.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, STANDARDS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "xmlschema"):
            # The script compiles its XSD on every call; the same schema, compiled once.
            real = module.xmlschema
            module.xmlschema = types.SimpleNamespace(XMLSchema=functools.lru_cache(real.XMLSchema))
        _LOADED[name] = module
    return module


_LOADED: dict[str, object] = {}


def _verdict(name: str, path: Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = _official(name).main([str(path)])  # type: ignore[attr-defined]
    assert code == 0, out.getvalue()
    return out.getvalue()


def validate_camt(path: Path) -> str:
    """The official validator's verdict (standards/validate_camt.py); asserts VALID."""
    return _verdict("validate_camt", path)


def validate_ocr(path: Path) -> str:
    """standards/validate_ocr.py's verdict; asserts VALID."""
    return _verdict("validate_ocr", path)


def ocr(payments: list[tuple[int, str]], *, day: date = date(2026, 3, 20), transmission: int = 1) -> bytes:
    """A Nets OCR giro transmission with one assignment: (amount in øre, KID) per transaction."""
    d = day.strftime("%d%m%y")
    recs = [f"NY000010000080800{transmission:07d}00012345".ljust(80, "0")]
    recs.append(f"NY090020001008566{1:07d}{OUR_ACCOUNT}".ljust(80, "0"))
    for n, (amount, kid) in enumerate(payments, 1):
        recs.append(
            f"NY091030{n:07d}{d}0420" + "1" + "00001" + "0" + f"{amount:017d}" + kid.rjust(25)
            + "000000"
        )
        recs.append(f"NY091031{n:07d}" + "0" * 10 + "000000000" + "0" * 7 + d + "0" * 11 + "0" * 22)
    total = sum(a for a, _ in payments)
    recs.append(
        f"NY090088{len(payments):08d}{len(payments) * 2 + 2:08d}{total:017d}{d}{d}{d}".ljust(80, "0")
    )
    recs.append(
        f"NY000089{len(payments):08d}{len(recs) + 1:08d}{total:017d}{d}".ljust(80, "0")
    )
    assert all(len(r) == 80 for r in recs), [len(r) for r in recs]
    return ("\n".join(recs) + "\n").encode("iso-8859-1")
