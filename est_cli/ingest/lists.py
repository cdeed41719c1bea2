"""A Word checklist written as paragraphs – a bulleted or numbered list, or plain lines – instead of
a table: "☒ Klotter, skadegörelse", "X Anlagd brand", "[x] Brand", "Brand: Ja (1)",
"Skadegörelse – Ja, tre gånger", "Klotter: -", "Trapphäng: 2".

A paragraph is a checklist line only when it starts with an item's label (after any bullet or
numbering) or with a check mark before a label; everything else – the header fields, titles, prose –
is left to the header block. A section title on a line of its own sets the section of the lines below.
Each line's location is its paragraph (Brödtext, rad n).
"""

from __future__ import annotations

import re

from est_cli.findings import Location
from est_cli.ingest.items import find_item
from est_cli.ingest.labels import header_field
from est_cli.ingest.questions import box_first
from est_cli.ingest.records import Layout, Record
from est_cli.ingest.tables import inline_fields
from est_cli.ingest.values import BadValue, VagueCount, read_mark
from est_cli.readers.base import Grid
from est_cli.schema import LabelIndex, Schema
from est_cli.text import fold, label_key

# A bullet or list number typed as text ("• ", "- ", "1. ", "a) "); Word's own numbering is no text.
_BULLET = re.compile(r"^\s*(?:[•◦▪▫‣⁃·∙○●\-–—*>]+|\d{1,2}[.)]|[a-z][.)])\s+", re.I)
# A check mark before the label: a box character, "[x]"/"[ ]", "(x)"/"( )", or an X.
_MARK = re.compile(r"^\s*(?:\[\s*([xX✓✔*])?\s*\]|\(\s*([xX✓✔])?\s*\)|([☒☑✓✔⊠■☐□])|([xX])(?=\s))\s*")
_CHECKED_BOX = set("☒☑✓✔⊠■")
# Where a label may end and its answer begin: "Brand: Ja", "Brand – Ja", "Brand (Ja)", "Brand\tJa".
_SPLIT = re.compile(r"\s*(?::|\t+|\s[-–—]\s|\(|,)\s*")
_ANSWER_AFTER = re.compile(r"[:\t]|\s[-–—](\s|$)")
_MAX_UNKNOWN_LABEL_WORDS = 5  # a longer text before its "answer" is prose, not an item outside the schema
_MAX_BOXED_LABEL_WORDS = 8
_NONE_WORDS = ("inget", "ingenting", "inga", "ingen")
_TRAILING_PUNCTUATION = " ,;.:–-—)"
_DESCRIPTION_WORDS = 3  # an answer of this many words that reads as no mark is a description


def read_list(grid: Grid, sheet: str, schema: Schema, index: LabelIndex) -> Layout:
    """The checklist lines of the body text, as records (answered) and unanswered items.

    A line naming no item of the checklist counts only when it has a check mark, or – "Cykelstölder: Ja" –
    when it stands next to a checklist line: among the header fields or prose, "Telefon: 070…" is no item.
    """
    layout = Layout(kind="list")
    section: str | None = None
    lines: dict[int, tuple[Record, str | None, str, bool]] = {}  # row → (record, box, answer, sure)
    for r, row in enumerate(grid.rows, start=1):
        text = row[0] if row and isinstance(row[0], str) else ""
        if not text.strip() or inline_fields(text) or header_field(text):
            continue
        line = _line(text)
        if line is None:
            continue
        (label, answer), box = _split(line[0], index), line[1]
        answer = box_first(answer)  # "Ja ☒ Nej ☐" → "☒ Ja ☐ Nej"
        if box is None and not answer and label_key(label) in index.section_titles:
            section = index.section_titles[label_key(label)]
            continue
        found = find_item(label, schema, index, section)
        known = found.item_id is not None or bool(found.candidates)
        if known or _unknown_item_line(label, box, answer):
            record = Record(label, Location(sheet, r), section, found.item_id)
            lines[r] = (record, box, answer, known or box is not None)
    sure = {r for r, line in lines.items() if line[3]}
    grown = True
    while grown:  # unknown lines next to a checklist line, or to one that is next to one …
        grown = False
        for r in lines.keys() - sure:
            if r - 1 in sure or r + 1 in sure:
                sure.add(r)
                grown = True
    for r in sorted(sure):
        record, box, answer, _ = lines[r]
        if box is None and not answer:
            layout.unanswered.append(record)
            continue
        _answers(record, box, answer, record.item_at)
        layout.records.append(record)
        layout.first_row = layout.first_row or r
    return layout


