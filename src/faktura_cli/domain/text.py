"""What a text typed into faktura may contain (SPEC §12 "Text input").

Names, addresses, line texts, reasons and references end up in PDFs, EHF and SAF-T XML,
e-mail headers, plain-text journals and the terminal. A control character (C0, DEL, C1) makes
XML invalid or drives the terminal (ESC sequences); a bidirectional override (U+202A-U+202E,
U+2066-U+2069) makes a name read differently from what is stored; a tab or a line break
(also U+2028/U+2029) splits a journal line or an e-mail header. All are refused at input, so
nothing stored can make an output misbehave.
"""

from __future__ import annotations

import re

from faktura_cli.errors import InvalidInput

_BIDI = "\u202a-\u202e\u2066-\u2069"
_LINE_BREAKS = "\u2028\u2029"
# Everything refused in a one-line text; a multi-line one allows \n (and \r\n) only.
_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_LINE_BREAKS}]")
_MULTI_LINE = re.compile(f"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_LINE_BREAKS}]|\r(?!\n)")


def _describe(char: str) -> str:
    if char in "\t\n\r" or char in _LINE_BREAKS:
        return {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}.get(
            char, "a line break"
        ) + f" (U+{ord(char):04X})"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"a bidirectional override (U+{ord(char):04X})"
    return f"a control character (U+{ord(char):04X})"


def bad_character(value: str, *, multiline: bool = False) -> str | None:
    """The first character a text may not hold, described; None when it is clean."""
    found = (_MULTI_LINE if multiline else _ONE_LINE).search(value)
    return _describe(found.group()[0]) if found else None


def check_text(value: str, *, what: str, multiline: bool = False) -> str:
    """`value` unchanged when it may be stored; InvalidInput naming the field otherwise."""
    problem = bad_character(value, multiline=multiline)
    if problem:
        raise InvalidInput(
            f"{what} contains {problem}",
            hint="type plain text: control characters, tabs, line breaks and bidirectional "
            "overrides are not allowed",
        )
    return value


def printable(value: str) -> str:
    """Text stored before the rule above, made safe to print: each refused character becomes a
    space. For outputs that must not fail on old books (SAF-T, EHF); new text never needs it."""
    return _ONE_LINE.sub(" ", value)
