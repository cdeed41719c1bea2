"""Geocoding places against the municipality's own service (issue 18): off unless est.toml names one; only
"<plats>, <område>, <kommun>" is sent; Nominatim and GeoJSON answers read; a hit outside Sweden not taken;
`--spara` writes platser.csv as `est plats import` does. The service is a stub on loopback."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from est_cli import __version__, geocode
from est_cli.place_register import load_register

from helpers import run_est, said

# The demo's places without coordinates, most events first (est plats saknar, week 47).
TORG, CENTRUM, LERTAG = "Baronbackarna torg", "Vivalla centrum", "Lertagsgatan"


def nominatim(lat, lon, name: str) -> tuple[int, bytes, float]:
    return 200, json.dumps([{"lat": lat, "lon": lon, "display_name": name, "importance": 0.4}]).encode(), 0.0


def feature_collection(lon: float, lat: float, **properties) -> tuple[int, bytes, float]:
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}
    return 200, json.dumps({"type": "FeatureCollection", "features": [point]}).encode(), 0.0


class Stub:
    """A geocoder on 127.0.0.1: `answers` maps the decoded q to (status, body, delay); unknown places get
    an empty list (no hit). Every request is kept: (path, headers)."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, bytes, float]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                stub.requests.append((self.path, dict(self.headers)))
                status, body, delay = stub.answers.get(stub.q(self.path), (200, b"[]", 0.0))
                time.sleep(delay)
                self.send_response(status)
                for name, value in stub.headers.get(stub.q(self.path), {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that gave up (the timeout test) is no error of the stub's

        self.headers: dict[str, dict[str, str]] = {}
        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/search?q={{q}}&format=json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def q(path: str) -> str:
        return parse_qs(urlsplit(path).query).get("q", [""])[0]

    @property
    def queries(self) -> list[str]:
        return [self.q(path) for path, _ in self.requests]


@pytest.fixture
def stub(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)  # loopback, never through a developer's proxy
    running = Stub()
    yield running
    running.server.shutdown()
    running.server.server_close()


def configure(ws, url: str) -> None:
    config = ws / "est.toml"
    config.write_text(config.read_text("utf-8") + f'\n[karta]\ngeokodning = "{url}"\n', "utf-8")


def row(stdout: str, place: str) -> str:
    """The table's line for a place, one space between words (run wide enough that no cell wraps)."""
    return next(" ".join(line.split()) for line in stdout.splitlines() if line.startswith(place + " "))


def missing(ws) -> list[str]:
    return [p["plats"] for p in json.loads(run_est("plats", "saknar", "--json", cwd=ws).stdout)["platser"]]


def test_geocoding_is_off_by_default_and_asks_nothing(demo_ws, stub):
    for args in ([], ["--spara"]):
        ran = run_est("plats", "geokoda", *args, cwd=demo_ws)
        assert ran.returncode == 2 and "Traceback" not in ran.stderr
        text = said(ran)
        assert text.startswith(
            "Fel: Geokodning är avstängd. Den är av som standard, eftersom platserna i händelserna inte får "
            "skickas till en tredje part"
        )
        assert 'geokodning = "https://gis.kommun.se/search?q={q}&format=json"' in ran.stderr  # one line, whole
        assert "[karta]" in ran.stderr
    assert stub.requests == [] and not (demo_ws / "platser.csv").exists()
    configure(demo_ws, f"127.0.0.1:{stub.port}/search")  # no scheme, no {q}: never guessed at
    wrong = run_est("plats", "geokoda", cwd=demo_ws)
    assert wrong.returncode == 2 and stub.requests == []
    assert said(wrong).startswith(
        "Fel: est.toml [karta] geokodning ska vara adressen till kommunens geokodningstjänst (http eller https) "
        "med {q} där platsen ska stå"
    )


def test_the_request_is_the_place_area_and_kommun_and_nothing_else(demo_ws, stub):
    configure(demo_ws, stub.url)
    assert run_est("plats", "geokoda", "--max", "1", cwd=demo_ws).returncode == 0
    ((path, headers),) = stub.requests
    parts = urlsplit(path)
    assert parts.path == "/search"
    assert parse_qs(parts.query) == {"q": ["Baronbackarna torg, Baronbackarna, Örebro"], "format": ["json"]}
    assert "%C3%96rebro" in parts.query and "+" not in parts.query  # UTF-8, percent-encoded
    assert headers["User-Agent"] == f"est/{__version__}"
    assert "Cookie" not in headers and "Authorization" not in headers


def test_nominatim_and_geojson_answers_are_shown_and_nothing_is_written_without_spara(demo_ws, stub):
    configure(demo_ws, stub.url)
    register = "plats;alias;område;anteckning\r\nVivalla centrum;Vivalla C;Vivalla;vid torget\r\n"
    (demo_ws / "platser.csv").write_bytes(register.encode("cp1252"))
    before = (demo_ws / "platser.csv").read_bytes()
    stub.answers[f"{TORG}, Baronbackarna, Örebro"] = nominatim("59.2858", "15.2412", "Baronbackarna torg, Örebro")
    stub.answers[f"{CENTRUM}, Vivalla, Örebro"] = feature_collection(15.1914, 59.3083, name=CENTRUM, city="Örebro")
    ran = run_est("plats", "geokoda", "--max", "3", cwd=demo_ws, columns=200)
    assert ran.returncode == 0, ran.stderr
    assert row(ran.stdout, TORG) == "Baronbackarna torg Baronbackarna 16 59,2858 15,2412 Baronbackarna torg, Örebro"
    assert row(ran.stdout, CENTRUM) == "Vivalla centrum Vivalla 11 59,3083 15,1914 Vivalla centrum, Örebro"
    assert row(ran.stdout, LERTAG) == "Lertagsgatan Vivalla 8 – ingen träff"
    assert "Inget är sparat. Kontrollera träffarna och spara de 2 koordinaterna i platser.csv med:" in said(ran)
    assert "  est plats geokoda --week 2026-W47 --max 3 --spara\n" in ran.stderr
    assert (demo_ws / "platser.csv").read_bytes() == before


def test_spara_writes_the_hits_into_platser_csv_as_import_does(demo_ws, stub):
    configure(demo_ws, stub.url)
    register = "plats;alias;område;anteckning\r\nVivalla centrum;Vivalla C;Vivalla;vid torget\r\n"
    (demo_ws / "platser.csv").write_bytes(register.encode("cp1252"))
    stub.answers[f"{TORG}, Baronbackarna, Örebro"] = nominatim("59.2858", "15.2412", "Baronbackarna torg, Örebro")
    stub.answers[f"{CENTRUM}, Vivalla, Örebro"] = feature_collection(15.1914, 59.3083, label="Vivalla centrum, Örebro")
    ran = run_est("plats", "geokoda", "--max", "3", "--spara", cwd=demo_ws)
    assert ran.returncode == 0, ran.stderr
    assert "✓ platser.csv: 2 platser fick koordinater (1 ny rad)." in ran.stderr
    assert "Stämmer en plats inte? Rätta lat och lon på dess rad i platser.csv (i Excel)" in said(ran)
    assert "est plats import FIL.geojson" in said(ran)
    text = (demo_ws / "platser.csv").read_bytes().decode("utf-8-sig")
    assert text.splitlines() == [
        "plats;alias;område;anteckning;lat;lon",
        "Vivalla centrum;Vivalla C;Vivalla;vid torget;59,308300;15,191400",  # its row, its own column kept
        "Baronbackarna torg;;Baronbackarna;;59,285800;15,241200",
    ]
    places = {p.name: (p.lat, p.lon) for p in load_register(demo_ws).places}
    assert places == {CENTRUM: (59.3083, 15.1914), TORG: (59.2858, 15.2412)}
    still = missing(demo_ws)
    assert TORG not in still and CENTRUM not in still and LERTAG in still  # the stub knows no Lertagsgatan
    # Asked again, the saved places are no longer asked for.
    stub.requests.clear()
    assert run_est("plats", "geokoda", "--max", "1", cwd=demo_ws).returncode == 0
    assert stub.queries == ["Lertagsgatan, Vivalla, Örebro"]


def test_a_hit_outside_sweden_is_not_taken(demo_ws, stub):
    configure(demo_ws, stub.url)
    stub.answers[f"{TORG}, Baronbackarna, Örebro"] = nominatim(48.8584, 2.2945, "Tour Eiffel, Paris, France")
    stub.answers[f"{CENTRUM}, Vivalla, Örebro"] = feature_collection(15.1914, 59.3083, name=CENTRUM)
    ran = run_est("plats", "geokoda", "--max", "2", "--spara", cwd=demo_ws, columns=200)
    assert ran.returncode == 0, ran.stderr
    assert row(ran.stdout, TORG) == (
        "Baronbackarna torg Baronbackarna 16 – utanför Sverige – tas inte: Tour Eiffel, Paris, France (48,8584 2,2945)"
    )
    assert "✓ platser.csv: 1 plats fick koordinater (1 ny rad)." in ran.stderr
    assert [p.name for p in load_register(demo_ws).places] == [CENTRUM]
    assert missing(demo_ws)[0] == TORG


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ((500, b"Internal Server Error", 0.0), "tjänsten svarade med fel (HTTP 500)"),
        ((200, b"<html>Inloggning</html>", 0.0), "svaret går inte att läsa (inte JSON)"),
        ((200, b'{"results": []}', 0.0), "svaret går inte att läsa (varken en lista med lat/lon eller GeoJSON)"),
        ((200, b'[{"display_name": "Torget"}]', 0.0), "svaret går inte att läsa (träffen saknar lat och lon)"),
    ],
    ids=["http-500", "not-json", "other-json", "no-lat-lon"],
)
def test_a_service_error_names_the_place_and_the_rest_are_still_asked(demo_ws, stub, answer, why):
    configure(demo_ws, stub.url)
    stub.answers[f"{TORG}, Baronbackarna, Örebro"] = answer
    stub.answers[f"{CENTRUM}, Vivalla, Örebro"] = feature_collection(15.1914, 59.3083, name=CENTRUM)
    ran = run_est("plats", "geokoda", "--max", "2", "--spara", cwd=demo_ws, columns=200)
    assert ran.returncode == 2 and "Traceback" not in ran.stderr and "Oväntat fel" not in ran.stderr
    assert row(ran.stdout, TORG) == f"Baronbackarna torg Baronbackarna 16 – {why}"
    assert f"Fel: Geokodningstjänsten 127.0.0.1:{stub.port} svarade inte som väntat för 1 av 2 platser" in said(ran)
    assert [p.name for p in load_register(demo_ws).places] == [CENTRUM]  # what was found is saved


