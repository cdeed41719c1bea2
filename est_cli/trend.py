"""`est trend` core: counts per area × item (or theme) over a period, with its comparisons.

The figures are aggregated in the database (per week, area and key over active reports); this
module only adds them up per week or month and lays them out. Rules:

- a week in which an area has no report at all is *missing* (None, shown "–"), never 0;
- totals add up the weeks that have reports; a total with no reported week at all is None;
- change in percent is never divided by zero: a base of 0 gives "ny" (or ±0 when both are 0);
- superseded reports are never counted (store.period_counts only sees active reports).

Writers: `write_csv` (Excel-Swedish: semicolon, UTF-8 with BOM, decimal comma, no formulas),
`write_xlsx` (openpyxl, text as text, print setup) and `write_chart` (matplotlib, one panel per area).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from est_cli import store
from est_cli.errors import EstError
from est_cli.periods import Bucket, Period, buckets
from est_cli.outputs.atomic import write_atomically
from est_cli.outputs.excel_csv import csv_text
from est_cli.outputs.palette import (
    BORDER_COLOR,
    DECREASE_FILL,
    DECREASE_FONT,
    GREY_TEXT,
    INCREASE_FILL,
    INCREASE_FONT,
    NAVY,
)
from est_cli.outputs.xlsx import column_lines, print_setup, put_text
from est_cli.schema import POSITIVE_THEMES, THEMES, Schema
from est_cli.swedish import MINUS, MISSING, NEW, percent_text, signed, week_list_text
from est_cli.text import fold

UNTHEMED_LABEL = "Utanför checklistan (inget tema)"


class TrendError(EstError):
    """A request that cannot be answered; the message is Swedish."""


# ---------------------------------------------------------------------------- change


@dataclass(frozen=True)
class Change:
    """current − base, and in percent of base; no division by zero."""

    count: int | None  # None when either side is missing
    percent: float | None  # None when missing, or when the base is 0
    new: bool = False  # base 0, current > 0

    @classmethod
    def of(cls, current: float | None, base: float | None) -> Change:
        if current is None or base is None:
            return cls(None, None)
        count = current - base
        if base == 0:
            return cls(_int(count), 0.0 if current == 0 else None, new=current > 0)
        return cls(_int(count), round(100.0 * count / base, 1))

    @property
    def direction(self) -> int:
        """1 up, −1 down, 0 unchanged or unknown."""
        if self.count is None or self.count == 0:
            return 0
        return 1 if self.count > 0 else -1

    def text(self) -> str:
        """'+5 (+42 %)', '−3 (−20 %)', 'ny (+4)', '±0', '–'."""
        if self.count is None:
            return MISSING
        if self.new:
            return f"{NEW} ({signed(self.count)})"
        if self.count == 0:
            return "±0"
        return f"{signed(self.count)} ({percent_text(self.percent)})"

    def short(self) -> str:
        """For the terminal: '↑ +42 %', '↓ −20 %', '↑ ny', '±0', '–'."""
        if self.count is None:
            return MISSING
        if self.new:
            return f"↑ {NEW}"
        if self.count == 0:
            return "±0"
        arrow = "↑" if self.count > 0 else "↓"
        return f"{arrow} {percent_text(self.percent)}"

    def percent_value(self) -> float | str | None:
        """For tables: the percent, "ny", or None (missing)."""
        if self.new:
            return NEW
        return self.percent


def _int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


# ---------------------------------------------------------------------------- result


@dataclass
class AreaInfo:
    name: str
    key: str
    missing_weeks: list[str]  # weeks of the period without any report from the area
    reported_weeks: int


@dataclass
class TrendRow:
    area: str
    area_key: str
    key: str
    label: str
    theme: str | None
    counts: dict[str, int | None]  # bucket key ('2026-W27' or '2026-07') → count, None = no report
    total: int | None
    previous_total: int | None
    same_period_last_year: int | None
    missing_weeks: list[str] = field(default_factory=list)
    previous_missing_weeks: int = 0
    last_year_missing_weeks: int = 0

    @property
    def change(self) -> Change:
        return Change.of(self.total, self.previous_total)

    @property
    def change_last_year(self) -> Change:
        return Change.of(self.total, self.same_period_last_year)

    @property
    def quiet(self) -> bool:
        """Nothing at all in the period and its comparisons."""
        return not any((self.total, self.previous_total, self.same_period_last_year))

    @property
    def good_when_up(self) -> bool:
        return self.theme in POSITIVE_THEMES


@dataclass
class TrendResult:
    kommun: str
    schema_name: str
    period: Period
    previous: Period
    last_year: Period
    by: str  # item | theme
    per: str  # week | month
    buckets: list[Bucket]
    areas: list[AreaInfo]
    rows: list[TrendRow]
    made_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def as_dict(self) -> dict[str, Any]:
        """design.md's trend --json shape, plus comparison periods, changes and missing weeks."""

        def span(p: Period) -> dict[str, str]:
            return {"from": str(p.first), "to": str(p.last), "label": p.label}

        rows = []
        for r in self.rows:
            c, y = r.change, r.change_last_year
            rows.append({
                "area": r.area,
                "key": r.key,
                "label": r.label,
                "counts": dict(r.counts),
                "total": r.total,
                "previous_total": r.previous_total,
                "same_period_last_year": r.same_period_last_year,
                "change": c.count,
                "change_percent": c.percent,
                "change_text": c.text(),
                "change_last_year": y.count,
                "change_last_year_percent": y.percent,
                "change_last_year_text": y.text(),
                "theme": r.theme,
                "missing_weeks": list(r.missing_weeks),
                "previous_missing_weeks": r.previous_missing_weeks,
                "last_year_missing_weeks": r.last_year_missing_weeks,
            })
        return {
            "period": {"from": str(self.period.first), "to": str(self.period.last)},
            "label": self.period.label,
            "title": self.period.describe(),
            "kommun": self.kommun,
            "by": self.by,
            "per": self.per,
            "previous_period": span(self.previous),
            "same_period_last_year": span(self.last_year),
            "areas": [
                {"area": a.name, "missing_weeks": list(a.missing_weeks), "reported_weeks": a.reported_weeks}
                for a in self.areas
            ],
            "rows": rows,
        }