def _line(text: str) -> tuple[str, str | None] | None:
    """(the text after any bullet and check mark, the check mark as ☒/☐ or None); None when nothing is left."""
    rest = _BULLET.sub("", text, count=1)
    box: str | None = None
    mark = _MARK.match(rest)
    if mark:
        checked = bool(mark.group(1) or mark.group(2) or mark.group(4)) or (mark.group(3) or "") in _CHECKED_BOX
        box = "☒" if checked else "☐"
        rest = _BULLET.sub("", rest[mark.end() :], count=1)
    rest = rest.strip()
    return (rest, box) if rest else None


def _split(text: str, index: LabelIndex) -> tuple[str, str]:
    """The label and the answer after it. The longest text before a separator that is an item's label
    as written wins ("Klotter, skadegörelse – Ja"); else the text before the first separator other than a
    comma ("Anl. brand: Ja"); else a label followed by its answer word ("Anlagd brand ja"); else all label."""
    if label_key(text) in index.exact and not _ANSWER_AFTER.search(text):
        return text, ""  # "Klotter, skadegörelse", not "Brand: -"
    splits = [(m.start(), m.end()) for m in _SPLIT.finditer(text) if m.start() > 0]
    for start, end in reversed(splits):
        if label_key(text[:start]) in index.exact:
            return text[:start].strip(), _answer_text(text, start, end)
    words = text.split()
    for n in (1, 2, 3, 4):
        if (
            len(words) > n
            and label_key(" ".join(words[:-n])) in index.exact
            and _reads(box_first(" ".join(words[-n:])))
        ):
            return " ".join(words[:-n]), " ".join(words[-n:])
    for start, end in splits:
        if text[start:end].strip() != ",":
            return text[:start].strip(), _answer_text(text, start, end)
    return text, ""


def _answer_text(text: str, start: int, end: int) -> str:
    answer = text[end:].strip()
    if text[start:end].strip() == "(" and answer.endswith(")") and "(" not in answer:
        answer = answer[:-1].strip()  # "Brand (Ja)"
    return answer


def _reads(text: str) -> bool:
    """Does the text read as a mark or a count ('Ja', 'X', '-', '3', 'tre gånger', 'flera')?"""
    for candidate in (text.strip(), text.strip(_TRAILING_PUNCTUATION)):
        try:
            if read_mark(candidate) is not None:
                return True
        except VagueCount:
            return True
        except BadValue:
            continue
    return False


def _unknown_item_line(label: str, box: str | None, answer: str) -> bool:
    """A label outside the schema is a checklist line when it has a check mark before it, or is short and
    followed by an answer that reads as one – not a sentence that happens to contain a colon."""
    if len(label.split()) > (_MAX_BOXED_LABEL_WORDS if box else _MAX_UNKNOWN_LABEL_WORDS):
        return False
    if label.rstrip().endswith((".", "!", "?")):
        return False
    if box is not None:
        return True
    return bool(answer) and _reads(answer)  # the whole answer: "Cykelstölder: Ja (2)", not "Lugn vecka: inga problem"


def _mark_prefix(answer: str) -> tuple[str | None, str]:
    """The longest run of words at the start of the answer that reads as a mark or count, and the rest
    ('Ja, tre gånger – vid skolan' → ('Ja, tre gånger', 'vid skolan')); (None, answer) when none does."""
    if fold(answer).split(" ", 1)[0] in _NONE_WORDS:
        return "Nej", answer  # "Inget att rapportera"
    words = answer.split()
    for n in range(len(words), 0, -1):
        head = " ".join(words[:n])
        if _reads(head):
            head = head if head.strip() in ("-", "–", "—") else head.rstrip(_TRAILING_PUNCTUATION)
            return head, " ".join(words[n:]).lstrip(_TRAILING_PUNCTUATION)
    return None, answer


def _answers(record: Record, box: str | None, answer: str, at: Location) -> None:
    """The record's mark (the check mark, or the answer's first words), a count written after a check
    mark ('☒ Brand: 2'), and the rest of the answer as the comment. An answer that does not read is
    given as the mark, so the line is named as unreadable (invalid-mark) rather than dropped."""
    head, rest = _mark_prefix(answer) if answer else (None, "")
    if box is None:
        if head is None and len(answer.split()) >= _DESCRIPTION_WORDS:
            record.answer("comment", answer, at)  # a description, no answer: 0, said (details-without-mark)
            return
        record.answer("mark", head if head is not None else answer, at)
        if head is not None and rest:
            record.answer("comment", rest, at)
        return
    record.answer("mark", box, at)
    if head is None:
        if answer:
            record.answer("comment", answer, at)
        return
    try:
        number = read_mark(head)
    except VagueCount:
        record.values["mark"] = head  # "☒ Brand: flera gånger": once, said as vague
        number = None
    except BadValue:
        record.answer("comment", answer, at)
        return
    if number is not None and (number != 1 or box == "☐" or fold(head) in ("1", "en", "ett")):
        record.answer("count", str(number), at)  # "☒ Brand: 2"; "☐ Brand: Ja" conflicts, said so
    if rest:
        record.answer("comment", rest, at)
