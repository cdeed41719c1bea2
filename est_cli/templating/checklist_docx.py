"""The blank Word checklist (python-docx): A4 landscape, header table, observation table.

Layout (ingest reads it by labels, design.md):
- Heading 1 title, an instruction paragraph with the no-personal-data sentence in bold and a
  short bullet list (no line starts with a header label and a colon, so nothing reads as
  "Label: value");
- a two-column header table Vecka / Område / Organisation / Rapportör / Datum (value empty);
- the observation table (DOCX_COLUMNS); the Punkt cell holds the label as its first paragraph
  and the help text as a second, smaller grey paragraph; every Förekomst cell holds a Word
  check box content control (w14:checkbox) showing ☐; a schema with several sections gets a
  merged, shaded section title row before each section's items. The header row repeats on
  every page.
"""

from __future__ import annotations

from pathlib import Path

from est_cli.outputs.atomic import write_atomically
from est_cli.outputs.docx import make_settings_valid
from est_cli.templating import (
    DOCX_COLUMNS,
    HEADER_FIELDS,
    NO_PERSONAL_DATA,
    SEND_TO,
    SEVERAL_EVENTS,
    SEVERITY_TEXT,
    title,
)

FONT_NAME = "Arial"
NAVY = "1F4E78"
SECTION_FILL = "D9E1F2"
INPUT_FILL = "FFF2CC"
GREY_TEXT = "595959"

# Column widths in millimetres; they sum to the 273 mm between 12 mm margins on landscape A4.
COLUMN_MM: dict[str, float] = {
    "Nr": 9,
    "Punkt": 72,
    "Förekomst": 19,
    "Antal": 13,
    "Plats": 28,
    "Datum": 20,
    "Tid": 12,
    "Allvarlighetsgrad": 30,
    "Kommentar": 40,
    "Åtgärd": 30,
}
MARGIN_MM = 12
HEADER_TABLE_MM = (35, 95)

W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
UNCHECKED = "\u2610"  # ☐
CHECKBOX_FONT = "MS Gothic"

HOW_TO: tuple[str, ...] = (
    "Fyll i de gula rutorna nedan med vecka (t.ex. 47), bostadsområde, organisation (Kommun, Polis eller "
    "Fastighetsbolag), din funktion som rapportör – inte ditt namn – och dagens datum.",
    "Kryssa i Förekomst för varje punkt som har hänt under veckan. Skriv Antal om det hänt mer än en gång.",
    "Plats är gata eller plats (undvik boendeadresser). Skriv datum och tid (klockslag eller tid på dygnet).",
    f"Allvarlighetsgrad 1–4, din bedömning ({SEVERITY_TEXT}).",
    "Kommentar kort – beskriv händelsen, inte personerna. Under Åtgärd: vad som gjordes eller planeras.",
    SEVERAL_EVENTS,
    SEND_TO,
)


def _checkbox_xml(sdt_id: int, tag: str) -> str:
    fonts = f'<w:rFonts w:ascii="{CHECKBOX_FONT}" w:eastAsia="{CHECKBOX_FONT}" w:hAnsi="{CHECKBOX_FONT}"/>'
    return (
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:w14="{W14_NS}">'
        "<w:sdtPr>"
        f'<w:rPr>{fonts}<w:sz w:val="26"/></w:rPr>'
        '<w:alias w:val="Förekomst"/>'
        f'<w:tag w:val="{tag}"/>'
        f'<w:id w:val="{sdt_id}"/>'
        "<w14:checkbox>"
        '<w14:checked w14:val="0"/>'
        f'<w14:checkedState w14:val="2612" w14:font="{CHECKBOX_FONT}"/>'
        f'<w14:uncheckedState w14:val="2610" w14:font="{CHECKBOX_FONT}"/>'
        "</w14:checkbox>"
        "</w:sdtPr>"
        "<w:sdtContent>"
        f'<w:r><w:rPr>{fonts[:-2]} w:hint="eastAsia"/><w:sz w:val="26"/></w:rPr><w:t>{UNCHECKED}</w:t></w:r>'
        "</w:sdtContent>"
        "</w:sdt>"
    )


def write_docx_template(schema, path: Path) -> None:
    """Write a blank checklist document for `schema` to `path` (atomically)."""
    from docx import Document

    doc = Document()
    # Word 2007 skips the w14 check box parts instead of refusing the file.
    doc.element.set("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable", "w14 wp14")
    doc.core_properties.author = "est"
    doc.core_properties.title = title(schema)
    doc.core_properties.comments = ""
    _page_and_styles(doc, schema)
    _introduction(doc, schema)
    _header_table(doc)
    _observation_table(doc, schema)
    make_settings_valid(doc)
    write_atomically(Path(path), lambda tmp: doc.save(str(tmp)))


