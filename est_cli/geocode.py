"""Geocoding the places without coordinates (issue 18), only against the municipality's own service:
est.toml `[karta] geokodning` is a URL template whose `{q}` becomes "<plats>, <område>, <kommun>".
Off by default – there is no built-in service, because the places of events must not reach a third
party – and nothing else is ever sent: no event text, no counts, no other place.

The answer may be Nominatim's (a JSON list of objects with `lat`, `lon`, `display_name`) or GeoJSON
(Photon, Pelias: a FeatureCollection of Points `[lon, lat]` with `properties.name`/`label`); the first
hit counts, and a hit outside Sweden is not taken.

    >>> request_url("https://gis.kommun.se/search?q={q}&format=json", "Lertagsgatan, Vivalla, Örebro")
    'https://gis.kommun.se/search?q=Lertagsgatan%2C%20Vivalla%2C%20%C3%96rebro&format=json'
"""

from __future__ import annotations

import http.client
import json
import math
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from est_cli import __version__
from est_cli.errors import EstError
from est_cli.place_coords import Imported, write_coordinates
from est_cli.place_register import PlaceRegister, in_sweden
from est_cli.text import fold

SETTING = "geokodning"  # est.toml [karta]
EXAMPLE_URL = "https://gis.kommun.se/search?q={q}&format=json"
TIMEOUT = 10.0  # seconds per request
MAX_BYTES = 2_000_000  # a geocoder's answer for one place is a few kilobytes
MAX_LABEL = 120  # characters of the service's name for a hit that are shown


class GeocodeError(EstError):
    """The geocoding service cannot be used: not configured, a wrong URL, or not reachable."""


class ServiceProblem(Exception):
    """The service answered one request in a way that gives no hit (HTTP error, timeout, unreadable)."""


class Unreachable(Exception):
    """No connection to the service at all: asking for the next place would fail the same way."""


@dataclass(frozen=True)
class Hit:
    lat: float
    lon: float
    label: str  # the service's own name for what it found, for the coordinator to judge

    @property
    def where(self) -> str:
        """'59,3083 15,1914': lat and lon as a Swedish reader writes them (four decimals, ~10 m)."""
        return f"{self.lat:.4f} {self.lon:.4f}".replace(".", ",")


@dataclass
class Answer:
    """One place asked for: the hit taken, or why none (`problem`; `failed` when the service erred)."""

    name: str
    area: str
    events: int
    query: str
    hit: Hit | None = None
    problem: str = ""
    failed: bool = False


@dataclass
class Geocoding:
    host: str
    answers: list[Answer] = field(default_factory=list)
    unreachable: str = ""  # why the service could not be reached; the places after it were not asked
    not_asked: int = 0

    @property
    def found(self) -> list[Answer]:
        return [a for a in self.answers if a.hit is not None]

    @property
    def failed(self) -> list[Answer]:
        return [a for a in self.answers if a.failed]


def service_url(settings: dict) -> str | None:
    """The URL template of est.toml `[karta] geokodning`, or None when geocoding is off (the default).
    GeocodeError when it is set but cannot be used."""
    value = settings.get(SETTING)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    template = value.strip() if isinstance(value, str) else ""
    parts = urllib.parse.urlsplit(template)
    try:
        usable = parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is no number
        usable = False
    if not usable or "{q}" not in template or any(c.isspace() for c in template):
        raise GeocodeError(
            f"est.toml [karta] {SETTING} ska vara adressen till kommunens geokodningstjänst (http eller https) "
            f'med {{q}} där platsen ska stå, t.ex. {SETTING} = "{EXAMPLE_URL}".'
        )
    return template


def host_of(template: str) -> str:
    """The server a template names, as people recognise it ('gis.kommun.se', '127.0.0.1:8080')."""
    parts = urllib.parse.urlsplit(template)
    host = parts.hostname or ""
    return f"{host}:{parts.port}" if parts.port else host


def query_text(place: str, area: str, kommun: str) -> str:
    """What is sent for a place: '<plats>, <område>, <kommun>' – a part the place already is, once."""
    parts: list[str] = []
    for part in (place, area, kommun):
        part = " ".join(part.split())
        if part and fold(part) not in (fold(p) for p in parts):
            parts.append(part)
    return ", ".join(parts)


