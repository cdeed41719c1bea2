"""`est karta` (issue 18): its numbers add up to est trend's, and the file shows its markers in a real
browser without network.

Per area, the map's events (its GeoJSON) are est trend's total for the same period less the events at
places without coordinates (listed by `est plats saknar`) and the events without a place (said by
`est karta`): nothing is on the map that the totals do not count, and nothing counted is silently left
off. The browser test opens the HTML in Debian's Chromium (playwright drives it), with every request
but the file itself refused, and looks at what it drew.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from test_place_coords import E, N, geojson

from helpers import run_est

WEEK = "2026-W47"


def import_places(ws: Path) -> None:
    """Coordinates for three of the demo week's places (SWEREF 99 TM, as a municipal GIS exports them);
    the others stay without."""
    gis = geojson(
        ws / "gis.geojson",
        "EPSG:3006",
        [
            ("Vivalla centrum", "Vivalla", E, N),
            ("Lertagsgatan", "Vivalla", E - 400, N + 300),
            ("Baronbackarna torg", "Baronbackarna", E + 2300, N - 2500),
        ],
    )
    done = run_est("plats", "import", str(gis), cwd=ws)
    assert done.returncode == 0, done.stderr


def unescaped(html: str) -> str:
    """The page with Bokeh's JSON escapes (\\u2013, \\u00e4) read as the characters they are."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), html)


def test_the_map_adds_up_to_est_trend_per_area(demo_ws):
    import_places(demo_ws)
    drawn = run_est("karta", "--week", WEEK, "-o", "karta.html", "--geojson", "karta.geojson", cwd=demo_ws)
    assert drawn.returncode == 0, drawn.stderr
    on_map: Counter[str] = Counter()
    for feature in json.loads((demo_ws / "karta.geojson").read_text("utf-8"))["features"]:
        on_map[feature["properties"]["område"]] += feature["properties"]["händelser"]
    trend = json.loads(run_est("trend", "--from", WEEK, "--to", WEEK, "--json", cwd=demo_ws).stdout)
    totals: Counter[str] = Counter()
    for row in trend["rows"]:
        if row["kind"] == "problem":  # what every total of est counts
            totals[row["area"]] += row["total"] or 0
    missing: Counter[str] = Counter()
    for place in json.loads(run_est("plats", "saknar", "--week", WEEK, "--json", cwd=demo_ws).stdout)["platser"]:
        missing[place["område"]] += place["händelser"]
    said = " ".join(drawn.stderr.split())
    unplaced = {area: int(n) for area, n in re.findall(r"• (\w+): \d+ händelser – .*?(\d+) utan plats", said)}
    assert dict(totals) == {"Vivalla": 35, "Baronbackarna": 26}
    assert dict(on_map) == {"Vivalla": 19, "Baronbackarna": 16}
    assert dict(missing) == {"Vivalla": 14, "Baronbackarna": 10}
    assert unplaced == {"Vivalla": 2}
    for area in totals:
        assert on_map[area] == totals[area] - missing[area] - unplaced.get(area, 0)
    assert "• Vivalla: 35 händelser – 19 på kartan, 14 vid platser utan koordinater, 2 utan plats" in said
    assert "• Baronbackarna: 26 händelser – 16 på kartan, 10 vid platser utan koordinater" in said
    # The same lines are under the map, for whoever opens the file.
    html = unescaped((demo_ws / "karta.html").read_text("utf-8"))
    assert "Vivalla: 35 händelser – 19 på kartan, 14 vid platser utan koordinater, 2 utan plats" in html
    # The intern map says when, event by event (the latest first), as EMBRACE's map does.
    assert "Senaste" in html and "17/11 kl. 22:40 Incident mot anställd" in html


def test_the_extern_map_counts_what_it_leaves_out(demo_ws):
    import_places(demo_ws)
    config = demo_ws / "est.toml"
    config.write_text(config.read_text("utf-8") + "\n[karta]\nminsta_antal = 10\n", "utf-8")
    done = run_est("karta", "--variant", "extern", "-o", "extern.html", "--geojson", "extern.geojson", cwd=demo_ws)
    assert done.returncode == 0, done.stderr
    shown = json.loads((demo_ws / "extern.geojson").read_text("utf-8"))["features"]
    assert sorted((f["properties"]["plats"], f["properties"]["händelser"]) for f in shown) == [
        ("Baronbackarna torg", 16),
        ("Vivalla centrum", 11),
    ]
    said = " ".join(done.stderr.split())
    assert (
        "• Vivalla: 35 händelser – 11 på kartan, 14 vid platser utan koordinater, 2 utan plats, "
        "8 vid platser med färre än 10 händelser (visas inte)" in said
    )
    extern_html = unescaped((demo_ws / "extern.html").read_text("utf-8"))
    assert "Lertagsgatan" not in extern_html
    assert "Senaste" not in extern_html and " kl. " not in extern_html  # no dates or times outside the group


# ------------------------------------------------------------------ in a real browser


