"""The one error hierarchy. The CLI prints `faktura: error: MESSAGE` and exits 1 for any of these."""


class FakturaError(Exception):
    """The request was refused; nothing was changed."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInput(FakturaError):
    """A value typed by the user is not valid."""


class NotFound(FakturaError):
    """The customer, product, invoice or other thing named does not exist."""


class RuleViolation(FakturaError):
    """A bookkeeping rule forbids what was asked."""


class NotInitialised(FakturaError):
    """There are no books at this path yet."""


class SchemaTooNew(FakturaError):
    """The database was written by a newer faktura."""


class DatabaseProblem(FakturaError):
    """The database file cannot be used."""
