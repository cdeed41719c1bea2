"""Make the Word layout fixtures in tests/data/layouts/ (word_*.docx): checklists written without an
ordinary observation table. Committed; the tests never run this.

    /work/main/.venv/bin/python tests/data/make_word_layout_fixtures.py

Needs LibreOffice (`soffice`): every file is written in a plain source form (HTML, or HTML turned
into ODT first) and converted by LibreOffice Writer, so the bytes the tests read were written by
another program than ours. Real Word check boxes (w14:checkbox content controls) are put in where
the source has a placeholder like [[J1]] (make_reader_fixtures.replace_placeholders).

- word_boras_lista.docx            <ul>/<ol> → Word numbering: typed marks ("☒ …", "X …", "[x] …"),
                                   "Label – Ja, tre gånger", a section title, prose, an unknown item.
- word_orebro_stycken.docx         HTML → ODT → Word: plain paragraphs "Brand: Ja (1)", "Klotter: -",
                                   header fields, free text, an abbreviated label.
- word_malmo_lista_kryssrutor.docx a bulleted list whose boxes are content-control check boxes.
- word_malmo_fragor.docx           question-style table: sections and items as merged rows, each item
                                   followed by "Har det hänt?", "Hur många gånger?", "Var?", "När?" …
- word_boras_fragor_kryssrutor.docx the item in column 1 merged down, sub-questions in column 2,
                                   answers in column 3: Ja/Nej as content-control check boxes.
- word_orebro_fragor_ja_nej.docx   "Fråga | Ja | Nej" over the sub-questions (an X in the Ja or Nej
                                   column, or "Ja ☒" | "Nej ☐" content-control boxes in two cells).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_reader_fixtures import checkbox_sdt, replace_placeholders, soffice  # noqa: E402

OUT = HERE / "layouts"
BOX = '<font face="MS Gothic">{}</font>'  # a run of its own, so the placeholder can be replaced

BORAS_LIST = """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<h1>EST-rapport Norrby</h1>
<p>Vecka: 48</p>
<p>Område: Norrby</p>
<p>Organisation: AB Bostäder i Borås</p>
<p>Rapportör: Områdesvärd</p>
<p>Inrapporteringspunkter</p>
<ul>
<li>☒ Klotter, skadegörelse</li>
<li>☐ Anlagd brand</li>
<li>X Trapphäng: 2</li>
<li>[x] Drogförsäljning – Ja, tre gånger</li>
<li>[ ] Skottlossning/sprängningar</li>
<li>Kriminella nätverk: -</li>
<li>Oro, konflikter eller stök: Ja (1) – bråk vid lekplatsen</li>
<li>Angrepp/hot på medarbetare</li>
<li>Cykelstölder: Ja</li>
</ul>
<p>Det har varit en lugn vecka: inga större händelser utöver det som står ovan.</p>
<ol>
<li>Brand i en barnvagn i källaren på tisdagen, räddningstjänsten kom.</li>
<li>Positiva händelser: Ja, grillkväll på gården</li>
</ol>
<p>Hälsningar, Områdesvärden</p>
</body></html>
"""

OREBRO_PARAGRAPHS = """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<p>Veckorapport EST</p>
<p>Vecka: 48</p>
<p>Område: Vivalla</p>
<p>Organisation: Örebro kommun, fältgruppen</p>
<p>Rapportör: Fältsekreterare</p>
<p>Datum: 2026-11-27</p>
<p>Offentlig miljö</p>
<p>Skadegörelse – Ja, tre gånger</p>
<p>Brand: Ja (1)</p>
<p>Incident mot anställd: Nej</p>
<p>Arrangemang: Ja, 2 st – fotbollsturnering och loppis</p>
<p>Samlingspl. ungdomar: Ja</p>
<p>Annat otrygghetsskapande: flera</p>
<p>Otrygg plats: -</p>
<p>Övrigt: inget att rapportera</p>
<p>Brand i en papperskorg vid skolan på onsdagen.</p>
<p>Kontakt: via växeln</p>
</body></html>
"""

MALMO_BOXES = (
    """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<p>EST – veckorapport</p>
<p>Vecka: 48</p>
<p>Stadsdel: Seved</p>
<p>Aktör: Polisen</p>
<p>Inrapporterad av: Områdespolis</p>
<p>Brottsutveckling under veckan</p>
<ul>
<li>"""
    + BOX.format("[[B1]]")
    + """ Inbrott/inbrottsförsök i bostad och biutrymmen</li>
<li>"""
    + BOX.format("[[B2]]")
    + """ Klotter, skadegörelse</li>
<li>"""
    + BOX.format("[[B3]]")
    + """ Anlagd brand: 2 – bilbränder på Rasmusgatan</li>
<li>"""
    + BOX.format("[[B4]]")
    + """ Skjutningar</li>
