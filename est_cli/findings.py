"""Findings: validation results as values, with one Swedish message template per stable code.

A finding never stops the reading of a file; every check yields its findings and the
caller collects them all (as frictionless does). Only the CLI prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


def column_letter(col: int) -> str:
    """1 -> 'A', 27 -> 'AA' (1-based, as Excel names columns)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Location:
    """Where a finding is: sheet (or Word table / e-mail attachment), row and column, 1-based."""

    sheet: str | None = None
    row: int | None = None
    col: int | None = None

    @property
    def column(self) -> str | None:
        return column_letter(self.col) if self.col else None

    @property
    def cell(self) -> str | None:
        if self.col and self.row:
            return f"{self.column}{self.row}"
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell}

    def describe(self) -> str:
        """Swedish, human: 'blad Vivalla, cell B7' / 'Tabell 2, rad 3'."""
        parts = []
        if self.sheet:
            parts.append(self.sheet)
        if self.cell:
            parts.append(f"cell {self.cell}")
        elif self.row:
            parts.append(f"rad {self.row}")
        return ", ".join(parts)


# code -> (severity, Swedish message template). The one place the texts live.
CATALOG: dict[str, tuple[Severity, str]] = {
    # --- the file itself
    "format-unsupported": (
        "error",
        "Filen är {actual}, ett format som inte kan läsas. Spara om den som .xlsx, .docx eller .csv och skicka igen.",
    ),
    "file-empty": ("error", "Filen är tom (0 byte)."),
    "file-not-found": ("error", "Filen finns inte: {path}."),
    "file-unreadable": ("error", "Filen kunde inte läsas: {detail}."),
    "file-wrong-format": (
        "error",
        "Filen har ändelsen {ext} men innehållet är {actual}. Spara om den i rätt format och skicka igen.",
    ),
    "file-encrypted": (
        "error",
        "Filen är lösenordsskyddad (krypterad) och kan inte läsas. Be rapportören skicka den utan lösenord.",
    ),
    "file-too-large": ("error", "Filen är för stor för att läsas säkert: {detail}."),
    "zip-bomb": (
        "error",
        "Filen packas upp till misstänkt stor storlek ({detail}) och läses inte (skydd mot så kallade zip-bomber).",
    ),
    "xml-entities": (
        "error",
        "Filen innehåller XML-konstruktioner som inte är tillåtna (entiteter/DTD) och läses inte.",
    ),
    "macros-ignored": ("warning", "Filen innehåller makron. De körs aldrig; bara cellvärdena läses."),
    "no-checklist": ("error", "Ingen checklista hittades i filen: {detail}."),
    "sheet-hidden": ("warning", "Bladet {name} är dolt och hoppades över."),
    "attachment-unreadable": ("error", "Bilagan {name} kunde inte läsas: {detail}."),
    # --- header block
    "missing-week": ("error", "Vecka saknas. Skriv veckan i fältet Vecka (t.ex. 47 eller 2026-W47)."),
    "invalid-week": ("error", "Veckan {value!r} kunde inte tolkas. Skriv t.ex. 47, v.47 eller 2026-W47."),
    "week-year-assumed": (
        "warning",
        "Vecka {value!r} saknar år; år {year} antogs ({reason}). Ange --year om det är fel.",
    ),
    "week-date-mismatch": (
        "warning",
        "Datumet {date} ligger inte i vecka {week} som anges i fältet Vecka.",
    ),
    "date-outside-period": (
        "warning",
        "{what} har datumet {date}, utanför rapportperioden {period} (vecka {week}). {kept} sparas och räknas "
        "ändå i vecka {week}; kontrollera datumet.",
    ),
    "week-range": (
        "warning",
        "Rapporten gäller veckorna {value}; den räknas till den senare veckan, {week}.",
    ),
    "week-guessed": (
        "warning",
        "Fältet Vecka saknas; vecka {week} togs från {where}. Kontrollera att det stämmer.",
    ),
    "week-from-option": (
        "warning",
        "Fältet Vecka saknas; vecka {week} togs från --week. Kontrollera att det stämmer, eller skriv veckan i filen.",
    ),
    "week-from-date": (
        "warning",
        "Fältet Vecka saknas; vecka {week} är veckan för datumet {date} i fältet Datum. Kontrollera att det stämmer, "
        "eller skriv veckan i filen.",
    ),
    "area-from-sheet": (
        "warning",
        "Fältet Område saknas; området {area!r} togs från bladets namn. Kontrollera att det stämmer.",
    ),
    "missing-area": ("error", "Område saknas. Skriv bostadsområdet i fältet Område."),
    "missing-organisation": (
        "error",
        "Organisation saknas. Skriv organisationen (t.ex. Polis, Kommun, Fastighetsbolag) i fältet Organisation.",
    ),
    "missing-reporter": ("warning", "Rapportör saknas. Ange rapportörens funktion (inte namn) i fältet Rapportör."),
    "invalid-date": ("warning", "Datumet {value!r} kunde inte tolkas och sparas inte; skriv t.ex. 2026-11-18."),
    "conflicting-header": (
        "warning",
        "{field} anges på flera ställen med olika värden ({values}); {chosen!r} används.",
    ),
    # --- observation table
    "no-events": (
        "warning",
        "Rapporten har inga ifyllda rader. Den sparas som en rapport utan händelser, "
        "så att rapportören inte räknas som saknad.",
    ),
    "no-observation-table": (
        "error",
        "Ingen händelsetabell hittades: det behövs en rubrikrad med en kolumn för kategori "
        "(Punkt, Kategori, Händelse …) och en för Förekomst eller Antal.",
    ),
    "unknown-item": (
        "warning",
        "Punkten {label!r} finns inte i checklistan {schema}. Raden sparas under sitt eget namn.",
    ),
    "item-fuzzy-match": (
        "warning",
        "Punkten {label!r} tolkades som {item!r} (liknande stavning). Kontrollera.",
    ),
    "item-abbreviation": (
        "warning",
        "Punkten {label!r} tolkades som förkortning av {item!r}. Kontrollera; skriv gärna punktens hela namn.",
    ),
    "item-ambiguous": (
        "warning",
        "Punkten {label!r} kan vara {candidates} – est gissar inte. Raden sparas under sitt eget namn; "
        "skriv punktens hela namn.",
    ),
    "missing-item-label": (
        "error",
        "Raden har uppgifter men ingen kategori/punkt; raden kan inte sparas.",
    ),
    "invalid-mark": (
        "error",
        "Förekomst {value!r} kunde inte tolkas (skriv Ja, Nej, X eller ett antal); raden sparas inte.",
    ),
    "invalid-count": (
        "error",
        "Antal {value!r} är inte ett heltal från 0 och uppåt; raden sparas inte.",
    ),
    "conflicting-mark": (
        "warning",
        "Förekomst säger {mark!r} men Antal är {count}; {used} räknas. Kontrollera raden.",
    ),
    "total-row": (
        "warning",
        "Raden {label!r} ser ut som en summarad och räknas inte (annars räknas händelserna två gånger).",
    ),
    "details-without-mark": (
        "warning",
        "Raden har uppgifter (plats, kommentar …) men Förekomst är tom; den räknas som att inget hänt. Kontrollera.",
    ),
    "vague-count": (
        "warning",
        "Svaret {value!r} säger att det har hänt men inte hur många gånger; det räknas som en gång. "
        "Skriv antalet med siffror.",
    ),
    "row-not-counted": (
        "warning",
        "Raden har varken Förekomst, Antal eller datum, tid eller plats, så det går inte att se att något "
        "hänt; den räknas inte. Skriv antalet i Antal (eller Ja i Förekomst) om det har hänt.",
    ),
    # --- cross-tab tables: a column per weekday or per area (ingest/crosstab.py)
    "day-total-mismatch": (
        "warning",
        "Kolumnen {title!r} säger {total}, men veckodagarna på raden blir tillsammans {days}; "
        "veckodagarnas summa ({days}) räknas. Kontrollera raden.",
    ),
    "day-total-only": (
        "warning",
        "Bara {title!r} är ifylld ({total}), ingen veckodag; {used} räknas utan veckodag. "
        "Skriv antalet under rätt veckodag om dagen är känd.",
    ),
    "day-date-mismatch": (
        "warning",
        "Kolumnen {title!r} har datumet {date}, som är en {weekday}; händelserna i kolumnen får datumet {date}. "
        "Kontrollera veckodagen och datumet.",
    ),
    "week-from-days": (
        "warning",
        "Fältet Vecka saknas; vecka {week} togs från datumen i veckodagarnas kolumnrubriker. Kontrollera att det "
        "stämmer, eller skriv veckan i filen.",
    ),
    "columns-not-areas": (
        "error",
        "Kolumnerna {titles} har kryss och antal, men de är inga veckodagar och fältet Område säger redan "
        "{area!r}, så est vet inte vad kolumnerna betyder; raderna räknas inte. Skriv antalet i en kolumn Antal, "
        "eller rubriken Område över kolumnerna om de är områden.",
    ),
    "area-total-mismatch": (
        "warning",
        "Kolumnen {title!r} säger {total}, men områdena på raden blir tillsammans {areas}; varje område "
        "räknas för sig och {title!r} räknas inte. Kontrollera raden.",
    ),
    "area-total-only": (
        "warning",
        "Bara {title!r} är ifylld ({total}), inget område; antalet kan inte fördelas på områdena och räknas "
        "inte. Skriv antalet under rätt område.",
    ),
    "area-from-column": (
        "warning",
        "Området {area!r} togs från kolumnrubriken i cell {cell} (kolumnen har bara kryss och antal, men ingen "
        "rubrik Område över sig). Kontrollera. Skriv Område över områdenas kolumner, eller lägg till området i "
        "est.toml (omraden), så är det säkert.",
    ),
    "invalid-severity": (
        "warning",
        "Allvarlighetsgrad {value!r} ska vara 1, 2, 3 eller 4; värdet sparas inte.",
    ),
    "invalid-time": ("warning", "Tiden {value!r} kunde inte tolkas och sparas inte; skriv t.ex. 21:30."),
    "items-not-answered": (
        "warning",
        "{n} av checklistans punkter saknas i tabellen: {items}.",
    ),
    # --- Word checklists without an observation table: a list of paragraphs, question-style tables
    "items-not-listed": (
        "warning",
        "{n} av checklistans punkter saknas i listan: {items}.",
    ),
    "items-without-answer": (
        "warning",
        "{n} av punkterna saknar svar och räknas inte: {items}. Svara Ja eller Nej (eller skriv antalet) "
        "för varje punkt.",
    ),
    # --- protection
    "personnummer-masked": (
        "warning",
        "Ett personnummer eller samordningsnummer togs bort ur texten. EST hanterar inga personuppgifter.",
    ),
    # --- individdata in free text (est_cli.individdata): masked before storing, the cell named, the
    # masked text itself never repeated
    "name-masked": (
        "warning",
        "Ett troligt personnamn togs bort ur texten ([namn]). EST hanterar inga personuppgifter: skriv funktion "
        "eller roll i stället för namn. Är ordet en plats eller verksamhet: lägg till det i est.toml under "
        "[individdata] tillat.",
    ),
    "phone-masked": (
        "warning",
        "Ett telefonnummer togs bort ur texten ([telefon]). EST hanterar inga personuppgifter.",
    ),
    "email-masked": (
        "warning",
        "En e-postadress togs bort ur texten ([e-post]). EST hanterar inga personuppgifter.",
    ),
    "apartment-masked": (
        "warning",
        "Ett lägenhetsnummer togs bort ur texten ([lägenhet]). EST hanterar inga personuppgifter: ange gatan "
        "eller platsen, inte bostaden.",
    ),
    "regnr-masked": (
        "warning",
        "Ett registreringsnummer togs bort ur texten ([regnr]). EST hanterar inga personuppgifter.",
    ),
    "age-in-text": (
        "warning",
        "En persons ålder står i texten. Den finns kvar i den interna lägesbilden men aldrig i den externa; "
        "skriv hellre ”ungdom” eller ”vuxen”.",
    ),
    "address-in-text": (
        "warning",
        "En gatuadress med husnummer står i texten. Den finns kvar i den interna lägesbilden men aldrig i den "
        "externa; undvik boendeadresser – ange gatan eller platsen utan nummer.",
    ),
    "schema-unknown": ("error", "Okänd checklista (schema) {schema!r}. Finns: {known}."),
    # --- hostile or unusual file content (guards, readers)
    "xml-too-deep": (
        "error",
        "Filen innehåller XML som är nästlad i fler än {limit} nivåer (delen {part}) och läses inte "
        "(skydd mot filer som gjorts för att överbelasta program).",
    ),
    "external-links": (
        "warning",
        "Filen hämtar värden från andra arbetsböcker (externa länkar: {n}). Länkarna följs aldrig; "
        "de värden som sparades i filen används.",
    ),
    "formula-no-value": (
        "warning",
        "Cellen innehåller en formel men inget sparat värde. Formler beräknas aldrig, så cellen läses som tom. "
        "Öppna filen i Excel eller LibreOffice, spara den och skicka igen.",
    ),
    "nul-bytes": (
        "warning",
        "Filen innehåller {n} NUL-tecken (nollbyte), som togs bort. Kontrollera att texten ser rätt ut.",
    ),
}


@dataclass
class Finding:
    code: str
    message: str
    severity: Severity
    location: Location = field(default_factory=Location)
    hint: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.as_dict(),
        }


def finding(code: str, location: Location | None = None, *, hint: str | None = None, **params: Any) -> Finding:
    """Make a finding from the catalog: finding('invalid-mark', loc, value='kanske')."""
    severity, template = CATALOG[code]
    return Finding(code, template.format(**params), severity, location or Location(), hint)