# ---------------------------------------------------------------------------- compute


def _ranges(*periods: Period) -> list[tuple[str, str]]:
    return [(str(p.first), str(p.last)) for p in periods]


def resolve_areas(conn, workspace_areas: list[str], requested: list[str] | None, period: Period | None = None) -> list[tuple[str, str]]:
    """(display name, area_key) of the areas to show.

    Default: the workspace's areas (in est.toml's order), then areas with reports in the period.
    Requested names are matched without regard to case and accents.
    """
    ws = {fold(a): a for a in workspace_areas}
    if requested:
        known = store.area_spellings(conn, area_keys=[fold(name) for name in requested if fold(name) not in ws])
        chosen: list[tuple[str, str]] = []
        for name in requested:
            key = fold(name)
            if key in ws:
                pair = (ws[key], key)
            elif key in known:
                pair = (known[key], key)
            else:
                names = sorted(set(ws.values()) | set(store.area_spellings(conn).values()), key=fold)
                raise TrendError(
                    f"Området {name!r} finns varken i est.toml eller i arkivet. "
                    + (f"Kända områden: {', '.join(names)}." if names else "Arkivet har inga rapporter ännu.")
                )
            if pair not in chosen:
                chosen.append(pair)
        return chosen
    chosen = [(name, key) for key, name in ws.items()]
    in_period = store.area_spellings(conn, _ranges(period) if period else None)
    chosen += sorted(((name, key) for key, name in in_period.items() if key not in ws), key=lambda p: fold(p[0]))
    return chosen


