"""The workspace's place register, `platser.csv` beside est.toml: each place of an area once, with the
other ways reporters write it (`alias`, several separated by ";").

A coordinator keeps the file in Excel, so it is read as Excel saves it – semicolons and Windows
encoding (cp1252), or UTF-8 with or without a byte-order mark, commas or tabs – with the column names
in any case or spacing; columns est does not know (later: coordinates) are kept and written back as
they were. A reported place written as any of a place's aliases (by `places.place_key`: word order,
punctuation, case and small words do not matter) is that place in its area: one event, one hot spot.

Example (as Excel shows it):

    plats;alias;område
    Gångtunneln vid Bettorpsgatan;Bettorpsgatan tunneln; Tunneln Bettorpsg.;Vivalla
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from est_cli.errors import EstError
from est_cli.places import place_key
from est_cli.text import FORMULA_START, fold

REGISTER_FILE = "platser.csv"
PLACE, ALIAS, AREA = "plats", "alias", "område"
# Coordinates (issue 18): WGS 84 (lat, lon) or SWEREF 99 TM (n, e, what Swedish municipal GIS exports).
LAT, LON, NORTH, EAST = "lat", "lon", "n", "e"
SWEREF99_TM = "EPSG:3006"  # what n/e mean unless told otherwise (est plats import --crs)
# Sweden, with a margin: a coordinate outside is a typing error or another reference system.
SWEDEN = (54.5, 69.5, 10.0, 24.5)
# A column named in any of these ways (folded: case, accents and spacing ignored) is that column.
_COLUMN_NAMES = {
    "plats": PLACE,
    "platser": PLACE,
    "platsnamn": PLACE,
    "alias": ALIAS,
    "aliaser": ALIAS,
    "andra namn": ALIAS,
    "stavningar": ALIAS,
    "omrade": AREA,
    "omraden": AREA,
    "lat": LAT,
    "latitud": LAT,
    "lon": LON,
    "lng": LON,
    "longitud": LON,
    "n": NORTH,
    "northing": NORTH,
    "nord": NORTH,
    "e": EAST,
    "easting": EAST,
    "ost": EAST,
    # A GIS export's X and Y (QGIS: X = east, Y = north; Swedish geodesy: the other way round): which is
    # which is read from the numbers – in Sweden the north coordinate is always the larger.
    "x": "x",
    "y": "y",
}
ALIAS_SEPARATOR = ";"
_MAX_PROBLEMS = 8  # shown in the message; the rest are counted


class RegisterError(EstError):
    """platser.csv cannot be used; the Swedish message names the file and each row at fault."""


@dataclass(frozen=True)
class RegisteredPlace:
    """One row of the register: a place of one area, as the coordinator spells it."""

    name: str
    area: str
    aliases: tuple[str, ...]
    row: int  # the row in the file as Excel numbers it (the header is row 1)
    lat: float | None = None  # WGS 84, also when the file gives SWEREF 99 TM (n, e)
    lon: float | None = None

    @property
    def area_key(self) -> str:
        return fold(self.area)

    @property
    def key(self) -> str:
        return place_key(self.name)


@dataclass
class PlaceRegister:
    """The register as read: its places and the file's own shape (for writing it back unchanged)."""

    path: Path
    places: list[RegisteredPlace] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # every row after the header, as read
    delimiter: str = ";"
    columns: dict[str, int] = field(default_factory=dict)  # plats/alias/område → index
    exists: bool = False
    first_row: int = 2  # the row number of rows[0]

    def __post_init__(self) -> None:
        self._named = {(p.area_key, p.key): p for p in self.places}
        self._alias = {(p.area_key, place_key(a)): p.key for p in self.places for a in p.aliases}

    def resolve(self, area_key: str, key: str) -> str:
        """A place key as est counts it in the area: the registered place's key for an alias."""
        return self._alias.get((area_key, key), key)

    def key(self, area_key: str, place: str | None) -> str:
        """A place as written → the key est counts it by in the area ('' for no place).

        >>> register.key("vivalla", "Bettorpsgatan tunneln")  # an alias of "Gångtunneln vid Bettorpsgatan"
        'bettorpsgatan gångtunneln'
        """
        return self.resolve(area_key, place_key(place))

    def place(self, area_key: str, key: str) -> RegisteredPlace | None:
        """The registered place a (resolved) key is, or None."""
        return self._named.get((area_key, key))

    def fingerprint(self) -> str:
        """What the register changes in the archive's place keys, as a hash: the same for a file saved
        again in another encoding, with other columns or a place without aliases added."""
        pairs = sorted([area, alias, key] for (area, alias), key in self._alias.items() if alias != key)
        return hashlib.sha256(json.dumps(["platser-1", pairs], ensure_ascii=False).encode("utf-8")).hexdigest()