def _page_and_styles(doc, schema) -> None:
    """A4 landscape with narrow margins, Arial, the heading style and the page footer."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.header_distance = Mm(6)
    section.footer_distance = Mm(6)

    _set_fonts(doc, qn)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(2)
    heading = doc.styles["Heading 1"]
    heading.font.size = Pt(18)
    heading.font.color.rgb = RGBColor.from_string(NAVY)
    heading.paragraph_format.space_before = Pt(0)
    heading.paragraph_format.space_after = Pt(4)

    _footer(section, title(schema), qn, parse_xml, Pt, WD_ALIGN_PARAGRAPH)


def _introduction(doc, schema) -> None:
    """The title, the no-personal-data warning and how to fill the checklist in."""
    from docx.shared import Pt, RGBColor

    doc.add_heading(title(schema), level=1)
    intro = doc.add_paragraph()
    warn = intro.add_run(NO_PERSONAL_DATA)
    warn.bold = True
    warn.font.color.rgb = RGBColor.from_string("C00000")
    intro.add_run(" Så fyller du i:")
    intro.paragraph_format.space_after = Pt(2)
    for line in HOW_TO:
        bullet = doc.add_paragraph(line, style="List Bullet")
        bullet.paragraph_format.space_after = Pt(0)
        for run in bullet.runs:
            run.font.size = Pt(9)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _header_table(doc) -> None:
    """The header block as a two-column table: label | value (the value cells shaded for input)."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    head = doc.add_table(rows=len(HEADER_FIELDS), cols=2)
    head.style = doc.styles["Table Grid"]
    head.alignment = WD_TABLE_ALIGNMENT.LEFT
    _fixed_widths(head, [Mm(w) for w in HEADER_TABLE_MM], qn, parse_xml)
    for row, (label, _hint) in zip(head.rows, HEADER_FIELDS, strict=True):
        row.height = Mm(7)
        label_cell, value_cell = row.cells
        run = label_cell.paragraphs[0].add_run(label)
        run.bold = True
        _shade(value_cell, INPUT_FILL, qn, parse_xml)
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    gap = doc.add_paragraph()
    gap.paragraph_format.space_after = Pt(2)


def _observation_table(doc, schema) -> None:
    """The observation table: a navy header row repeated on every page, a section row per section
    (when there are several), one row per item with a Word check box in Förekomst."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    table = doc.add_table(rows=1, cols=len(DOCX_COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = [Mm(COLUMN_MM[name]) for name in DOCX_COLUMNS]
    _cell_margins(table, left_mm=1.3, right_mm=1.3, qn=qn, parse_xml=parse_xml)

    header = table.rows[0]
    _row_props(header, qn, parse_xml, repeat_header=True)
    for cell, name in zip(header.cells, DOCX_COLUMNS, strict=True):
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(name)
        run.bold = True
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if name == "Punkt" else WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, NAVY, qn, parse_xml)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    number = 0
    for sec in schema.sections:
        if len(schema.sections) > 1:
            _section_row(table, sec.title)
        for item in sec.items:
            number += 1
            _item_row(table, item, number)
    _fixed_widths(table, widths, qn, parse_xml)


def _section_row(table, section_title: str) -> None:
    """A row across the table naming the section, shaded, kept with the first item."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    row = table.add_row()
    _row_props(row, qn, parse_xml)
    merged = row.cells[0].merge(row.cells[-1])
    for extra in merged.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph = merged.paragraphs[0]
    run = paragraph.add_run(section_title)
    run.bold = True
    run.font.size = Pt(10.5)
    run.font.color.rgb = RGBColor.from_string(NAVY)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(1)
    paragraph.paragraph_format.space_after = Pt(1)
    _shade(merged, SECTION_FILL, qn, parse_xml)


CENTERED = {"Nr", "Förekomst", "Antal", "Datum", "Tid", "Allvarlighetsgrad"}


