"""ISO 20022 camt.053 (statement) and camt.054 (debit/credit notification), .001.02 and later.

Parsed with lxml and nothing resolved: no entities expanded, no DTD loaded, nothing fetched
from the network, no huge trees; a file with a DOCTYPE is refused. The caller passes the XSD
for the file's version when it has one (the program ships .001.02 and .001.08); other versions
get the structural checks below. In Norway the KID is the structured creditor reference,
NtryDtls/TxDtls/RmtInf/Strd/CdtrRefInf/Ref.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from faktura_cli.domain.bank import (
    BankEntry,
    BankFile,
    MalformedBankFile,
    distinct_keys,
    entry_hash,
    parse_bank_amount,
)

_NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.001\.(\d\d)$")
_ROOTS = {"camt.053": ("BkToCstmrStmt", "Stmt"), "camt.054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn")}

# Returns the schema for a message version (e.g. "camt.054.001.08"), or None when not shipped.
SchemaFor = Callable[[str], Any]


def looks_like_camt(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"urn:iso:std:iso:20022:tech:xsd:camt.05" in data[:4096]


def _parser():  # type: ignore[no-untyped-def]
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _short(message: str) -> str:
    return re.sub(r"\{[^}]*\}", "", message)


def parse_camt(data: bytes, schema_for: SchemaFor) -> BankFile:
    """Every booked entry of every statement or notification, or MalformedBankFile."""
    from lxml import etree

    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise MalformedBankFile(f"not well-formed XML: {exc}") from None
    if tree.docinfo.doctype:
        raise MalformedBankFile("a bank file must not carry a DOCTYPE")
    root = tree.getroot()
    match = _NAMESPACE.match(etree.QName(root).namespace or "")
    if etree.QName(root).localname != "Document" or match is None or int(match[2]) < 2:
        raise MalformedBankFile(
            f"line {root.sourceline}: root element {_short(root.tag)!r} is not an ISO 20022"
            " camt.053 or camt.054 Document (.001.02 or later)"
        )
    message, version = match[1], f"{match[1]}.001.{match[2]}"
    schema = schema_for(version)
    if schema is not None and not schema.validate(tree):
        error = schema.error_log.filter_from_errors()[0]
        raise MalformedBankFile(f"{version}, line {error.line}: {_short(error.message)}")
    ns = {"c": etree.QName(root).namespace}
    wrapper, container = _ROOTS[message]
    body = root.find(_p(f"c:{wrapper}", ns))
    if body is None:
        raise MalformedBankFile(f"line {root.sourceline}: Document has no {wrapper}")
    reports = body.findall(_p(f"c:{container}", ns))
    if not reports:
        raise MalformedBankFile(f"line {body.sourceline}: {wrapper} has no {container}")
    entries: list[BankEntry] = []
    for report in reports:
        account = _text(report, "c:Acct/c:Id/c:IBAN", ns) or _text(
            report, "c:Acct/c:Id/c:Othr/c:Id", ns
        )
        for ntry in report.iterfind(_p("c:Ntry", ns)):
            entries.extend(_entries(ntry, account, ns))
    return BankFile(version, tuple(distinct_keys(entries)))


@lru_cache(maxsize=256)
def _clark(path: str, namespace: str) -> str:
    return path.replace("c:", "{" + namespace + "}")


def _p(path: str, ns: dict[str, str]) -> str:
    """A path in Clark notation: lxml then skips the prefix mapping on every call (10 000
    transactions make ~70 000 look-ups)."""
    return _clark(path, ns["c"])


def _text(el: Any, path: str, ns: dict[str, str]) -> str | None:
    found = el.findtext(_p(path, ns))
    return found.strip() if found and found.strip() else None


def _required(el: Any, path: str, ns: dict[str, str]) -> Any:
    found = el.find(_p(path, ns))
    if found is None:
        raise MalformedBankFile(
            f"line {el.sourceline}: {_short(el.tag)} has no {path.replace('c:', '')}"
        )
    return found


def _day(el: Any, ns: dict[str, str]) -> date:
    text = _text(el, "c:Dt", ns) or (_text(el, "c:DtTm", ns) or "")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise MalformedBankFile(f"line {el.sourceline}: date {text!r} is not a date") from None


def _signed(amount_el: Any, indicator: str | None, where: str) -> tuple[int, str]:
    if indicator not in ("CRDT", "DBIT"):
        raise MalformedBankFile(f"{where}: CdtDbtInd {indicator!r} is neither CRDT nor DBIT")
    ore = parse_bank_amount(amount_el.text, where=where)
    currency = (amount_el.get("Ccy") or "").strip()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise MalformedBankFile(f"{where}: currency {currency!r} is not an ISO code")
    return (ore if indicator == "CRDT" else -ore), currency


def _entries(ntry: Any, account: str | None, ns: dict[str, str]) -> list[BankEntry]:
    where = f"line {ntry.sourceline}: Ntry"
    status = _text(ntry, "c:Sts/c:Cd", ns) or _text(ntry, "c:Sts", ns)
    if status != "BOOK":
        return []  # pending or information only: booked in a later file
    indicator = _text(ntry, "c:CdtDbtInd", ns)
    amount, currency = _signed(_required(ntry, "c:Amt", ns), indicator, where)
    booked = _day(_required(ntry, "c:BookgDt", ns), ns)
    reference = _text(ntry, "c:AcctSvcrRef", ns)
    details = ntry.findall(_p("c:NtryDtls/c:TxDtls", ns))
    if not details:
        info = _text(ntry, "c:AddtlNtryInf", ns)
        key = f"ref:{account}:{reference}" if reference else entry_hash(account, booked, amount, info)
        return [BankEntry(key, booked, amount, currency, account, None, info, None, None, where)]
    out = []
    c = "{" + ns["c"] + "}"
    for k, tx in enumerate(details, 1):
        tx_where = f"line {tx.sourceline}: TxDtls"
        # One pass over the transaction's own children: most of the optional parts are absent,
        # and a search for an absent path costs as much as one that finds something.
        part = {child.tag: child for child in tx}
        amt = None
        if c + "AmtDtls" in part:
            amt = part[c + "AmtDtls"].find(_p("c:TxAmt/c:Amt", ns))
        if amt is None:
            amt = part.get(c + "Amt")
        if amt is None and len(details) == 1:
            tx_amount, tx_currency = amount, currency
        elif amt is None:
            raise MalformedBankFile(f"{tx_where}: one of several transactions without an amount")
        else:
            own = part.get(c + "CdtDbtInd")
            tx_amount, tx_currency = _signed(
                amt, (own.text or "").strip() if own is not None else indicator, tx_where
            )
        kid = text = None
        remittance = part.get(c + "RmtInf")
        if remittance is not None:
            kid = _text(remittance, "c:Strd/c:CdtrRefInf/c:Ref", ns)
            free = [
                t.text.strip()
                for t in remittance.findall(_p("c:Ustrd", ns))
                if (t.text or "").strip()
            ]
            text = " ".join(free) or None
        name = party_account = None
        parties = part.get(c + "RltdPties")
        if parties is not None:
            party = "Dbtr" if tx_amount > 0 else "Cdtr"
            name = _text(parties, f"c:{party}/c:Nm", ns) or _text(
                parties, f"c:{party}/c:Pty/c:Nm", ns
            )
            party_account = _text(parties, f"c:{party}Acct/c:Id/c:IBAN", ns) or _text(
                parties, f"c:{party}Acct/c:Id/c:Othr/c:Id", ns
            )
        refs = part.get(c + "Refs")
        tx_reference = _text(refs, "c:AcctSvcrRef", ns) if refs is not None else None
        if tx_reference:
            key = f"ref:{account}:{tx_reference}"
        elif reference:
            key = f"ref:{account}:{reference}" + (f"/{k}" if len(details) > 1 else "")
        else:
            key = entry_hash(account, booked, tx_amount, kid or text)
        out.append(
            BankEntry(
                key, booked, tx_amount, tx_currency, account, kid, text, name, party_account, tx_where
            )
        )
    return out