<li>"""
    + BOX.format("[[B5]]")
    + """ Hot och våld</li>
<li>"""
    + BOX.format("[[B6]]")
    + """ Öppen drogförsäljning</li>
</ul>
<p>Bostadsområden</p>
<ul>
<li>"""
    + BOX.format("[[B7]]")
    + """ Trapphäng</li>
<li>"""
    + BOX.format("[[B8]]")
    + """ Problematiska händelser</li>
</ul>
<p>Polisen har haft extra närvaro vid Sevedsplan under helgen.</p>
</body></html>
"""
)
MALMO_BOX_STATES = {"B1": True, "B2": False, "B3": True, "B4": False, "B5": True, "B6": True, "B7": False, "B8": True}

MALMO_QUESTIONS = """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<p>EST-checklista, MKB</p>
<p>Vecka: 48</p>
<p>Område: Lindängen</p>
<p>Organisation: MKB Fastighets AB</p>
<p>Rapportör: Bosocial utvecklare</p>
<table border="1">
<tr><td colspan="2"><b>Bostadsområden</b></td></tr>
<tr><td colspan="2"><b>1. Trapphäng som påverkar de boende negativt</b></td></tr>
<tr><td>Har det hänt?</td><td>☒ Ja ☐ Nej</td></tr>
<tr><td>Hur många gånger?</td><td>2</td></tr>
<tr><td>Var?</td><td>Trapphus Lindängsvägen 12</td></tr>
<tr><td>När?</td><td>tisdag kväll / 2026-11-24 21:30</td></tr>
<tr><td>Beskriv kort</td><td>Ungdomar i trapphuset, boende störda</td></tr>
<tr><td colspan="2"><b>2. Klotter och skadegörelse kopplat till fastigheter och bostadsområde</b></td></tr>
<tr><td>Har det hänt?</td><td>☐ Ja ☒ Nej</td></tr>
<tr><td>Hur många gånger?</td><td></td></tr>
<tr><td colspan="2"><b>3. Händelser som fastighetsägare, boende eller näringsidkare upplever som problematiska</b></td></tr>
<tr><td>Har det hänt?</td><td>Ja</td></tr>
<tr><td>Var?</td><td>Lindängens centrum</td></tr>
<tr><td>Beskriv kort</td><td></td></tr>
<tr><td colspan="2">Klagomål på mopeder på gångvägarna</td></tr>
<tr><td>Vad har gjorts?</td><td>Dialog med polisen</td></tr>
<tr><td colspan="2"><b>4. Positiva händelser som ökar tryggheten</b></td></tr>
<tr><td>Har det hänt?</td><td>☐ Ja ☐ Nej</td></tr>
<tr><td>Var?</td><td></td></tr>
<tr><td colspan="2"><b>Brottsutveckling under veckan</b></td></tr>
<tr><td colspan="2"><b>5. Anlagd brand</b></td></tr>
<tr><td>Har det hänt?</td><td>X</td></tr>
<tr><td>Hur många gånger?</td><td>ungefär 3</td></tr>
<tr><td>Var?</td><td>Källaren, Lindängsvägen 8</td></tr>
<tr><td>När?</td><td>2026-11-25</td></tr>
<tr><td colspan="2"><b>6. Angrepp på polis</b></td></tr>
<tr><td>Har det hänt?</td><td>kanske</td></tr>
</table>
<p>Frågor om rapporten: ring växeln.</p>
</body></html>
"""

BORAS_QUESTIONS = (
    """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<p>EST-rapport</p>
<table border="1">
<tr><td>Vecka</td><td>v. 48</td></tr>
<tr><td>Bostadsområde</td><td>Hässleholmen</td></tr>
<tr><td>Organisation</td><td>Polisen</td></tr>
<tr><td>Rapportör</td><td>Kommunpolis</td></tr>
</table>
<p>Händelser under veckan</p>
<table border="1">
<tr><td><b>Punkt</b></td><td><b>Fråga</b></td><td><b>Svar</b></td></tr>
<tr><td rowspan="3">Inbrott/inbrottsförsök, stölder</td><td>Har det inträffat?</td><td>"""
    + BOX.format("[[J1]]")
    + " Ja "
    + BOX.format("[[N1]]")
    + """ Nej</td></tr>
<tr><td>Antal?</td><td>4</td></tr>
<tr><td>Plats?</td><td>Förråd Hässleholmsvägen</td></tr>
<tr><td rowspan="3">Anlagd brand</td><td>Har det inträffat?</td><td>"""
    + BOX.format("[[J2]]")
    + " Ja "
    + BOX.format("[[N2]]")
    + """ Nej</td></tr>
<tr><td>Antal?</td><td></td></tr>
<tr><td>Plats?</td><td></td></tr>
<tr><td rowspan="4">Skottl./spräng.</td><td>Har det inträffat?</td><td>"""
    + BOX.format("[[J3]]")
    + " Ja "
    + BOX.format("[[N3]]")
    + """ Nej</td></tr>
