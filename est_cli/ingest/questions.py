"""A question-style Word table: each checklist item followed by its sub-questions, sections as rows
spanning the table –

    | Bostadsområden                                |
    | 1. Anlagd brand                               |
    | Har det hänt?      | ☒ Ja ☐ Nej               |   (or "Ja ☒" | "Nej ☐", or "Ja" / "X")
    | Hur många gånger?  | 2                        |
    | Var?               | Källaren Norrby långgata |
    | När?               | tisdag kväll / 2026-11-24 21:30 |
    | Beskriv kort       | Brand i barnvagn         |

– or with the item in the first column (merged down) and the sub-questions and their answers in the
next two. A sub-question takes the role of the column title it is phrased like (labels.column_role:
"Har det hänt?" a mark, "Hur många gånger?" a count, "Var?" the place …); its answer stands to its
right, or alone on the row below. An item row with an answer but no question ("Anlagd brand | ☒ Ja
☐ Nej") is the item's mark.
"""

from __future__ import annotations

import re

from est_cli.findings import Location
from est_cli.ingest.items import find_item
from est_cli.ingest.labels import column_role, header_field
from est_cli.ingest.records import Layout, Record
from est_cli.ingest.tables import inline_fields
from est_cli.ingest.values import BadValue, VagueCount, cell_text, read_mark
from est_cli.readers.base import Grid
from est_cli.schema import LabelIndex, Schema
from est_cli.text import fold, label_key

_ROLES = ("mark", "count", "place", "date", "time", "comment", "action", "severity")
# "Ja ☒" written with the box after its word: turned round to "☒ Ja", as values.read_mark reads it.
_WORD_BOX = re.compile(r"\b(ja|nej)\s*:?\s*([☒☑✓✔■☐□])", re.I)
_BOX_FIRST = re.compile(r"^\s*[☒☑✓✔■☐□]")
_TICKS = {"x", "☒", "☑", "✓", "✔", "■", "⊠"}
_EMPTY_ANSWERS = {"-", "–", "—", "."}
_NUMBER_CELL = re.compile(r"\d{1,2}(?:\.\d{1,2})?[.):]?")
# Dates and times in a "När?" answer ("tisdag 24/11 kl 21.30", "2026-11-24 21:30").
_DATE = re.compile(r"\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4})\b")
_TIME = re.compile(r"(?:\bkl\.?\s*)?\b([01]?\d|2[0-3])[:.]([0-5]\d)\b")


Cells = list[tuple[int, str]]  # the filled cells of a row: (column, text)


def question_role(text: str) -> str | None:
    """The role of a sub-question ('Har det hänt?' → mark, 'Hur många gånger?' → count, 'När?' → date);
    None for other text, and for an answer that looks like a title ("☒ Ja ☐ Nej")."""
    role = column_role(text.strip().rstrip("?:").strip())
    return role if role in _ROLES and not _reads(text) else None


def read_questions(grid: Grid, sheet: str, schema: Schema, index: LabelIndex) -> Layout:
    """The items of a question-style table with their answers; an empty Layout for any other table (no
    sub-question asking whether or how many times, and fewer than two checklist items with an answer of their
    own: "Antal boende | 1200" in a header table is no checklist)."""
    rows = [_filled(row) for row in grid.rows]
    layout = Layout(kind="questions")
    reader = _Reader(sheet, schema, index, layout)
    for r, cells in enumerate(rows, start=1):
        if cells:
            following = next((c for c in rows[r:] if c), [])
            reader.row(r, cells, following)
    reader.close()
    if not reader.asked and reader.inline < 2:
        return Layout(kind="questions")
    return layout


def _filled(row: list) -> Cells:
    """The row's filled cells; a text repeated in the next cells (a merge as some programs save it) once."""
    cells: Cells = []
    last = 0  # the column of the last filled cell
    for c, value in enumerate(row, start=1):
        text = cell_text(value).strip()
        if text and not (cells and cells[-1][1] == text and last == c - 1):
            cells.append((c, text))
        if text:
            last = c
    return cells


