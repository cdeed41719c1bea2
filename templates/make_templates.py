"""Build the shipped Word template for `est render`: est_cli/render/templates/veckolagesbild.docx.

    python templates/make_templates.py

The template is an ordinary .docx with docxtpl/Jinja tags ({{ … }}, {%p … %}, {%tr … %},
{% cellbg … %}); every name it uses is documented in templates/README.md. It is built here with
python-docx so that a change is reviewed as code, and it uses Word's own styles – Title, Heading
1–3 (Rubrik 1–3 in Swedish Word), List Bullet – plus a few "EST …" styles, so that a municipality
can change fonts and colours in one place (Format → Styles) without touching the tags.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips

from est_cli.outputs.docx import make_settings_valid

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "est_cli" / "render" / "templates" / "veckolagesbild.docx"
OUT_PERIOD = ROOT / "est_cli" / "render" / "templates" / "kvartalsanalys.docx"
OUT_DECIDED = ROOT / "est_cli" / "render" / "templates" / "lagesbild-extern.docx"

FONT = "Arial"
NAVY = RGBColor(0x1F, 0x4E, 0x78)
DARK = RGBColor(0x26, 0x26, 0x26)
GREY = RGBColor(0x59, 0x59, 0x59)
SUGGESTION = RGBColor(0xA0, 0x40, 0x00)
HEADER_FILL = "1F4E78"
SUM_FILL = "DDEBF7"
PLACEHOLDER_FILL = "FFF2A8"  # what the coordinator writes: light yellow
BORDER = "A6A6A6"
CONTENT_CM = 16.5  # A4 width minus 2.25 cm margins


# ----------------------------------------------------------------------------- styles


def _font(
    style_or_run,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: RGBColor | None = None,
    name: str | None = FONT,
) -> None:
    font = style_or_run.font
    if name:
        font.name = name
        rpr = style_or_run.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color


def _spacing(style, before: float = 0, after: float = 4, keep: bool = False, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep
    if line:
        fmt.line_spacing = line


def _no_border(style) -> None:
    """The default Title style has a bottom border; ours has none."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _swedish(doc) -> None:
    """Swedish as the document language, so Word spell-checks in Swedish."""
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    lang.set(qn("w:eastAsia"), "sv-SE")
    lang.set(qn("w:bidi"), "ar-SA")


def make_styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, 10, color=DARK)
    _spacing(normal, 0, 4, line=1.1)
    for name, size, colour, before, after in (
        ("Title", 20, NAVY, 0, 4),
        ("Heading 1", 14, NAVY, 18, 6),
        ("Heading 2", 12.5, NAVY, 16, 4),
        ("Heading 3", 10.5, DARK, 10, 2),
    ):
        style = styles[name]
        _font(style, size, bold=True, italic=False, color=colour)
        _spacing(style, before, after, keep=True)
    _no_border(styles["Title"])
    for name in ("Header", "Footer"):
        _font(styles[name], 8, color=GREY)
    _font(styles["List Bullet"], 10)
    _spacing(styles["List Bullet"], 0, 2)
    _font(styles["Caption"], 8.5, bold=False, italic=True, color=GREY)

    def paragraph_style(name: str, **font) -> object:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        _font(style, **font)
        return style

    detail = paragraph_style("EST Detalj", size=10)
    detail.paragraph_format.left_indent = Cm(0.6)
    _spacing(detail, 0, 1)
    quote = paragraph_style("EST Citat", size=9.5, italic=True, color=GREY)
    quote.paragraph_format.left_indent = Cm(1.2)
    _spacing(quote, 0, 1)
    category = paragraph_style("EST Kategori", size=10.5, bold=True, color=NAVY)
    _spacing(category, 8, 1, keep=True)
    small = paragraph_style("EST Liten", size=8.5, color=GREY)
    _spacing(small, 2, 4)
    suggestion = paragraph_style("EST Förslag", size=10, bold=True, color=SUGGESTION)
    _spacing(suggestion, 4, 4)
    label = paragraph_style("EST Mellanrubrik", size=10, bold=True, color=DARK)
    _spacing(label, 8, 2, keep=True)

    placeholder = styles.add_style("EST Platshållare", WD_STYLE_TYPE.CHARACTER)
    placeholder.font.italic = True
    # Word ignores highlight in a style; character shading shows in Word and LibreOffice alike.
    rpr = placeholder.element.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), PLACEHOLDER_FILL)
    rpr.append(shd)
    placeholder.quick_style = True
    bold = styles.add_style("EST Etikett", WD_STYLE_TYPE.CHARACTER)
    bold.font.bold = True
    bold.quick_style = True


# ----------------------------------------------------------------------------- building blocks


