"""The hash chain over every record of the books, and its anchor (SPEC §12 "Tamper evidence").

Each record (a document with its lines and parties, a voucher with its postings, a delivery's
final state, an event, a factoring fact) is hashed in a canonical form, and each link's hash
covers the link before it, so changing, removing or inserting any record changes every later
hash. The chain's length and head, `N:HASH`, is its anchor: kept outside the file, it shows
whether the books still hold that chain as a prefix, which rebuilding cannot fake.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from faktura_cli.errors import InvalidInput

GENESIS = "0" * 64
_ANCHOR = re.compile(r"^(?P<n>[0-9]{1,12}):(?P<hash>[0-9a-f]{64})$")


def canonical(record: Mapping[str, object]) -> bytes:
    """One record as bytes that depend on its content only.

    JSON with sorted keys, no spaces, UTF-8. Columns holding NULL are left out, so a column
    added later (NULL in older rows) leaves older records' hashes as they were. Types count:
    the integer 100 and the text '100' hash differently. A record's children (a document's
    lines, a voucher's postings) are lists of such records.
    """
    return _ENCODER.encode(_without_nulls(record)).encode()


def _without_nulls(record: Mapping[str, object]) -> dict[str, object]:
    return {
        key: [_without_nulls(child) for child in value] if type(value) is list else value
        for key, value in record.items()
        if value is not None
    }


def _bytes(value: object) -> object:
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    raise TypeError(f"{type(value).__name__} cannot be hashed in a record")


_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_bytes
)


def content_digest(record: Mapping[str, object]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def link(previous: str, kind: str, ref: int, digest: str) -> str:
    """The hash of one link: the previous link's hash, what the record is, and its content."""
    return hashlib.sha256(f"{previous}\n{kind}\n{ref}\n{digest}".encode()).hexdigest()


@dataclass(frozen=True)
class Anchor:
    length: int
    head: str

    def __str__(self) -> str:
        return f"{self.length}:{self.head}"


def parse_anchor(text: str) -> Anchor:
    """'N:HASH' as `check --anchor` prints it."""
    found = _ANCHOR.match(text.strip().lower())
    if not found:
        raise InvalidInput(
            f"anchor {text!r} is not N:HASH", hint="use the line `faktura check --anchor` printed"
        )
    return Anchor(int(found["n"]), found["hash"])
