"""The five sheets of the week's workbook, laid out from the compiled week (`WeekView`): Översikt,
Händelser, Platser och tider, Inrapportering and Avvisat."""

from __future__ import annotations

from collections import Counter

from est_cli.outputs.palette import HEAT_FILLS, STATUS_FILLS, SUBTOTAL_FILL
from est_cli.swedish import MINUS, MISSING, RECEIVED_FROM, stamp, week_label
from est_cli.text import fold
from est_cli.weeks import IsoWeek
from est_cli.weekview import ExpectedStatus, OverviewRow
from est_cli.weekview.rules import OUTSIDE_PERIOD, SLOTS, ReportCounts, hot_spots, hot_times
from est_cli.workbook.layout import Col, SheetLayout, title

RESTRICTED = "Begränsad spridning"  # est.toml [organisationer."…"] spridning = "intern"
NOT_COMPARABLE = "ej jämförbart"  # the weeks' numbers of reports differ by more than a third
GOOD_WHEN_UP: dict[str, bool | None] = {"problem": False, "positive": True, "omvarld": None}
EMPTY_REJECTED = "Inga avvisade filer eller rader."
EMPTY_WARNINGS = "Inga varningar: inget att kontrollera."


class WeekSheets(SheetLayout):
    """Lays out the five sheets."""

    # --- 1. Översikt

    def overview(self, ws) -> None:
        v = self.view
        prev, before, last_year = (
            week_label(w, self.year) for w in (v.previous_week, v.week_before, v.same_week_last_year)
        )
        this = week_label(v.week, self.year)
        cols = [
            Col("Område", 18, wrap=True),
            Col("Kategori", 40, wrap=True),
            Col(f"Denna vecka\n{this}", 12, "center"),
            Col(f"Föregående vecka\n{prev}", 12, "center"),
            Col(f"Veckan före\n{before}", 12, "center"),
            Col(f"Samma vecka förra året\n{last_year}", 14, "center"),
            Col("Förändring mot föregående vecka", 17, "center", number_format=f'+0;"{MINUS}"0;0'),
            Col("Rapporterat denna vecka", 13, "center"),
        ]
        compared = "; ".join(
            f"{name} {week_label(w, self.year)} ({self._span(w)})" if self._span(w) else f"{name} {w}"
            for name, w in (
                ("föregående vecka", v.previous_week),
                ("veckan före", v.week_before),
                ("samma vecka förra året", v.same_week_last_year),
            )
        )
        lines = [
            f"Sammanställd {stamp(v.compiled_at)}  ·  Checklista: {v.schema_name}"
            + (f"  ·  Sista dag för inrapportering: {stamp(v.deadline)}" if v.deadline else ""),
            f"Rapportperiod {this}: {v.period.sentence()}.",
            f"Denna vecka {this} jämförs med {compared}.",
        ]
        row = self.heading(ws, title(v), lines)
        self.put(
            ws,
            row,
            1,
            f"{MISSING} = ingen rapport alls från området den veckan (inte samma sak som 0). "
            "Rött = fler än föregående vecka, grönt = färre (för positiva händelser tvärtom; omvärld och "
            "arrangemang utan färg – de räknas inte i summan). Ej jämförbart = antalet rapporter från området skiljer "
            "sig mer än en tredjedel mellan veckorna (se raden Antal rapporter). Antalen är händelser: samma händelse "
            "rapporterad av två organisationer räknas en gång (Rapporterat = summan av rapporterna där den "
            "skiljer sig; se kolumnen Händelse i Händelser).",
            font=self.note_font,
        )
        header = row + 2
        self.header_row(ws, header, 1, cols)
        row = header + 1

        row = self._overview_rows(ws, cols, row)
        self.widths(ws, 1, cols)
        self.finish(ws, header, 1, len(cols), row - 1)

    def _span(self, week: str) -> str:
        """The reporting period of a comparison week: '4 november kl. 10 – 11 november 2026'."""
        try:
            return self.view.period.for_week(IsoWeek.parse(week)).span_text()
        except ValueError:
            return ""

    def _overview_rows(self, ws, cols: list[Col], row: int) -> int:
        """One row per area × category and a bold sum row per area; areas without a report named.
        Returns the next free row."""
        v = self.view
        areas: dict[str, list[OverviewRow]] = {}
        for r in v.overview:
            areas.setdefault(r.area, []).append(r)
        change_col = len(cols) - 1
        for area, rows in areas.items():
            reports = ReportCounts.of(v, fold(area))
            # Unknown report counts (a view without them) compare as they are.
            fair = not (reports.this and reports.previous) or reports.fair(reports.previous)
            for r in rows:
                values = [
                    r.area,
                    r.label,
                    r.this_week,
                    *(_or_missing(x) for x in (r.previous_week, r.week_before, r.same_week_last_year)),
                    _change(r.this_week, r.previous_week) if fair or r.previous_week is None else NOT_COMPARABLE,
                    r.reported,
                ]
                self.data_row(ws, row, 1, cols, values)
                self.colour_week_change(ws.cell(row, change_col), GOOD_WHEN_UP.get(r.kind, False))
                row += 1
            # The area's sum counts problems only, as the lägesbild does: positive events and context
            # (the wider world, arrangemang) are no measure of insecurity.
            problems = [r for r in rows if r.kind == "problem"]
            this_week = sum(r.this_week for r in problems)
            reported = sum(r.reported_this_week for r in problems)
            totals = [
                this_week,
                _sum([r.previous_week for r in problems]),
                _sum([r.week_before for r in problems]),
                _sum([r.same_week_last_year for r in problems]),
            ]
            previous = totals[1] if isinstance(totals[1], int) else None
            # What the week's comparison rests on: the reports from the area each week.
            if reports.this:
                self.data_row(
                    ws,
                    row,
                    1,
                    cols,
                    [
                        area,
                        "Antal rapporter",
                        *(n or MISSING for n in (reports.this, reports.previous, reports.before, reports.last_year)),
                        None if fair or not reports.previous else f"{reports.this} mot {reports.previous}",
                        None,
                    ],
                    font=self.note_font,
                )
                row += 1
            self.data_row(
                ws,
                row,
                1,
                cols,
                [
                    area,
                    f"Summa {area}"
                    + (" (utom positiva och omvärld)" if any(r.this_week for r in rows if r.kind != "problem") else ""),
                    *totals,
                    _change(this_week, previous) if fair or previous is None else NOT_COMPARABLE,
                    reported if reported != this_week else None,
                ],
                font=self.bold,
                fill=SUBTOTAL_FILL,
                border=self.subtotal_border,
            )
            self.colour_week_change(ws.cell(row, change_col))
            row += 1
        for area in v.areas_without_reports:
            self.data_row(
                ws,
                row,
                1,
                cols,
                [area, "Ingen rapport från området denna vecka (se Inrapportering)", MISSING, *[None] * 5],
                font=self.note_font,
            )
            row += 1
        if not v.overview and not v.areas_without_reports:
            self.put(ws, row, 1, "Inga rapporter denna vecka.", font=self.normal)
            row += 1
        return row

    # --- 2. Händelser

    def events(self, ws) -> None:
        v = self.view
        cols = [
            Col("Område", 14.5, wrap=True),
            Col("Kategori", 22, wrap=True),
            Col("Antal", 7, "center"),
            Col("Plats", 17, wrap=True),
            Col("Datum", 11.5, "center", number_format="yyyy-mm-dd"),
            Col("Tid", 12, "center", wrap=True),
            Col("Allvarlighetsgrad", 16.5, "center"),
            Col("Kommentar", 34, wrap=True),
            Col("Åtgärd", 24, wrap=True),
            Col("Organisation", 15.5, wrap=True),
            Col("Rapportör", 15, wrap=True),
            Col("Källa", 17, wrap=True, font_size=8.5),
            Col("Cell", 12, wrap=True, font_size=8.5),
            Col("Händelse", 10, "center"),
            Col("Spridning", 13, wrap=True),
        ]
        total = sum(e.counts for e in v.events)
        reported = sum(e.count for e in v.events)
        shared = Counter(e.event for e in v.events)
        lines = [
            (
                f"{len(v.events)} rader, {total} händelser"
                + (f" ({reported} rapporterade)" if reported != total else "")
                + ". Alla händelser som rapporterats med antal större än 0, med källa (fil och cell). "
                "Rader med samma nummer i Händelse är samma händelse rapporterad av flera: den räknas en "
                "gång, med det största antalet (rätta med est händelse samma/skilj)."
            )
        ]
        outside = sum(e.counts for e in v.events if e.outside_period)
        if outside:
            lines[0] += (
                f" {outside} av händelserna har datum utanför rapportperioden ({v.period.span_text(times=True)}) "
                "och räknas ändå i veckan; se Att kontrollera."
            )
        rows = [
            [
                e.area,
                e.label,
                e.count,
                e.place,
                e.date,
                e.time,
                e.severity,
                e.comment,
                e.action,
                e.organisation,
                e.reporter,
                e.source,
                e.location,
                f"{e.event} (×{shared[e.event]})" if shared[e.event] > 1 else e.event,
                RESTRICTED if e.restricted else None,
            ]
            for e in v.events
        ]
        if any(e.restricted for e in v.events):
            lines.append(
                f"{RESTRICTED} = organisationens fritext får inte spridas utanför EST-gruppen (est.toml: "
                "spridning = intern); den kommer aldrig med i den externa lägesbilden."
            )
        self.list_sheet(ws, self.week_title("Händelser"), lines, cols, rows, "Inga händelser rapporterade denna vecka.")

    # --- 3. Platser och tider

    def places_and_times(self, ws) -> None:
        v = self.view
        spots, no_place = hot_spots(v.events)
        spot_cols = [
            Col("Område", 14, wrap=True),
            Col("Plats", 24, wrap=True),
            Col("Antal händelser", 11, "center"),
            Col("Kategorier", 50, wrap=True),
        ]
        gap = 3
        time_first = len(spot_cols) + 2
        time_cols = (
            [Col("Dag", 22, wrap=True, valign="center")]
            + [Col(s.replace(" ", "\n", 1), 12, "center", valign="center") for s in SLOTS]
            + [Col("Summa", 9, "center", valign="center")]
        )
        lines = [
            (
                "Till vänster: platser med flest händelser (summa av Antal; samma plats oavsett stora/små "
                "bokstäver och mellanslag). Till höger: när händelserna inträffade (dag × tid på dygnet), "
                "dag för dag under rapportperioden."
            )
        ]
        self.heading(ws, self.week_title("Platser och tider"), lines)
        header = 4
        self.put(ws, header - 1, 1, "Var – platser med flest händelser", font=self.bold)
        self.put(
            ws,
            header - 1,
            time_first,
            f"När – dag och tid på dygnet, rapportperioden {v.period.span_text(times=True)}",
            font=self.bold,
        )
        self.header_row(ws, header, 1, spot_cols)
        self.header_row(ws, header, time_first, time_cols)

        row = header + 1
        for spot in spots:
            self.data_row(ws, row, 1, spot_cols, [spot.area, spot.place, spot.count, ", ".join(spot.labels)])
            row += 1
        if not spots:
            self.put(ws, row, 1, "Inga händelser med angiven plats.", font=self.normal)
            row += 1
        last_spot_row = row - 1
        if no_place:
            noun = "händelse" if no_place == 1 else "händelser"
            self.put(
                ws, row + 1, 1, f"{no_place} {noun} saknar plats och finns inte med i listan.", font=self.note_font
            )

        self._hot_times(ws, header + 1, time_first, time_cols)

        self.widths(ws, 1, spot_cols)
        from openpyxl.utils import get_column_letter

        ws.column_dimensions[get_column_letter(len(spot_cols) + 1)].width = gap
        self.widths(ws, time_first, time_cols)
        # One filter per sheet in Excel: it goes on the hot-spot list, the list that can grow long.
        self.finish(ws, header, 1, len(spot_cols), last_spot_row)

    def _hot_times(self, ws, first_row: int, time_first: int, time_cols: list[Col]) -> None:
        """Counts per day of the reporting period × time slot, plain fills by strength, a sum row and the
        notes below."""
        v = self.view
        rows = hot_times(v.events, v.period)
        peak = max((n for r in rows for n in r.counts), default=0)
        trow = first_row
        for time_row in rows:
            ws.row_dimensions[trow].height = 27  # an even grid: two lines, whatever the list beside it needs
            self.data_row(ws, trow, time_first, time_cols, [time_row.label, *time_row.counts, time_row.total])
            ws.cell(trow, time_first).font = self.bold
            for j, n in enumerate(time_row.counts):
                cell = ws.cell(trow, time_first + 1 + j)
                if n and peak and time_row.day is not None:
                    step = min(len(HEAT_FILLS) - 1, int((n / peak) * len(HEAT_FILLS) - 1e-9))
                    cell.fill = self.PatternFill("solid", fgColor=HEAT_FILLS[step])
                    if n == peak:
                        cell.font = self.bold
                elif not n:
                    cell.font = self.Font(name="Arial", size=10, color="A6A6A6")
            ws.cell(trow, time_first + len(time_cols) - 1).font = self.bold
            trow += 1
        column_sums = [sum(r.counts[j] for r in rows) for j in range(len(SLOTS))]
        self.data_row(
            ws,
            trow,
            time_first,
            time_cols,
            ["Summa", *column_sums, sum(column_sums)],
            font=self.bold,
            fill=SUBTOTAL_FILL,
        )
        trow += 1
        notes = [
            (
                "Tid: klockslag (t.ex. 21:30) eller ord som natt, morgon, förmiddag, eftermiddag, kväll; "
                "annat räknas som okänd tid. Mörkare färg = fler händelser."
            )
        ]
        outside = sum(r.total for r in rows if r.label == OUTSIDE_PERIOD)
        if outside:
            notes.append(
                f"{outside} av händelserna har datum utanför rapportperioden och står på raden "
                f"{OUTSIDE_PERIOD}: de räknas i vecka {self.week_no}, men inte på någon dag (se Att kontrollera)."
            )
        for note in notes:
            trow += 1
            self.put(ws, trow, time_first, note, font=self.note_font)

    # --- 4. Inrapportering

    def expected(self, ws) -> None:
        v = self.view
        cols = [
            Col("Område", 16, wrap=True),
            Col("Organisation", 18, wrap=True),
            Col("Rapportör", 26, wrap=True),
            Col("Status", 14, "center"),
            Col("Inkommen", 17, "center", number_format="yyyy-mm-dd hh:mm"),
            Col("Tiden enligt", 14, wrap=True),
            Col("Källa", 40, wrap=True),
        ]
        status = Counter(r.status for r in v.expected)
        expected_n = sum(1 for r in v.expected if r.status != ExpectedStatus.UNEXPECTED)
        lines = [
            (
                f"Förväntade: {expected_n}, inkomna: {status[ExpectedStatus.RECEIVED]}, "
                f"sena: {status[ExpectedStatus.LATE]}, saknas: {status[ExpectedStatus.MISSING]}"
            )
        ]
        if status[ExpectedStatus.UNEXPECTED]:
            n = status[ExpectedStatus.UNEXPECTED]
            lines.append(
                f"Dessutom {n} {'rapport' if n == 1 else 'rapporter'} från rapportörer som inte "
                "fanns bland de förväntade (ej förväntad)."
            )
        if v.deadline:
            lines.append(f"Sista dag för inrapportering: {stamp(v.deadline)}. Sen = kom in efter den tiden.")
        lines.append(
            "Tiden enligt: e-post = e-brevets datum; datum i rapporten = rapportens fält Datum (ingen "
            "tid på dagen); sparad fil = när filen sparades, det svagaste beviset."
        )

        def status_colour(row: int, values: list) -> None:
            fill = STATUS_FILLS.get(values[3])
            if fill:
                ws.cell(row, 4).fill = self.PatternFill("solid", fgColor=fill)
                ws.cell(row, 4).font = self.bold
            if values[5] == RECEIVED_FROM["datum"]:
                ws.cell(row, 5).number_format = "yyyy-mm-dd"  # a Datum field has no time of day

        rows = [
            [r.area, r.organisation, r.reporter, r.status, r.received, _received_from(r), r.source] for r in v.expected
        ]
        self.list_sheet(
            ws,
            self.week_title("Inrapportering"),
            lines,
            cols,
            rows,
            "Inga förväntade rapportörer angivna i est.toml.",
            summary_font=self.Font(name="Arial", size=11, bold=True),
            each_row=status_colour,
        )

    # --- 5. Avvisat

    def rejected(self, ws) -> None:
        v = self.view
        cols = [
            Col("Fil", 34, wrap=True),
            Col("Plats", 16, wrap=True),
            Col("Kod", 20, wrap=True),
            Col("Orsak", 70, wrap=True),
        ]
        files = len({r.file for r in v.rejected if not r.location})
        rejected_rows = sum(1 for r in v.rejected if r.location)
        lines = [
            (
                f"Avvisade filer: {files}, avvisade rader: {rejected_rows}. Avvisat har inte kommit med i "
                "sammanställningen – be rapportören rätta och skicka igen."
            )
        ]
        rows = [[r.file, r.location or "Hela filen", r.code, r.message] for r in v.rejected]
        self.list_sheet(ws, self.week_title("Avvisat"), lines, cols, rows, EMPTY_REJECTED, empty_as_row=True)

    # --- 6. Att kontrollera

    def to_check(self, ws) -> None:
        v = self.view
        cols = [
            Col("Fil", 34, wrap=True),
            Col("Plats", 16, wrap=True),
            Col("Kod", 20, wrap=True),
            Col("Varning", 70, wrap=True),
        ]
        files = len({w.file for w in v.warnings})
        lines = [
            (
                f"Varningar: {len(v.warnings)} i {files} {'fil' if files == 1 else 'filer'}. Raderna är sparade och "
                "räknade, men est gissade eller ändrade något – kontrollera att det stämmer."
            )
        ]
        rows = [[w.file, w.location or "Hela filen", w.code, w.message] for w in v.warnings]
        self.list_sheet(ws, self.week_title("Att kontrollera"), lines, cols, rows, EMPTY_WARNINGS, empty_as_row=True)


def _change(this: int | None, previous: int | None) -> int | str:
    if this is None or previous is None:
        return MISSING
    return this - previous


def _sum(values: list[int | None]) -> int | str:
    known = [v for v in values if v is not None]
    return sum(known) if known else MISSING


def _or_missing(value: int | None) -> int | str:
    return MISSING if value is None else value


def _received_from(row) -> str | None:
    """What the row's received time rests on, in words ("e-post", "datum i rapporten", "sparad fil")."""
    if row.received is None or row.received_from is None:
        return None
    return RECEIVED_FROM.get(row.received_from, row.received_from)