def para(container, text: str = "", style: str | None = None, *, align=None, keep: bool = False):
    paragraph = container.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    if align is not None:
        paragraph.alignment = align
    if keep:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def tag(container, text: str):
    """A paragraph holding only a {%p … %} tag; docxtpl removes the paragraph when rendering."""
    return container.add_paragraph(text)


def labelled(container, label: str, value: str, style: str = "EST Detalj", placeholder: bool = False):
    paragraph = container.add_paragraph(style=style)
    paragraph.add_run(label, style="EST Etikett")
    paragraph.add_run(value, style="EST Platshållare" if placeholder else None)
    return paragraph


def placeholder(container, value: str, style: str | None = None):
    paragraph = container.add_paragraph(style=style)
    paragraph.add_run(value, style="EST Platshållare")
    return paragraph


# Word wants the children of w:tblPr and w:tcPr in the schema's order: each element is inserted
# before the first of the elements that must follow it.
_AFTER_TBL_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
_AFTER_TBL_CELL_MAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER_TC_SHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.insert_element_before(shd, *_AFTER_TC_SHD)


def cell_margins(table, top: float = 0.06, bottom: float = 0.06, side: float = 0.15) -> None:
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("left", side), ("bottom", bottom), ("right", side)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(value * 567)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.insert_element_before(margins, *_AFTER_TBL_CELL_MAR)


