"""Coordinates for the place register (issue 18), offline and under the municipality's control:

- `import_coordinates`: a CSV (plats, område, lat/lon in WGS 84 or n/e in SWEREF 99 TM) or a GeoJSON
  export (its `crs` naming EPSG:3006 means SWEREF 99 TM, none means WGS 84; each point feature's `plats`
  property names the place, `område` optional) written into `platser.csv` – a registered place (or one
  of its aliases) gets its coordinates, a new place a new row; the file is written back as Excel
  reads it, every other row and column as it was;
- `missing_coordinates`: the period's places with events but without coordinates, most events first –
  the ten that matter are placed first.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from est_cli.place_register import (
    AREA,
    EAST,
    LAT,
    LON,
    NORTH,
    PLACE,
    SWEREF99_TM,
    PlaceRegister,
    RegisterError,
    coordinates,
    parse_register,
)
from est_cli.text import fold


@dataclass
class Imported:
    updated: list[str] = field(default_factory=list)  # "Vivalla centrum (Vivalla)"
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why a feature or row was not taken
    notes: list[str] = field(default_factory=list)  # how a taken one was read ("mitten av ytan")


# A feature's name: `plats`, or what GIS exports call it.
NAME_PROPERTIES = ("plats", "platsnamn", "namn", "name", "benamning")
WGS84_CODES = ("4326", "CRS84")


def crs_of(data: dict) -> str | None:
    """The EPSG code a GeoJSON's `crs` member names ('EPSG:3006', 'urn:ogc:def:crs:EPSG::3013') as
    'EPSG:3006'; None for WGS 84 (no member, EPSG:4326 or OGC CRS84, RFC 7946's only system)."""
    name = str(((data.get("crs") or {}).get("properties") or {}).get("name", "")) if isinstance(data, dict) else ""
    if not name or any(name.upper().endswith(code) for code in WGS84_CODES):
        return None
    match = re.search(r"EPSG:+(\d+)$", name.strip(), re.IGNORECASE)
    if not match:
        raise RegisterError(
            f"Koordinatsystemet {name!r} i GeoJSON-filens crs känns inte igen (väntat t.ex. EPSG:3006)."
        )
    return f"EPSG:{match.group(1)}"


def _point(geometry: dict) -> tuple[tuple[float, float] | None, str]:
    """(x, y) of a feature: a Point; the middle of a line or a surface (the mean of its vertices), with
    a note saying so; None for what has no coordinates."""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    rings = {
        "Point": lambda c: [[c]],
        "MultiPoint": lambda c: [c[:1]],
        "LineString": lambda c: [c],
        "MultiLineString": lambda c: c,
        "Polygon": lambda c: c[:1],  # the exterior ring
        "MultiPolygon": lambda c: [polygon[0] for polygon in c if polygon],
    }
    if kind not in rings:
        return None, f"geometrin {kind} läses inte"
    if not coords:
        return None, f"geometrin saknar koordinater ({kind})"
    vertices = [v for ring in rings[kind](coords) for v in ring if isinstance(v, list | tuple) and len(v) >= 2]
    if not vertices:
        return None, f"geometrin saknar koordinater ({kind})"
    if kind in ("Polygon", "MultiPolygon") and len(vertices) > 1 and vertices[0] == vertices[-1]:
        vertices = vertices[:-1]  # a ring repeats its first vertex last
    x = sum(float(v[0]) for v in vertices) / len(vertices)
    y = sum(float(v[1]) for v in vertices) / len(vertices)
    note = "" if kind in ("Point", "MultiPoint") else ("mitten av linjen" if "Line" in kind else "mitten av ytan")
    return (x, y), note


def _read_geojson(
    path: Path, area: str | None, crs: str | None = None
) -> tuple[list[tuple[str, str, float, float]], list[str], list[str]]:
    """The named features of a GeoJSON export as (place, area, lat, lon), and why others were skipped.
    `crs`: the system when the file names none (else WGS 84)."""
    try:
        data = json.loads(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RegisterError(f"{path.name} är ingen läsbar GeoJSON-fil ({type(exc).__name__}).") from None
    system = crs_of(data) or crs
    points, skipped, notes = [], [], []
    for n, feature in enumerate(data.get("features", []) if isinstance(data, dict) else [], 1):
        props = {fold(str(k)): v for k, v in (feature.get("properties") or {}).items()}
        name = next((str(props[k]).strip() for k in NAME_PROPERTIES if str(props.get(k) or "").strip()), "")
        if not name:
            skipped.append(f"objekt {n}: egenskapen plats saknas")
            continue
        xy, note = _point(feature.get("geometry") or {})
        if xy is None:
            skipped.append(f"{name}: {note}")
            continue
        x, y = xy
        try:
            where, problem = (
                coordinates("", "", str(y), str(x), name, system)
                if system
                else coordinates(str(y), str(x), "", "", name)
            )
        except Exception as exc:  # noqa: BLE001 - pyproj: an EPSG code it does not know
            raise RegisterError(
                f"{path.name}: koordinatsystemet {system} går inte att räkna om ({type(exc).__name__})."
            ) from None
        if problem or where is None:
            skipped.append(problem or f"{name}: koordinaterna saknas")
            continue
        if note:
            notes.append(f"{name}: {note} används som platsens punkt")
        points.append((name, str(props.get("omrade") or area or "").strip(), *where))
    return points, skipped, notes


def _read_csv(
    path: Path, area: str | None, crs: str | None = None
) -> tuple[list[tuple[str, str, float, float]], list[str]]:
    """A CSV with plats (område) and lat/lon or n/e (in `crs`, else SWEREF 99 TM)."""
    data = path.read_bytes()
    if area:  # a file without an område column: the one given
        data = _with_area(data, area)
    register = parse_register(path, data, crs or SWEREF99_TM)
    points = [(p.name, p.area, p.lat, p.lon) for p in register.places if p.lat is not None and p.lon is not None]
    skipped = [f"{p.name}: koordinaterna saknas" for p in register.places if p.lat is None]
    return points, skipped


def _with_area(data: bytes, area: str) -> bytes:
    """The CSV with an område column holding `area` where it has none."""
    from est_cli.place_register import decode_text

    text = decode_text(Path("import.csv"), data)
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if text.count(";") >= text.count(",") else ","))
    if not rows or any(fold(c) in ("omrade", "omraden") for c in rows[0]):
        return data
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([[*rows[0], AREA], *([*r, area] for r in rows[1:])])
    return buffer.getvalue().encode("utf-8")


