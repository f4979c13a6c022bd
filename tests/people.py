"""What people read must not show the program's insides (SPEC 16): no internal state names, no
snake_case, no ISO moments, no amounts with a decimal point. `leaks(text)` lists what it finds."""

from __future__ import annotations

import re

# States, kinds and codes as the code and --json name them; people read them in Norwegian
# (render/words.py). English verbs in a sentence ("offer ... declined") are words, not states.
INTERNAL = (
    "partly_paid",
    "credit_note",
    "NONE",
    "None",
    "queued",
    "sending",
    "uncertain",
    "offered",
    "paid out",
    "inactive",
    "exempt",
    "bankrupt",
    "liquidation",
)
_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in INTERNAL) + r")\b")
_SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
_ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d|[+-]\d\d:\d\d\b")
# 9772.00, 2.28, 11.72 (not 02.03.2026 or 8601.11.17947, whose parts touch another dot)
_POINT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")


def leaks(text: str) -> list[str]:
    found: list[str] = []
    for pattern in (_WORD, _SNAKE, _ISO_MOMENT, _POINT_DECIMAL):
        found.extend(m.group(0) for m in pattern.finditer(text))
    return found


def assert_for_people(text: str) -> None:
    assert text.strip(), "nothing printed"
    assert leaks(text) == [], f"internal names or '.'-decimals in:\n{text}"
