"""Norwegian identifiers: organisasjonsnummer, kontonummer, KID, postcodes, phone, e-mail, PEPPOL."""

from __future__ import annotations

import re

from faktura_cli.errors import InvalidInput

# One plain address, local@domain (SPEC 11): no display name, no angle brackets, no quoting,
# no comments, no list; so what is stored is exactly where the mail goes.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_POSTCODE = re.compile(r"^[0-9]{4}$")
_PEPPOL = re.compile(r"^(\d{4}):([A-Za-z0-9.\-_]{1,50})$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def orgnr(text: str) -> str:
    """A Norwegian organisasjonsnummer: nine digits with a valid MOD11 check digit."""
    from stdnum.exceptions import ValidationError
    from stdnum.no import orgnr as stdnum_orgnr

    raw = re.sub(r"[\s.\-]", "", str(text)).upper().removeprefix("NO").removesuffix("MVA")
    try:
        return stdnum_orgnr.validate(raw)
    except ValidationError:
        raise InvalidInput(
            f"organisasjonsnummer {text!r} is not valid",
            hint="nine digits whose last digit is the MOD11 check digit, e.g. 923 456 783",
        ) from None


def is_valid_orgnr(text: str | None) -> bool:
    if not text:
        return False
    try:
        orgnr(text)
    except InvalidInput:
        return False
    return True


def kontonummer(text: str) -> str:
    """A Norwegian bank account number: eleven digits with a valid MOD11 check digit."""
    from stdnum.exceptions import ValidationError
    from stdnum.no import kontonr

    try:
        return kontonr.validate(re.sub(r"[\s.]", "", str(text)))
    except ValidationError:
        raise InvalidInput(
            f"kontonummer {text!r} is not valid",
            hint="eleven digits whose last digit is the MOD11 check digit, e.g. 8601.11.17947",
        ) from None


def format_kontonummer(number: str) -> str:
    """'86011117947' -> '8601.11.17947'."""
    return f"{number[:4]}.{number[4:6]}.{number[6:]}" if len(number) == 11 else number


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # a digit doubled, its two digits summed (Luhn)


def kid(invoice_number: int) -> str:
    """KID: the invoice number padded to 7 digits with a MOD10 (Luhn) check digit appended.

    The check digit is computed here rather than with stdnum.luhn.calc_check_digit, which is
    ~7x slower (run-due issues 10 000 at a time); a property test holds the two equal.
    """
    return _with_luhn(f"{invoice_number:07d}")


def _with_luhn(base: str) -> str:
    total = 0
    for position, digit in enumerate(reversed(base)):
        total += _DOUBLED[int(digit)] if position % 2 == 0 else int(digit)
    return base + str(-total % 10)


def reminder_kid(reminder_number: int) -> str:
    """A reminder's own KID: '8', the reminder number padded to 7 digits, a MOD10 check digit.

    Nine digits, so never equal to an invoice's (eight) or the factoring partner's KID.
    """
    if not 0 < reminder_number < 10_000_000:
        raise InvalidInput(f"reminder number {reminder_number} does not fit a KID")
    return _with_luhn(f"8{reminder_number:07d}")


def postcode(text: str) -> str:
    raw = str(text).strip()
    if not _POSTCODE.match(raw):
        raise InvalidInput(f"postcode {text!r} is not four digits")
    return raw


def country(text: str) -> str:
    raw = str(text).strip().upper()
    if not _COUNTRY.match(raw):
        raise InvalidInput(f"country {text!r} is not a two-letter ISO code", hint="e.g. NO, SE, DE")
    return raw


def email(text: str) -> str:
    """One plain address, local@domain; a Norwegian domain (blåbær.no) is kept as IDNA."""
    raw = str(text).strip()
    local, at, domain = raw.rpartition("@")
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        ascii_domain = ""
    labels = ascii_domain.split(".")
    if (
        not at
        or not _LOCAL.match(local)
        or len(local) > 64
        or len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or not re.fullmatch(r"[a-z]{2,63}|xn--[a-z0-9-]+", labels[-1])
        or len(local) + 1 + len(ascii_domain) > 254
    ):
        raise InvalidInput(
            f"e-mail address {text!r} is not valid",
            hint="give one plain address, like post@firma.no",
        )
    return f"{local}@{ascii_domain}"


def phone(text: str, *, norwegian: bool) -> str:
    """Norwegian numbers are eight digits, optionally written with +47 or 0047."""
    raw = re.sub(r"[\s\-().]", "", str(text))
    if norwegian or raw.startswith(("+47", "0047")):
        local = raw.removeprefix("+47").removeprefix("0047")
        if not re.fullmatch(r"\d{8}", local):
            raise InvalidInput(f"phone number {text!r} is not eight digits (optionally +47)")
        return local
    if not re.fullmatch(r"\+?\d{6,15}", raw):
        raise InvalidInput(f"phone number {text!r} is not a phone number")
    return raw


def is_norwegian_mobile(number: str | None) -> bool:
    """Norwegian mobile numbers are eight digits starting with 4 or 9."""
    return bool(number) and re.fullmatch(r"[49]\d{7}", number or "") is not None


def peppol_id(text: str) -> str:
    """'SCHEME:ID', e.g. '0192:923456783' (0192 = Norwegian organisasjonsnummer)."""
    raw = str(text).strip().replace(" ", "")
    match = _PEPPOL.match(raw)
    if not match:
        raise InvalidInput(
            f"PEPPOL id {text!r} is not SCHEME:ID", hint="e.g. 0192:923456783 for a Norwegian orgnr"
        )
    scheme, ident = match.groups()
    if scheme == "0192":
        ident = orgnr(ident)
    return f"{scheme}:{ident}"