def _item_row(table, item, number: int) -> None:
    """One item: its number, label and help text, and a check box in Förekomst."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    row = table.add_row()
    _row_props(row, qn, parse_xml)
    cells = dict(zip(DOCX_COLUMNS, row.cells, strict=True))
    for name, cell in cells.items():
        if name in CENTERED:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    nr = cells["Nr"].paragraphs[0].add_run(str(number))
    nr.font.size = Pt(9)
    label = cells["Punkt"].paragraphs[0].add_run(item.label)
    label.font.size = Pt(9.5)
    if item.help:
        help_paragraph = cells["Punkt"].add_paragraph()
        help_run = help_paragraph.add_run(item.help)
        help_run.font.size = Pt(8)
        help_run.font.color.rgb = RGBColor.from_string(GREY_TEXT)
        help_paragraph.paragraph_format.space_after = Pt(1)
    box_paragraph = cells["Förekomst"].paragraphs[0]
    box_paragraph._p.append(parse_xml(_checkbox_xml(1000 + number, item.id)))


# ------------------------------------------------------------------ helpers (python-docx / OOXML)


def _set_fonts(doc, qn) -> None:
    """Arial everywhere: document defaults, Normal and Heading 1 (theme fonts removed)."""
    styles = doc.styles.element
    targets = [styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")]
    for name in ("Normal", "Heading 1"):
        targets.append(doc.styles[name].element.get_or_add_rPr())
    for rpr in targets:
        if rpr is None:
            continue
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT_NAME)


def _insert_in_order(parent, element, successors: tuple[str, ...], qn) -> None:
    """Insert `element` before the first child named in `successors` (OOXML sequences are ordered)."""
    for child in parent:
        if child.tag in {qn(name) for name in successors}:
            child.addprevious(element)
            return
    parent.append(element)


_TC_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_TBL_AFTER_CELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription")


def _shade(cell, fill: str, qn, parse_xml) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = parse_xml(
        f'<w:shd xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'w:val="clear" w:color="auto" w:fill="{fill}"/>'
    )
    _insert_in_order(tc_pr, shd, _TC_AFTER_SHD, qn)


def _row_props(row, qn, parse_xml, repeat_header: bool = False) -> None:
    """Rows never split across pages; the header row repeats on every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    tr_pr.append(parse_xml(f"<w:cantSplit {ns}/>"))
    if repeat_header:
        tr_pr.append(parse_xml(f"<w:tblHeader {ns}/>"))


def _cell_margins(table, left_mm: float, right_mm: float, qn, parse_xml) -> None:
    tbl_pr = table._tbl.tblPr
    twips = lambda mm: int(round(mm / 25.4 * 1440))  # noqa: E731
    margins = parse_xml(
        '<w:tblCellMar xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:top w:w="28" w:type="dxa"/>'
        f'<w:left w:w="{twips(left_mm)}" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/>'
        f'<w:right w:w="{twips(right_mm)}" w:type="dxa"/>'
        "</w:tblCellMar>"
    )
    _insert_in_order(tbl_pr, margins, _TBL_AFTER_CELLMAR, qn)


def _fixed_widths(table, widths, qn, parse_xml) -> None:
    """Fixed layout: table width, grid columns (LibreOffice) and every cell width (Word)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    total = sum(int(w.twips) for w in widths)
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:  # python-docx's tables always have one; keep the schema order if not
        tbl_w = tbl_pr.makeelement(qn("w:tblW"), {})
        _insert_in_order(
            tbl_pr,
            tbl_w,
            (
                "w:jc",
                "w:tblCellSpacing",
                "w:tblInd",
                "w:tblBorders",
                "w:shd",
                "w:tblLayout",
                "w:tblCellMar",
                "w:tblLook",
            ),
            qn,
        )
    tbl_w.set(qn("w:w"), str(total))
    tbl_w.set(qn("w:type"), "dxa")
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    grid = table._tbl.tblGrid
    for grid_col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        col = 0
        for tc in row._tr.findall(qn("w:tc")):
            span_el = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            tc_pr = tc.get_or_add_tcPr()
            for old in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(old)
            width = sum(int(w.twips) for w in widths[col : col + span])
            tc_pr.insert(0, parse_xml(f'<w:tcW {ns} w:w="{width}" w:type="dxa"/>'))
            col += span


def _footer(section, text: str, qn, parse_xml, Pt, WD_ALIGN_PARAGRAPH) -> None:
    """Footer: the checklist's title on the left, "Sida X av Y" on the right."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Twips

    paragraph = section.footer.paragraphs[0]
    for inherited in (4680, 9360):  # the Footer style's portrait-page tab stops
        paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(inherited), WD_TAB_ALIGNMENT.CLEAR)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(297 - 2 * MARGIN_MM), WD_TAB_ALIGNMENT.RIGHT)
    run = paragraph.add_run(f"{text}\tSida ")
    run.font.size = Pt(8)
    _field(paragraph, "PAGE", parse_xml, Pt)
    run = paragraph.add_run(" av ")
    run.font.size = Pt(8)
    _field(paragraph, "NUMPAGES", parse_xml, Pt)


def _field(paragraph, instruction: str, parse_xml, Pt) -> None:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    size = '<w:rPr><w:sz w:val="16"/></w:rPr>'
    for xml in (
        f'<w:r {ns}>{size}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {ns}>{size}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {ns}>{size}<w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {ns}>{size}<w:t>1</w:t></w:r>",
        f'<w:r {ns}>{size}<w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


__all__ = ["write_docx_template"]