def load_register(root: Path) -> PlaceRegister:
    """The register of the workspace at `root` (empty when it has no platser.csv); RegisterError when
    the file cannot be used."""
    path = Path(root) / REGISTER_FILE
    if not path.is_file():
        return PlaceRegister(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"{path} kan inte läsas: {exc.strerror or exc}.") from None
    return parse_register(path, data)


def parse_register(path: Path, data: bytes, crs: str = SWEREF99_TM) -> PlaceRegister:
    """The register in `data` (the bytes of `path`); RegisterError naming every row at fault. `crs`: the
    system of the n/e columns (a file being imported: est plats import --crs)."""
    text = _decode(path, data)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return PlaceRegister(path, exists=True)
    delimiter = _delimiter(lines[0])
    # Kept as read: written back unchanged by `add_aliases`; cleaned (`_cell`) where est reads them.
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    start = next(n for n, row in enumerate(records) if any(c.strip() for c in row))
    header, body = records[start], records[start + 1 :]
    columns, problems = _columns(path, [_cell(c) for c in header], start + 1)
    if problems:
        raise RegisterError(problems[0])
    places, problems = _places(body, columns, start + 2, crs)
    if problems:
        raise RegisterError(_problem_message(path, sorted(problems, key=_row_number)))
    return PlaceRegister(path, places, header, body, delimiter, columns, exists=True, first_row=start + 2)


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RegisterError(
            f"{path} är en Excel-arbetsbok, inte en CSV-fil. Spara den i Excel med Spara som → "
            "CSV (semikolonavgränsad) och behåll namnet platser.csv."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode-text"
        return data.decode("utf-16")
    if b"\x00" in data:
        raise RegisterError(f"{path} är ingen textfil. Spara platsregistret som CSV från Excel.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Excel on Windows writes as "CSV (semikolonavgränsad)"
    except UnicodeDecodeError as exc:
        raise RegisterError(
            f"{path} går inte att läsa: tecknet på plats {exc.start + 1} i filen är varken UTF-8 eller "
            "Windows-kodning. Spara filen som CSV UTF-8 (eller CSV semikolonavgränsad) i Excel."
        ) from None


def decode_text(path: Path, data: bytes) -> str:
    """A CSV's bytes as text, read as Excel may have saved them (UTF-8 with or without BOM, UTF-16, cp1252)."""
    return _decode(path, data)


def _delimiter(first_line: str) -> str:
    """The delimiter that makes the header line name the most known columns (then: the most cells)."""

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return sum(fold(c) in _COLUMN_NAMES for c in cells), len(cells)

    return max((";", ",", "\t"), key=score)


def _cell(value: str) -> str:
    text = " ".join(value.replace("\u00a0", " ").split())
    # A value written "'=…" so that Excel never takes it for a formula is the text after the quote.
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_START else text


def _columns(path: Path, header: list[str], row: int) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        column = _COLUMN_NAMES.get(fold(name))
        if column is None:
            continue  # another column (e.g. coordinates): kept as it is
        if column in columns:
            return {}, [
                f"{path}, rad {row}: kolumnen {column} finns två gånger ({header[columns[column]]!r} och {name!r})."
            ]
        columns[column] = index
    for column in (PLACE, AREA):
        if column not in columns:
            shown = ", ".join(repr(h) for h in header if h) or "inga"
            return {}, [
                f"{path}, rad {row}: kolumnen {column} saknas (rubrikerna är {shown}). Första raden ska ha "
                "rubrikerna plats, alias och område."
            ]
    return columns, []


def _places(
    body: list[list[str]], columns: dict[str, int], first_row: int, crs: str = SWEREF99_TM
) -> tuple[list[RegisteredPlace], list[str]]:
    """The places of the rows, and every problem with them ('rad N: …')."""

    def value(row: list[str], column: str) -> str:
        index = columns.get(column)
        return _cell(row[index]) if index is not None and index < len(row) else ""

    places: list[RegisteredPlace] = []
    problems: list[str] = []
    named: dict[tuple[str, str], RegisteredPlace] = {}
    for n, row in enumerate(body, start=first_row):
        if not any(c.strip() for c in row):
            continue
        name, area = value(row, PLACE), value(row, AREA)
        aliases = tuple(a.strip() for a in value(row, ALIAS).split(ALIAS_SEPARATOR) if a.strip())
        if not name:
            problems.append(f"rad {n}: kolumnen plats är tom" + (f" (alias {', '.join(aliases)})." if aliases else "."))
            continue
        if not place_key(name):
            problems.append(f"rad {n}: {name!r} är inget platsnamn.")
            continue
        if not area:
            problems.append(f"rad {n}: området saknas för {name!r}; en plats hör till ett område.")
            continue
        lat, lon, north, east = value(row, LAT), value(row, LON), value(row, NORTH), value(row, EAST)
        if not (lat or lon or north or east):
            lat, lon, north, east = _from_xy(value(row, "x"), value(row, "y"))
        where, problem = coordinates(lat, lon, north, east, f"rad {n}: {name!r}", crs)
        if problem:
            problems.append(problem)
            continue
        place = RegisteredPlace(name, area, aliases, n, *(where or (None, None)))
        earlier = named.get((place.area_key, place.key))
        if earlier is not None:
            problems.append(
                f"rad {n}: {name!r} i {area} står redan på rad {earlier.row} ({earlier.name!r}); "
                "ordföljd, skiljetecken och småord som ”vid” gör ingen annan plats."
            )
            continue
        named[(place.area_key, place.key)] = place
        places.append(place)
    problems.extend(_alias_problems(places, named))
    return places, problems


def _from_xy(x: str, y: str) -> tuple[str, str, str, str]:
    """(lat, lon, n, e) from X and Y in either order: the larger number is the north one (degrees:
    latitude 55–69 against longitude 10–24; metres: northing ~6–7,7 million against easting), numbers
    under 100 are degrees."""
    a, b = _number(x), _number(y)
    if a is None or b is None:
        return "", "", y, x  # as QGIS writes them; coordinates() names what is wrong
    high, low = (x, y) if a >= b else (y, x)
    return (high, low, "", "") if max(a, b) < 100 else ("", "", high, low)


def _number(text: str) -> float | None:
    """'59,2741' / '59.2741' / '6 574 321' → the number; None for text that is none."""
    try:
        return float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        return None


@lru_cache(maxsize=4)
def transformer(source: str, target: str):
    """A pyproj Transformer (x, y order), made once: making one costs ~3 ms, using it microseconds."""
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)


def sweref_to_wgs84(north: float, east: float, crs: str = SWEREF99_TM) -> tuple[float, float]:
    """SWEREF 99 TM (EPSG:3006) – or another projected system, e.g. a local SWEREF 99 zone (EPSG:3007–
    3018) or RT 90 (EPSG:3021) – → WGS 84 (lat, lon), with pyproj (PROJ), not by hand."""
    lon, lat = transformer(crs, "EPSG:4326").transform(east, north)
    return lat, lon


def in_sweden(lat: float, lon: float) -> bool:
    """Whether a WGS 84 point lies in Sweden (with a margin: `SWEDEN`)."""
    south, north, west, east = SWEDEN
    return south <= lat <= north and west <= lon <= east


def coordinates(
    lat: str, lon: str, north: str, east: str, where: str, crs: str = SWEREF99_TM
) -> tuple[tuple[float, float] | None, str]:
    """(lat, lon) from the register's cells – WGS 84, else n/e in `crs` (SWEREF 99 TM) – or None; and a
    problem."""
    if lat or lon:
        pair, names = (_number(lat), _number(lon)), "lat och lon"
    elif north or east:
        pair, names = (_number(north), _number(east)), "n och e"
    else:
        return None, ""
    if pair[0] is None or pair[1] is None:
        return None, f"{where}: {names} ska båda vara tal (t.ex. 59,2741 och 15,2066)."
    point = sweref_to_wgs84(pair[0], pair[1], crs) if names == "n och e" else (pair[0], pair[1])
    if not in_sweden(*point):
        system = "SWEREF 99 TM" if crs == SWEREF99_TM else crs
        return None, (
            f"{where}: koordinaterna ({names}) ligger inte i Sverige; kontrollera siffrorna och att lat/lon är "
            f"WGS 84 och n/e {system} (ett annat system läses med est plats import FIL --crs EPSG:…)."
        )
    return (round(point[0], 6), round(point[1], 6)), ""


def _alias_problems(places: list[RegisteredPlace], named: dict[tuple[str, str], RegisteredPlace]) -> list[str]:
    """An alias that is another place's name, or an alias of two places in one area."""
    problems: list[str] = []
    owner: dict[tuple[str, str], RegisteredPlace] = {}
    for place in places:
        for alias in place.aliases:
            where = (place.area_key, place_key(alias))
            if not where[1] or where[1] == place.key:
                continue
            other = named.get(where)
            if other is not None:
                problems.append(
                    f"rad {place.row}: aliaset {alias!r} är platsen {other.name!r} på rad {other.row}; "
                    "ta bort aliaset eller raden."
                )
                continue
            first = owner.setdefault(where, place)
            if first is not place:
                problems.append(
                    f"rad {place.row}: aliaset {alias!r} står redan för {first.name!r} på rad {first.row}; "
                    f"ett alias hör till en plats i {place.area}."
                )
    return problems


def _row_number(problem: str) -> int:
    return int(problem.split(":")[0].removeprefix("rad "))


def _problem_message(path: Path, problems: list[str]) -> str:
    shown = problems[:_MAX_PROBLEMS]
    more = len(problems) - len(shown)
    lines = [f"{path} kan inte användas – rätta raderna och kör kommandot igen:", *shown]
    if more:
        lines.append(f"… och {more} fel till.")
    return "\n".join(lines)


# ------------------------------------------------------------------ writing (`est plats samma`)


@dataclass
class RegisterEdit:
    """What `add_aliases` wrote: the place's row, its name, the aliases added and whether the row or
    the file is new."""

    row: int
    place: str
    area: str
    added: list[str]
    new_row: bool
    new_file: bool


def add_aliases(register: PlaceRegister, target: str, spellings: list[str], area: str) -> RegisterEdit:
    """Register `spellings` as aliases of the place `target` in `area` – on its row when it is
    registered, else on a new row – and write the file back: UTF-8 with a byte-order mark (so Excel
    reads å, ä, ö), its own delimiter (a new file: semicolons, as Swedish Excel expects), every other row
    and column as it was. RegisterError (nothing written) when the result would not be a valid register."""
    from est_cli.outputs.atomic import write_text
    from est_cli.outputs.excel_csv import excel_cell

    header = list(register.header) or [PLACE, ALIAS, AREA]
    columns = dict(register.columns) or {PLACE: 0, ALIAS: 1, AREA: 2}
    if ALIAS not in columns:
        header.append(ALIAS)
        columns[ALIAS] = len(header) - 1
    rows = [list(row) for row in register.rows]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    area_key = fold(area)
    place = register.place(area_key, register.key(area_key, target))
    if place is not None:
        index, name, area, aliases = place.row - register.first_row, place.name, place.area, list(place.aliases)
    else:
        index, name, aliases = len(rows), target, []
        rows.append([""] * len(header))
        rows[index][columns[PLACE]] = excel_cell(name)
        rows[index][columns[AREA]] = excel_cell(area)
    known = {place_key(name), *(place_key(a) for a in aliases)}
    added = [s for s in dict.fromkeys(" ".join(s.split()) for s in spellings) if place_key(s) not in known]
    row = rows[index] + [""] * (len(header) - len(rows[index]))
    row[columns[ALIAS]] = excel_cell(f"{ALIAS_SEPARATOR} ".join([*aliases, *added]))
    rows[index] = row
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=register.delimiter, lineterminator="\r\n")
    writer.writerows([header, *rows])
    text = buffer.getvalue()
    parse_register(register.path, text.encode("utf-8"))  # never write a register that cannot be read
    write_text(register.path, text, bom=True)
    return RegisterEdit(register.first_row + index, name, area, added, place is None, not register.exists)


__all__ = [
    "ALIAS",
    "ALIAS_SEPARATOR",
    "LAT",
    "LON",
    "SWEDEN",
    "coordinates",
    "decode_text",
    "in_sweden",
    "sweref_to_wgs84",
    "transformer",
    "AREA",
    "PLACE",
    "REGISTER_FILE",
    "PlaceRegister",
    "RegisterEdit",
    "RegisterError",
    "RegisteredPlace",
    "add_aliases",
    "load_register",
    "parse_register",
]