class _Reader:
    """Walks a table's rows: sections, items, and the answers of the current item's sub-questions."""

    def __init__(self, sheet: str, schema: Schema, index: LabelIndex, layout: Layout):
        self.sheet, self.schema, self.index, self.layout = sheet, schema, index, layout
        self.section: str | None = None
        self.current: Record | None = None
        self.pending: str | None = None  # a sub-question whose answer is on the row below
        self.yes_no: dict[int, str] = {}  # column → "Ja"/"Nej" of a row of Ja | Nej titles
        self.asked = False  # a checklist item's sub-question asking whether or how many times was seen
        self.known = False  # the current item is the checklist's
        self.inline = 0  # rows of a checklist item with an answer of their own

    def row(self, r: int, cells: Cells, following: Cells) -> None:
        if len(cells) > 1 and _NUMBER_CELL.fullmatch(cells[0][1]):
            cells = cells[1:]  # the item's number in a column of its own: "1. | Anlagd brand"
        first = cells[0][1]
        found = find_item(first, self.schema, self.index, self.section)
        # Right of the current item's column (its label merged down): a sub-question, even "Övrigt"
        inside = self.current is not None and cells[0][0] > (self.current.item_at.col or 1)
        exact_item = found.how == "exact" and not first.endswith("?") and not inside
        role = None if exact_item else question_role(first)
        if role and self.current is not None:
            self._question(r, role, cells[1:])
            return
        if inside and len(cells) > 1 and not found.how:
            self._answer("comment", r, [(cells[0][0], f"{first.rstrip(' :')}: {cells[1][1]}"), *cells[2:]])
            return  # a sub-question of no known role ("Typ av brand? | Barnvagn"): kept as a comment
        section = len(cells) == 1 and label_key(first) in self.index.section_titles
        if self.pending and self.current is not None and len(cells) == 1 and not (section or found.how):
            self._answer(self.pending, r, cells)  # the answer below its question ("Beskriv kort" ⏎ text)
            self.pending = None
            return
        if self._titles_yes_no(cells):
            return
        if section:
            self.close()
            self.section = self.index.section_titles[label_key(first)]
            return
        if header_field(first) or inline_fields(first):
            self.close()  # a header field in the table ("Vecka | 48", "Ifylld av | …"): records.py reads it
            self.layout.header_rows.add(r)
            return
        if column_role(first) in ("item", "ignore") and not exact_item:
            return  # the table's column titles ("Händelse | Fråga | Svar")
        self._item(r, cells, following)

    def _item(self, r: int, cells: Cells, following: Cells) -> None:
        (c, label), rest = cells[0], cells[1:]
        found = find_item(label, self.schema, self.index, self.section)
        known = found.item_id is not None or bool(found.candidates)
        asks_next = bool(following) and question_role(following[0][1]) is not None
        asks_here = bool(rest) and question_role(rest[0][1]) is not None
        if not (known or asks_next or asks_here or (rest and _reads(" ".join(t for _, t in rest)))):
            self.close()  # a title or a note inside the table
            return
        self.close()
        self.current = Record(label, Location(self.sheet, r, c), self.section, found.item_id)
        self.known = known
        self.layout.first_row = self.layout.first_row or r
        if asks_here:
            self._question(r, question_role(rest[0][1]) or "", rest[1:])
        elif rest:
            self.inline += known
            self._answer("mark", r, rest)

    def _question(self, r: int, role: str, answers: Cells) -> None:
        # only a checklist item's sub-question makes a question-style table: not "Antal boende | 1200"
        self.asked = self.asked or (role in ("mark", "count") and self.known)
        if answers:
            self._answer(role, r, answers)
            self.pending = None
        else:
            self.pending = role

    def _answer(self, role: str, r: int, cells: Cells) -> None:
        record = self.current
        if record is None:
            return
        at = Location(self.sheet, r, cells[0][0])
        if role == "mark":
            record.answer("mark", self._mark_text(cells), at)
            return
        text = " ".join(t for _, t in cells)
        if text in _EMPTY_ANSWERS:
            return
        if role == "date":
            for when_role, value in _when(text).items():
                record.answer(when_role, value, at)
            return
        record.answer(role, text, at)

    def _mark_text(self, cells: Cells) -> str:
        """A Ja/Nej answer as one text read_mark reads: "Ja ☒ | Nej ☐" → "☒ Ja ☐ Nej"; an X under a
        Ja or Nej title → "Ja"/"Nej"."""
        words = []
        for c, text in cells:
            if c in self.yes_no and text.strip().lower() in _TICKS:
                words.append(self.yes_no[c])
            else:
                words.append(box_first(text))
        return " ".join(words)

    def _titles_yes_no(self, cells: Cells) -> bool:
        """A row of Ja | Nej titles over the answer columns (the question or item column may be titled too)."""
        titles = {c: t for c, t in cells if fold(t) in ("ja", "nej")}
        if sorted(fold(t) for t in titles.values()) != ["ja", "nej"] or len(cells) - len(titles) > 1:
            return False
        if len(cells) > len(titles) and self.current is not None and question_role(cells[0][1]):
            return False  # "Har det hänt? | Ja | Nej" is a question answered in words
        self.yes_no = titles
        return True

    def close(self) -> None:
        """The current item is done: a record when anything was answered, else an item without answer."""
        if self.current is not None:
            target = self.layout.records if self.current.answered else self.layout.unanswered
            target.append(self.current)
        self.current, self.pending = None, None


def _reads(text: str) -> bool:
    try:
        return read_mark(box_first(text)) is not None
    except VagueCount:
        return True
    except BadValue:
        return False


def box_first(text: str) -> str:
    """ "Ja ☒ Nej ☐" → "☒ Ja ☐ Nej"; a text with its boxes first already stays as it is."""
    return text if _BOX_FIRST.match(text) else _WORD_BOX.sub(r"\2 \1", text)


def _when(text: str) -> dict[str, str]:
    """A "När?" answer as a date and a time: "2026-11-24 21:30" → both; "tisdag kväll" → the time as
    written (it is no date); "tisdag 24/11/2026 kväll" → the date, and the rest as the time."""
    found: dict[str, str] = {}
    date = _DATE.search(text)
    time = _TIME.search(text[date.end() :] if date else text)
    if date:
        found["date"] = date.group(1)
    if time:
        found["time"] = f"{int(time.group(1)):02d}:{time.group(2)}"
    elif date:
        rest = (text[: date.start()] + " " + text[date.end() :]).strip(" ,/–-")
        if rest:
            found["time"] = " ".join(rest.split())
    else:
        found["time"] = text
    return found