def key_order(schema: Schema, by: str, found: set[str], labels_from_archive) -> list[tuple[str, str, str | None]]:
    """(key, label, theme) in the order a coordinator knows: the schema's, then the rest by label."""
    if by == "theme":
        used = {item.theme for item in schema.items} | found
        keys = [(t, label, t) for t, label in THEMES.items() if t in used]
        if store.UNTHEMED in used:
            keys.append((store.UNTHEMED, UNTHEMED_LABEL, None))
        keys += sorted(((k, k, None) for k in used if k not in THEMES and k != store.UNTHEMED), key=lambda x: fold(x[1]))
        return keys
    keys = [(item.id, item.label, item.theme) for item in schema.items]
    extra = sorted(found - {item.id for item in schema.items})
    stored = labels_from_archive(extra)
    keys += sorted(((k, *stored.get(k, (k, None))) for k in extra), key=lambda x: fold(x[1]))
    return keys


def compute_trend(
    conn,
    *,
    period: Period,
    schema: Schema,
    kommun: str = "",
    workspace_areas: list[str] | None = None,
    areas: list[str] | None = None,
    by: str = "item",
    per: str = "week",
) -> TrendResult:
    """The figures for `period` per area × key, with the previous period and the same period last year."""
    if by not in ("item", "theme"):
        raise TrendError(f"--by {by!r} finns inte; välj item (kategori) eller theme (tema).")
    previous, last_year = period.previous(), period.same_period_last_year()
    chosen = resolve_areas(conn, workspace_areas or [], areas, period)
    area_keys = [key for _, key in chosen]
    ranges = _ranges(period, previous, last_year)
    counts = store.period_counts(conn, ranges, by, area_keys)
    present = store.period_presence(conn, ranges, area_keys)

    cols = buckets(period, per)
    weeks = [str(w) for w in period.weeks]
    prev_weeks = [str(w) for w in previous.weeks]
    ly_weeks = [str(w) for w in last_year.weeks]
    keys = key_order(schema, by, {k for (_, _, k) in counts}, lambda ks: store.key_labels(conn, ks))

    result = TrendResult(kommun, schema.name, period, previous, last_year, by, per, cols, [], [])
    for name, area_key in chosen:
        reported = [w for w in weeks if (w, area_key) in present]
        missing = [w for w in weeks if (w, area_key) not in present]
        result.areas.append(AreaInfo(name, area_key, missing, len(reported)))
        prev_reported = [w for w in prev_weeks if (w, area_key) in present]
        ly_reported = [w for w in ly_weeks if (w, area_key) in present]

        def total(ws: list[str], key: str, area_key: str = area_key) -> int | None:
            return sum(counts.get((w, area_key, key), 0) for w in ws) if ws else None

        for key, label, theme in keys:
            per_bucket: dict[str, int | None] = {}
            for b in cols:
                known = [str(w) for w in b.weeks if (str(w), area_key) in present]
                per_bucket[b.key] = total(known, key)
            result.rows.append(TrendRow(
                area=name,
                area_key=area_key,
                key=key,
                label=label,
                theme=theme,
                counts=per_bucket,
                total=total(reported, key),
                previous_total=total(prev_reported, key),
                same_period_last_year=total(ly_reported, key),
                missing_weeks=missing,
                previous_missing_weeks=len(prev_weeks) - len(prev_reported),
                last_year_missing_weeks=len(ly_weeks) - len(ly_reported),
            ))
    return result


# ---------------------------------------------------------------------------- tables


def by_title(by: str) -> str:
    return "Tema" if by == "theme" else "Kategori"


def table_header(result: TrendResult, bucket_titles: bool) -> list[str]:
    return [
        "Område",
        by_title(result.by),
        "Id",
        *[(b.title if bucket_titles else b.key) for b in result.buckets],
        f"Summa {result.period.label}",
        f"Föregående period {result.previous.label}",
        "Förändring",
        "Förändring %",
        f"Samma period i fjol {result.last_year.label}",
        "Förändring mot fjol",
        "Förändring mot fjol %",
        "Veckor utan rapport",
    ]


