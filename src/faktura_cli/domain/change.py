"""An edit of an optional field, as typed: set it, or clear it (`recurring edit --end-date ''`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Change(Generic[T]):
    """The field's new value, or None to clear it."""

    value: T | None
