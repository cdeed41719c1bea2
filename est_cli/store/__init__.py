"""The archive: every merged file, report, observation and finding, with full provenance.

All writes of one merge happen in one transaction: a merge that fails or is killed leaves the
archive as it was. Reads aggregate in the database. This module opens the archive (`Archive`); the
reads and writes live by concern and are called as `store.<name>`:

- `merges` – what a merge writes (files, reports, supersession, compilations);
- `week_reads` – what the compiled week reads; `period_reads` – what `est trend` reads;
- `corrections` – listing, withdrawing, restoring and moving reports, and the change log;
- `insatser` – the insatser register; `tables` – the tables and migrations; `engine` – SQLite and
  PostgreSQL specifics; `portable` – the archive as one file (export/import).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine

from est_cli.errors import EstError
from est_cli.store import tables as t
from est_cli.store.engine import open_engine, shown_url, writer
from est_cli.text import fold


class ArchiveError(EstError):
    """The archive cannot be opened or used; Swedish message."""


class ReadOnlyArchiveError(ArchiveError):
    """The archive may be read but not written with this connection (a read-only database role, a
    read-only server or file): nothing was saved."""


def _busy(exc: Exception) -> bool:
    """The archive's write lock was not free within the wait (SQLite busy timeout, PostgreSQL lock_timeout)."""
    orig = getattr(exc, "orig", None)
    return "database is locked" in str(orig or exc) or getattr(orig, "sqlstate", None) == "55P03"


def _read_only(exc: Exception) -> bool:
    """A write refused because the connection may only read: PostgreSQL's insufficient_privilege (a
    role granted SELECT only) or read_only_sql_transaction (a standby, default_transaction_read_only),
    SQLite's 'attempt to write a readonly database'."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) in ("42501", "25006") or "readonly database" in str(orig or exc)


def _read_only_error(url: str) -> ReadOnlyArchiveError:
    return ReadOnlyArchiveError(
        f"Arkivet {shown_url(url)} går bara att läsa med den här användaren: inget har sparats. Be den som "
        "sköter arkivet om skrivrätt, eller låt någon med skrivrätt köra kommandot."
    )


def _busy_error(url: str) -> ArchiveError:
    return ArchiveError(
        f"Arkivet {shown_url(url)} är upptaget: någon annan sparar i det (t.ex. en annan sammanslagning) "
        "och har inte blivit klar på en minut. Vänta en stund och försök igen; inget har sparats."
    )


def identity(text: str) -> str:
    """How areas, organisations and reporters are compared: case, accents and spacing ignored."""
    return fold(text)


_DRIVER_HINTS = {
    "psycopg": " Installera PostgreSQL-stödet med: pip install 'est[postgresql]'",
    "psycopg2": " est använder drivrutinen psycopg: skriv adressen som postgresql://… eller postgresql+psycopg://…",
}


@dataclass
class Archive:
    engine: Engine
    url: str

    @classmethod
    def open(cls, url: str) -> Archive:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            engine = open_engine(url)
            # Only a new or older archive needs the write lock (to create or migrate): a current
            # one is opened with a read, so `est trend`/`est render` never wait for a running merge.
            with engine.connect() as conn:
                version = t.current_version(conn)
            if version != t.SCHEMA_VERSION:
                with writer(engine).begin() as conn:
                    t.migrate(conn)
        except t.ArchiveVersionError as exc:
            raise ArchiveError(str(exc)) from None
        except ImportError as exc:  # the database driver is not installed
            raise ArchiveError(
                f"Arkivet {shown_url(url)} kräver {exc.name or exc}, som inte är installerat.{_DRIVER_HINTS.get(exc.name or '', '')}"
            ) from None
        except (SQLAlchemyError, OSError) as exc:
            if _busy(exc):
                raise _busy_error(url) from None
            # The driver's own message (not SQLAlchemy's wrapper with its web link), on one line.
            detail = " ".join(str(getattr(exc, "orig", None) or exc).split())
            raise ArchiveError(
                f"Arkivet {shown_url(url)} kan inte öppnas: {exc.__class__.__name__}: {detail}"
            ) from None
        return cls(engine, url)

    @contextmanager
    def write(self):
        """A write transaction (BEGIN IMMEDIATE on SQLite, the advisory lock on PostgreSQL): committed
        when the block ends, rolled back if it raises. A lock not free within the wait → ArchiveError; a
        connection that may only read → ReadOnlyArchiveError."""
        from sqlalchemy.exc import DBAPIError, OperationalError

        with writer(self.engine).connect() as conn:
            try:
                transaction = conn.begin()
            except OperationalError as exc:
                if _busy(exc):
                    raise _busy_error(self.url) from None
                if _read_only(exc):
                    raise _read_only_error(self.url) from None
                raise
            try:
                with transaction:
                    yield conn
            except DBAPIError as exc:  # rolled back by now
                if _read_only(exc):
                    raise _read_only_error(self.url) from None
                raise

    def read(self):
        return self.engine.connect()

    def close(self) -> None:
        self.engine.dispose()


# The archive's reads and writes, by concern; `store.<name>` is how the rest of est calls them.
from est_cli.store.corrections import (  # noqa: E402
    add_log,
    apply_alias,
    get_report,
    list_log,
    list_reports,
    make_current,
    rename_area,
    restore,
    withdraw,
)
from est_cli.store.decisions import (  # noqa: E402
    add_action,
    decided_levels,
    finish_action,
    get_action,
    get_decision,
    list_actions,
    save_decision,
)
from est_cli.store.events import refresh_surplus as refresh_event_surplus  # noqa: E402
from est_cli.store.insatser import (  # noqa: E402
    add_insats,
    get_insats,
    insatser_active_in,
    list_insatser,
    set_insats_end,
)
from est_cli.store.merges import (  # noqa: E402
    Superseded,
    compiled_sources,
    forget_rejected_file,
    known_files,
    organisation_week,
    record_compilation,
    rejected_files,
    start_merge,
    store_file,
)
from est_cli.store.period_reads import (  # noqa: E402
    UNTHEMED,
    area_spellings,
    area_week_span,
    key_labels,
    period_counts,
    period_counts_and_reported,
    period_presence,
)
from est_cli.store.week_reads import (  # noqa: E402
    active_counts,
    active_reports,
    archive_totals,
    areas_with_reports,
    counts_and_reported,
    report_counts,
    week_errors,
    week_events,
    week_observations,
    week_warnings,
)

__all__ = [
    "UNTHEMED",
    "add_log",
    "apply_alias",
    "get_report",
    "list_log",
    "list_reports",
    "make_current",
    "refresh_event_surplus",
    "rename_area",
    "restore",
    "withdraw",
    "Archive",
    "ArchiveError",
    "ReadOnlyArchiveError",
    "Superseded",
    "active_counts",
    "active_reports",
    "add_insats",
    "archive_totals",
    "area_spellings",
    "area_week_span",
    "areas_with_reports",
    "report_counts",
    "compiled_sources",
    "counts_and_reported",
    "forget_rejected_file",
    "get_insats",
    "identity",
    "insatser_active_in",
    "key_labels",
    "known_files",
    "list_insatser",
    "organisation_week",
    "period_counts",
    "period_counts_and_reported",
    "period_presence",
    "record_compilation",
    "rejected_files",
    "set_insats_end",
    "start_merge",
    "store_file",
    "week_errors",
    "week_events",
    "week_observations",
    "week_warnings",
    "add_action",
    "decided_levels",
    "finish_action",
    "get_action",
    "get_decision",
    "list_actions",
    "save_decision",
]