def request_url(template: str, query: str) -> str:
    return template.replace("{q}", urllib.parse.quote(query, safe=""))


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect to another server is not followed: the place would go where no one configured."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc:
            return None  # urllib then raises HTTPError with the redirect's code
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str) -> bytes:
    """The service's answer to one request. ServiceProblem for an answer without a hit to read,
    Unreachable when there is no connection."""
    opener = urllib.request.build_opener(_SameHostRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": f"est/{__version__}", "Accept": "application/json"})
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise ServiceProblem("tjänsten skickar vidare till en annan server (följs inte)") from None
        raise ServiceProblem(f"tjänsten svarade med fel (HTTP {exc.code})") from None
    except urllib.error.URLError as exc:
        raise Unreachable(_connection_problem(exc.reason)) from None
    except TimeoutError:
        raise ServiceProblem(_no_answer()) from None
    except http.client.HTTPException:  # no HTTP answer: another kind of server, or one cut off
        raise ServiceProblem("svaret går inte att läsa (inget HTTP-svar)") from None
    except OSError as exc:  # the connection broke while the answer was read
        raise ServiceProblem(f"svaret avbröts ({_connection_problem(exc)})") from None
    if len(data) > MAX_BYTES:
        raise ServiceProblem("svaret är för stort för en plats")
    return data


def _no_answer() -> str:
    return f"inget svar inom {TIMEOUT:g} sekunder".replace(".", ",")


def _connection_problem(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "anslutningen nekades"
    if isinstance(reason, socket.gaierror):
        return "servernamnet hittas inte"
    if isinstance(reason, TimeoutError):
        return _no_answer()
    if isinstance(reason, ssl.SSLError):
        return "en säker anslutning (https) gick inte att upprätta"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason)


def first_hit(data: bytes) -> Hit | None:
    """The first hit of a Nominatim list or a GeoJSON FeatureCollection; None when there is none.
    ServiceProblem when the answer is neither."""
    try:
        answer = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise ServiceProblem("svaret går inte att läsa (inte JSON)") from None
    if isinstance(answer, list):  # Nominatim: [{"lat": "59.3", "lon": "15.2", "display_name": …}]
        if not answer:
            return None
        item = answer[0] if isinstance(answer[0], dict) else {}
        return Hit(*_point(item.get("lat"), item.get("lon")), _label(item))
    if isinstance(answer, dict) and isinstance(answer.get("features"), list):  # GeoJSON (Photon, Pelias)
        if not answer["features"]:
            return None
        feature = answer["features"][0] if isinstance(answer["features"][0], dict) else {}
        geometry = feature.get("geometry") or {}
        point = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if not isinstance(point, list) or len(point) < 2:
            raise ServiceProblem("svaret går inte att läsa (träffen har ingen punkt)")
        return Hit(*_point(point[1], point[0]), _label(feature.get("properties") or {}))
    raise ServiceProblem("svaret går inte att läsa (varken en lista med lat/lon eller GeoJSON)")


def _point(lat: object, lon: object) -> tuple[float, float]:
    try:
        if isinstance(lat, bool) or isinstance(lon, bool):
            raise ValueError
        point = (float(lat), float(lon))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ServiceProblem("svaret går inte att läsa (träffen saknar lat och lon)") from None
    if not all(math.isfinite(x) for x in point):
        raise ServiceProblem("svaret går inte att läsa (träffen saknar lat och lon)")
    return round(point[0], 6), round(point[1], 6)


def _label(properties: dict) -> str:
    """The service's name for a hit: Nominatim's display_name, Pelias' label, Photon's name and city."""
    if not isinstance(properties, dict):
        return ""
    text = properties.get("display_name") or properties.get("label")
    if not text:
        parts = [properties.get(k) for k in ("name", "street", "district", "city")]
        text = ", ".join(dict.fromkeys(str(p) for p in parts if p))
    text = " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def ask(query: str, template: str, get: Callable[[str], bytes] = fetch) -> Hit | None:
    """The service's first hit for `query` (ServiceProblem, Unreachable as `fetch`)."""
    return first_hit(get(request_url(template, query)))


def geocode(places: Iterable, template: str, kommun: str, get: Callable[[str], bytes] = fetch) -> Geocoding:
    """Ask the service for each place (est_cli.place_overview.PlaceRow: name, area, events), in order;
    stop at the first place the service cannot be reached for."""
    places = list(places)
    done = Geocoding(host_of(template))
    for n, place in enumerate(places):
        answer = Answer(place.name, place.area, place.events, query_text(place.name, place.area, kommun))
        try:
            hit = ask(answer.query, template, get)
        except ServiceProblem as exc:
            answer.problem, answer.failed = str(exc), True
        except Unreachable as exc:
            done.unreachable, done.not_asked = str(exc), len(places) - n
            break
        else:
            if hit is None:
                answer.problem = "ingen träff"
            elif not in_sweden(hit.lat, hit.lon):
                answer.problem = f"utanför Sverige – tas inte: {_shown(hit)}"
            else:
                answer.hit = hit
        done.answers.append(answer)
    return done


def _shown(hit: Hit) -> str:
    return f"{hit.label} ({hit.where})" if hit.label else hit.where


def save(register: PlaceRegister, done: Geocoding) -> Imported:
    """Write the hits into platser.csv, as `est plats import` writes a file's coordinates."""
    return write_coordinates(register, [(a.name, a.area, a.hit.lat, a.hit.lon) for a in done.found if a.hit])


__all__ = [
    "EXAMPLE_URL",
    "SETTING",
    "Answer",
    "GeocodeError",
    "Geocoding",
    "Hit",
    "ServiceProblem",
    "first_hit",
    "geocode",
    "host_of",
    "query_text",
    "request_url",
    "save",
    "service_url",
]