def chromium() -> str:
    """Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Skips without it – fails in
    CI, so that a broken CI set-up is noticed rather than skipped."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail("Chromium is missing: .ci/run installs Debian's package chromium")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


# Chromium as root in a container, offline: no sandbox, no GPU, no calls home.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def marker_pixels(png: Path, colour: str, alpha: float = 0.75, tolerance: int = 10) -> int:
    """How many pixels of the screenshot have a marker's colour (drawn at `alpha` on a white page)."""
    import numpy as np
    from PIL import Image

    target = np.array([round(alpha * int(colour[i : i + 2], 16) + (1 - alpha) * 255) for i in (1, 3, 5)])
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    return int((np.abs(pixels - target) <= tolerance).all(axis=2).sum())


def marker_centre(png: Path, colour: str, alpha: float = 0.75, tolerance: int = 10) -> tuple[float, float]:
    """Where the (one) marker of `colour` is drawn on the screenshot."""
    import numpy as np
    from PIL import Image

    target = np.array([round(alpha * int(colour[i : i + 2], 16) + (1 - alpha) * 255) for i in (1, 3, 5)])
    pixels = np.asarray(Image.open(png).convert("RGB"), dtype=int)
    ys, xs = np.nonzero((np.abs(pixels - target) <= tolerance).all(axis=2))
    return float(np.median(xs)), float(np.median(ys))  # the marker, not the legend's small dot


@pytest.mark.slow
def test_the_map_shows_its_markers_in_chromium_without_network(demo_ws, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    executable = chromium()
    import_places(demo_ws)
    done = run_est("karta", "-o", "karta.html", cwd=demo_ws)
    assert done.returncode == 0, done.stderr
    page_url = (demo_ws / "karta.html").resolve().as_uri()
    refused: list[str] = []
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1000})

            def offline(route) -> None:  # no network: only the file itself loads
                if route.request.url == page_url:
                    route.continue_()
                else:
                    refused.append(route.request.url)
                    route.abort("internetdisconnected")

            page.route("**/*", offline)
            page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
            page.on(
                "console",
                lambda msg: (
                    errors.append(f"console: {msg.text} ({msg.location.get('url')})") if msg.type == "error" else None
                ),
            )
            page.goto(page_url)
            page.wait_for_function("() => window.Bokeh && Bokeh.documents.length > 0")
            page.wait_for_selector("table")  # the places under the map
            page.wait_for_timeout(1500)  # let the canvas draw (not a timing assertion)
            shot = tmp_path / "karta.png"
            page.screenshot(path=str(shot), full_page=True)
            drawn = page.evaluate(
                """() => Bokeh.documents[0].roots()[0].children[0].renderers
                    .filter(r => r.glyph && r.glyph.type === 'Scatter')
                    .map(r => r.data_source.data.plats.length)"""
            )
            rows = page.locator("table tr").count()
            # Hovering the red marker (Vivalla centrum, where youth gatherings dominate) shows its popup.
            x, y = marker_centre(shot, "#D62728")
            page.mouse.move(x - 40, y - 40)
            page.mouse.move(x, y)
            page.wait_for_selector(".bk-tooltip-content", state="visible")  # in Bokeh's shadow DOM
            popup = " ".join(page.locator(".bk-tooltip-content").first.inner_text().split())
            page.screenshot(path=str(tmp_path / "popup.png"))
        finally:
            browser.close()
    # A failed tile is the browser's own message about the refused request, not an error of the page.
    tiles = [e for e in errors if "tile.openstreetmap.org" in e and "Failed to load resource" in e]
    assert [e for e in errors if e not in tiles] == []
    assert refused and all(url.startswith("https://tile.openstreetmap.org/") for url in refused)
    assert sum(drawn) == 3 and rows == 1 + 3  # three places: markers and table rows
    # The markers are on the screenshot: the blue of the dominant category Skadegörelse and the red of
    # Samlingsplats för ungdomar (est_cli.karta_html.PALETTE), each at least a marker's worth of pixels.
    assert marker_pixels(shot, "#1F77B4") > 300
    assert marker_pixels(shot, "#D62728") > 300
    assert "Plats: Vivalla centrum (Vivalla)" in popup and "Händelser: 11" in popup, popup
    assert "Samlingsplats för ungdomar 4" in popup and "Veckor: v.47" in popup, popup


# ------------------------------------------------------------------ static maps in the analyses


