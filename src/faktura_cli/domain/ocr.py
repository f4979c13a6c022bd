"""Nets OCR giro files: incoming KID payments, fixed 80-character records (ISO-8859-1).

The layout is Nets' "System specification OCR giro" (summarised in
shared/standards/bank/ocr/README.md). The end records state how many transactions and records
there are and what they sum to; a file whose counts or sums disagree is refused whole.
"""

from __future__ import annotations

from datetime import date

from faktura_cli.domain.bank import BankEntry, BankFile, MalformedBankFile, distinct_keys

TRANSACTION_TYPES = range(10, 22)  # 10 giro debited account ... 21 purchase with free text
_FREE_TEXT = (20, 21)  # these carry amount item 3 (record 32)


def looks_like_ocr(data: bytes) -> bool:
    return data.startswith(b"NY000010")


def _ddmmyy(text: str, where: str) -> date:
    try:
        if not text.isdigit():
            raise ValueError
        year = int(text[4:6])
        # Two-digit years: 70-99 are the 1900s (Nets' own examples are from 1992).
        return date((1900 if year >= 70 else 2000) + year, int(text[2:4]), int(text[0:2]))
    except ValueError:
        raise MalformedBankFile(f"{where}: date {text!r} is not DDMMYY") from None


def _number(text: str, where: str, what: str) -> int:
    if not text.isdigit():
        raise MalformedBankFile(f"{where}: {what} {text!r} is not a number")
    return int(text)


def parse_ocr(data: bytes) -> BankFile:
    """Every transaction of every assignment, or MalformedBankFile naming the line."""
    lines = data.decode("iso-8859-1").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    records = [line.rstrip("\r") for line in lines]
    for n, rec in enumerate(records, 1):
        if len(rec) != 80 or not rec.startswith("NY"):
            raise MalformedBankFile(
                f"line {n}: not an 80-character OCR record starting NY ({len(rec)} characters)"
            )
    if not records or records[0][:8] != "NY000010":
        raise MalformedBankFile("line 1: the first record must start the transmission (NY000010)")
    if records[-1][:8] != "NY000089":
        raise MalformedBankFile(
            f"line {len(records)}: the last record must end the transmission (NY000089)"
        )
    transmission = records[0][16:23]
    entries: list[BankEntry] = []
    total_tx = total_amount = 0
    i = 1
    while i < len(records) - 1:
        where = f"line {i + 1}"
        rec = records[i]
        if rec[6:8] != "20":
            raise MalformedBankFile(f"{where}: expected the start of an assignment (record 20)")
        if rec[2:4] != "09":
            raise MalformedBankFile(f"{where}: service code {rec[2:4]} is not OCR giro (09)")
        assignment = rec[17:24]
        account = rec[24:35]
        start, txs, amount, dates = i, 0, 0, []
        i += 1
        while i < len(records) - 1 and records[i][6:8] in ("30", "31", "32"):
            where = f"line {i + 1}"
            rec = records[i]
            if rec[6:8] != "30":
                raise MalformedBankFile(f"{where}: record {rec[6:8]} without amount item 1 before it")
            kind = _number(rec[4:6], where, "transaction type")
            if kind not in TRANSACTION_TYPES:
                raise MalformedBankFile(f"{where}: transaction type {kind} is not 10-21")
            number = rec[8:15]
            if _number(number, where, "transaction number") != txs + 1:
                raise MalformedBankFile(
                    f"{where}: transaction number {number}, expected {txs + 1:07d}"
                )
            nets_date = _ddmmyy(rec[15:21], where)
            if rec[31] not in "0-":
                raise MalformedBankFile(f"{where}: sign {rec[31]!r} is neither 0 nor -")
            value = _number(rec[32:49], where, "amount")
            value = -value if rec[31] == "-" else value
            kid_field = rec[49:74]
            kid = kid_field.strip()
            if kid and (kid_field != kid.rjust(25) or not kid.rstrip("-").isdigit()):
                raise MalformedBankFile(f"{where}: KID {kid_field!r} is not right-aligned digits")
            parts = ["31", *(["32"] if kind in _FREE_TEXT else [])]
            first_line = where
            payer_account = None
            text = None
            for part in parts:
                i += 1
                item = records[i] if i < len(records) - 1 else ""
                if item[6:8] != part or item[8:15] != number:
                    raise MalformedBankFile(
                        f"line {i + 1}: expected amount item {int(part) - 29} (record {part}) "
                        f"of transaction {number}"
                    )
                if part == "31":
                    payer_account = item[47:58] if item[47:58].strip("0") else None
                else:
                    text = item[15:55].strip() or None
            entries.append(
                BankEntry(
                    key=f"ocr:{transmission}/{assignment}/{number}",
                    booking_date=nets_date,
                    amount=value,
                    currency="NOK",
                    account=account,
                    kid=kid or None,
                    reference=text,
                    counterparty=None,
                    counterparty_account=payer_account,
                    where=first_line,
                )
            )
            dates.append(nets_date)
            txs += 1
            amount += value
            i += 1
        where = f"line {i + 1}"
        rec = records[i]
        if rec[6:8] != "88":
            raise MalformedBankFile(f"{where}: expected the end of the assignment (record 88)")
        stated = (
            _number(rec[8:16], where, "transaction count"),
            _number(rec[16:24], where, "record count"),
            _number(rec[24:41], where, "total"),
        )
        counted = (txs, i - start + 1, amount)
        if stated != counted:
            raise MalformedBankFile(
                f"{where}: the end of assignment says {stated[0]} transactions, {stated[1]} records,"
                f" {stated[2]} øre; the file has {counted[0]}, {counted[1]}, {counted[2]}"
            )
        if dates and (_ddmmyy(rec[47:53], where), _ddmmyy(rec[53:59], where)) != (
            min(dates),
            max(dates),
        ):
            raise MalformedBankFile(
                f"{where}: earliest/latest date {rec[47:53]}/{rec[53:59]} do not match the"
                " transactions"
            )
        total_tx += txs
        total_amount += amount
        i += 1
    where = f"line {len(records)}"
    rec = records[-1]
    stated = (
        _number(rec[8:16], where, "transaction count"),
        _number(rec[16:24], where, "record count"),
        _number(rec[24:41], where, "total"),
    )
    counted = (total_tx, len(records), total_amount)
    if stated != counted:
        raise MalformedBankFile(
            f"{where}: the end of transmission says {stated[0]} transactions, {stated[1]} records,"
            f" {stated[2]} øre; the file has {counted[0]}, {counted[1]}, {counted[2]}"
        )
    return BankFile("ocr", tuple(distinct_keys(entries)))
