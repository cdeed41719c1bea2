"""The archive's tables (SQLAlchemy Core) and its forward migrations."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    inspect,
    select,
)

SCHEMA_VERSION = 8

metadata = MetaData()

# Lengths: String(n) only for values of a fixed form that est makes itself (weeks, hashes, codes).
# Everything taken from reporters' files, schemas or the command line is Text: SQLite never checks a
# length, PostgreSQL does, and a long area name in a file must not fail the merge (version 4).

schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))

merges = Table(
    "merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime, nullable=False),
    Column("week", String(10)),  # the week the merge was for (--week, or the most common one)
    Column("organisation", Text),
)

files = Table(
    "files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("size", Integer),
    Column("received_at", DateTime),  # e-mail date, else the file's modification time
    Column("email_sender", Text),
    Column("email_date", DateTime),
    Column("merge_id", Integer, ForeignKey("merges.id"), nullable=False),
    Column("status", String(10), nullable=False),  # ok | warnings | rejected
    Column("rows_read", Integer, nullable=False),
    Column("rows_stored", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False),
    Column("source_name", Text, nullable=False),
    Column("sheet", Text),
    Column("schema_id", Text, nullable=False),
    Column("week", String(10), nullable=False),
    Column("area", Text, nullable=False),
    Column("area_key", Text, nullable=False),
    Column("organisation", Text, nullable=False),
    Column("organisation_key", Text, nullable=False),
    Column("reporter", Text, nullable=False),
    Column("reporter_key", Text, nullable=False),
    Column("datum", Date),
    Column("received_at", DateTime),
    Column("email_sender", Text),
    Column("late", Boolean, nullable=False, default=False),
    Column("superseded_by", Integer, ForeignKey("reports.id")),
    Column("observations", Integer, nullable=False),
    # Version 5: what received_at rests on – "e-post" (the e-mail's Date), "datum" (the report's own
    # Datum field) or "fil" (the saved file's modification time, the weakest) – and a withdrawal
    # (`est rapport återkalla`): the report stays, marked, and is counted nowhere.
    Column("received_from", String(10)),
    Column("withdrawn_at", DateTime),
    Column("withdrawn_reason", Text),
)
Index("ix_reports_week_area", reports.c.week, reports.c.area_key)
Index("ix_reports_identity", reports.c.week, reports.c.area_key, reports.c.organisation_key, reports.c.reporter_key)
# An area's history without scanning every area's reports (`est trend --area`, a regional archive).
ix_reports_area_week = Index("ix_reports_area_week", reports.c.area_key, reports.c.week)

observations = Table(
    "observations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False, index=True),
    Column("item_id", Text),  # NULL when the label is not in the schema
    Column("key", Text, nullable=False),  # item id, or the original label
    Column("label", Text, nullable=False),
    Column("theme", Text),
    Column("section_id", Text),
    Column("count", Integer, nullable=False),
    Column("place", Text, nullable=False, default=""),
    # Version 5: the place as est compares places (est_cli.places.place_key: its words, folded and
    # sorted, without small words), so that the same event reported twice is found in SQL.
    Column("place_key", Text),
    Column("date", Date),
    Column("time", Text, nullable=False, default=""),
    Column("severity", Integer),
    Column("comment", Text, nullable=False, default=""),
    Column("action", Text, nullable=False, default=""),
    Column("sheet", Text),
    Column("row", Integer),
    Column("col", Integer),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False, index=True),
    Column("week", String(10)),  # the report's week when known
    Column("code", String(50), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("message", Text, nullable=False),
    Column("sheet", Text),
    Column("row", Integer),
    Column("col", Integer),
)

# A compilation (step one of the two-step compilation) lists the files it was made from.
compilation_sources = Table(
    "compilation_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False),
    Column("source_sha256", String(64), nullable=False, index=True),
)

# Every change to the archive (version 5): merges, withdrawals, restorations, renamed areas, aliases,
# imports – when, by which computer user, and what changed (details: JSON).
log = Table(
    "log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("time", DateTime, nullable=False),
    Column("user", Text, nullable=False),
    Column("action", String(20), nullable=False),
    Column("details", Text, nullable=False),
)


# The coordinator's word on which observations are one event (version 5, `est händelse samma/skilj`):
# it overrides the automatic grouping (store/events.py). One row per observation the coordinator
# placed: `event` the id of the event it was joined into (the smallest id of its observations then),
# or NULL for an observation taken out of its event – an event of its own, never grouped again.
event_links = Table(
    "event_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("observation_id", Integer, ForeignKey("observations.id"), nullable=False, unique=True),
    Column("event", Integer, index=True),
    Column("created_at", DateTime, nullable=False),
)


# What the reports of a week counted beyond its events (store/events.py: sum − events per week, area and
# item), kept by every write that changes a week (merge, corrections, `est händelse`) so that a period's
# counts (`est trend`, the kvartalsanalys) are sums minus this, without grouping years of observations
# on every read. Derived data: not exported, recomputed after an import (version 6).
event_surplus = Table(
    "event_surplus",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("week", String(10), nullable=False, index=True),
    Column("area_key", Text, nullable=False),
    Column("key", Text, nullable=False),
    Column("theme", Text),
    Column("surplus", Integer, nullable=False),
)

# The place register (platser.csv) the observations' place keys were made with, as a fingerprint
# (est_cli.place_register; version 7): when the workspace's register differs, the keys are made again
# and the surplus of the weeks whose keys changed is recomputed (est_cli.place_sync). Derived: not
# exported; an import leaves it empty, so the first command keys the imported observations.
place_register = Table(
    "place_register",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", String(64), nullable=False),
)


def active(r: Table = reports):
    """The condition for a report that counts: neither superseded by a later one nor withdrawn."""
    return and_(r.c.superseded_by.is_(None), r.c.withdrawn_at.is_(None))


# Insatser (actions) decided at the meetings, for the follow-up in `est trend --insatser`: what was
# done in which area against which item or theme, from which week (to which week, when ended).
insatser = Table(
    "insatser",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("area", Text, nullable=False),
    Column("area_key", Text, nullable=False, index=True),
    Column("key_kind", String(10), nullable=False),  # item | theme
    Column("key", Text, nullable=False),  # item id or theme id
    Column("from_week", String(10), nullable=False),
    Column("to_week", String(10)),  # NULL while the insats is ongoing
    Column("ansvarig", Text, nullable=False),
    Column("beskrivning", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


# The meeting's decisions (`est fastställ`, version 8): per week the fastställd lägesbild – the samlad
# bedömning, participants, next meeting – and per area the decided level with the meeting's texts; a
# second fastställ of the week replaces them (logged). The action list follows the group week to week.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("week", String(10), nullable=False, unique=True),
    Column("decided_at", DateTime, nullable=False),  # when `est fastställ` read the document
    Column("meeting_date", Date),  # the meeting's day, as the document says (else the day it was read)
    Column("source_name", Text, nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("samlad", Text, nullable=False),
    Column("participants", Text, nullable=False),
    Column("next_meeting", Text, nullable=False),
)
decided_areas = Table(
    "decided_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("decision_id", Integer, ForeignKey("decisions.id"), nullable=False, index=True),
    Column("area", Text, nullable=False),
    Column("area_key", Text, nullable=False),
    Column("level", String(10), nullable=False),  # grön | gul | orange | röd
    Column("bedomning", Text, nullable=False),
    Column("insatser", Text, nullable=False),
)
actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("ansvarig", Text, nullable=False),  # a function, never a person
    Column("area", Text),
    Column("due_week", String(10)),
    Column("created_week", String(10)),
    Column("created_at", DateTime, nullable=False),
    Column("done_at", DateTime),
    Column("source", String(20), nullable=False),  # kommando | fastställ
)


def _v8_decisions(conn: Connection) -> None:
    """Version 8: the meeting's decisions and the action list."""
    for table in (decisions, decided_areas, actions):
        table.create(conn, checkfirst=True)


