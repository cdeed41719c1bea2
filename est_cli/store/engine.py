"""Everything engine-specific about the archive lives here, so PostgreSQL can follow SQLite.

SQLite: WAL (readers never block the writer), a busy timeout instead of "database is locked",
and BEGIN IMMEDIATE for transactions that write, so two merges queue instead of deadlocking.

PostgreSQL follows the same single-writer rule with a transaction-level advisory lock, taken first in
every write transaction and released at its commit or rollback. A merge reads (which files are known,
which reports are active) and then writes on what it read; two merges side by side under READ
COMMITTED would both find a file new and both insert it (a unique violation that aborts one of them),
or each store a corrected resubmission without seeing the other, leaving two active reports for one
reporter. Queueing the writers makes every merge see all merges before it, exactly as on SQLite;
merges are short and rare, so the queue costs nothing. (SERIALIZABLE would detect such conflicts
instead, but then a merge fails and must be run again.) Writers stay at READ COMMITTED so that every
statement after the lock sees what the previous writer committed; readers get REPEATABLE READ, one
consistent snapshot per read like a SQLite read transaction in WAL mode.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, Engine, Integer, Table, create_engine, event, text
from sqlalchemy.engine import URL, make_url

BUSY_TIMEOUT_MS = 60_000
CONNECT_TIMEOUT_S = 10
# The advisory lock key of est's writers ("est" in ASCII). Advisory locks belong to one database, so
# archives in different databases on the same server never wait for each other.
WRITE_LOCK_KEY = 0x657374


def archive_url(url: str) -> URL:
    """The parsed archive URL; plain postgresql:// means the psycopg (3) driver that est installs."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def may_exist(url: str) -> bool:
    """False for an SQLite archive whose file is not there yet (opening it would create it); True
    otherwise – a database server is asked when the archive is opened."""
    parsed = archive_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return True
    return Path(database).exists()


def shown_url(url: str) -> str:
    """The URL as it may be shown to people: the password, if any, as ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL has no password we could find either
        return url


def open_engine(url: str) -> Engine:
    """An engine for the archive URL; SQLite files get their folder created and safe settings."""
    parsed = archive_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return _postgresql_engine(parsed)
    if backend != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    database = parsed.database or ""
    # A file's folder is made; an SQLite URI ('file:…?mode=ro&uri=true') names no folder to make.
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # pragma: no cover - exercised by every test
        if connection.get_execution_options().get("est_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def _postgresql_engine(url: URL) -> Engine:
    engine = create_engine(
        url,
        pool_pre_ping=True,
        isolation_level="REPEATABLE READ",  # readers; writer() below switches to READ COMMITTED
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if connection.get_execution_options().get("est_write"):
            # Like SQLite's busy timeout: wait for the merge before, but not forever.
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, with transactions that take the write lock at once (see the module docstring)."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(est_write=True, isolation_level="READ COMMITTED")
    return engine.execution_options(est_write=True)


def snapshot_reader(engine: Engine) -> Connection:
    """A connection whose reads all see one moment of the archive (for `est arkiv export`).

    SQLite: the connection's read transaction (WAL) already does. PostgreSQL: the engine's readers
    are REPEATABLE READ already (`_postgresql_engine`); said again here because the export depends
    on it – under READ COMMITTED each statement would get its own snapshot, and a merge running
    meanwhile could leave reports whose file was not exported.
    """
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def advance_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """After inserting rows with explicit ids, make the next generated id follow the largest one.

    Only PostgreSQL needs this: a SERIAL column takes its next value from a sequence that explicit
    ids do not move, so the next merge would collide with an imported id. SQLite's INTEGER PRIMARY
    KEY always continues from max(id) + 1.
    """
    if conn.dialect.name != "postgresql":
        return
    quote = conn.dialect.identifier_preparer
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        column = keys[0].name
        # setval(seq, max, true): next id is max + 1; on an empty table setval(seq, 1, false): next id is 1.
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({quote.quote(column)}), 1), "
                f"MAX({quote.quote(column)}) IS NOT NULL) FROM {quote.format_table(table)}"
            ),
            {"table": table.name, "column": column},
        )
