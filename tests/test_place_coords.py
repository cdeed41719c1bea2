"""Coordinates in the place register (issue 18, part 1): WGS 84 or SWEREF 99 TM (converted with pyproj),
read from platser.csv, imported from a CSV or a GeoJSON export, and the places still without them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from est_cli.place_coords import import_coordinates
from est_cli.place_register import RegisterError, load_register, parse_register, sweref_to_wgs84

from helpers import run_est

# Örebro, Vivalla centrum: SWEREF 99 TM and the same point in WGS 84 (PROJ's answer, six decimals).
N, E = 6574400.0, 510900.0


def test_sweref_and_wgs84_give_the_same_point(tmp_path):
    lat, lon = sweref_to_wgs84(N, E)
    assert (round(lat, 4), round(lon, 4)) == (59.3083, 15.1914)
    text = (
        "plats;alias;område;lat;lon;n;e\r\n"
        f"Vivalla centrum;;Vivalla;;;{N:.0f};{E:.0f}\r\n"
        f"Vivalla centrum;;Baronbackarna;{str(round(lat, 6)).replace('.', ',')};{str(round(lon, 6)).replace('.', ',')};;\r\n"
    )
    register = parse_register(tmp_path / "platser.csv", text.encode("cp1252"))
    a, b = register.places
    assert (a.lat, a.lon) == (b.lat, b.lon) == (round(lat, 6), round(lon, 6))


def test_a_coordinate_outside_sweden_is_named_by_its_row(tmp_path):
    text = "plats;område;lat;lon\r\nTorget;Vivalla;15,2;59,3\r\nParken;Vivalla;59,3;\r\n"
    with pytest.raises(RegisterError) as caught:
        parse_register(tmp_path / "platser.csv", text.encode("utf-8"))
    message = caught.value.message
    assert "rad 2: 'Torget': koordinaterna (lat och lon) ligger inte i Sverige" in message
    assert "rad 3: 'Parken': lat och lon ska båda vara tal" in message


def geojson(path: Path, crs: str | None, points: list[tuple[str, str | None, float, float]]) -> Path:
    data: dict = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"plats": name, **({"område": area} if area else {})},
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
            for name, area, x, y in points
        ]
        + [{"type": "Feature", "properties": {"plats": "Vivalla"}, "geometry": {"type": "Polygon", "coordinates": []}}],
    }
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_import_geojson_in_sweref_or_wgs84_into_the_register(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "platser.csv").write_bytes(
        "Plats;Alias;Område\r\nGångtunneln vid Bettorpsgatan;Bettorpsgatan tunneln;Baronbackarna\r\n".encode("cp1252")
    )
    sweref = geojson(
        tmp_path / "gis.geojson",
        "urn:ogc:def:crs:EPSG::3006",
        [("Bettorpsgatan tunneln", "Baronbackarna", E, N), ("Vivalla centrum", None, E, N)],
    )
    done = import_coordinates(load_register(ws), sweref, area="Vivalla")
    assert done.updated == ["Gångtunneln vid Bettorpsgatan (Baronbackarna)"]  # found by its alias
    assert done.added == ["Vivalla centrum (Vivalla)"]
    assert done.skipped == ["Vivalla: geometrin saknar koordinater (Polygon)"]
    raw = (ws / "platser.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads å, ä, ö
    register = load_register(ws)
    tunnel, centre = register.places
    assert tunnel.aliases == ("Bettorpsgatan tunneln",) and (tunnel.lat, tunnel.lon) == (centre.lat, centre.lon)
    lat, lon = centre.lat, centre.lon
    # The same point in WGS 84 (no crs member) gives the same coordinates.
    wgs = geojson(tmp_path / "wgs.geojson", None, [("Vivalla centrum", "Vivalla", lon, lat)])
    assert import_coordinates(load_register(ws), wgs).updated == ["Vivalla centrum (Vivalla)"]
    assert (load_register(ws).places[1].lat, load_register(ws).places[1].lon) == (lat, lon)


def test_import_an_excel_csv_with_n_and_e(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    source = tmp_path / "gis.csv"
    source.write_bytes(f"Plats;N;E\r\nVivallaskolan;{N:.0f};{E:.0f}\r\n".encode("cp1252"))
    done = import_coordinates(load_register(ws), source, area="Vivalla")
    assert done.added == ["Vivallaskolan (Vivalla)"]
    (school,) = load_register(ws).places
    assert (round(school.lat, 4), round(school.lon, 4)) == (59.3083, 15.1914)


def test_plats_saknar_lists_places_without_coordinates_most_events_first(demo_ws):
    before = json.loads(run_est("plats", "saknar", "--json", cwd=demo_ws).stdout)["platser"]
    assert before[0] == {
        "plats": "Baronbackarna torg",
        "område": "Baronbackarna",
        "händelser": 16,  # problem events, as on the map (not the Arrangemang there)
        "registrerad": False,
    }
    assert [p["händelser"] for p in before] == sorted((p["händelser"] for p in before), reverse=True)
    gis = geojson(demo_ws / "gis.geojson", "EPSG:3006", [("Baronbackarna torg", "Baronbackarna", E - 4000, N - 2000)])
    done = run_est("plats", "import", str(gis), cwd=demo_ws)
    assert done.returncode == 0 and "1 nya platser" in done.stderr
    after = json.loads(run_est("plats", "saknar", "--json", cwd=demo_ws).stdout)["platser"]
    assert "Baronbackarna torg" not in [p["plats"] for p in after] and len(after) == len(before) - 1


def test_karta_is_one_self_contained_html_file_and_its_geojson(demo_ws):
    """est karta: the map library inside the file (no script from the network), a marker per place with
    coordinates (SWEREF 99 TM and WGS 84 the same point), the drawn points as GeoJSON; the extern
    variant leaves out places with fewer than N events."""
    lat, lon = sweref_to_wgs84(N, E)
    gis = geojson(
        demo_ws / "gis.geojson",
        "EPSG:3006",
        [("Vivalla centrum", "Vivalla", E, N), ("Lertagsgatan", "Vivalla", E - 400, N + 300)],
    )
    assert run_est("plats", "import", str(gis), cwd=demo_ws).returncode == 0
    done = run_est("karta", "-o", "karta.html", "--geojson", "karta.geojson", cwd=demo_ws)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stderr.split())
    assert "2 platser med 19 händelser" in said and "saknar koordinater och syns inte: est plats saknar" in said
    html = (demo_ws / "karta.html").read_text("utf-8")
    assert "<script src" not in html and "Bokeh" in html  # the library inline: opens from disk and e-mail
    assert "tile.openstreetmap.org/{Z}/{X}/{Y}.png" in html  # the background only, loaded by the browser
    assert "Vivalla centrum" in html and "Lertagsgatan" in html
    points = json.loads((demo_ws / "karta.geojson").read_text("utf-8"))["features"]
    centre = next(f for f in points if f["properties"]["plats"] == "Vivalla centrum")
    assert centre["geometry"]["coordinates"] == [round(lon, 6), round(lat, 6)]
    assert centre["properties"]["händelser"] == 11 and centre["properties"]["veckor"] == ["2026-W47"]
    assert sum(centre["properties"]["kategorier"].values()) == 11
    assert "Arrangemang" not in centre["properties"]["kategorier"]  # context, not a problem: never on the map
    # Extern: only places with at least three events (est.toml [karta] minsta_antal, default 3).
    extern = run_est("karta", "--variant", "extern", "-o", "extern.html", "--geojson", "extern.geojson", cwd=demo_ws)
    assert extern.returncode == 0, extern.stderr
    shown = json.loads((demo_ws / "extern.geojson").read_text("utf-8"))["features"]
    assert all(f["properties"]["händelser"] >= 3 for f in shown)
    again = run_est("karta", "-o", "karta.html", cwd=demo_ws)
    assert again.returncode == 2 and "--force" in again.stderr  # an existing file is not replaced


def test_karta_draws_the_area_outlines_named_in_est_toml(demo_ws):
    square = [[E - 900, N - 900], [E + 900, N - 900], [E + 900, N + 900], [E - 900, N + 900], [E - 900, N - 900]]
    outlines = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"område": "Vivalla"},
                "geometry": {"type": "Polygon", "coordinates": [square]},
            }
        ],
    }
    (demo_ws / "omraden.geojson").write_text(json.dumps(outlines), "utf-8")
    config = demo_ws / "est.toml"
    config.write_text(config.read_text("utf-8") + '\n[karta]\nomraden = "omraden.geojson"\n', "utf-8")
    done = run_est("karta", "-o", "karta.html", cwd=demo_ws)
    assert done.returncode == 0, done.stderr
    html = (demo_ws / "karta.html").read_text("utf-8")
    assert '"Patches"' in html and "Vivalla" in html  # the outline is drawn, with its name
    from est_cli.karta import area_outlines

    ((name, (ring,)),) = area_outlines(demo_ws / "omraden.geojson")
    assert name == "Vivalla" and len(ring) == 5
    lat, lon = sweref_to_wgs84(N - 900, E - 900)
    assert ring[0] == (lat, lon)  # SWEREF 99 TM corners in WGS 84
    (demo_ws / "omraden.geojson").write_text("inte json", "utf-8")
    broken = run_est("karta", "-o", "k2.html", cwd=demo_ws)
    assert broken.returncode == 2 and "est.toml [karta] omraden" in " ".join(broken.stderr.split())


def test_the_analysis_names_the_places_that_keep_coming_back(tmp_path):
    """A place with events in many of the period's weeks is a candidate for a fördjupad EST (issue 18)."""
    ws = tmp_path / "EST"
    assert run_est("init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla").returncode == 0
    rising = {40: 1, 41: 1, 42: 3, 43: 3, 44: 4}  # Lertagsgatan: more and more
    for week in range(40, 45):
        rows = f"Skadegörelse;{rising[week]};Lertagsgatan\r\n" + ("Brand;1;Torget\r\n" if week == 41 else "")
        (ws / "inkorg" / f"v{week}.csv").write_bytes(
            (
                f"Vecka;2026-W{week}\r\nOmråde;Vivalla\r\nOrganisation;Polis\r\nRapportör;Områdespolis\r\n\r\n"
                "Punkt;Antal;Plats\r\n" + rows
            ).encode("cp1252")
        )
    assert run_est("merge", cwd=ws).returncode == 0
    assert run_est("render", "--quarter", "2026-Q4", cwd=ws).returncode == 0
    import docx

    lines = [p.text for p in docx.Document(str(ws / "utkast" / "2026-Q4" / "kvartalsanalys-2026-Q4.docx")).paragraphs]
    at = lines.index("Återkommande platser – kandidater för en fördjupad EST")
    # The trend compares the halves of the weeks Vivalla reported in (v.40–41: 1 a week, v.42–44: 3,3).
    assert lines[at + 1] == (
        "Lertagsgatan (Vivalla): 5 av 14 veckor, 12 händelser – skadegörelse 12; ökande: 2 under v.40–41, "
        "10 under v.42–44"
    )
    assert not any(line.startswith("Torget") for line in lines)  # one week only: not recurring