def test_a_service_that_cannot_be_reached_stops_with_one_message_naming_it(demo_ws):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]  # closed again: nothing listens there
    configure(demo_ws, f"http://127.0.0.1:{port}/search?q={{q}}")
    ran = run_est("plats", "geokoda", "--spara", cwd=demo_ws)
    assert ran.returncode == 2 and ran.stdout == ""
    assert said(ran) == (
        f"Fel: Geokodningstjänsten 127.0.0.1:{port} går inte att nå (anslutningen nekades); ingen plats har "
        "frågats. Kontrollera adressen i est.toml [karta] geokodning och att datorn når tjänsten."
    )
    assert not (demo_ws / "platser.csv").exists()


def test_a_slow_answer_is_a_timeout_for_that_place(demo_ws, stub, monkeypatch):
    monkeypatch.setattr(geocode, "TIMEOUT", 0.3)
    configure(demo_ws, stub.url)
    stub.answers[f"{TORG}, Baronbackarna, Örebro"] = (200, b"[]", 1.0)
    ran = run_est("plats", "geokoda", "--max", "2", cwd=demo_ws, columns=200)
    assert ran.returncode == 2 and "Traceback" not in ran.stderr
    assert row(ran.stdout, TORG) == "Baronbackarna torg Baronbackarna 16 – inget svar inom 0,3 sekunder"
    assert row(ran.stdout, CENTRUM) == "Vivalla centrum Vivalla 11 – ingen träff"


