"""The one error hierarchy. The CLI prints `faktura: error: MESSAGE` and exits 1 for any of these."""


class FakturaError(Exception):
    """The request was refused; nothing was changed."""

    code = "refused"  # what `--json` reports as {"error": {"code": ...}}

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInput(FakturaError):
    """A value typed by the user is not valid."""

    code = "invalid_input"


class NotFound(FakturaError):
    """The customer, product, invoice or other thing named does not exist."""

    code = "not_found"


class RuleViolation(FakturaError):
    """A bookkeeping rule forbids what was asked."""

    code = "rule_violation"


class NotInitialised(FakturaError):
    """There are no books at this path yet."""

    code = "not_initialised"


class SchemaTooNew(FakturaError):
    """The database was written by a newer faktura."""

    code = "schema_too_new"


class DatabaseProblem(FakturaError):
    """The database file cannot be used."""

    code = "database_problem"