def test_the_kvartalsanalys_has_a_map_per_area_with_its_recurring_places_ringed(tmp_path):
    import zipfile

    import docx

    ws = tmp_path / "EST"
    created = run_est(
        "init", str(ws), "--schema", "orebro", "--kommun", "Örebro", "--omrade", "Vivalla", "--omrade", "Fullriggaren"
    )
    assert created.returncode == 0, created.stderr
    for week in range(40, 47):
        vivalla = "Skadegörelse;2;Lertagsgatan\r\nArrangemang;1;Folkets park\r\nSkadegörelse;1;\r\n"
        if week == 41:
            vivalla += "Brand;1;Vivalla centrum\r\n"
        for area, rows in (("Vivalla", vivalla), ("Fullriggaren", "Skadegörelse;1;Fullriggartorget\r\n")):
            (ws / "inkorg" / f"{area}-v{week}.csv").write_bytes(
                (
                    f"Vecka;2026-W{week}\r\nOmråde;{area}\r\nOrganisation;Polis\r\nRapportör;Områdespolis\r\n\r\n"
                    "Punkt;Antal;Plats\r\n" + rows
                ).encode("cp1252")
            )
    (ws / "platser.csv").write_bytes(
        f"plats;område;n;e\r\nLertagsgatan;Vivalla;{N + 300:.0f};{E - 400:.0f}\r\n"
        f"Vivalla centrum;Vivalla;{N:.0f};{E:.0f}\r\n".encode("cp1252")
    )
    assert run_est("merge", cwd=ws).returncode == 0
    assert run_est("render", "--quarter", "2026-Q4", cwd=ws).returncode == 0
    path = ws / "utkast" / "2026-Q4" / "kvartalsanalys-2026-Q4.docx"
    lines = [p.text for p in docx.Document(str(path)).paragraphs]
    # Vivalla: 14 + 1 problem events on the map, 7 without a place; Arrangemang is context, not counted.
    at = lines.index("Karta: Vivalla")
    assert lines[at + 2] == (
        "Vivalla: 22 händelser – 15 på kartan, 7 utan plats. Cirkelns storlek = antal händelser under "
        "perioden; röd ring = återkommande plats (kandidat för en fördjupad EST)."
    )
    assert "Karta: Fullriggaren" not in lines  # no place there has coordinates: no empty map
    trend = json.loads(run_est("trend", "--quarter", "2026-Q4", "--json", cwd=ws).stdout)
    assert sum(r["total"] or 0 for r in trend["rows"] if r["area"] == "Vivalla" and r["kind"] == "problem") == 22
    with zipfile.ZipFile(path) as archive:  # the trend chart and Vivalla's map
        assert len([n for n in archive.namelist() if n.startswith("word/media/")]) == 2


def test_a_places_trend_compares_the_halves_of_the_weeks_its_area_reported_in():
    from est_cli.karta import MapPlace, place_trend

    place = MapPlace("Torget", "Vivalla", None, None, key="torget")
    place.per_week.update({"2026-W40": 4, "2026-W41": 4, "2026-W44": 1, "2026-W45": 1})
    # Vivalla sent nothing in v.42–43: those weeks are no weeks of 0 and not in either half.
    reported = {"2026-W40", "2026-W41", "2026-W44", "2026-W45"}
    assert place_trend(place, reported) == "minskande: 8 under v.40–41, 2 under v.44–45"
    # Had Vivalla reported in v.42–43 with nothing at Torget, the halves would be v.40–42 and v.43–45.
    assert place_trend(place, reported | {"2026-W42", "2026-W43"}) == "minskande: 8 under v.40–42, 2 under v.43–45"
    assert place_trend(place, {"2026-W40", "2026-W41"} | set()) == "minskande: 8 under v.40–41, 2 under v.44–45"
    few = MapPlace("Parken", "Vivalla", None, None)
    few.per_week.update({"2026-W40": 1, "2026-W41": 3})
    assert place_trend(few, {"2026-W40", "2026-W41", "2026-W42"}) == ""  # three weeks say nothing of a trend


def test_a_misspelt_area_or_an_empty_period_is_said_not_drawn(demo_ws):
    misspelt = run_est("karta", "--area", "Vivala", "-o", "k.html", cwd=demo_ws)
    assert misspelt.returncode == 2 and not (demo_ws / "k.html").exists()
    said = " ".join(misspelt.stderr.split())
    assert "Området 'Vivala' finns varken i est.toml eller i arkivet. Kända områden: Baronbackarna, Vivalla." in said
    empty = run_est("karta", "--week", "2026-W30", "-o", "k.html", cwd=demo_ws)
    assert empty.returncode == 2 and "Arkivet har inga rapporter för 2026-W30." in " ".join(empty.stderr.split())
    listed = run_est("plats", "saknar", "--område", "vivala", cwd=demo_ws)  # the plats commands check it too
    assert listed.returncode == 2 and "Området 'vivala' finns varken" in listed.stderr
    assert run_est("plats", "saknar", "--område", "VIVALLA", cwd=demo_ws).returncode == 0  # any case is the area


def test_the_map_of_a_month_or_a_year_as_for_the_analyses(demo_ws):
    import_places(demo_ws)
    for option, value in (("--month", "2026-11"), ("--year", "2026"), ("--tertial", "2026-T3")):
        done = run_est("karta", option, value, "-o", f"k{value}.html", "--geojson", f"k{value}.geojson", cwd=demo_ws)
        assert done.returncode == 0, done.stderr
        points = json.loads((demo_ws / f"k{value}.geojson").read_text("utf-8"))["features"]
        assert sum(f["properties"]["händelser"] for f in points) == 35  # week 47's 19 + 16, in each