def test_a_redirect_to_another_server_is_not_followed(demo_ws, stub):
    configure(demo_ws, stub.url)
    elsewhere = f"http://localhost:{stub.port}/search?q=x"  # another host name: not where est.toml points
    stub.answers[f"{TORG}, Baronbackarna, Örebro"] = (302, b"", 0.0)
    stub.headers[f"{TORG}, Baronbackarna, Örebro"] = {"Location": elsewhere}
    ran = run_est("plats", "geokoda", "--max", "1", cwd=demo_ws, columns=200)
    assert ran.returncode == 2
    assert row(ran.stdout, TORG) == (
        "Baronbackarna torg Baronbackarna 16 – tjänsten skickar vidare till en annan server (följs inte)"
    )
    assert stub.queries == [f"{TORG}, Baronbackarna, Örebro"]


def test_max_limits_the_requests_most_events_first(demo_ws, stub):
    configure(demo_ws, stub.url)
    ran = run_est("plats", "geokoda", "--max", "2", cwd=demo_ws)
    assert ran.returncode == 0, ran.stderr
    assert stub.queries == ["Baronbackarna torg, Baronbackarna, Örebro", "Vivalla centrum, Vivalla, Örebro"]
    assert "11 platser till saknar koordinater och har inte frågats (--max 13 frågar efter alla)." in said(ran)
    assert "Inget att spara: tjänsten hittade ingen av platserna i Sverige." in said(ran)
    stub.requests.clear()
    again = run_est("plats", "geokoda", "--område", "Vivalla", cwd=demo_ws)  # --max 10: Vivalla's nine places
    assert again.returncode == 0 and "till saknar koordinater" not in again.stderr
    assert len(stub.queries) == 9 and all(q.endswith(", Vivalla, Örebro") for q in stub.queries)


