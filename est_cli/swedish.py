"""Swedish for people: calendar words, the signs every output shares, and how numbers, dates, weeks
and lists are written in running text – the one place for each.

>>> week_label("2026-W46", 2026), week_span("2026-W46"), number(2.25), join_words(["a", "b", "c"])
('v.46', '9–15 november 2026', '2,3', 'a, b och c')
"""

from __future__ import annotations

from datetime import date, datetime

from est_cli.text import fold
from est_cli.weeks import IsoWeek, local_naive

# Calendar words, the one list of each (lower case, as in running text).
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
# Folded weekday words as people write them: "Mån", "Måndag", "Må", "mån.", "Tors", "Lö" …
_WEEKDAY_WORDS: dict[str, int] = {
    word: day
    for day, words in enumerate(
        (
            ("man", "mandag", "ma", "mand", "mandagen"),
            ("tis", "tisdag", "ti", "tisd", "tisdagen"),
            ("ons", "onsdag", "on", "onsd", "onsdagen"),
            ("tor", "tors", "torsdag", "to", "torsd", "torsdagen"),
            ("fre", "fredag", "fr", "fred", "fredagen"),
            ("lor", "lordag", "lo", "lord", "lordagen"),
            ("son", "sondag", "so", "sond", "sondagen"),
        )
    )
    for word in words
}
MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

MISSING = "–"  # no report at all that week or period: missing data, never the same as 0
MINUS = "\u2212"  # a real minus sign, as in print
NEW = "ny"  # a change from 0: no percentage can be given


def weekday_number(word: str) -> int | None:
    """'Mån', 'måndag', 'Tors', 'lö.' → 0 … 6 (Monday = 0); None for a word that is no weekday."""
    return _WEEKDAY_WORDS.get(fold(word))


# ----------------------------------------------------------------------------- numbers


def decimal(value: float, digits: int = 1) -> str:
    """3.0 → '3', 2.5 → '2,5' (Swedish decimal comma; whole numbers without decimals)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.{digits}f}".replace(".", ",")


def number(value: float | None) -> str:
    """None → '–'; 3.0 → '3'; 2.25 → '2,3' (rounded to one decimal)."""
    if value is None:
        return MISSING
    return decimal(round(value, 1))


def signed(n: float) -> str:
    """'+5', '−3', '0' (with a real minus sign; a comma as decimal mark)."""
    text = f"{abs(n):g}".replace(".", ",")
    return f"+{text}" if n > 0 else f"{MINUS}{text}" if n < 0 else "0"


def percent_text(p: float | None) -> str:
    """'+42 %', '−20 %', '–' when there is no percentage."""
    if p is None:
        return MISSING
    return f"{signed(round(p))} %"


def file_size(n: int) -> str:
    """A file's size for people: '12 kB', '3,4 MB' (decimal units, at least '1 kB')."""
    if n < 1_000_000:
        return f"{max(1, round(n / 1000))} kB"
    return f"{n / 1_000_000:.1f} MB".replace(".", ",")


def megabytes(n: int) -> str:
    """A size in bytes for messages: '3,2 MB', '1,5 GB' (binary units, at least '0,1 MB')."""
    if n >= 2**30:
        return f"{n / 2**30:.1f} GB".replace(".", ",")
    return f"{max(n / 2**20, 0.1):.1f} MB".replace(".", ",")


# ----------------------------------------------------------------------------- dates and times