def borders(table, colour: str = BORDER, inside: bool = True, size: int = 4) -> None:
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    element = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        if edge.startswith("inside") and not inside:
            border.set(qn("w:val"), "nil")
        else:
            border.set(qn("w:val"), "single")
            border.set(qn("w:sz"), str(size))
            border.set(qn("w:color"), colour)
        element.append(border)
    tblpr.insert_element_before(element, *_AFTER_TBL_BORDERS)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def no_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def table(container, widths_cm: list[float], header: list[str] | None = None, rows: int = 0):
    """A full-width table with fixed column widths and an optional navy header row."""
    t = container.add_table(rows=(1 if header else 0) + rows, cols=len(widths_cm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    borders(t)
    cell_margins(t)
    for row in t.rows:
        no_split(row)
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    for column, width in zip(t.columns, widths_cm):
        column.width = Cm(width)
    if header:
        repeat_header(t.rows[0])
        for cell, text in zip(t.rows[0].cells, header):
            shade(cell, HEADER_FILL)
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(text)
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            run.font.size = Pt(9)
    return t


def fill_row(row, texts: list[str], *, bold: bool = False, size: float = 9, align_from: int | None = None) -> None:
    for n, (cell, text) in enumerate(zip(row.cells, texts)):
        p = cell.paragraphs[0]
        p.paragraph_format.space_after = Pt(0)
        if align_from is not None and n >= align_from:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size = Pt(size)
        if bold:
            run.bold = True


def loop_row(t, text: str) -> None:
    """A row holding only a {%tr … %} tag (docxtpl removes the row)."""
    row = t.add_row()
    row.cells[0].paragraphs[0].add_run(text)


def field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update on opening."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run("1")
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


# ----------------------------------------------------------------------------- the document


def _right_tab(paragraph) -> None:
    """One right-aligned tab at the text's right edge (the Header/Footer styles' centre tab cleared)."""
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(Twips(4680), WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Twips(9360), WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Cm(CONTENT_CM), WD_TAB_ALIGNMENT.RIGHT)


def page_setup(doc, header_text: str, header_right: str, footer_text: str) -> None:
    """A4 portrait; header text with a bold right-aligned part; footer text, then 'Sida X av Y'."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.25)
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)

    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    _right_tab(header)
    header.add_run(header_text)
    header.add_run("\t")
    run = header.add_run(header_right)
    run.bold = True

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    _right_tab(footer)
    footer.add_run(f"{footer_text}\tSida ")
    field(footer, "PAGE")
    footer.add_run(" av ")
    field(footer, "NUMPAGES")


def suggestion_box(doc, label: str, value: str, value_size: float, basis: str) -> None:
    """Label | the suggested level or grade, shaded in its colour | "Förslag – …" and its basis."""
    box = table(doc, [3.4, 2.6, CONTENT_CM - 6.0], rows=1)
    cells = box.rows[0].cells
    fill_row(box.rows[0], [label, value, ""])
    cells[0].paragraphs[0].runs[0].bold = True
    shade(cells[0], "F2F2F2")
    cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    cells[1].paragraphs[0].runs[0].bold = True
    cells[1].paragraphs[0].runs[0].font.size = Pt(value_size)
    for cell in cells[:2]:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cells[2].paragraphs[0]
    run = p.add_run("{{ forslag }}. ")
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = SUGGESTION
    run = p.add_run(basis)
    run.font.size = Pt(9)


def title_block(doc) -> None:
    para(doc, "{{ titel }}", "Title")
    banner = doc.add_table(rows=1, cols=1)
    banner.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders(banner, "FFFFFF", inside=False, size=0)
    cell_margins(banner, 0.12, 0.12, 0.25)
    cell = banner.rows[0].cells[0]
    cell.width = Cm(CONTENT_CM)
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run("{% cellbg variant_farg %}{{ variant_text|upper }}")
    run.bold = True
    run.font.size = Pt(11)
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    run = p.add_run(" – {{ variant_forklaring }}")
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    para(doc, "", "EST Liten")

    facts = table(doc, [3.2, CONTENT_CM - 3.2], rows=6)
    borders(facts, "D9D9D9", inside=True)
    for row, (label, value) in zip(
        facts.rows,
        (
            ("Vecka", "{{ vecka_nr }}, {{ ar }}"),
            ("Rapportperiod", "{{ rapportperiod }}"),
            ("Sammanställd", "{{ sammanstalld }}"),
            ("Källor", "{{ kallor }}"),
            ("Checklista", "{{ checklista }}"),
            ("Jämförelse", "{{ veckor.jamforelse }}"),
        ),
    ):
        fill_row(row, [label, value])
        row.cells[0].paragraphs[0].runs[0].bold = True
        shade(row.cells[0], "F2F2F2")


def section_summary(doc) -> None:
    para(doc, "1 Sammanfattande bedömning", "Heading 1")
    p = para(doc, "", "EST Förslag")
    p.add_run("{{ forslag }}. ")
    run = p.add_run("{{ niva_regel }}")
    run.bold = False
    levels = table(doc, [3.4, 2.6, 2.2, CONTENT_CM - 8.2], ["Område", "Förslag till nivå", "Händelser", "Underlag"])
    loop_row(levels, "{%tr for omr in omraden %}")
    row = levels.add_row()
    no_split(row)
    fill_row(
        row,
        [
            "{{ omr.namn }}",
            "{% cellbg omr.niva_farg %}{{ omr.niva_namn }}",
            "{{ omr.totalt }}",
            "{{ omr.niva_underlag }}",
        ],
    )
    row.cells[0].paragraphs[0].runs[0].bold = True
    row.cells[1].paragraphs[0].runs[0].bold = True
    row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    row.cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in row.cells[:3]:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    loop_row(levels, "{%tr endfor %}")
    para(doc, "{{ nivaskala_text }}", "EST Liten")

    para(doc, "Veckan i korthet", "EST Mellanrubrik")
    tag(doc, "{%p for rad in sammanfattning %}")
    para(doc, "{{ rad }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    para(doc, "Samlad bedömning", "EST Mellanrubrik")
    placeholder(doc, "{{ platshallare.samlad }}")
    meeting_part(doc)


def meeting_part(doc) -> None:
    """The meeting's own part of the intern draft, read back by `est fastställ`: the action list
    (Nr · Åtgärd · Ansvarig · Klart senast · Status; empty rows for new ones) and participants and
    next meeting. Recognised by their titles, which Word and LibreOffice both keep."""
    tag(doc, "{%p if intern %}")
    para(doc, "Åtgärder", "EST Mellanrubrik")
    para(doc, "{{ atgarder_not }}", "EST Liten")
    t = table(doc, [1.2, 7.6, 3.4, 2.4, CONTENT_CM - 14.6], ["Nr", "Åtgärd", "Ansvarig", "Klart senast", "Status"])
    loop_row(t, "{%tr for a in atgarder %}")
    row = t.add_row()
    no_split(row)
    fill_row(
        row, ["{{ a.nr }}", "{{ a.text }}", "{{ a.ansvarig }}", "{% cellbg a.farg %}{{ a.klart }}", "{{ a.status }}"]
    )
    loop_row(t, "{%tr endfor %}")
    para(doc, "Deltagare och nästa möte", "EST Mellanrubrik")
    labelled(doc, "Mötesdatum: ", "{{ mote.datum }}", style=None)
    labelled(doc, "Deltagare: ", "{{ mote.deltagare }}", style=None)
    labelled(doc, "Nästa möte: ", "{{ mote.nasta }}", style=None)
    tag(doc, "{%p endif %}")


def section_areas(doc) -> None:
    para(doc, "2 Läget per prioriterat område", "Heading 1")
    para(doc, "{{ rakneregel }}", "EST Liten")
    tag(doc, "{%p for omr in omraden %}")
    para(doc, "{{ omr.nr }} {{ omr.namn }}", "Heading 2")

    suggestion_box(
        doc,
        "Förslag till nivå",
        "{% cellbg omr.niva_farg %}{{ omr.niva_namn }}",
        11,
        "{{ omr.niva_underlag }}{% if omr.niva_text %} ({{ omr.niva_text }}){% endif %}",
    )

    para(doc, "Läget senaste veckan", "Heading 3")
    para(doc, "{{ omr.laget }}")
    tag(doc, "{%p if omr.jamforelse_saknas %}")
    para(doc, "{{ omr.jamforelse_saknas }}", "EST Detalj")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for kat in omr.kategorier %}")
    para(doc, "{{ kat.rad }}", "EST Kategori")
    tag(doc, "{%p if kat.jamforelse %}")
    para(doc, "{{ kat.jamforelse }}", "EST Detalj")
    tag(doc, "{%p endif %}")
    labelled(doc, "Utveckling: ", "{{ kat.eskalering }}")
    tag(doc, "{%p if kat.var %}")
    labelled(doc, "Var: ", "{{ kat.var }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if kat.nar %}")
    labelled(doc, "När: ", "{{ kat.nar }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for k in kat.kommentarer %}")
    para(doc, "”{{ k.text }}” – {{ k.kalla }}", "EST Citat")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if omr.inga_nu %}")
    para(doc, "{{ omr.inga_nu }}", "EST Detalj")
    tag(doc, "{%p endif %}")

    para(doc, "Bedömning", "Heading 3")
    placeholder(doc, "{{ omr.bedomning }}")

    para(doc, "Insatser fortsätter enligt tidigare lägesbild (Ja = X)", "Heading 3")
    yes = para(doc, "Ja = ")
    yes.add_run("[   ]", style="EST Platshållare")
    tag(doc, "{%p for ins in omr.insatser %}")
    para(doc, "{{ ins.rad }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not omr.insatser %}")
    placeholder(doc, "{{ omr.insatser_platshallare }}")
    tag(doc, "{%p endif %}")

    para(doc, "Behov av ytterligare insatser kommande vecka (Ja = X)", "Heading 3")
    yes = para(doc, "Ja = ")
    yes.add_run("[   ]", style="EST Platshållare")
    placeholder(doc, "{{ omr.behov_platshallare }}")

    tag(doc, "{%p if omr.nya_insatser %}")
    para(doc, "Nya insatser från denna vecka:")
    tag(doc, "{%p for ins in omr.nya_insatser %}")
    para(doc, "{{ ins.rad }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    # One problem picture per problem that stands out (figure 10.3): its own what, where, when,
    # causes, insatser and goals.
    tag(doc, "{%p for pb in omr.problembilder %}")
    para(doc, "Problembild: {{ pb.namn }}", "Heading 3")
    para(doc, "{{ pb.varfor }}", "EST Detalj")
    labelled(doc, "Vad: ", "{{ pb.vad }}")
    labelled(doc, "Var: ", "{{ pb.var }}")
    labelled(doc, "Hur: ", "{{ pb.hur }}", placeholder=True)
    labelled(doc, "När: ", "{{ pb.nar }}")
    labelled(doc, "Troliga orsaker: ", "{{ pb.orsaker }}", placeholder=True)
    tag(doc, "{%p if pb.rapporterade_atgarder %}")
    para(doc, "Åtgärder som rapportörerna redan har angett:", "EST Detalj")
    tag(doc, "{%p for a in pb.rapporterade_atgarder %}")
    para(doc, "{{ a }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    labelled(doc, "Insatser/åtgärder (vad, var, när, syfte, ansvarig): ", "{{ pb.atgarder }}", placeholder=True)
    labelled(doc, "Operativa mål: ", "{{ pb.mal }}", placeholder=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if omr.problembilder %}")
    para(doc, "{{ omr.problembild_not }}", "EST Liten")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def section_lists(doc) -> None:
    for number, heading, key in (
        ("3", "Positiva händelser", "positiva"),
        ("4", "Omvärld och händelser som kan påverka", "omvarld"),
    ):
        para(doc, f"{number} {heading}", "Heading 1")
        tag(doc, f"{{%p for h in {key}.handelser %}}")
        para(doc, "{{ h.rad }}", "List Bullet")
        tag(doc, "{%p endfor %}")
        tag(doc, f"{{%p if not {key}.handelser %}}")
        para(doc, f"{{{{ {key}.ingen }}}}")
        tag(doc, "{%p endif %}")
        if key == "omvarld":
            tag(doc, "{%p if omvarld.kommande %}")
            para(doc, "{{ omvarld.kommande_rubrik }}", "EST Mellanrubrik")
            tag(doc, "{%p for k in omvarld.kommande %}")
            para(doc, "{{ k }}", "List Bullet")
            tag(doc, "{%p endfor %}")
            tag(doc, "{%p endif %}")
        placeholder(doc, f"{{{{ {key}.platshallare }}}}")


def section_reporting(doc) -> None:
    para(doc, "5 Inrapportering och återkoppling", "Heading 1")
    para(doc, "{{ inrapportering.text }}")
    tag(doc, "{%p if inrapportering.sista_tid %}")
    para(doc, "{{ inrapportering.sista_tid }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for rad in inrapportering.omraden %}")
    para(doc, "{{ rad }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if inrapportering.rader %}")
    t = table(doc, [3.0, 3.2, 4.6, 2.4, CONTENT_CM - 13.2], ["Område", "Organisation", "Rapportör", "Status", "Inkom"])
    loop_row(t, "{%tr for r in inrapportering.rader %}")
    row = t.add_row()
    no_split(row)
    fill_row(
        row,
        [
            "{{ r.omrade }}",
            "{{ r.organisation }}",
            "{{ r.rapportor }}",
            "{% cellbg r.farg %}{{ r.status }}",
            "{{ r.inkom }}",
        ],
    )
    loop_row(t, "{%tr endfor %}")
    para(doc, "", "EST Liten")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if inrapportering.avvisade %}")
    para(doc, "{{ inrapportering.avvisade_text }}")
    tag(doc, "{%p for a in inrapportering.avvisade %}")
    para(doc, "{{ a }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "Återkoppling till rapportörerna", "EST Mellanrubrik")
    placeholder(doc, "{{ inrapportering.platshallare }}")


def appendix(doc) -> None:
    # No page breaks: they left pages almost empty. The headings keep with what follows instead.
    para(doc, "Bilaga: Händelser per kategori", "Heading 1", keep=True)
    para(doc, "{{ bilaga.forklaring }}", "EST Liten", keep=True)
    tag(doc, "{%p for omr in omraden %}")
    para(doc, "{{ omr.namn }}", "EST Mellanrubrik", keep=True)
    widths = [6.3, 1.9, 1.9, 1.9, 2.1, CONTENT_CM - 14.1]
    t = table(
        doc,
        widths,
        [
            "Kategori",
            "{{ veckor.denna }}",
            "{{ veckor.forra }}",
            "{{ veckor.forrforra }}",
            "{{ veckor.fjol }}",
            "Snitt {{ veckor.snitt }}",
        ],
    )
    for cell in t.rows[0].cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    loop_row(t, "{%tr for r in omr.tabell %}")
    row = t.add_row()
    no_split(row)
    fill_row(
        row,
        ["{{ r.namn }}", "{{ r.denna }}", "{{ r.forra }}", "{{ r.forrforra }}", "{{ r.fjol }}", "{{ r.snitt }}"],
        align_from=1,
    )
    loop_row(t, "{%tr endfor %}")
    row = t.add_row()
    no_split(row)
    fill_row(
        row,
        [
            "{{ omr.summa.namn }}",
            "{{ omr.summa.denna }}",
            "{{ omr.summa.forra }}",
            "{{ omr.summa.forrforra }}",
            "{{ omr.summa.fjol }}",
            "{{ omr.summa.snitt }}",
        ],
        bold=True,
        align_from=1,
    )
    for cell in row.cells:
        shade(cell, SUM_FILL)
    chart = para(doc, "{{ omr.diagram_bild }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    chart.paragraph_format.space_before = Pt(8)
    chart.paragraph_format.keep_with_next = True
    para(doc, "{{ omr.diagram_text }}", "Caption")
    tag(doc, "{%p if omr.karta %}")
    area_map = para(doc, "{{ omr.karta_bild }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    area_map.paragraph_format.keep_with_next = True
    para(doc, "{{ omr.karta.text }}", "Caption")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    times_table(doc)
    tag(doc, "{%p if nivaregel_bilaga %}")
    para(doc, "Bilaga: Så föreslår est nivån", "Heading 1", keep=True)
    tag(doc, "{%p for rad in nivaregel_bilaga %}")
    para(doc, "{{ rad }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def times_table(doc) -> None:
    """The reporting period day by day × time of day (the workbook's Platser och tider, right half)."""
    para(doc, "Bilaga: {{ tider.rubrik }}", "Heading 1", keep=True)
    para(doc, "{{ tider.text }}", "EST Liten", keep=True)
    slots = ["Natt\n00–06", "Morgon\n06–12", "Eftermiddag\n12–18", "Kväll\n18–24", "Okänd\ntid", "Summa"]
    keys = ["natt", "morgon", "eftermiddag", "kvall", "okand"]
    widths = [4.2, 2.1, 2.1, 2.4, 2.1, 1.8, 1.8]
    t = table(doc, widths, ["Dag", *slots])
    for cell in t.rows[0].cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    loop_row(t, "{%tr for r in tider.rader %}")
    row = t.add_row()
    no_split(row)
    # An empty cell reads faster than a grid of zeros; the day's sum says 0.
    fill_row(row, ["{{ r.dag }}", *(f"{{{{ r.{k} or '' }}}}" for k in keys), "{{ r.summa }}"], align_from=1)
    keys.append("summa")
    loop_row(t, "{%tr endfor %}")
    row = t.add_row()
    no_split(row)
    fill_row(row, ["{{ tider.summa.dag }}", *(f"{{{{ tider.summa.{k} }}}}" for k in keys)], bold=True, align_from=1)
    for cell in row.cells:
        shade(cell, SUM_FILL)


def build(out: Path = OUT) -> Path:
    """est_cli/render/templates/veckolagesbild.docx: the weekly draft (`est render`)."""
    return _build(
        out,
        (
            "{{ kommun }} · EST · Veckolägesbild vecka {{ vecka_nr }}, {{ ar }}",
            "{{ variant_text }}",
            "Sammanställd {{ sammanstalld }} med est. {{ forslag }}: nivåerna är förslag.",
        ),
        # python-docx's blank document starts with no paragraphs; everything is added in order.
        (title_block, section_summary, section_areas, section_lists, section_reporting, appendix),
        "Veckolägesbild",
        "Mall för est render. Taggarna och namnen i mallen beskrivs i templates/README.md.",
    )


def _build(out: Path, page: tuple[str, str, str], parts, title: str, comments: str) -> Path:
    """One template: Swedish defaults, the est styles, the page, then `parts` in order; stable bytes."""
    doc = Document()
    _swedish(doc)
    make_styles(doc)
    page_setup(doc, *page)
    for part in parts:
        part(doc)
    props = doc.core_properties
    props.title = title
    props.author = "est"
    props.comments = comments
    make_settings_valid(doc)  # a w:zoom without w:percent is invalid; renders keep the template's settings
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    _fix_zip_times(out)
    return out


# ----------------------------------------------------------------------------- the period draft


def period_title_block(doc) -> None:
    para(doc, "{{ titel }}", "Title")
    p = para(doc, "", "EST Förslag")
    p.add_run("{{ utkast }}")
    run = p.add_run(" – sammanställd {{ datum }}")
    run.bold = False
    facts = table(doc, [3.2, CONTENT_CM - 3.2], rows=3)
    borders(facts, "D9D9D9", inside=True)
    for row, (label, value) in zip(
        facts.rows,
        (
            ("Period", "{{ period_text }}"),
            ("Jämförelse", "{{ jamforelse }}"),
            ("Checklista", "{{ checklista }}"),
        ),
    ):
        fill_row(row, [label, value])
        row.cells[0].paragraphs[0].runs[0].bold = True
        shade(row.cells[0], "F2F2F2")


def period_followup(doc) -> None:
    para(doc, "1 Uppföljning av insatser", "Heading 1")
    para(doc, "{{ insatser_not }}", "EST Förslag")
    para(doc, "{{ insatser_fonster }}", "EST Liten")
    tag(doc, "{%p for ins in insatser %}")
    para(doc, "{{ ins.rubrik }}", "Heading 2")
    para(doc, "{{ ins.beskrivning }}")
    labelled(doc, "Före start: ", "{{ ins.fore }}")
    labelled(doc, "Efter start: ", "{{ ins.efter }}")
    labelled(doc, "Förändring: ", "{{ ins.forandring }}")
    tag(doc, "{%p if ins.anmarkning %}")
    para(doc, "{{ ins.anmarkning }}", "EST Liten")
    tag(doc, "{%p endif %}")
    labelled(doc, "Fortsätter: ", "{{ ins.fortsatter }}", placeholder=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if insatser_ingen %}")
    para(doc, "{{ insatser_ingen }}")
    tag(doc, "{%p endif %}")
    para(doc, "Samlad uppföljning", "EST Mellanrubrik")
    placeholder(doc, "{{ platshallare.uppfoljning }}")


def period_priorities(doc) -> None:
    para(doc, "2 Prioriterade områden kommande period", "Heading 1")
    p = para(doc, "", "EST Förslag")
    p.add_run("{{ forslag }}. ")
    run = p.add_run("{{ betygsregel }}")
    run.bold = False
    grades = table(
        doc,
        [3.4, 2.6, 2.0, 2.0, 2.0, CONTENT_CM - 12.0],
        [
            "Område",
            "Förslag till betyg",
            "{{ kolumner.summa }}",
            "{{ kolumner.foregaende }}",
            "{{ kolumner.fjol }}",
            "Förändring",
        ],
    )
    loop_row(grades, "{%tr for omr in omraden %}")
    row = grades.add_row()
    no_split(row)
    fill_row(
        row,
        [
            "{{ omr.namn }}",
            "{% cellbg omr.betyg_farg %}{{ omr.betyg_namn }}",
            "{{ omr.totalt }}",
            "{{ omr.foregaende }}",
            "{{ omr.fjol }}",
            "{{ omr.forandring }}",
        ],
        align_from=1,
    )
    row.cells[0].paragraphs[0].runs[0].bold = True
    row.cells[1].paragraphs[0].runs[0].bold = True
    loop_row(grades, "{%tr endfor %}")
    para(doc, "Skala: {{ betygsskala_text }}", "EST Liten")
    placeholder(doc, "{{ platshallare.prioritering }}")
    placeholder(doc, "{{ platshallare.strategi }}")

    tag(doc, "{%p for omr in omraden %}")
    para(doc, "2.{{ omr.nr }} {{ omr.namn }}", "Heading 2")
    suggestion_box(
        doc, "Förslag till betyg", "{% cellbg omr.betyg_farg %}{{ omr.betyg }}", 14, "{{ omr.betyg_underlag }}"
    )
    labelled(
        doc,
        "Händelser: ",
        "{{ omr.totalt }} under {{ kolumner.summa }} ({{ omr.veckor_med_rapport }} veckor med "
        "rapport); föregående period {{ omr.foregaende }} ({{ omr.forandring }}); samma period i fjol {{ omr.fjol }} "
        "({{ omr.forandring_fjol }}).",
    )
    tag(doc, "{%p if omr.saknade_veckor %}")
    para(doc, "{{ omr.saknade_veckor }}", "EST Liten")
    tag(doc, "{%p endif %}")
    para(doc, "Beskrivning", "Heading 3")
    placeholder(doc, "{{ omr.beskrivning }}")
    tag(doc, "{%p endfor %}")


def period_problems(doc) -> None:
    para(doc, "3 Problembilder", "Heading 1")
    para(doc, "{{ problemregel }}", "EST Liten")
    tag(doc, "{%p for omr in omraden %}")
    para(doc, "3.{{ omr.nr }} {{ omr.namn }}", "Heading 2")
    for key, heading in (
        ("okande", "Nya/ökande"),
        ("kvarstaende", "Kvarstående"),
        ("utan_jamforelse", "Höga, utan jämförelse (inga rapporter föregående period)"),
    ):
        tag(doc, f"{{%p if omr.{key} %}}")
        para(doc, heading, "Heading 3")
        tag(doc, f"{{%p for rad in omr.{key} %}}")
        para(doc, "{{ rad }}", "List Bullet")
        tag(doc, "{%p endfor %}")
        tag(doc, "{%p endif %}")
    tag(doc, "{%p if omr.inga_problem %}")
    para(doc, "{{ omr.inga_problem }}")
    tag(doc, "{%p endif %}")
    placeholder(doc, "{{ omr.problembild }}")
    tag(doc, "{%p endfor %}")


def period_figures(doc) -> None:
    heading = para(doc, "4 Siffror", "Heading 1")
    heading.paragraph_format.page_break_before = True
    para(doc, "{{ jamforelse }} Veckor utan rapport räknas inte och visas som –.", "EST Liten")
    tag(doc, "{%p for omr in omraden %}")
    para(doc, "4.{{ omr.nr }} {{ omr.namn }}", "Heading 2")
    widths = [5.7, 1.9, 1.9, 1.9, 2.6, CONTENT_CM - 14.0]
    t = table(
        doc,
        widths,
        [
            "Kategori",
            "{{ kolumner.summa }}",
            "{{ kolumner.foregaende }}",
            "{{ kolumner.fjol }}",
            "Förändring",
            "Mot fjol",
        ],
    )
    for cell in t.rows[0].cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    loop_row(t, "{%tr for r in omr.tabell %}")
    row = t.add_row()
    no_split(row)
    fill_row(
        row,
        [
            "{{ r.namn }}",
            "{{ r.summa }}",
            "{{ r.foregaende }}",
            "{{ r.fjol }}",
            "{{ r.forandring }}",
            "{{ r.forandring_fjol }}",
        ],
        align_from=1,
    )
    loop_row(t, "{%tr endfor %}")
    row = t.add_row()
    no_split(row)
    fill_row(
        row,
        [
            "{{ omr.summa.namn }}",
            "{{ omr.summa.summa }}",
            "{{ omr.summa.foregaende }}",
            "{{ omr.summa.fjol }}",
            "{{ omr.summa.forandring }}",
            "{{ omr.summa.forandring_fjol }}",
        ],
        bold=True,
        align_from=1,
    )
    for cell in row.cells:
        shade(cell, SUM_FILL)
    tag(doc, "{%p if omr.inga_rader %}")
    para(doc, "{{ omr.inga_rader }}", "EST Liten")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    para(doc, "Diagram", "Heading 2")
    chart = para(doc, "{{ diagram_bild }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    chart.paragraph_format.keep_with_next = True
    para(doc, "{{ diagram_text }}", "Caption")
    tag(doc, "{%p if nivaer.finns %}")
    para(doc, "Fastställda nivåer vecka för vecka", "Heading 2", keep=True)
    timeline = para(doc, "{{ nivaer.bild }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    timeline.paragraph_format.keep_with_next = True
    para(doc, "{{ nivaer.text }}", "Caption")
    tag(doc, "{%p for rad in nivaer.rader %}")
    para(doc, "{{ rad }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if aterkommande %}")
    para(doc, "Återkommande platser – kandidater för en fördjupad EST", "Heading 2", keep=True)
    tag(doc, "{%p for rad in aterkommande %}")
    para(doc, "{{ rad }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for k in kartor %}")
    para(doc, "Karta: {{ k.namn }}", "Heading 2", keep=True)
    area_map = para(doc, "{{ k.bild }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    area_map.paragraph_format.keep_with_next = True
    para(doc, "{{ k.text }}", "Caption")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if inrapportering %}")
    para(doc, "Inrapportering under perioden", "Heading 2", keep=True)
    t = table(doc, [3.6, 6.4, CONTENT_CM - 10.0], ["Område", "Organisation · funktion", "Rapporterat"])
    loop_row(t, "{%tr for r in inrapportering %}")
    row = t.add_row()
    no_split(row)
    fill_row(row, ["{{ r.omrade }}", "{{ r.vem }}", "{{ r.rad }}"])
    loop_row(t, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if kalender %}")
    para(doc, "Helgdagar, lov och kända händelser under perioden", "Heading 2", keep=True)
    tag(doc, "{%p for k in kalender %}")
    para(doc, "{{ k }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def build_period(out: Path = OUT_PERIOD) -> Path:
    """est_cli/render/templates/kvartalsanalys.docx: the kvartals-/tertial-/årsanalys (`est render --quarter`)."""
    return _build(
        out,
        (
            "{{ kommun }} · EST · {{ dokument }} {{ period }} ({{ veckor }})",
            "{{ utkast }}",
            "Sammanställd {{ datum }} med est. Betygen är förslag.",
        ),
        (period_title_block, period_followup, period_priorities, period_problems, period_figures),
        "Kvartalsanalys",
        "Mall för est render --quarter/--tertial/--year. Namnen i mallen beskrivs i templates/README.md.",
    )


def _fix_zip_times(path: Path) -> None:
    """Same content → same bytes: python-docx stamps every zip entry with the current time."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


# ----------------------------------------------------------------------------- the fastställd extern


def decided_body(doc) -> None:
    """The extern lägesbild of a fastställd week: short prose that can be public – the decided levels,
    the meeting's own texts and counts; no proposals, placeholders or reporters' words."""
    para(doc, "{{ titel }}", "Title")
    p = para(doc, "{{ faststalld }}", "EST Liten")
    p.runs[0].bold = True
    para(doc, "{{ sekretess }}", "EST Liten")
    para(doc, "Läget i korthet", "Heading 1")
    t = table(doc, [5.0, 3.0, CONTENT_CM - 8.0], ["Område", "Nivå", "Händelser"])
    loop_row(t, "{%tr for omr in omraden %}")
    row = t.add_row()
    no_split(row)
    fill_row(row, ["{{ omr.namn }}", "{% cellbg omr.farg %}{{ omr.niva }}", "{{ omr.antal }}"])
    row.cells[1].paragraphs[0].runs[0].bold = True
    loop_row(t, "{%tr endfor %}")
    para(doc, "{{ skala }}", "EST Liten")
    tag(doc, "{%p if samlad %}")
    para(doc, "Samlad bedömning", "Heading 1")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for rad in samlad %}")
    para(doc, "{{ rad }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for omr in omraden %}")
    para(doc, "{{ omr.namn }} – {{ omr.niva }}", "Heading 2")
    tag(doc, "{%p for rad in omr.bedomning %}")
    para(doc, "{{ rad }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if omr.insatser %}")
    para(doc, "Insatser", "EST Mellanrubrik")
    tag(doc, "{%p for rad in omr.insatser %}")
    para(doc, "{{ rad }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "{{ omr.kategorier }}", "EST Detalj")
    tag(doc, "{%p endfor %}")


def build_decided(out: Path = OUT_DECIDED) -> Path:
    """est_cli/render/templates/lagesbild-extern.docx: the extern lägesbild of a fastställd week."""
    return _build(
        out,
        ("{{ kommun }} · EST · Lägesbild vecka {{ vecka_nr }}, {{ ar }}", "", "{{ faststalld }}"),
        (decided_body,),
        "Lägesbild",
        "Mall för est render --variant extern för en fastställd vecka. Namnen beskrivs i templates/README.md.",
    )


if __name__ == "__main__":
    if len(sys.argv) > 1:  # one file: the veckolägesbild to the path given
        print(f"Skrev {build(Path(sys.argv[1]))}")
    else:
        print(f"Skrev {build(OUT)}")
        print(f"Skrev {build_period(OUT_PERIOD)}")
        print(f"Skrev {build_decided(OUT_DECIDED)}")
