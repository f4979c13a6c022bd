"""What one command shows, in both of its forms: one `View`, printed by `cli.common.emit`.

A view holds the machine shape for `--json` (SPEC section 3: amounts as "1200.00", states as their
names) and the parts people read (lines and tables, Norwegian numbers and words). Commands build it
with a function in render/ and hand it to `emit`, the one place that chooses text or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from typing import TypeAlias

    from faktura_cli.render.terminal import Either, Table


class Drawn(Protocol):
    """What only Rich draws (the overview's dashboard): handed to Rich as it is."""

    def __rich_console__(self, console: Any, options: Any) -> Any: ...


if TYPE_CHECKING:
    Part: TypeAlias = str | Table | Either | Drawn
else:
    # The tables are imported where they are drawn (cli.common.console): a view of lines alone,
    # like an idle `run-due` from cron, never pays for them (SPEC §17).
    Part = object


@dataclass(frozen=True)
class View:
    data: Any  # printed as one JSON document with --json
    parts: tuple[Part, ...] = ()  # printed for people, in order (a str is one line, kept as is)
    warnings: tuple[str, ...] = ()  # "faktura: warning: ..." on stderr, in both forms


def view(data: Any, *parts: Part, warnings: tuple[str, ...] | list[str] = ()) -> View:
    return View(data, tuple(parts), tuple(warnings))