def _v2_insatser(conn: Connection) -> None:
    """Version 2: the insatser register."""
    insatser.create(conn, checkfirst=True)


def _v3_area_index(conn: Connection) -> None:
    """Version 3: an index by area, then week (docs/performance.md, the regional scale)."""
    ix_reports_area_week.create(conn, checkfirst=True)


def _v4_unbounded_texts(conn: Connection) -> None:
    """Version 4: texts from files, schemas and the command line without a length limit.

    Only PostgreSQL enforces VARCHAR(n); SQLite stores any length in such a column already, so there
    is nothing to change in a SQLite archive. VARCHAR → TEXT rewrites neither tables nor indexes.
    """
    if conn.dialect.name != "postgresql":
        return
    for table, column in (
        ("merges", "organisation"),
        ("reports", "schema_id"),
        ("reports", "area_key"),
        ("reports", "organisation_key"),
        ("reports", "reporter_key"),
        ("observations", "item_id"),
        ("observations", "theme"),
        ("observations", "section_id"),
        ("observations", "time"),
        ("insatser", "area_key"),
    ):
        conn.exec_driver_sql(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE TEXT')


def _v5_corrections(conn: Connection) -> None:
    """Version 5: withdrawn reports, what a report's received time rests on, the change log, and the
    coordinator's grouping of observations into events.

    Old reports get received_from from what was stored: an e-mail date means "e-post", else "fil"."""
    from sqlalchemy import text

    present = {column["name"] for column in inspect(conn).get_columns("reports")}
    for name, kind in (("received_from", "VARCHAR(10)"), ("withdrawn_at", "TIMESTAMP"), ("withdrawn_reason", "TEXT")):
        if name not in present:  # a step half done by an older est is finished, not repeated
            conn.execute(text(f"ALTER TABLE reports ADD COLUMN {name} {kind}"))
    conn.execute(
        reports.update()
        .where(
            reports.c.email_sender.is_not(None)
            | reports.c.file_id.in_(select(files.c.id).where(files.c.email_date.is_not(None)))
        )
        .values(received_from="e-post")
    )
    conn.execute(reports.update().where(reports.c.received_from.is_(None)).values(received_from="fil"))
    log.create(conn, checkfirst=True)
    event_links.create(conn, checkfirst=True)
    if "place_key" not in {column["name"] for column in inspect(conn).get_columns("observations")}:
        conn.execute(text("ALTER TABLE observations ADD COLUMN place_key TEXT"))
    fill_place_keys(conn)


def _v6_event_surplus(conn: Connection) -> None:
    """Version 6: what each week's reports count beyond its events, stored (event_surplus)."""
    from est_cli.store.events import refresh_surplus

    event_surplus.create(conn, checkfirst=True)
    refresh_surplus(conn, None)


def _v7_place_register(conn: Connection) -> None:
    """Version 7: the fingerprint of the place register the place keys were made with (none yet: the
    first command with the workspace's register keys the observations)."""
    place_register.create(conn, checkfirst=True)


def fill_place_keys(conn: Connection) -> None:
    """Observations stored without a place key (an older archive, an older export) get theirs."""
    from sqlalchemy import bindparam

    from est_cli.places import place_key

    o = observations
    places = [row[0] for row in conn.execute(select(o.c.place).where(o.c.place_key.is_(None)).distinct())]
    if places:
        conn.execute(
            o.update().where(o.c.place_key.is_(None), o.c.place == bindparam("p")).values(place_key=bindparam("k")),
            [{"p": place, "k": place_key(place)} for place in places],
        )


# version → step that brings an archive from version-1 to version. Add one per change of the
# tables; never edit a released step.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    2: _v2_insatser,
    3: _v3_area_index,
    4: _v4_unbounded_texts,
    5: _v5_corrections,
    6: _v6_event_surplus,
    7: _v7_place_register,
    8: _v8_decisions,
}


class ArchiveVersionError(Exception):
    """The archive was made by a newer est."""


def current_version(conn: Connection) -> int | None:
    """The archive's version, or None for an empty database (a read: takes no write lock)."""
    if not inspect(conn).has_table("schema_version"):
        return None
    return conn.execute(select(schema_version.c.version)).scalar_one()


def migrate(conn: Connection) -> int:
    """Create the tables in an empty archive, or bring an older archive forward. Returns the version."""
    if not inspect(conn).has_table("schema_version"):
        metadata.create_all(conn)
        conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
        return SCHEMA_VERSION
    version = conn.execute(select(schema_version.c.version)).scalar_one()
    if version > SCHEMA_VERSION:
        raise ArchiveVersionError(
            f"Arkivet är skapat av en nyare version av est (version {version}); uppdatera est först."
        )
    for step in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[step](conn)
        conn.execute(schema_version.update().values(version=step))
    return SCHEMA_VERSION


def new_id(result) -> int:
    """The primary key of the row an INSERT just made."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer primary key
        raise RuntimeError("the insert returned no primary key")
    return int(key[0])