def test_plats_list_marks_the_places_that_keep_coming_back(tmp_path):
    ws = tmp_path / "EST"
    assert run_est("init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla").returncode == 0
    for week in range(40, 45):
        (ws / "inkorg" / f"v{week}.csv").write_bytes(
            (
                f"Vecka;2026-W{week}\r\nOmråde;Vivalla\r\nOrganisation;Polis\r\nRapportör;Områdespolis\r\n\r\n"
                "Punkt;Antal;Plats\r\nSkadegörelse;2;Lertagsgatan\r\n" + ("Brand;1;Torget\r\n" if week == 41 else "")
            ).encode("cp1252")
        )
    assert run_est("merge", cwd=ws).returncode == 0
    listed = run_est("plats", "list", "--quarter", "2026-Q4", cwd=ws, columns=100)
    row = next(line for line in listed.stdout.splitlines() if line.startswith("Lertagsgatan"))
    said = " ".join(listed.stdout.split())
    assert "5 ↺" in row and "↺ återkommande (problemhändelser 4 veckor eller fler av 14)" in said
    # The same lines as the kvartalsanalys: weeks, categories and the trend.
    assert (
        "Återkommande platser – kandidater för en fördjupad EST: • Lertagsgatan (Vivalla): 5 av 14 veckor, "
        "10 händelser – skadegörelse 10; jämn: 4 under v.40–41, 6 under v.42–44" in said
    )
    assert "↺" not in next(line for line in listed.stdout.splitlines() if line.startswith("Torget"))
    data = json.loads(run_est("plats", "list", "--quarter", "2026-Q4", "--json", cwd=ws).stdout)
    place = next(p for p in data["platser"] if p["plats"] == "Lertagsgatan")
    assert place["veckolista"] == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]
    assert place["återkommande"] is True
    assert next(p for p in data["platser"] if p["plats"] == "Torget")["återkommande"] is False
    assert data["återkommande"] == [
        "Lertagsgatan (Vivalla): 5 av 14 veckor, 10 händelser – skadegörelse 10; jämn: 4 under v.40–41, 6 under v.42–44"
    ]