def table_rows(result: TrendResult) -> list[list[Any]]:
    """Plain values per row: ints, floats (percent), MISSING / "ny" / text."""
    ref_year = result.period.last.year
    rows = []
    for r in result.rows:
        c, y = r.change, r.change_last_year

        def v(x):
            return MISSING if x is None else x

        rows.append([
            r.area, r.label, r.key,
            *[v(r.counts[b.key]) for b in result.buckets],
            v(r.total), v(r.previous_total), v(c.count), v(c.percent_value()),
            v(r.same_period_last_year), v(y.count), v(y.percent_value()),
            week_list_text(r.missing_weeks, ref_year),
        ])
    return rows


def trend_csv(result: TrendResult) -> str:
    return csv_text(table_header(result, bucket_titles=False), table_rows(result))


# ---------------------------------------------------------------------------- xlsx


def write_xlsx(result: TrendResult | None, path: Path, follow_ups: list | None = None, note: str = "") -> None:
    """The figures as a workbook to paste into the kvartalsanalys: sheet Trend (+ Insatser, Om siffrorna)."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    sheets = []
    if result is not None:
        sheets.append(("Trend", lambda ws: _xlsx_trend(ws, result)))
    if follow_ups is not None:
        sheets.append(("Insatser", lambda ws: _xlsx_insatser(ws, follow_ups, note, result)))
    if result is not None:
        sheets.append(("Om siffrorna", lambda ws: _xlsx_about(ws, result)))
    for n, (name, fill) in enumerate(sheets):
        ws = first if n == 0 else wb.create_sheet()
        ws.title = name
        fill(ws)
    wb.properties.creator = "est"
    wb.properties.title = _xlsx_title(result) if result else "Uppföljning av insatser"
    wb.active = 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, wb.save)


def _xlsx_title(result: TrendResult) -> str:
    what = "teman" if result.by == "theme" else "kategorier"
    return f"Händelser per {what}, {result.period.describe()}" + (f" – {result.kommun}" if result.kommun else "")


class _Style:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color=BORDER_COLOR)
        self.Alignment, self.Font, self.PatternFill = Alignment, Font, PatternFill
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.header_font = Font(name="Arial", size=10, bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor=NAVY)
        self.title_font = Font(name="Arial", size=14, bold=True, color=NAVY)
        self.sub_font = Font(name="Arial", size=10, color=GREY_TEXT)
        self.note_font = Font(name="Arial", size=9, italic=True, color=GREY_TEXT)
        self.normal = Font(name="Arial", size=10)
        self.bold = Font(name="Arial", size=10, bold=True)
        self.grey = Font(name="Arial", size=10, color=GREY_TEXT)

    def put(self, ws, row: int, col: int, value, font=None, align: str | None = None, wrap: bool = False,
            number_format: str | None = None, border: bool = False):
        cell = ws.cell(row, col)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
        cell.font = font or self.normal
        if align or wrap:
            cell.alignment = self.Alignment(horizontal=align, vertical="top", wrap_text=wrap)
        if number_format:
            cell.number_format = number_format
        if border:
            cell.border = self.box
        return cell

    def header(self, ws, row: int, headers: list[str], widths: list[float]) -> None:
        from openpyxl.utils import get_column_letter

        for col, (text, width) in enumerate(zip(headers, widths), 1):
            cell = self.put(ws, row, col, text, font=self.header_font, align="center", wrap=True, border=True)
            cell.fill = self.header_fill
            cell.alignment = self.Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.row_dimensions[row].height = 42

    def colour(self, cell, direction: int, good_when_up: bool = False) -> None:
        if not direction:
            return
        bad = (direction > 0) != good_when_up
        cell.fill = self.PatternFill("solid", fgColor=INCREASE_FILL if bad else DECREASE_FILL)
        cell.font = self.Font(name="Arial", size=10, color=INCREASE_FONT if bad else DECREASE_FONT)


PERCENT_FORMAT = f'+0\\ %;"{MINUS}"0\\ %;0\\ %'
CHANGE_FORMAT = f'+0;"{MINUS}"0;0'
CHANGE_FORMAT_DECIMAL = f'+0.0;"{MINUS}"0.0;0'


def _xlsx_trend(ws, result: TrendResult) -> None:
    s = _Style()
    s.put(ws, 1, 1, _xlsx_title(result), font=s.title_font)
    ws.row_dimensions[1].height = 22
    s.put(ws, 2, 1, f"Jämförs med föregående period {result.previous.describe()} och samma period förra året "
                    f"{result.last_year.describe()}.  Checklista: {result.schema_name}.", font=s.sub_font)
    s.put(ws, 3, 1, f"{MISSING} = ingen rapport alls från området den veckan (inte samma sak som 0); summorna räknar "
                    "bara veckor med rapporter. Rött = fler än jämförelseperioden, grönt = färre. "
                    f"Sammanställd {result.made_at:%Y-%m-%d %H:%M} av est.", font=s.note_font)

    def id_last(values: list) -> list:  # the id is for machines: last column, in grey
        return values[:2] + values[3:] + values[2:3]

    header = id_last(table_header(result, bucket_titles=True))
    n_b = len(result.buckets)
    widths = [16, 34, *([6.5 if result.per == "week" else 9] * n_b), 10, 12, 11, 11, 12, 11, 11, 14, 24]
    head_row = 5
    s.header(ws, head_row, header, widths)
    first_num = 3
    total_col = first_num + n_b
    last_col = len(header)
    row = head_row + 1
    for r, values in zip(result.rows, table_rows(result)):
        values = id_last(values)
        for col, value in enumerate(values, 1):
            fmt = None
            align = "center" if first_num <= col < last_col - 1 else "left"
            if col in (total_col + 3, total_col + 6) and isinstance(value, float):
                value, fmt = value / 100.0, PERCENT_FORMAT
            elif col in (total_col + 2, total_col + 5) and isinstance(value, (int, float)):
                fmt = CHANGE_FORMAT
            font = s.grey if (value == MISSING or col == last_col) else (s.bold if col == total_col else None)
            cell = s.put(ws, row, col, value, font=font, align=align, number_format=fmt, border=True,
                         wrap=col in (1, 2, last_col - 1))
            if col in (total_col + 2, total_col + 3):
                s.colour(cell, r.change.direction, r.good_when_up)
            elif col in (total_col + 5, total_col + 6):
                s.colour(cell, r.change_last_year.direction, r.good_when_up)
        lines = max(column_lines(str(values[0]), widths[0]), column_lines(str(values[1]), widths[1]),
                    column_lines(str(values[last_col - 2]), widths[last_col - 2]))
        if lines > 1:
            ws.row_dimensions[row].height = 13 * lines + 2
        row += 1
    if not result.rows:
        s.put(ws, row, 1, "Inga områden att visa.")
        row += 1
    ws.freeze_panes = ws.cell(head_row + 1, 3)
    ws.auto_filter.ref = f"A{head_row}:{ws.cell(max(row - 1, head_row), len(header)).coordinate}"
    print_setup(ws, f"{head_row}:{head_row}", _xlsx_title(result))


def _xlsx_about(ws, result: TrendResult) -> None:
    s = _Style()
    s.put(ws, 1, 1, "Om siffrorna", font=s.title_font)
    lines = [
        (f"Period: {result.period.describe()}, vecka {result.period.first} till {result.period.last} "
         f"({len(result.period)} veckor)."),
        f"Föregående period: {result.previous.describe()} ({len(result.previous)} veckor).",
        f"Samma period förra året: {result.last_year.describe()} ({len(result.last_year)} veckor).",
        "En vecka hör till den månad, det kvartal, den tertial och det år där veckans torsdag ligger (ISO-regeln).",
        "Siffrorna är summan av antalet händelser i alla gällande rapporter; ersatta (rättade) rapporter räknas inte.",
        f"{MISSING} betyder att området inte har någon rapport alls den veckan. Det är inte samma sak som 0.",
        f"Förändring i procent räknas mot jämförelseperioden; \"{NEW}\" betyder att jämförelseperioden hade 0.",
    ]
    if result.by == "theme":
        lines.append("Teman är den gemensamma temalistan, så att olika kommuners checklistor kan jämföras.")
    row = 3
    for line in lines:
        s.put(ws, row, 1, line)
        row += 1
    row += 1
    s.header(ws, row, ["Område", "Veckor med rapport", "Veckor utan rapport"], [22, 12, 80])
    row += 1
    for a in result.areas:
        s.put(ws, row, 1, a.name, border=True)
        s.put(ws, row, 2, a.reported_weeks, align="center", border=True)
        s.put(ws, row, 3, week_list_text(a.missing_weeks, result.period.last.year) or "inga", wrap=True, border=True)
        row += 1
    print_setup(ws, None, "Om siffrorna")


def _xlsx_insatser(ws, follow_ups: list, note: str, result: TrendResult | None) -> None:
    s = _Style()
    s.put(ws, 1, 1, "Uppföljning av insatser: före och efter start", font=s.title_font)
    ws.row_dimensions[1].height = 22
    s.put(ws, 2, 1, note, font=s.note_font)

    header = ["Nr", "Område", "Riktad mot", "Beskrivning", "Ansvarig", "Från", "Till", "Fönster (veckor)",
              "Före: veckor", "Före: antal", "Efter: veckor", "Efter: antal", "Jämförs", "Förändring",
              "Förändring %", "Kommentar"]
    widths = [5, 16, 24, 34, 18, 10, 10, 9, 14, 9, 14, 9, 14, 11, 11, 40]
    s.header(ws, 4, header, widths)
    row = 5
    for f in follow_ups:
        c = f.change
        values = [f.insats["id"], f.insats["area"], f.label, f.insats["beskrivning"], f.insats["ansvarig"],
                  f.insats["from_week"], f.insats["to_week"] or "pågår", f.window,
                  f.before.span_text(), f.before.total if f.before.total is not None else MISSING,
                  f.after.span_text(), f.after.total if f.after.total is not None else MISSING,
                  follow_up_basis(f), c.count if c.count is not None else MISSING,
                  (c.percent / 100.0 if c.percent is not None else (NEW if c.new else MISSING)), f.remark]
        for col, value in enumerate(values, 1):
            fmt = (PERCENT_FORMAT if col == 15 and isinstance(value, float)
                   else CHANGE_FORMAT if col == 14 and isinstance(value, int)
                   else CHANGE_FORMAT_DECIMAL if col == 14 and isinstance(value, float) else None)
            cell = s.put(ws, row, col, value, number_format=fmt, border=True, wrap=col in (2, 3, 4, 5, 13, 16),
                         align="center" if 6 <= col <= 15 else "left")
            if col in (14, 15):
                s.colour(cell, c.direction, f.good_when_up)
        lines = max(column_lines(str(v), w) for v, w in zip(values, widths) if isinstance(v, str))
        if lines > 1:
            ws.row_dimensions[row].height = 13 * lines + 2
        row += 1
    if not follow_ups:
        s.put(ws, row, 1, "Inga insatser i registret för perioden.")
    ws.freeze_panes = "A5"
    print_setup(ws, "4:4", "Uppföljning av insatser")


def follow_up_basis(f) -> str:
    """What an insats's before/after change compares: the totals, or the mean per reported week."""
    if f.window == 0:
        return MISSING
    return "per rapporterad vecka" if f.per_week else "summa"


