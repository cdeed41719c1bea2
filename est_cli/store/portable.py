"""The whole archive as one portable file: backup, restore, and moving from SQLite to PostgreSQL.

The file is a zip: `manifest.json` (format, versions, and rows + sha256 per table) and one
JSON-lines file per table with every column of every row, ids kept, so supersession, file →
report → observation → finding links, compilation sources and merges come back exactly. Both
directions are generic over `tables.metadata`: a new column or table travels without code here.

Import checks the whole file before it writes anything, writes only into an empty archive, and
does it in one transaction: a file that fails any check leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Table, bindparam, func, select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

if TYPE_CHECKING:
    from est_cli.store import Archive

from est_cli.errors import EXIT_FINDINGS, EXIT_USAGE, EstError
from est_cli.store import tables as t
from est_cli.store.engine import advance_sequences, shown_url, snapshot_reader

FORMAT_NAME = "est-arkiv"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MAX_MANIFEST_BYTES = 1_000_000
CHUNK_ROWS = 1000
READ_BYTES = 1 << 20
# What reading a damaged member raises: CRC or header errors, broken deflate data, a truncated file,
# an encrypted member or a compression method Python cannot read.
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError)

# schema_version is not data: the manifest carries the version, and the target keeps its own row.
# Derived tables: event_surplus is recomputed on import, place_register left empty (the first command
# keys the imported places with the workspace's platser.csv).
NOT_EXPORTED = frozenset({"schema_version", "event_surplus", "place_register"})

# Exports from an older archive version: version → step(table name, row) → row, bringing a row
# from version-1 to version, as tables.MIGRATIONS does for a live archive. A step may add, rename
# or drop keys. Version 2 only added the insatser table, which an older export simply lacks.
ROW_UPGRADES: dict[int, Callable[[str, dict], dict]] = {}


# How people read the tables (summaries, messages), in the order they are listed; a table not
# named here (a later version's) is shown under its own name.
TABLE_LABELS = {
    "merges": "körningar av est merge",
    "files": "filer",
    "reports": "rapporter",
    "observations": "observationer",
    "findings": "fel och varningar",
    "compilation_sources": "källfiler i sammanställningar",
    "insatser": "insatser",
    "log": "ändringar i loggen",
    "event_links": "händelser som samordnaren rättat",
}


def table_label(name: str) -> str:
    return TABLE_LABELS.get(name, name)


def table_order(names) -> list[str]:
    order = list(TABLE_LABELS)
    return sorted(names, key=lambda name: order.index(name) if name in order else len(order))


class PortableError(EstError):
    """The file cannot be exported or imported; one Swedish message.

    `damaged` is True when the file itself is wrong (not a zip, tampered, truncated): an input
    error (exit 1), as opposed to a setup problem (file missing, newer est, target not empty: exit 2).
    """

    def __init__(self, message: str, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged

    @property
    def exit_code(self) -> int:  # type: ignore[override]
        return EXIT_FINDINGS if self.damaged else EXIT_USAGE


@dataclass
class PortableResult:
    """What was exported or imported: rows per table (in dependency order) and the versions."""

    path: Path
    counts: dict[str, int]
    schema_version: int  # the archive version the file was made from
    est_version: str = ""
    created_at: str = ""
    size: int = 0
    upgraded_to: int | None = None  # import of an older version: the version it now has


@dataclass
class _Entry:
    """One table in a checked export file."""

    table: Table
    member: str
    columns: list[str]
    rows: int
    size: int
    sha256: str
    decoders: dict[str, Callable] = field(default_factory=dict)


def data_tables() -> list[Table]:
    """Every table with data, parents before children (the order rows are inserted)."""
    return [table for table in t.metadata.sorted_tables if table.name not in NOT_EXPORTED]


# ------------------------------------------------------------------ export


def export_archive(archive, path: Path) -> PortableResult:
    """Write the whole archive to `path` (temp file + move, so a failure leaves no partial file).

    Example: export_archive(Archive.open("sqlite:///arkiv/est.db"), Path("est-arkiv.zip"))
    """
    from est_cli import __version__
    from est_cli.outputs.atomic import write_atomically

    path = Path(path)
    created = datetime.now(UTC).replace(microsecond=0).isoformat()
    described: dict[str, dict] = {}
    version = 0

    def save(tmp: Path) -> None:
        nonlocal version
        with snapshot_reader(archive.engine) as conn, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            version = conn.execute(select(t.schema_version.c.version)).scalar_one()
            for table in data_tables():
                described[table.name] = _write_table(conn, table, zf)
            manifest = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "est_version": __version__,
                "schema_version": version,
                "created_at": created,
                "source_engine": archive.engine.dialect.name,
                "tables": described,
            }
            zf.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")

    try:
        write_atomically(path, save)
    except OSError as exc:
        raise PortableError(f"{path} kan inte skrivas: {exc.strerror or exc}.") from None
    counts = {name: entry["rows"] for name, entry in described.items()}
    return PortableResult(path, counts, version, __version__, created, path.stat().st_size)


def _write_table(conn: Connection, table: Table, zf: zipfile.ZipFile) -> dict:
    member = f"{table.name}.jsonl"
    columns = [c.name for c in table.columns]
    order = list(table.primary_key.columns) or list(table.columns)
    digest, rows, size = hashlib.sha256(), 0, 0
    result = conn.execution_options(yield_per=CHUNK_ROWS).execute(select(table).order_by(*order))
    info = zipfile.ZipInfo(member, date_time=datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as out:
        for row in result:
            record = {name: _encode(value) for name, value in zip(columns, row, strict=True)}
            line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
            out.write(line)
            digest.update(line)
            rows += 1
            size += len(line)
    return {"file": member, "columns": columns, "rows": rows, "bytes": size, "sha256": digest.hexdigest()}


def _encode(value):
    # Dates and times as ISO strings; everything else in the archive is already JSON (int, str,
    # bool, None). Anything new fails loudly in json.dumps rather than being written as str().
    if isinstance(value, (date, time)):  # datetime is a date
        return value.isoformat()
    return value


# ------------------------------------------------------------------ import


def import_archive(archive_opener: Callable[[], Archive], path: Path) -> PortableResult:
    """Check the export file, then insert it into the (empty) archive in one transaction.

    `archive_opener` is called only after the file has passed every check, so a wrong file never
    creates or touches the target; the archive it returns is closed here.

    Example: import_archive(lambda: Archive.open(url), Path("est-arkiv.zip"))
    """
    path = Path(path)
    with _open_zip(path) as zf:
        manifest = _read_manifest(zf, path)
        version = manifest["schema_version"]
        entries = _plan(manifest, path)
        for entry in entries:
            _verify(zf, entry, path)
        archive = archive_opener()
        try:
            with archive.write() as conn:
                _require_empty(conn, archive.url)
                for entry in entries:
                    _insert(conn, zf, entry, version, path)
                advance_sequences(conn, data_tables())
                t.fill_place_keys(conn)  # an export from before version 5 has none
                conn.execute(t.place_register.delete())  # keyed elsewhere: keyed again here
                from est_cli.store.events import refresh_surplus

                refresh_surplus(conn, None)
                counts = {table.name: _count(conn, table) for table in data_tables()}
                expected = {table.name: 0 for table in data_tables()} | {e.table.name: e.rows for e in entries}
                if counts != expected:  # pragma: no cover - a guard; the checks above make it unreachable
                    raise PortableError(f"{path}: antalet rader stämmer inte efter importen; inget sparades.")
                from est_cli.store.corrections import add_log

                add_log(conn, "import", {"file": path.name, "made_by": manifest.get("est_version"), "rows": counts})
        except (IntegrityError, DataError) as exc:
            raise PortableError(
                f"{path} kan inte läsas in: raderna hänger inte ihop ({exc.orig}). Inget sparades.", damaged=True
            ) from None
        except SQLAlchemyError as exc:
            raise PortableError(
                f"Arkivet {shown_url(archive.url)} kunde inte skrivas: {exc.__class__.__name__}: {exc}. Inget sparades."
            ) from None
        finally:
            archive.close()
    upgraded = t.SCHEMA_VERSION if version < t.SCHEMA_VERSION else None
    return PortableResult(
        path,
        counts,
        version,
        str(manifest.get("est_version", "")),
        str(manifest.get("created_at", "")),
        path.stat().st_size,
        upgraded,
    )


def _not_export(path: Path, why: str) -> PortableError:
    return PortableError(f"{path} är ingen exportfil från est arkiv export ({why}).", damaged=True)


def _open_zip(path: Path) -> zipfile.ZipFile:
    if not path.exists():
        raise PortableError(f"Filen {path} finns inte.")
    if not path.is_file():
        raise PortableError(f"{path} är ingen fil.")
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _not_export(path, "inte en zip-fil, eller en skadad zip-fil") from None
    except OSError as exc:
        raise PortableError(f"{path} kan inte läsas: {exc.strerror or exc}.") from None


def _read_manifest(zf: zipfile.ZipFile, path: Path) -> dict:
    try:
        info = zf.getinfo(MANIFEST_NAME)
    except KeyError:
        raise _not_export(path, f"{MANIFEST_NAME} saknas") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise _not_export(path, f"{MANIFEST_NAME} är för stor")
    try:
        manifest = json.loads(zf.read(info).decode("utf-8"))
    except (ValueError, *_READ_ERRORS):
        raise _not_export(path, f"{MANIFEST_NAME} går inte att läsa") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise _not_export(path, f"{MANIFEST_NAME} är inte från est")
    made_by = f"est {manifest.get('est_version', '?')}"
    format_version, version = manifest.get("format_version"), manifest.get("schema_version")
    if (
        not isinstance(format_version, int)
        or not isinstance(version, int)
        or not isinstance(manifest.get("tables"), dict)
    ):
        raise _not_export(path, f"{MANIFEST_NAME} saknar versioner eller tabeller")
    if format_version > FORMAT_VERSION:
        raise PortableError(
            f"{path} är gjord med en nyare version av est ({made_by}, filformat {format_version}; den här "
            f"est läser filformat {FORMAT_VERSION}). Uppdatera est och importera igen."
        )
    if version > t.SCHEMA_VERSION:
        raise PortableError(
            f"{path} kommer från ett arkiv med en nyare version av est ({made_by}, arkivversion {version}; den "
            f"här est har arkivversion {t.SCHEMA_VERSION}). Uppdatera est och importera igen."
        )
    return manifest


def _upgrade(version: int) -> Callable[[str, dict], dict]:
    steps = [ROW_UPGRADES[v] for v in range(version + 1, t.SCHEMA_VERSION + 1) if v in ROW_UPGRADES]

    def upgrade(table: str, row: dict) -> dict:
        for step in steps:
            row = step(table, row)
        return row

    return upgrade


def _plan(manifest: dict, path: Path) -> list[_Entry]:
    """The tables to insert, in dependency order, after checking their columns fit this est."""
    version = manifest["schema_version"]
    older = version < t.SCHEMA_VERSION
    upgrade = _upgrade(version)
    described = manifest["tables"]
    known = {table.name: table for table in data_tables()}
    unknown = sorted(set(described) - set(known))
    if unknown:
        raise _not_export(path, f"okänd tabell {', '.join(unknown)} för arkivversion {version}")
    missing = sorted(set(known) - set(described))
    if missing and not older:
        raise _not_export(path, f"tabellen {', '.join(missing)} saknas")
    entries: list[_Entry] = []
    for table in data_tables():
        if table.name not in described:
            continue  # an older version did not have this table yet
        d = described[table.name]
        try:
            entry = _Entry(
                table, str(d["file"]), [str(c) for c in d["columns"]], int(d["rows"]), int(d["bytes"]), str(d["sha256"])
            )
        except (KeyError, TypeError, ValueError):
            raise _not_export(path, f"uppgifterna om tabellen {table.name} är ofullständiga") from None
        columns = set(upgrade(table.name, dict.fromkeys(entry.columns)))
        extra = sorted(columns - set(table.columns.keys()))
        if extra:
            raise _cannot_fit(
                path,
                version,
                older,
                f"kolumnen {', '.join(extra)} i tabellen {table.name} finns inte i den här versionen av est",
            )
        for column in table.columns:
            if column.name in columns:
                continue
            fillable = column.nullable or column.default is not None or column.server_default is not None
            if not older or column.primary_key or not fillable:
                raise _cannot_fit(path, version, older, f"kolumnen {column.name} i tabellen {table.name} saknas")
        entry.decoders = {name: _decoder(table.columns[name]) for name in columns}
        entries.append(entry)
    return entries


def _cannot_fit(path: Path, version: int, older: bool, why: str) -> PortableError:
    if older:
        return PortableError(
            f"{path} kommer från arkivversion {version} och kan inte föras över till arkivversion "
            f"{t.SCHEMA_VERSION}: {why}. Importera den med en est av samma version och uppdatera sedan est."
        )
    return _not_export(path, why)


def _decoder(column) -> Callable:
    try:
        kind = column.type.python_type
    except NotImplementedError:  # pragma: no cover - every column type in tables.py has one
        return _same
    if kind is datetime:
        return _none_or(datetime.fromisoformat)
    if kind is date:
        return _none_or(date.fromisoformat)
    if kind is time:
        return _none_or(time.fromisoformat)
    return _same


def _same(value):
    return value


def _none_or(parse: Callable) -> Callable:
    return lambda value: None if value is None else parse(value)


def _verify(zf: zipfile.ZipFile, entry: _Entry, path: Path) -> None:
    """The table's file is there, with the manifest's size, row count and sha256 (nothing is kept)."""
    try:
        info = zf.getinfo(entry.member)
    except KeyError:
        raise _not_export(path, f"{entry.member} saknas") from None
    if info.file_size != entry.size:
        raise _damaged(path, entry)
    digest, rows, size = hashlib.sha256(), 0, 0
    try:
        with zf.open(info) as member:
            while chunk := member.read(READ_BYTES):
                size += len(chunk)
                if size > entry.size:
                    raise _damaged(path, entry)
                digest.update(chunk)
                rows += chunk.count(b"\n")
    except _READ_ERRORS:
        raise _damaged(path, entry) from None
    if (digest.hexdigest(), rows, size) != (entry.sha256, entry.rows, entry.size):
        raise _damaged(path, entry)


def _damaged(path: Path, entry: _Entry) -> PortableError:
    return PortableError(
        f"{path} är skadad eller ändrad: tabellen {entry.table.name} ({entry.member}) stämmer inte med "
        f"kontrollsumman i {MANIFEST_NAME}. Inget importerades.",
        damaged=True,
    )


def _require_empty(conn: Connection, url: str) -> None:
    counts = {table.name: _count(conn, table) for table in data_tables()}
    if any(counts.values()):
        held = ", ".join(f"{table_label(name)}: {counts[name]}" for name in table_order(counts) if counts[name])
        raise PortableError(
            f"Arkivet {shown_url(url)} är inte tomt ({held}). Importera till ett nytt, tomt arkiv: en ny "
            "arbetsyta (est init) eller --db med en ny adress."
        )


def _count(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _insert(conn: Connection, zf: zipfile.ZipFile, entry: _Entry, version: int, path: Path) -> None:
    """Insert the table's rows in chunks; links to the same table (reports.superseded_by) are set
    afterwards, since a report may point to one with a larger id that is not inserted yet."""
    table = entry.table
    self_links = [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]
    key = next(iter(table.primary_key.columns), None)
    links: list[dict] = []
    digest = hashlib.sha256()
    for chunk in _chunks(_rows(zf, entry, version, path, digest)):
        for row in chunk:
            if key is not None and self_links and any(row.get(name) is not None for name in self_links):
                links.append({"_key": row[key.name]} | {f"_{name}": row[name] for name in self_links})
                row.update(dict.fromkeys(self_links))
        conn.execute(table.insert(), chunk)
    if digest.hexdigest() != entry.sha256:  # the file changed on disk between the check and now
        raise _damaged(path, entry)
    if links and key is not None:
        update = (
            table.update().where(key == bindparam("_key")).values({name: bindparam(f"_{name}") for name in self_links})
        )
        conn.execute(update, links)


def _rows(zf: zipfile.ZipFile, entry: _Entry, version: int, path: Path, digest) -> Iterator[dict]:
    upgrade = _upgrade(version)
    try:
        with zf.open(entry.member) as member:
            for line in member:
                digest.update(line)
                record = upgrade(entry.table.name, json.loads(line))
                yield {name: decode(record.get(name)) for name, decode in entry.decoders.items()}
    except (*_READ_ERRORS, ValueError, TypeError, AttributeError):  # and rows that are not what est wrote
        raise _damaged(path, entry) from None


def _chunks(rows: Iterator[dict]) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
