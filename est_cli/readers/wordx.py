"""Word .docx to grids with zipfile + lxml (python-docx is ten times slower and misses the
text inside content controls, where Word's check boxes live).

Every table becomes a Grid (nested tables as their own grids after their parent), the body
paragraphs outside tables one text Grid "Brödtext", page-header text "Sidhuvud" and page-footer
text "Sidfot" (reporters put Vecka and Område there, too).
Check boxes, both content controls (w14:checkbox) and legacy form fields, become ☒ / ☐.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from est_cli.readers.base import Grid, Source
from est_cli.readers.containers import docx_parts, parse_small_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

CHECKED, UNCHECKED = "☒", "☐"
MAX_SPAN = 64  # Word allows 63 columns; a hostile gridSpan must not build huge rows

# Elements whose content is never shown text (properties, deleted text, field codes …)
_SKIP = {
    W + t
    for t in (
        "pPr",
        "rPr",
        "tblPr",
        "tblGrid",
        "trPr",
        "tcPr",
        "sectPr",
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "delInstrText",
        "sdtPr",
        "sdtEndPr",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "annotationRef",
        "bookmarkStart",
        "bookmarkEnd",
        "proofErr",
        "lastRenderedPageBreak",
    )
} | {MC + "Fallback"}
_TRUE = {"1", "true", "on"}

# Wingdings-style symbols reporters use as hand-made check boxes (w:sym)
_SYMBOLS = {
    "F0FE": CHECKED,
    "F0FD": CHECKED,
    "F078": CHECKED,
    "F0FB": CHECKED,
    "F0A8": UNCHECKED,
    "F06F": UNCHECKED,
    "F052": CHECKED,
    "F054": CHECKED,
    "F0A3": UNCHECKED,
    "F02A": UNCHECKED,
}


def read_docx(path: Path, name: str) -> Source:
    """Tables, body text, page-header and page-footer text of a .docx. Run containers.check_docx first."""
    source = Source(name=name, fmt="docx")
    with zipfile.ZipFile(path) as zf:
        main, *parts = docx_parts(zf)
        root = parse_small_xml(zf, main)
        body = root.find(W + "body")
        tables: list[Grid] = []
        paragraphs: list[str] = []
        if body is not None:
            _Walker(tables, paragraphs, "Tabell").blocks(body)
        source.grids.extend(tables)
        if paragraphs:
            source.grids.append(Grid(name="Brödtext", rows=[[p] for p in paragraphs], kind="text"))

        for story, names in (
            ("Sidhuvud", [n for n in parts if "/header" in n]),
            ("Sidfot", [n for n in parts if "/footer" in n]),
        ):
            story_tables: list[Grid] = []
            story_paragraphs: list[str] = []
            for part in names:
                _Walker(story_tables, story_paragraphs, f"{story}, tabell").blocks(parse_small_xml(zf, part))
            unique = list(dict.fromkeys(story_paragraphs))  # each text once (first, even, odd pages)
            if unique:
                source.grids.append(Grid(name=story, rows=[[p] for p in unique], kind="text"))
            source.grids.extend(story_tables)
    return source


class _Walker:
    """Collects tables (as grids) and non-empty paragraphs of one story, in document order."""

    def __init__(self, tables: list[Grid], paragraphs: list[str], table_prefix: str):
        self.tables = tables
        self.paragraphs = paragraphs
        self.prefix = table_prefix

    # -- block level
    def blocks(self, container) -> None:
        for el in _flatten(container):
            if el.tag == W + "p":
                boxes: list = []
                text = _paragraph_text(el, boxes).strip()
                if text:
                    self.paragraphs.append(text)
                for box in boxes:  # text boxes anchored in the paragraph come after it
                    self.blocks(box)
            elif el.tag == W + "tbl":
                self.table(el)

    def table(self, tbl) -> None:
        grid = Grid(name=f"{self.prefix} {len(self.tables) + 1}", rows=[], kind="table")
        self.tables.append(grid)
        nested: list = []
        for tr in _flatten(tbl):
            if tr.tag != W + "tr":
                continue
            tr_pr = tr.find(W + "trPr")
            if tr_pr is not None and tr_pr.find(W + "del") is not None:
                continue  # a row deleted with track changes on
            row: list = [""] * _int_val(tr_pr, "gridBefore")
            for tc, placeholder in _cells(tr):
                tc_pr = tc.find(W + "tcPr")
                span = max(1, _int_val(tc_pr, "gridSpan"))
                if _continues_merge(tc_pr):
                    text = ""
                else:
                    parts = []
                    for el in _flatten(tc):
                        if el.tag == W + "p":
                            boxes: list = []
                            parts.append(_paragraph_text(el, boxes))
                            nested.extend(("box", b) for b in boxes)
                        elif el.tag == W + "tbl":
                            nested.append(("tbl", el))
                    text = "" if placeholder else "\n".join(parts).strip()
                row.append(text)
                row.extend([""] * (span - 1))
            grid.rows.append(row)
        for kind, el in nested:  # nested tables become their own grids, after their parent
            if kind == "tbl":
                self.table(el)
            else:
                self.blocks(el)


def _int_val(props, name: str) -> int:
    if props is None:
        return 0
    el = props.find(W + name)
    if el is None:
        return 0
    try:
        return min(max(int(el.get(W + "val", "0")), 0), MAX_SPAN)
    except ValueError:
        return 0


def _continues_merge(tc_pr) -> bool:
    if tc_pr is None:
        return False
    for tag in ("vMerge", "hMerge"):
        el = tc_pr.find(W + tag)
        if el is not None and el.get(W + "val", "continue") == "continue":
            return True
    return False


def _flatten(container):
    """Children, looking through content controls, custom XML and alternate content."""
    for el in container:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None and not _shows_placeholder(el):
                yield from _flatten(content)
        elif tag in (W + "customXml", W + "smartTag", W + "ins", W + "moveTo"):
            yield from _flatten(el)
        elif tag == MC + "AlternateContent":
            choice = el.find(MC + "Choice")
            if choice is not None:
                yield from _flatten(choice)
        elif tag in _SKIP:
            continue
        else:
            yield el


def _cells(tr):
    """(w:tc, showing_placeholder) of a row, looking through cell-level content controls."""
    for el in tr:
        if not isinstance(el.tag, str):
            continue
        if el.tag == W + "tc":
            yield el, False
        elif el.tag in (W + "sdt", W + "customXml"):
            placeholder = _shows_placeholder(el)
            inner = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if inner is not None:
                for tc, nested_placeholder in _cells(inner):
                    yield tc, placeholder or nested_placeholder


def _shows_placeholder(sdt) -> bool:
    pr = sdt.find(W + "sdtPr")
    return pr is not None and pr.find(W + "showingPlcHdr") is not None


def _checkbox_state(sdt) -> str | None:
    pr = sdt.find(W + "sdtPr")
    if pr is None:
        return None
    box = pr.find(W14 + "checkbox")
    if box is None:
        return None
    checked = box.find(W14 + "checked")
    value = checked.get(W14 + "val", "1") if checked is not None else "0"
    return CHECKED if value.lower() in _TRUE else UNCHECKED


def _legacy_field(fld_char) -> str | None:
    """The shown value of a legacy form field (check box or drop-down), None for others."""
    data = fld_char.find(W + "ffData")
    if data is None:
        return None
    box = data.find(W + "checkBox")
    if box is not None:
        checked = box.find(W + "checked")
        if checked is None:
            checked = box.find(W + "default")
            value = checked.get(W + "val", "0") if checked is not None else "0"
        else:
            value = checked.get(W + "val", "1")
        return CHECKED if value.lower() in _TRUE else UNCHECKED
    drop = data.find(W + "ddList")
    if drop is not None:
        entries = [e.get(W + "val", "") for e in drop.findall(W + "listEntry")]
        chosen = drop.find(W + "result")
        if chosen is None:
            chosen = drop.find(W + "default")
        try:
            index = int(chosen.get(W + "val", "0")) if chosen is not None else 0
        except ValueError:
            index = 0
        return entries[index] if 0 <= index < len(entries) else ""
    return None


def _paragraph_text(p, boxes: list) -> str:
    """A paragraph's shown text; text boxes found in it are appended to `boxes`."""
    out: list[str] = []
    fields: list[bool] = []  # open complex fields: True when its result text must be hidden
    _emit(p, out, fields, boxes)
    return "".join(out)