def test_the_intern_draft_has_a_static_map_per_area_with_coordinates(demo_ws):
    import zipfile

    import docx

    gis = geojson(
        demo_ws / "gis.geojson",
        "EPSG:3006",
        [("Vivalla centrum", "Vivalla", E, N), ("Lertagsgatan", "Vivalla", E - 400, N + 300)],
    )
    assert run_est("plats", "import", str(gis), cwd=demo_ws).returncode == 0
    assert run_est("render", "--force", cwd=demo_ws).returncode == 0
    path = demo_ws / "utkast" / "2026-W47" / "veckolagesbild-2026-W47.docx"
    lines = [p.text for p in docx.Document(str(path)).paragraphs]
    assert (
        "Vivalla: 35 händelser – 19 på kartan, 14 vid platser utan koordinater, 2 utan plats. "
        "Cirkelns storlek = antal händelser under veckan." in lines
    )
    with zipfile.ZipFile(path) as archive:  # two bar charts and Vivalla's map (Baronbackarna has no coordinates)
        assert len([n for n in archive.namelist() if n.startswith("word/media/")]) == 3
    assert run_est("render", "--variant", "extern", "--utkast", "--force", cwd=demo_ws).returncode == 0
    extern = demo_ws / "utkast" / "2026-W47" / "veckolagesbild-2026-W47-extern.docx"
    assert not any(
        line.startswith("Platser med koordinater") for line in (p.text for p in docx.Document(str(extern)).paragraphs)
    )


