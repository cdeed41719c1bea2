"""The one base of every error that stops a command: a Swedish line for the user and an exit code.

Findings (est_cli.findings) are values and never stop a run; an `EstError` does – a broken est.toml,
an unreachable archive, a template that cannot be used, a period that cannot be read. The CLI
catches `EstError` in one place (`est_cli.cli.main`), prints `Fel: <message>` and exits with
`exit_code`; a traceback only with `--debug`.

Each part of est keeps its own subclass beside the code that raises it (SchemaError in
`est_cli.schema`, ArchiveError in `est_cli.store`, …), so a caller can still catch exactly the
failure it can do something about.
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class EstError(Exception):
    """Stops the command. `message` is Swedish, one line (or a few, for lists of problems)."""

    exit_code: int = EXIT_USAGE

    @property
    def message(self) -> str:
        """What the user reads after "Fel:"; subclasses with structured fields may word it themselves."""
        return str(self)


class UsageError(EstError):
    """A command line or setup the command cannot work with: a wrong option, a missing file."""


__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "EstError", "UsageError"]