def _emit(el, out: list[str], fields: list[bool], boxes: list) -> None:
    """Append the shown text under `el` to `out`: runs, tabs and breaks, symbols, legacy form fields,
    content controls (check boxes as ☒/☐); `fields` tracks open complex fields whose result is hidden."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        hidden = any(fields)
        if tag == W + "t" or tag == W + "sym" or tag in _PLAIN_MARKS:
            if not hidden:
                out.append(_run_text(child, tag))
        elif tag == W + "fldChar":
            _field_char(child, out, fields, hidden)
        elif tag == W + "sdt":
            _content_control(child, out, fields, boxes, hidden)
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag == MC + "AlternateContent":
            choice = child.find(MC + "Choice")
            if choice is not None:
                _emit(choice, out, fields, boxes)
        else:
            _emit(child, out, fields, boxes)


_PLAIN_MARKS = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _run_text(child, tag: str) -> str:
    if tag == W + "t":
        return child.text or ""
    if tag == W + "sym":
        code = (child.get(W + "char") or "").upper()
        return _SYMBOLS.get(code, _char(code))
    return _PLAIN_MARKS[tag]


def _field_char(child, out: list[str], fields: list[bool], hidden: bool) -> None:
    """A complex field begins (a legacy check box or text field shows its value) or ends."""
    kind = child.get(W + "fldCharType")
    if kind == "begin":
        shown = _legacy_field(child)
        if shown is not None and not hidden:
            out.append(shown)
        fields.append(shown is not None)
    elif kind == "end" and fields:
        fields.pop()


def _content_control(child, out: list[str], fields: list[bool], boxes: list, hidden: bool) -> None:
    """A content control: a check box's state, or its content unless it only shows placeholder text."""
    state = _checkbox_state(child)
    if state is not None:
        if not hidden:
            out.append(state)
    elif not _shows_placeholder(child):
        content = child.find(W + "sdtContent")
        if content is not None:
            _emit(content, out, fields, boxes)


def _char(code: str) -> str:
    try:
        n = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= n <= 0xF0FF:  # a symbol-font glyph with no Unicode meaning
        return ""
    try:
        return chr(n)
    except ValueError:
        return ""