def import_coordinates(
    register: PlaceRegister, path: Path, area: str | None = None, crs: str | None = None
) -> Imported:
    """Write the coordinates of `path` (CSV or GeoJSON) into the register's file. `crs` ('EPSG:3013'): the
    system of n/e (CSV) or of a GeoJSON without a `crs` member."""
    if crs is not None:
        crs = checked_crs(crs)
    notes: list[str] = []
    if path.suffix.lower() in (".geojson", ".json"):
        points, skipped, notes = _read_geojson(path, area, crs)
    else:
        points, skipped = _read_csv(path, area, crs)
    done = write_coordinates(register, points, skipped)
    done.notes = notes
    return done


def checked_crs(crs: str) -> str:
    """'3013', 'epsg:3013', 'EPSG:3013' → 'EPSG:3013'; RegisterError for a system pyproj does not know."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    code = f"EPSG:{crs.strip()}" if crs.strip().isdigit() else crs.strip().upper()
    try:
        CRS.from_user_input(code)
    except CRSError:
        raise RegisterError(
            f"Koordinatsystemet {crs!r} känns inte igen; ange en EPSG-kod, t.ex. EPSG:3006 (SWEREF 99 TM), "
            "EPSG:3013 (SWEREF 99 15 00) eller EPSG:3021 (RT 90)."
        ) from None
    return code


def write_coordinates(
    register: PlaceRegister, points: list[tuple[str, str, float, float]], skipped: list[str] | None = None
) -> Imported:
    """Write (place, area, lat, lon) into the register's file – the one writer of coordinates (`est plats
    import`, `est plats geokoda --spara`): a registered place (or one of its aliases) gets them on its
    row, a new place a new row; every other row and column as it was. RegisterError (nothing written)
    when the result would not be a valid register."""
    from est_cli.outputs.atomic import write_text
    from est_cli.outputs.excel_csv import excel_cell

    header = list(register.header) or [PLACE, "alias", AREA]
    columns = dict(register.columns) or {PLACE: 0, "alias": 1, AREA: 2}
    for column in (LAT, LON):
        if column not in columns:
            header.append(column)
            columns[column] = len(header) - 1
    rows = [list(r) + [""] * (len(header) - len(r)) for r in register.rows]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    done = Imported(skipped=list(skipped or []))
    for name, place_area, lat, lon in points:
        if not place_area:
            done.skipped.append(f"{name}: området saknas (ange --område)")
            continue
        area_key = fold(place_area)
        place = register.place(area_key, register.key(area_key, name))
        if place is not None:
            index = place.row - register.first_row
            done.updated.append(f"{place.name} ({place.area})")
        else:
            index = len(rows)
            rows.append([""] * len(header))
            rows[index][columns[PLACE]] = excel_cell(name)
            rows[index][columns[AREA]] = excel_cell(place_area)
            done.added.append(f"{name} ({place_area})")
        rows[index][columns[LAT]] = f"{lat:.6f}".replace(".", ",")
        rows[index][columns[LON]] = f"{lon:.6f}".replace(".", ",")
        for column in (NORTH, EAST):  # the new point replaces an old one in SWEREF 99 TM on the row
            if column in columns:
                rows[index][columns[column]] = ""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=register.delimiter, lineterminator="\r\n").writerows([header, *rows])
    text = buffer.getvalue()
    parse_register(register.path, text.encode("utf-8"))  # never write a register that cannot be read
    write_text(register.path, text, bom=True)
    return done


def missing_coordinates(overview, register: PlaceRegister) -> list:
    """The overview's places (est_cli.place_overview) without coordinates, most events first."""
    missing = []
    for place in overview.places:
        registered = register.place(place.area_key, place.key)
        if registered is None or registered.lat is None:
            missing.append(place)
    return sorted(missing, key=lambda p: (-p.events, fold(p.area), fold(p.name)))


__all__ = ["Imported", "import_coordinates", "missing_coordinates", "write_coordinates"]
