"""Many books (SPEC §17): which books a shard takes, and what one book's run-due came to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from faktura_cli.errors import InvalidInput

T = TypeVar("T")

EXIT_OK = 0
EXIT_BOOK_FAILED = 1
EXIT_DELIVERY_FAILED = 3


class Shard(NamedTuple):
    """Shard `part` (from 0) of `parts`: `--shard I/N`."""

    part: int
    parts: int


def parse_shard(text: str) -> Shard:
    """'I/N' -> (I, N): shard I (counted from 0, as a Kubernetes Indexed Job's index) of N."""
    index, slash, count = text.strip().partition("/")
    if not slash or not index.strip().isdigit() or not count.strip().isdigit():
        raise InvalidInput(f"--shard {text!r} is not I/N", hint="e.g. --shard 0/4 ... --shard 3/4")
    i, n = int(index), int(count)
    if n < 1 or i >= n:
        raise InvalidInput(f"--shard {text!r}: I must be from 0 to N-1 and N at least 1")
    return Shard(i, n)


def shard(books: list[T], index: int, count: int) -> list[T]:
    """Every count-th book from the index-th, of the books in order: the shards cover each once."""
    return books[index::count]


@dataclass(frozen=True)
class BookRun:
    """One book's `run-due`, as its own process reported it."""

    book: str
    status: str  # ok | delivery_failed | failed
    exit_code: int
    invoices: int = 0
    orders: int = 0
    delivered: int = 0
    failed_deliveries: int = 0
    error: str | None = None
    seconds: float = 0.0


def book_status(exit_code: int) -> str:
    """run-due's exit code (SPEC §3): 0 ok, 3 a delivery failed; anything else: the book failed."""
    if exit_code == EXIT_OK:
        return "ok"
    if exit_code == EXIT_DELIVERY_FAILED:
        return "delivery_failed"
    return "failed"


def fleet_exit_code(runs: list[BookRun]) -> int:
    """1 if any book failed, else 3 if any delivery failed, else 0 (1 wins over 3)."""
    if any(r.status == "failed" for r in runs):
        return EXIT_BOOK_FAILED
    if any(r.status == "delivery_failed" for r in runs):
        return EXIT_DELIVERY_FAILED
    return EXIT_OK
