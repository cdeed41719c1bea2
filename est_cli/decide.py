"""`est fastställ`: the intern veckolägesbild after the meeting edited it, read back into the archive.

The document is recognised by what it says, wherever it was saved (Word or LibreOffice): its keywords
("vecka=2026-W47, kommun=Örebro, variant=intern", which both keep) or, failing those, its title
("Veckolägesbild vecka 47, 2026 – Örebro"). From it est takes

- the decided level per area: the level column of the table in section 1 ("Gul", "ORANGE – oro kvällstid",
  whatever case or extra words). An empty cell, or one still saying "Underlag saknas", is a finding; where
  the area's own section says another level than the table (and than est's own proposal, which the
  meeting may have left), the conflict is named – and then nothing is stored;
- the samlad bedömning, each area's bedömning and insatser texts (placeholders left as they were are
  no text);
- the action table (Nr · Åtgärd · Ansvarig · Klart senast · Status): new rows become actions, "klar"
  closes one;
- the meeting's date, participants and next meeting.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from est_cli.errors import EstError
from est_cli.render.levels import LEVELS
from est_cli.text import fold
from est_cli.weeks import IsoWeek

_LEVEL_WORDS = {fold(level): level for level in LEVELS}
_SECTION_TITLES = (
    "Samlad bedömning",
    "Åtgärder",
    "Deltagare och nästa möte",
    "Veckan i korthet",
    "Läget senaste veckan",
    "Bedömning",
    "Insatser fortsätter enligt tidigare lägesbild (Ja = X)",
    "Behov av ytterligare insatser kommande vecka (Ja = X)",
)
_FOLDED_TITLES = frozenset(fold(t) for t in _SECTION_TITLES)
_MONTHS = "januari februari mars april maj juni juli augusti september oktober november december".split()


class DecideError(EstError):
    """A document that cannot be fastställd (Swedish, names the file)."""


@dataclass
class Block:
    kind: str  # p | t
    text: str = ""
    style: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class ReadDecision:
    week: str
    kommun: str
    levels: dict[str, str] = field(default_factory=dict)  # area as written → level
    samlad: str = ""
    areas: dict[str, dict[str, str]] = field(default_factory=dict)  # area → {"bedomning", "insatser", "level"}
    actions: list[dict] = field(default_factory=list)  # {"nr", "text", "ansvarig", "klart", "status"}
    meeting_date: date | None = None
    participants: str = ""
    next_meeting: str = ""
    problems: list[str] = field(default_factory=list)  # Swedish: why nothing can be stored


def blocks_of(path: Path) -> tuple[list[Block], str, str]:
    """The body in order, and the core properties' keywords and title."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any file python-docx cannot open is no lägesbild
        raise DecideError(f"{path.name} går inte att läsa som ett Word-dokument ({type(exc).__name__}).") from None
    blocks = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, doc)
            style = paragraph.style.name if paragraph.style is not None else ""
            blocks.append(Block("p", " ".join(paragraph.text.split()), style))
        elif tag == "tbl":
            table = Table(child, doc)
            rows = [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
            blocks.append(Block("t", rows=rows))
    props = doc.core_properties
    return blocks, props.keywords or "", props.title or ""


def identity(keywords: str, title: str, blocks: list[Block]) -> tuple[str, str, str]:
    """(week, kommun, variant) from the keywords, else from the title."""
    # Word keeps "a, b, c"; LibreOffice may rejoin the keywords with other separators.
    found = dict(re.findall(r"(vecka|kommun|variant)=(.+?)(?=\s*[,;]|\s+(?:vecka|kommun|variant)=|\s*$)", keywords))
    if "vecka" in found:
        return found["vecka"].strip(), found.get("kommun", "").strip(), found.get("variant", "intern").strip()
    heading = title or next((b.text for b in blocks if b.kind == "p" and b.text.startswith("Veckolägesbild")), "")
    match = re.match(r"Veckolägesbild vecka (\d{1,2}), (\d{4}) – (.+)$", heading)
    if not match:
        return "", "", ""
    return str(IsoWeek(int(match.group(2)), int(match.group(1)))), match.group(3).strip(), "intern"


def level_of(text: str) -> list[str]:
    """The level words in a cell ('Gul', 'ORANGE – oro kvällstid'), in order, each once."""
    words = [_LEVEL_WORDS[w] for w in re.findall(r"\w+", fold(text)) if w in _LEVEL_WORDS]
    return list(dict.fromkeys(words))


def _is_placeholder(text: str) -> bool:
    return (text.startswith("[") and text.endswith("]")) or text in ("Ja = [ ]", "Ja = [   ]", "Ja =")


def _heading_style(block: Block) -> bool:
    """Word's Heading/Rubrik styles and the template's own headings ('EST Mellanrubrik')."""
    style = fold(block.style)
    return style.startswith(("heading", "rubrik", "title")) or "rubrik" in style


def _is_boundary(block: Block) -> bool:
    if block.kind != "p":
        return False
    style = fold(block.style)
    return (
        style.startswith(("heading", "rubrik", "title"))
        or fold(block.text) in _FOLDED_TITLES
        or block.text.startswith("Problembild: ")
        or bool(re.match(r"^\d+(\.\d+)? \S", block.text) and style.startswith(("heading", "rubrik")))
    )


def _text_after(blocks: list[Block], start: int) -> str:
    """The paragraphs after blocks[start] up to the next section, placeholders left out."""
    lines = []
    for block in blocks[start + 1 :]:
        if _is_boundary(block):
            break
        if block.kind == "p" and block.text and not _is_placeholder(block.text):
            lines.append(block.text)
    return "\n".join(lines)


def _find(blocks: list[Block], text: str, start: int = 0, stop: int | None = None) -> int | None:
    """The paragraph titled `text` as the meeting may have left it: any case, punctuation or spacing
    ('SAMLAD BEDÖMNING:'); a heading may say more after it ('Samlad bedömning v.47'). The title as the
    template wrote it first."""
    end = len(blocks) if stop is None else stop
    for n in range(start, end):
        if blocks[n].kind == "p" and blocks[n].text == text:
            return n
    wanted = fold(text)
    for n in range(start, end):
        block = blocks[n]
        if block.kind != "p" or not block.text:
            continue
        written = fold(block.text)
        if written == wanted or (_heading_style(block) and written.startswith(wanted + " ")):
            return n
    return None


def _meeting_date(text: str, week: str) -> date | None:
    """'torsdag 19 november 2026' / '2026-11-19' / '19/11' → the date."""
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = re.search(r"(\d{1,2}) (" + "|".join(_MONTHS) + r")(?: (\d{4}))?", text.casefold())
    year = IsoWeek.parse(week).monday().year
    if match:
        try:
            return date(int(match.group(3) or year), _MONTHS.index(match.group(2)) + 1, int(match.group(1)))
        except ValueError:
            return None
    match = re.search(r"(\d{1,2})/(\d{1,2})", text)
    if match:
        try:
            return date(year, int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return None


def read_decision(path: Path, proposals_for: Callable[[str, str], dict[str, str]]) -> ReadDecision:
    """Read the meeting's document once. `proposals_for(week, kommun)`, called when the document's week and
    kommun are known (it may refuse them with DecideError): est's own level proposal per area (folded
    name → level word or other text), so that an area box the meeting left as est wrote it is no conflict."""
    blocks, keywords, title = blocks_of(path)
    week, kommun, variant = identity(keywords, title, blocks)
    if not week:
        raise DecideError(f"{path.name} är ingen veckolägesbild från est (varken nyckelord eller rubrik stämmer).")
    if variant != "intern":
        raise DecideError(f"{path.name} är den externa versionen; fastställ den interna veckolägesbilden.")
    result = ReadDecision(week, kommun)
    _read_levels(blocks, result)
    _read_areas(blocks, result, proposals_for(week, kommun))
    start = _find(blocks, "Samlad bedömning")
    result.samlad = _text_after(blocks, start) if start is not None else ""
    _read_actions(blocks, result)
    _read_meeting(blocks, result)
    if not result.samlad:
        result.problems.append("Den samlade bedömningen är inte ifylld (under ”Samlad bedömning” i avsnitt 1).")
    return result


def _read_levels(blocks: list[Block], result: ReadDecision) -> None:
    table = next(
        (
            b
            for b in blocks
            if b.kind == "t"
            and b.rows
            and b.rows[0][:1] == ["Område"]
            and any("nivå" in c.casefold() for c in b.rows[0])
        ),
        None,
    )
    if table is None:
        result.problems.append("Tabellen med nivåer i avsnitt 1 finns inte i dokumentet.")
        return
    column = next(n for n, c in enumerate(table.rows[0]) if "nivå" in c.casefold())
    for row in table.rows[1:]:
        area = row[0].strip()
        if not area:
            continue
        words = level_of(row[column]) if "underlag saknas" not in row[column].casefold() else []
        if len(words) == 1:
            result.levels[area] = words[0]
        elif not words:
            result.problems.append(
                f"Nivån för {area} är inte ifylld i tabellen i avsnitt 1: skriv grön, gul, orange eller röd."
            )
        else:
            result.problems.append(f"Nivån för {area} i tabellen i avsnitt 1 säger flera nivåer ({', '.join(words)}).")


def _read_areas(blocks: list[Block], result: ReadDecision, proposals: dict[str, str]) -> None:
    headings = [
        (n, re.sub(r"^2\.\d+ ", "", b.text))
        for n, b in enumerate(blocks)
        if b.kind == "p" and re.match(r"^2\.\d+ \S", b.text)
    ]
    for i, (n, area) in enumerate(headings):
        stop = headings[i + 1][0] if i + 1 < len(headings) else len(blocks)
        texts: dict[str, str] = {"bedomning": "", "insatser": ""}
        box = next(
            (b for b in blocks[n + 1 : stop] if b.kind == "t" and b.rows and "nivå" in b.rows[0][0].casefold()), None
        )
        said = level_of(box.rows[0][1]) if box and len(box.rows[0]) > 1 else []
        decided = result.levels.get(area)
        proposal = proposals.get(fold(area), "")
        if decided and said and said[0] != decided and said[0] != proposal:
            result.problems.append(
                f"{area}: tabellen i avsnitt 1 säger {decided}, men avsnittet {blocks[n].text} säger {said[0]}. "
                "Rätta så att de säger samma nivå."
            )
        at = _find(blocks, "Bedömning", n, stop)
        if at is not None:
            texts["bedomning"] = _text_after(blocks, at)
        parts = []
        for title in (
            "Insatser fortsätter enligt tidigare lägesbild (Ja = X)",
            "Behov av ytterligare insatser kommande vecka (Ja = X)",
        ):
            at = _find(blocks, title, n, stop)
            if at is not None and _text_after(blocks, at):
                parts.append(_text_after(blocks, at))
        texts["insatser"] = "\n".join(parts)
        result.areas[area] = texts


def _read_actions(blocks: list[Block], result: ReadDecision) -> None:
    table = next(
        (b for b in blocks if b.kind == "t" and b.rows and [fold(c) for c in b.rows[0][:2]] == ["nr", "atgard"]), None
    )
    if table is None:
        return
    for row in table.rows[1:]:
        cells = (row + [""] * 5)[:5]
        if not cells[1].strip():
            continue
        result.actions.append(
            {
                "nr": cells[0].strip(),
                "text": cells[1].strip(),
                "ansvarig": cells[2].strip(),
                "klart": cells[3].strip(),
                "status": cells[4].strip(),
            }
        )


def _read_meeting(blocks: list[Block], result: ReadDecision) -> None:
    for block in blocks:
        if block.kind != "p":
            continue
        label, _, value = block.text.partition(": ")
        value = "" if _is_placeholder(value.strip()) else value.strip()
        if label == "Mötesdatum":
            result.meeting_date = _meeting_date(value, result.week)
        elif label == "Deltagare":
            result.participants = value
        elif label == "Nästa möte":
            result.next_meeting = value


def due_week(text: str, week: str) -> str | None:
    """'v.49', '49', '2026-W49', 'vecka 49' → '2026-W49' (the year of `week`, or the next when earlier)."""
    match = re.search(r"(\d{4})-W(\d{1,2})", text)
    if match:
        return str(IsoWeek(int(match.group(1)), int(match.group(2))))
    match = re.search(r"(\d{1,2})", text)
    if not match:
        return None
    this = IsoWeek.parse(week)
    number = int(match.group(1))
    if not 1 <= number <= 53:
        return None
    year = this.year + (1 if number < this.week - 26 else 0)
    try:
        return str(IsoWeek(year, number))
    except ValueError:
        return None


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


__all__ = ["DecideError", "ReadDecision", "due_week", "level_of", "read_decision"]