def test_an_import_replaces_an_old_sweref_point_on_the_row(tmp_path):
    """A row with n/e that gets a new point keeps one point: lat/lon written, the old n/e emptied."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "platser.csv").write_bytes(f"plats;område;n;e\r\nTorget;Vivalla;{N:.0f};{E:.0f}\r\n".encode("cp1252"))
    wgs = geojson(tmp_path / "wgs.geojson", None, [("Torget", "Vivalla", 15.2, 59.31)])
    assert import_coordinates(load_register(ws), wgs).updated == ["Torget (Vivalla)"]
    assert (ws / "platser.csv").read_text("utf-8-sig").splitlines() == [
        "plats;område;n;e;lat;lon",
        "Torget;Vivalla;;;59,310000;15,200000",
    ]
    (torget,) = load_register(ws).places
    assert (torget.lat, torget.lon) == (59.31, 15.2)


def test_import_a_local_sweref_zone_a_surface_and_gis_property_names(tmp_path):
    """A municipal GIS may export in its local SWEREF 99 zone (Örebro: SWEREF 99 15 00, EPSG:3013),
    name the place `namn` or `name`, and draw a park as a surface: its middle becomes the place's point."""
    from est_cli.place_register import transformer

    ws = tmp_path / "ws"
    ws.mkdir()
    lat, lon = sweref_to_wgs84(N, E)
    x, y = transformer("EPSG:4326", "EPSG:3013").transform(lon, lat)  # the same point in the local zone
    square = [[x - 50, y - 50], [x + 50, y - 50], [x + 50, y + 50], [x - 50, y + 50], [x - 50, y - 50]]
    data = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3013"}},
        "features": [
            {"type": "Feature", "properties": {"namn": "Torget"}, "geometry": {"type": "Point", "coordinates": [x, y]}},
            {
                "type": "Feature",
                "properties": {"name": "Parken"},
                "geometry": {"type": "Polygon", "coordinates": [square]},
            },
        ],
    }
    path = tmp_path / "gis.geojson"
    path.write_text(json.dumps(data), "utf-8")
    done = import_coordinates(load_register(ws), path, area="Vivalla")
    assert done.added == ["Torget (Vivalla)", "Parken (Vivalla)"]
    assert done.notes == ["Parken: mitten av ytan används som platsens punkt"] and done.skipped == []
    torget, parken = load_register(ws).places
    assert (torget.lat, torget.lon) == (parken.lat, parken.lon) == (round(lat, 6), round(lon, 6))
    # The same in a CSV with n/e in the local zone: --crs says which system.
    csv_path = tmp_path / "gis.csv"
    csv_path.write_bytes(f"Plats;N;E\r\nSkolan;{y:.2f};{x:.2f}\r\n".replace(".", ",").encode("cp1252"))
    assert import_coordinates(load_register(ws), csv_path, area="Vivalla", crs="3013").added == ["Skolan (Vivalla)"]
    skolan = load_register(ws).places[2]
    assert (skolan.lat, skolan.lon) == (round(lat, 6), round(lon, 6))
    # Read as SWEREF 99 TM (no --crs) the same numbers lie outside Sweden, and the message says what to do.
    with pytest.raises(RegisterError) as wrong:
        import_coordinates(load_register(ws), csv_path, area="Vivalla")
    assert "est plats import FIL --crs EPSG:" in wrong.value.message
    with pytest.raises(RegisterError) as unknown:
        import_coordinates(load_register(ws), csv_path, area="Vivalla", crs="EPSG:999999")
    assert "Koordinatsystemet 'EPSG:999999' känns inte igen" in unknown.value.message


def test_x_and_y_from_a_gis_export_in_either_order(tmp_path):
    """QGIS writes X = east and Y = north; Swedish geodesy the other way round. In Sweden the north
    coordinate is always the larger number, so both read the same – in metres or in degrees."""
    lat, lon = sweref_to_wgs84(N, E)
    rows = (
        f"Plats;Område;X;Y\r\nQGIS;Vivalla;{E:.0f};{N:.0f}\r\nGeodesi;Vivalla;{N:.0f};{E:.0f}\r\n"
        f"Grader;Vivalla;{lon:.6f};{lat:.6f}\r\n".replace(".", ",")
    )
    register = parse_register(tmp_path / "gis.csv", rows.encode("cp1252"))
    assert {(p.lat, p.lon) for p in register.places} == {(round(lat, 6), round(lon, 6))}