def swedish_date(day: date) -> str:
    """'20 november 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def weekday_time(moment: datetime) -> str:
    """'torsdag 19 nov kl. 14:12' (local time)."""
    moment = local_naive(moment)
    return f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS_SHORT[moment.month - 1]} kl. {moment:%H:%M}"


def short_weekday_time(moment: datetime) -> str:
    """'tis 17 nov kl. 14:32' (local time)."""
    moment = local_naive(moment)
    return f"{WEEKDAYS[moment.weekday()][:3]} {moment.day} {MONTHS_SHORT[moment.month - 1]} kl. {moment:%H:%M}"


# What a report's received time rests on (store.merges.received), as people read it.
RECEIVED_FROM = {"e-post": "e-post", "datum": "datum i rapporten", "fil": "sparad fil"}


def received_text(moment: datetime | None, evidence: str | None) -> str:
    """'tors 19 nov kl. 13:12 (e-post)', 'ons 18 nov (datum i rapporten)' – a Datum field has no
    time of day – or '–'."""
    if moment is None:
        return MISSING
    evidence = evidence or "fil"
    if evidence == "datum":
        moment = local_naive(moment)
        shown = f"{WEEKDAYS[moment.weekday()][:3]} {moment.day} {MONTHS_SHORT[moment.month - 1]}"
    else:
        shown = short_weekday_time(moment)
    return f"{shown} ({RECEIVED_FROM.get(evidence, evidence)})"


def stamp(moment: datetime) -> str:
    """'2026-11-19 kl. 14:12' (local time)."""
    moment = local_naive(moment)
    return f"{moment:%Y-%m-%d} kl. {moment:%H:%M}"


# ----------------------------------------------------------------------------- weeks


def week_label(week: str, ref_year: int | None = None) -> str:
    """'2026-W46' → 'v.46' (or 'v.47 2025' when the year differs from `ref_year`)."""
    try:
        parsed = IsoWeek.parse(week)
    except ValueError:
        return str(week)
    return f"v.{parsed.week}" if parsed.year == ref_year else f"v.{parsed.week} {parsed.year}"


def week_span(week: str) -> str:
    """'2026-W46' → '9–15 november 2026' (the week's Monday to Sunday)."""
    try:
        first, last = IsoWeek.parse(week).days()
    except ValueError:
        return ""
    if first.year != last.year:
        return f"{_day(first, True)} – {_day(last, True)}"
    if first.month != last.month:
        return f"{_day(first, False)} – {_day(last, True)}"
    return f"{first.day}–{_day(last, True)}"


def _day(d: date, year: bool) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


def week_span_text(first: IsoWeek, last: IsoWeek, with_year: bool = True) -> str:
    """'v.27–39 2026', 'v.50 2026–v.3 2027'; with_year=False leaves the year out when it is one year."""
    if first.year == last.year:
        weeks = f"v.{first.week}" if first == last else f"v.{first.week}–{last.week}"
        return f"{weeks} {first.year}" if with_year else weeks
    return f"v.{first.week} {first.year}–v.{last.week} {last.year}"


def week_list_text(weeks: list[str], ref_year: int | None = None) -> str:
    """'v.27, v.31–33' – runs of consecutive weeks joined (with the year when it differs from ref_year)."""
    runs: list[list[IsoWeek]] = []
    for w in sorted(IsoWeek.parse(x) for x in weeks):
        if runs and runs[-1][-1].shift(1) == w:
            runs[-1].append(w)
        else:
            runs.append([w])

    def one(w: IsoWeek) -> str:
        return f"v.{w.week}" if w.year == ref_year else f"v.{w.week} {w.year}"

    out = []
    for run in runs:
        a, b = run[0], run[-1]
        if a == b:
            out.append(one(a))
        elif a.year == b.year:
            out.append(f"v.{a.week}–{b.week}" + ("" if a.year == ref_year else f" {a.year}"))
        else:
            out.append(f"{one(a)}–{one(b)}")
    return ", ".join(out)


# ----------------------------------------------------------------------------- words


def join_words(parts: list[str]) -> str:
    """['a', 'b', 'c'] → 'a, b och c' (empty parts left out)."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1]


def in_sentence(label: str) -> str:
    """'Samlingsplats för ungdomar' → 'samlingsplats för ungdomar' (but 'ÖBO' stays)."""
    return label[:1].lower() + label[1:] if len(label) > 1 and label[1:2].islower() else label


def plural(n: int, one: str, many: str) -> str:
    """'1 händelse', '3 händelser'."""
    return f"{n} {one if n == 1 else many}"


def events_word(n: int) -> str:
    """'1 händelse', '3 händelser'."""
    return plural(n, "händelse", "händelser")


__all__ = [
    "MINUS",
    "MISSING",
    "MONTHS",
    "MONTHS_SHORT",
    "NEW",
    "WEEKDAYS",
    "decimal",
    "events_word",
    "file_size",
    "in_sentence",
    "join_words",
    "megabytes",
    "number",
    "percent_text",
    "plural",
    "short_weekday_time",
    "signed",
    "stamp",
    "swedish_date",
    "week_label",
    "week_list_text",
    "week_span",
    "week_span_text",
    "weekday_number",
    "weekday_time",
]