# ---------------------------------------------------------------------------- chart


def write_chart(result: TrendResult, path: Path, top: int = 6) -> list[str]:
    """A PNG with one panel per area: the `top` keys with most events, per week (lines) or month (bars).

    Weeks without any report are shaded grey and left as gaps (missing, not 0). Returns the keys drawn.
    """
    import textwrap

    # The object API, not pyplot: no figure manager or backend switching, and a faster import.
    from matplotlib import colormaps
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    areas = result.areas or []
    totals: dict[str, int] = {}
    labels: dict[str, str] = {}
    for r in result.rows:
        totals[r.key] = totals.get(r.key, 0) + (r.total or 0)
        labels[r.key] = r.label
    keys = [k for k, n in sorted(totals.items(), key=lambda kv: -kv[1]) if n > 0][:top]
    colours = colormaps["tab10"].colors
    colour = {k: colours[n % len(colours)] for n, k in enumerate(keys)}

    n_areas = max(1, len(areas))
    x = list(range(len(result.buckets)))
    legend_rows = (len(keys) + 2) // 2 + 1
    fig = Figure(figsize=(11, 1.0 + 0.25 * legend_rows + 2.8 * n_areas), layout="constrained")
    axes = fig.subplots(n_areas, 1, sharex=True, squeeze=False)
    what = "vecka" if result.per == "week" else "månad"
    title = f"Händelser per {what}, {result.period.describe()}" + (f" – {result.kommun}" if result.kommun else "")
    fig.suptitle(title, fontsize=14, fontweight="bold", x=0.02, ha="left")
    by_area: dict[str, dict[str, TrendRow]] = {}
    for r in result.rows:
        by_area.setdefault(r.area_key, {})[r.key] = r
    for ax, area in zip(axes[:, 0], areas or [None]):
        ax.grid(axis="y", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if area is None:
            ax.text(0.5, 0.5, "Inga områden att visa", ha="center", va="center", transform=ax.transAxes)
            continue
        rows = by_area.get(area.key, {})
        missing_x = [i for i, b in enumerate(result.buckets) if rows and next(iter(rows.values())).counts[b.key] is None]
        for i in missing_x:
            ax.axvspan(i - 0.5, i + 0.5, color="#e6e6e6", zorder=0)
        drawn = [k for k in keys if k in rows]
        if result.per == "week":
            for k in reversed(drawn):  # the biggest last, on top
                ys = [float("nan") if rows[k].counts[b.key] is None else rows[k].counts[b.key] for b in result.buckets]
                ax.plot(x, ys, marker="o", markersize=4, linewidth=2, color=colour[k], label=labels[k])
        else:
            width = 0.8 / max(1, len(drawn))
            for n, k in enumerate(drawn):
                ys = [float("nan") if rows[k].counts[b.key] is None else rows[k].counts[b.key] for b in result.buckets]
                ax.bar([i - 0.4 + width * (n + 0.5) for i in x], ys, width=width, color=colour[k], label=labels[k])
        reported = f"{area.reported_weeks} av {len(result.period.weeks)} veckor med rapport"
        ax.set_title(f"{area.name}  ({reported})", loc="left", fontsize=12)
        ax.set_ylabel("Antal")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        peak = max((v for k in drawn for v in rows[k].counts.values() if v is not None), default=0)
        ax.set_ylim(0, max(3, peak) * 1.08)
        if not drawn:
            ax.text(0.5, 0.5, "Inga händelser under perioden", ha="center", va="center",
                    transform=ax.transAxes, color="#666666")
            ax.set_ylim(0, 1)
    bottom = axes[-1, 0]
    step = 1 if len(x) <= 20 else 2 if len(x) <= 30 else 4
    bottom.set_xticks(x[::step])
    bottom.set_xticklabels([b.title for b in result.buckets][::step])
    bottom.set_xlim(-0.6, len(x) - 0.4)
    bottom.set_xlabel("Vecka" if result.per == "week" else "Månad")

    handles = [Line2D([], [], color=colour[k], marker="o" if result.per == "week" else "s",
                          linewidth=2 if result.per == "week" else 0, markersize=6)
               for k in keys]
    names = [textwrap.shorten(labels[k], 48, placeholder="…") for k in keys]
    handles.append(Patch(facecolor="#e6e6e6"))
    names.append("ingen rapport alls (inte 0)")
    what_keys = "teman" if result.by == "theme" else "kategorier"
    legend_title = f"De {len(keys)} {what_keys} med flest händelser" if keys else None
    fig.legend(handles, names, loc="outside lower center", ncol=2, frameon=False, fontsize=10, title=legend_title,
               title_fontsize=10)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=110, format="png"))
    return keys
