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
from dataclasses import dataclass, field
from pathlib import Path

from est_cli.place_register import (
    AREA,
    EAST,
    LAT,
    LON,
    NORTH,
    PLACE,
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


def _read_geojson(path: Path, area: str | None) -> tuple[list[tuple[str, str, float, float]], list[str]]:
    try:
        data = json.loads(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RegisterError(f"{path.name} är ingen läsbar GeoJSON-fil ({type(exc).__name__}).") from None
    crs = str(((data.get("crs") or {}).get("properties") or {}).get("name", "")) if isinstance(data, dict) else ""
    sweref = "3006" in crs
    points, skipped = [], []
    for n, feature in enumerate(data.get("features", []) if isinstance(data, dict) else [], 1):
        props = {fold(str(k)): v for k, v in (feature.get("properties") or {}).items()}
        name = str(props.get("plats") or props.get("namn") or "").strip()
        geometry = feature.get("geometry") or {}
        if not name:
            skipped.append(f"objekt {n}: egenskapen plats saknas")
            continue
        if geometry.get("type") != "Point":
            skipped.append(f"{name}: bara punkter läses (inte {geometry.get('type')})")
            continue
        x, y = geometry["coordinates"][:2]
        where, problem = (
            coordinates("", "", str(y), str(x), name) if sweref else coordinates(str(y), str(x), "", "", name)
        )
        if problem or where is None:
            skipped.append(problem or f"{name}: koordinaterna saknas")
            continue
        points.append((name, str(props.get("omrade") or area or "").strip(), *where))
    return points, skipped


def _read_csv(path: Path, area: str | None) -> tuple[list[tuple[str, str, float, float]], list[str]]:
    data = path.read_bytes()
    if area:  # a file without an område column: the one given
        register = parse_register(path, _with_area(data, area))
    else:
        register = parse_register(path, data)
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


def import_coordinates(register: PlaceRegister, path: Path, area: str | None = None) -> Imported:
    """Write the coordinates of `path` (CSV or GeoJSON) into the register's file."""
    if path.suffix.lower() in (".geojson", ".json"):
        points, skipped = _read_geojson(path, area)
    else:
        points, skipped = _read_csv(path, area)
    return write_coordinates(register, points, skipped)


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