def test_the_output_fits_80_columns(demo_ws, stub):
    configure(demo_ws, stub.url)
    stub.answers[f"{TORG}, Baronbackarna, Örebro"] = nominatim(
        "59.2858", "15.2412", "Baronbackarna torg, Baronbackarna, Örebro, Örebro kommun, Örebro län, 702 xx, Sverige"
    )
    stub.answers[f"{LERTAG}, Vivalla, Örebro"] = nominatim(48.8584, 2.2945, "Tour Eiffel, Paris, France")
    ran = run_est("plats", "geokoda", cwd=demo_ws)
    assert ran.returncode == 0, ran.stderr
    assert [line for line in (ran.stdout + ran.stderr).splitlines() if len(line) > 80] == []


def test_service_url_and_the_query(tmp_path):
    assert geocode.service_url({}) is None and geocode.service_url({"geokodning": " "}) is None
    assert geocode.service_url({"geokodning": "https://gis.kommun.se/s?q={q}"}) == "https://gis.kommun.se/s?q={q}"
    for wrong in ("https://gis.kommun.se/s?q=", "file:///etc/passwd?{q}", "https://gis:x/?q={q}", "https:// /{q}", 42):
        with pytest.raises(geocode.GeocodeError):
            geocode.service_url({"geokodning": wrong})
    assert geocode.query_text("Vivalla", "Vivalla", "Örebro") == "Vivalla, Örebro"  # the area's own name once
    assert (
        geocode.request_url("https://g.se/{q}.json", "Torget 1/2, Vivalla")
        == "https://g.se/Torget%201%2F2%2C%20Vivalla.json"
    )
    assert geocode.host_of("https://gis.kommun.se/search?q={q}") == "gis.kommun.se"


def test_answers_are_read_in_the_common_shapes():
    hit = geocode.first_hit
    assert hit(b"[]") is None and hit(b'{"type": "FeatureCollection", "features": []}') is None
    assert hit(b'[{"lat": "59.30830", "lon": "15.19140", "display_name": "A"}, {"lat": 1, "lon": 2}]') == geocode.Hit(
        59.3083, 15.1914, "A"
    )
    pelias = feature_collection(15.19, 59.31, label="Vivalla centrum, Örebro, Sverige", name="Vivalla centrum")[1]
    assert hit(pelias) == geocode.Hit(59.31, 15.19, "Vivalla centrum, Örebro, Sverige")
    photon = feature_collection(15.19, 59.31, name="Lertagsgatan", district="Vivalla", city="Örebro")[1]
    assert hit(photon) == geocode.Hit(59.31, 15.19, "Lertagsgatan, Vivalla, Örebro")
    for broken in (b'{"features": [{"geometry": {"type": "Point"}}]}', b'[{"lat": "NaN", "lon": "15"}]', b"\xff"):
        with pytest.raises(geocode.ServiceProblem):
            hit(broken)