<tr><td>Antal?</td><td>1</td></tr>
<tr><td>När?</td><td>2026-11-26 kl 23.10</td></tr>
<tr><td>Vad har gjorts?</td><td>Avspärrning, utredning pågår</td></tr>
<tr><td rowspan="2">Trapphäng</td><td>Har det inträffat?</td><td>"""
    + BOX.format("[[J4]]")
    + " Ja "
    + BOX.format("[[N4]]")
    + """ Nej</td></tr>
<tr><td>Antal?</td><td></td></tr>
<tr><td rowspan="2">Mopedåkning på gångvägar</td><td>Har det inträffat?</td><td>"""
    + BOX.format("[[J5]]")
    + " Ja "
    + BOX.format("[[N5]]")
    + """ Nej</td></tr>
<tr><td>Beskriv kort</td><td>Mopeder på gång- och cykelvägen kvällstid</td></tr>
</table>
</body></html>
"""
)
# (Ja ticked, Nej ticked) per item: inbrott yes, brand no, skottlossning yes, trapphäng none, moped yes
BORAS_QUESTION_BOXES = {
    "1": (True, False),
    "2": (False, True),
    "3": (True, False),
    "4": (False, False),
    "5": (True, False),
}


OREBRO_YES_NO = (
    """<html><head><meta charset="utf-8"><title>EST</title></head><body>
<p>Vecka: 48</p>
<p>Område: Baronbackarna</p>
<p>Organisation: Örebrobostäder</p>
<p>Rapportör: Husvärd</p>
<table border="1">
<tr><td><b>Fråga</b></td><td><b>Ja</b></td><td><b>Nej</b></td></tr>
<tr><td colspan="3"><b>1. Skadegörelse</b></td></tr>
<tr><td>Förekomst?</td><td>X</td><td></td></tr>
<tr><td>Antal?</td><td>2</td><td></td></tr>
<tr><td>Plats?</td><td colspan="2">Cykelrummet, Baronbackarna 5</td></tr>
<tr><td colspan="3"><b>2. Brand</b></td></tr>
<tr><td>Förekomst?</td><td></td><td>X</td></tr>
<tr><td colspan="3"><b>3. Samlingsplats för ungdomar</b></td></tr>
<tr><td>Förekomst?</td><td>Ja """
    + BOX.format("[[J1]]")
    + """</td><td>Nej """
    + BOX.format("[[N1]]")
    + """</td></tr>
<tr><td>Plats?</td><td colspan="2">Lekplatsen vid förskolan</td></tr>
<tr><td colspan="3"><b>4. Otrygg plats</b></td></tr>
<tr><td>Förekomst?</td><td>Ja """
    + BOX.format("[[J2]]")
    + """</td><td>Nej """
    + BOX.format("[[N2]]")
    + """</td></tr>
</table>
</body></html>
"""
)


def _html_to_docx(html: str, name: str, work: Path, via_odt: bool = False) -> Path:
    src = work / f"{name}.html"
    src.write_text(html, encoding="utf-8")
    if via_odt:
        src = soffice(src, "odt:writerweb8_writer", work)  # Writer/Web to an ODT text document
    made = OUT / f"{name}.docx"
    shutil.copy(soffice(src, "docx:MS Word 2007 XML", work), made)
    return made


def _boxes(states: dict[str, tuple[bool, bool]]) -> dict:
    replacements = {}
    for key, (yes, no) in states.items():
        replacements[f"[[J{key}]]"] = lambda yes=yes: checkbox_sdt(yes)
        replacements[f"[[N{key}]]"] = lambda no=no: checkbox_sdt(no)
    return replacements


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _html_to_docx(BORAS_LIST, "word_boras_lista", work)
        _html_to_docx(OREBRO_PARAGRAPHS, "word_orebro_stycken", work, via_odt=True)
        made = _html_to_docx(MALMO_BOXES, "word_malmo_lista_kryssrutor", work)
        replace_placeholders(made, {f"[[{k}]]": (lambda v=v: checkbox_sdt(v)) for k, v in MALMO_BOX_STATES.items()})
        _html_to_docx(MALMO_QUESTIONS, "word_malmo_fragor", work)
        made = _html_to_docx(BORAS_QUESTIONS, "word_boras_fragor_kryssrutor", work)
        replace_placeholders(made, _boxes(BORAS_QUESTION_BOXES))
        made = _html_to_docx(OREBRO_YES_NO, "word_orebro_fragor_ja_nej", work)
        replace_placeholders(made, _boxes({"1": (True, False), "2": (False, False)}))
    for path in sorted(OUT.glob("word_*.docx")):
        print(path.relative_to(HERE.parent.parent), path.stat().st_size)


if __name__ == "__main__":
    main()
