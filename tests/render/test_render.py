"""`est render`: the veckolägesbild read back from the .docx – headings, numbers, variants, templates."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from functools import partial
from pathlib import Path

import pytest

from est_cli.demo import make_demo_workspace
from est_cli.merge import merge_paths
from est_cli.privacy import is_personnummer
from est_cli.render import SHIPPED_TEMPLATE, RenderError, output_path, render_week
from est_cli.render.context import build_context
from est_cli.render.docx import render_lagesbild
from est_cli.render.history import load_history
from est_cli.render.levels import NO_BASIS_FILL
from est_cli.store import Archive
from est_cli.weeks import IsoWeek
from est_cli.weekview.build import week_view
from est_cli.workspace import init_workspace

from helpers import ROOT, run_est, soffice

W47 = "2026-W47"
SUB_HEADINGS = [
    "Läget senaste veckan",
    "Bedömning",
    "Insatser fortsätter enligt tidigare lägesbild (Ja = X)",
    "Behov av ytterligare insatser kommande vecka (Ja = X)",
]
HOSTILE_COMMENT = "Klotter {{ 7*7 }} och {% for x in y %} & <b>fet</b> < 3 {_{ x }_}"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ----------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The bundled example week merged into an archive (plus a report whose comment holds template tags)."""
    from est_cli.schema import load_schema

    root = tmp_path_factory.mktemp("render")
    ws, _ = make_demo_workspace(root / "ws")
    schema = load_schema("orebro")
    hostile = root / "hostile.csv"
    hostile.write_text(
        f"Vecka;{W47}\nOmråde;Vivalla\nOrganisation;Kommun\nRapportör;Parkförvaltningen\n\n"
        f"Punkt;Antal;Plats;Kommentar\nÖvrigt;1;Parkleken;{HOSTILE_COMMENT}\n",
        "utf-8",
    )
    archive = Archive.open(ws.archive_url())
    merge_paths([ws.inbox, hostile], ws, schema, archive, week=IsoWeek(2026, 47))
    with archive.read() as conn:
        view = week_view(conn, ws, schema, IsoWeek(2026, 47))
    out = {}
    for variant in ("intern", "extern"):
        path = output_path(ws.drafts, W47, variant)
        out[variant] = render_week(archive, ws, schema, W47, variant, SHIPPED_TEMPLATE, path)
    yield {"ws": ws, "schema": schema, "archive": archive, "view": view, "root": root, **out}
    archive.close()


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of the body's paragraphs, in order."""
    from docx import Document

    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def all_text(path: Path) -> str:
    """Every text in the document: body, tables, headers, footers and the document properties."""
    from lxml import etree

    texts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml") or name == "docProps/core.xml":
                root = etree.fromstring(z.read(name))
                if name.startswith("word/"):
                    for p in root.iter(f"{W_NS}p"):
                        texts.append("".join(t.text or "" for t in p.iter(f"{W_NS}t")))
                else:
                    texts.extend(root.itertext())
    return "\n".join(texts)


def section(paras: list[tuple[str, str]], start: str, stop: str) -> list[tuple[str, str]]:
    texts = [t for _, t in paras]
    return paras[texts.index(start) + 1 : texts.index(stop)]


est = partial(run_est, columns=200)


# ----------------------------------------------------------------------------- structure


def test_headings_in_order_as_word_heading_styles(demo):
    for variant in ("intern", "extern"):
        paras = paragraphs(demo[variant].path)
        headings = [(style, text) for style, text in paras if style == "Title" or style.startswith("Heading")]
        expected = [
            ("Title", "Veckolägesbild vecka 47, 2026 – Örebro"),
            ("Heading 1", "1 Sammanfattande bedömning"),
            ("Heading 1", "2 Läget per prioriterat område"),
        ]
        for n, area in enumerate(("Vivalla", "Baronbackarna"), 1):
            expected.append(("Heading 2", f"2.{n} {area}"))
            expected.extend(("Heading 3", h) for h in SUB_HEADINGS)
            # One problem picture per problem that stands out (figure 10.3), most pressing first.
            blocks = demo[variant].context["omraden"][n - 1]["problembilder"]
            expected.extend(("Heading 3", f"Problembild: {b['namn']}") for b in blocks)
        expected += [
            ("Heading 1", "3 Positiva händelser"),
            ("Heading 1", "4 Omvärld och händelser som kan påverka"),
            ("Heading 1", "5 Inrapportering och återkoppling"),
            ("Heading 1", "Bilaga: Händelser per kategori"),
            ("Heading 1", "Bilaga: När händelserna inträffade, 11 november kl. 10 – 18 november 2026"),
        ]
        if variant == "intern":  # the level rule's mechanics: only in the intern version's appendix
            expected.append(("Heading 1", "Bilaga: Så föreslår est nivån"))
        assert headings == expected, variant
    # Word's built-in style ids: Swedish Word shows them as Rubrik 1–3, the navigation pane lists them.
    from docx import Document

    ids = {
        p.style.style_id for p in Document(str(demo["intern"].path)).paragraphs if p.style.name.startswith("Heading")
    }
    assert ids == {"Heading1", "Heading2", "Heading3"}


def test_title_block_says_variant_date_and_sources(demo):
    intern, extern = all_text(demo["intern"].path), all_text(demo["extern"].path)
    assert "INTERN – FÅR EJ SPRIDAS" in intern and "Intern – får ej spridas" in intern
    assert "UTKAST – INTE FASTSTÄLLT" in extern and "får ej spridas" not in extern.lower()
    assert "KAN LÄMNAS UT" not in extern  # only the fastställd extern may be handed out
    # 13 reports (12 examples + the hostile CSV) from 13 reporters in 4 organisations (kommun, polis, ÖBO, brandkår).
    assert "13 rapporter från 13 rapportörer i 4 organisationer" in intern
    # the reporting period up to the deadline (Wednesday 10:00), not the ISO week Monday–Sunday 16–22 November
    period = "Händelser 11 november kl. 10 – 18 november 2026, rapporter till onsdag 18 november kl. 10"
    assert period in intern and period in extern and "Sammanställd" in intern
    assert "16–22 november" not in intern
    assert "Förslag – fastställs på mötet" in intern and "Förslag – fastställs på mötet" in extern


def test_category_lines_match_the_week_view(demo):
    view = demo["view"]
    kinds = demo["schema"].kinds()
    # Problem items only: Arrangemang (context: a trygghetsvandring, an open sports hall) is in section 4.
    want = {
        r.label: r.this_week
        for r in view.overview
        if r.area == "Vivalla" and r.this_week > 0 and kinds.get(r.key, "problem") == "problem"
    }
    assert "Arrangemang" in {r.label for r in view.overview if r.area == "Vivalla" and r.this_week > 0}
    for variant in ("intern", "extern"):
        paras = paragraphs(demo[variant].path)
        lines = [t for s, t in section(paras, "2.1 Vivalla", "2.2 Baronbackarna") if s == "EST Kategori"]
        parsed = [
            (label, re.fullmatch(r"(\d+)(?: händelser? \((\d+) rapporter\))?", n))
            for label, n in (line.rsplit(": ", 1) for line in lines)
        ]
        got = {label: int(m[1]) for label, m in parsed if m}
        reported = {label: int(m[2]) for label, m in parsed if m and m[2]}
        if variant == "extern":  # the reporter's own label is merged under "Andra punkter"
            want = {k: v for k, v in want.items() if k != "Mopedåkning på gångvägar"} | {
                "Andra punkter (utanför checklistan)": 3
            }
        assert got == want
        # Events beside the reports where they differ: the Lertagsgatan fire from Polisen and
        # Räddningstjänsten counts once, "Ca 15 ungdomar vid Vivalla centrum" from Polisen and
        # Fältgruppen (2 and 2) counts 2.
        assert reported == {r.label: r.reported for r in view.overview if r.area == "Vivalla" and r.reported}
        assert got["Skadegörelse"] == 8 and got["Samlingsplats för ungdomar"] == 8 and got["Brand"] == 3
        assert reported["Samlingsplats för ungdomar"] == 10 and reported["Brand"] == 4


def test_appendix_tables_match_the_archive(demo):
    from docx import Document

    view = demo["view"]
    doc = Document(str(demo["intern"].path))
    appendix = [t for t in doc.tables if t.rows[0].cells[0].text == "Kategori"]
    assert len(appendix) == 2
    for table, area in zip(appendix, ("Vivalla", "Baronbackarna")):
        rows = [[c.text for c in row.cells] for row in table.rows]
        assert rows[0][1:5] == ["v.47", "v.46", "v.45", "v.47 2025"]
        counts = {r[0]: int(r[1]) for r in rows[1:-1]}
        assert counts == {r.label: r.this_week for r in view.overview if r.area == area and r.this_week > 0}
        # The sum is the area's total in the document: problems only (Arrangemang is shown, not summed).
        problems = sum(r.this_week for r in view.overview if r.area == area and r.kind == "problem")
        assert rows[-1][0] == "Summa (utom positiva och omvärld)" and int(rows[-1][1]) == problems
        assert problems == next(o["totalt"] for o in demo["intern"].context["omraden"] if o["namn"] == area)
        assert problems < sum(counts.values())
        assert all(r[2] == "–" for r in rows[1:])  # no reports the week before: missing, not 0


def test_levels_are_coloured_and_marked_as_a_suggestion(demo):
    from docx import Document

    doc = Document(str(demo["intern"].path))
    levels = next(t for t in doc.tables if t.rows[0].cells[0].text == "Område")
    context = demo["intern"].context
    for row, area in zip(levels.rows[1:], context["omraden"]):
        cell = row.cells[1]
        fill = cell._tc.tcPr.find(f"{W_NS}shd").get(f"{W_NS}fill")
        assert cell.text == area["niva_namn"] == "Underlag saknas – bedöms på mötet"
        assert fill == NO_BASIS_FILL
    # The demo's first week: no level from volume, but the signals are named: five incidents against
    # staff (stones thrown at a bus and a fire engine among them) and three fires (the Lertagsgatan
    # fire reported twice counts once): 5 × 2 + 3 × 1 = 13 points.
    vivalla = context["omraden"][0]
    assert vivalla["niva_underlag"] == (
        "Underlag saknas: området har inga tidigare veckor med rapporter, 4 behövs för att jämföra antalet. "
        "Signaler: incident mot anställd 5 och brand 3 (13 poäng) – minst orange."
    )


def test_chart_is_embedded_as_png(demo):
    with zipfile.ZipFile(demo["intern"].path) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert len(images) == 2  # one chart per area
        for name in images:
            data = z.read(name)
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
            width = int.from_bytes(data[16:20], "big")
            assert width > 500


# ----------------------------------------------------------------------------- the variants and privacy


def test_extern_holds_no_comment_place_or_reporter(demo):
    view, ws = demo["view"], demo["ws"]
    text = all_text(demo["extern"].path).casefold()
    secrets = {e.comment for e in view.events} | {e.place for e in view.events} | {e.action for e in view.events}
    secrets |= (
        {e.reporter for e in view.events} | {e.reporter for e in view.expected} | {e.reporter for e in ws.expected}
    )
    secrets |= {e.source for e in view.events} | {r.file for r in view.rejected}
    secrets |= {r.label for r in view.overview if r.theme is None}  # labels outside the checklist are free text
    secrets = {s for s in secrets if s and s.strip() not in ("–",)}
    leaked = sorted(s for s in secrets if s.casefold() in text)
    assert not leaked
    # The intern variant has them (so the test above is not empty by accident).
    intern = all_text(demo["intern"].path)
    assert "Krossad ruta i tvättstugan, klotter i tre entréer" in intern and "Lertagsgatan" in intern
    assert "Husvärd" in intern and "Områdespolis" in intern


def test_personnummer_never_present(demo):
    for variant in ("intern", "extern"):
        text = all_text(demo[variant].path)
        for match in re.finditer(r"(?<!\d)((?:\d{2})?\d{6})[ \-+]?(\d{4})(?!\d)", text):
            assert not is_personnummer(match.group(1), match.group(2)), match.group(0)
    assert "[personnummer borttaget]" in all_text(demo["intern"].path)  # the masked comment is quoted


def test_reporter_text_with_template_tags_is_printed_literally(demo):
    text = all_text(demo["intern"].path)
    assert HOSTILE_COMMENT in text  # {{ 7*7 }} not executed, & and < kept
    assert "Klotter 49" not in text
    assert "Klotter" not in all_text(demo["extern"].path)


def test_positive_and_wider_world_sections(demo):
    paras = paragraphs(demo["intern"].path)
    positive = [
        t
        for s, t in section(paras, "3 Positiva händelser", "4 Omvärld och händelser som kan påverka")
        if s == "List Bullet"
    ]
    assert any("Trygghetsvandring med boende, positivt" in t for t in positive) and len(positive) == 3
    world = [
        t
        for s, t in section(paras, "4 Omvärld och händelser som kan påverka", "5 Inrapportering och återkoppling")
        if s == "List Bullet"
    ]
    assert any("Rykten på sociala medier" in t for t in world)
    extern = paragraphs(demo["extern"].path)
    positive = [
        t
        for s, t in section(extern, "3 Positiva händelser", "4 Omvärld och händelser som kan påverka")
        if s == "List Bullet"
    ]
    assert sorted(positive) == ["Baronbackarna – Arrangemang: 1 händelse", "Vivalla – Arrangemang: 2 händelser"]


def test_reporting_section(demo):
    intern = all_text(demo["intern"].path)
    assert "12 av 14 förväntade rapportörer har skickat in sin checklista; 1 kom efter sista tid; 2 saknas." in intern
    assert "Socialtjänsten" in intern and "Fritidsgården Vivalla v47.xlsx, Blad1!B13" in intern
    extern = all_text(demo["extern"].path)
    assert (
        "12 av 14 förväntade rapportörer" in extern and "Vivalla: 7 av 8 har rapporterat, 1 sent, 1 saknas." in extern
    )


def test_insatser_are_listed_under_continuing_insatser(demo):
    insatser = [
        {
            "area": "Vivalla",
            "beskrivning": "Patrullering av väktare kvällstid",
            "ansvarig": "ÖBO",
            "from_week": "2026-W45",
        },
        {
            "area": "vivalla",
            "beskrivning": "Brandskyddsinformation",
            "ansvarig": "Räddningstjänsten",
            "from_week": W47,
            "label": "Brand",
        },
    ]
    with demo["archive"].read() as conn:
        history = load_history(conn, W47)
    context = build_context(demo["view"], demo["schema"], demo["ws"], "intern", insatser=insatser, history=history)
    out = demo["root"] / "insatser.docx"
    render_lagesbild(context, None, out)
    paras = paragraphs(out)
    vivalla = section(
        paras,
        "Insatser fortsätter enligt tidigare lägesbild (Ja = X)",
        "Behov av ytterligare insatser kommande vecka (Ja = X)",
    )
    assert ("List Bullet", "Patrullering av väktare kvällstid – ansvarig: ÖBO · sedan v.45") in vivalla
    texts = [t for _, t in paras]
    new = paras[texts.index("Nya insatser från denna vecka:") + 1]
    assert new == ("List Bullet", "Brandskyddsinformation – mot brand · ansvarig: Räddningstjänsten · sedan v.47")
    texts = [t for _, t in paras]
    baron = texts[texts.index("2.2 Baronbackarna") :]
    assert "[Skriv vilka insatser som fortsätter enligt tidigare lägesbild – eller ”Inga”.]" in baron
    empty = build_context(demo["view"], demo["schema"], demo["ws"], "intern", insatser=[], history=history)
    assert all(a["insatser"] == [] for a in empty["omraden"])
    extern = build_context(demo["view"], demo["schema"], demo["ws"], "extern", insatser=insatser, history=history)
    assert all(a["insatser"] == a["nya_insatser"] == [] for a in extern["omraden"])


def test_priority_area_without_reports_is_in_the_document(tmp_path, orebro):
    ws = init_workspace(tmp_path / "ws", "Örebro", "orebro", ["Vivalla", "Mosås"])
    archive = Archive.open(ws.archive_url())
    path = tmp_path / "v.csv"
    path.write_text(
        f"Vecka;{W47}\nOmråde;Vivalla\nOrganisation;Polis\nRapportör;Områdespolis\nPunkt;Antal\nBrand;2\n", "utf-8"
    )
    other = tmp_path / "w.csv"  # the same area, spelled in capitals by another reporter
    other.write_text(
        f"Vecka;{W47}\nOmråde;VIVALLA\nOrganisation;ÖBO\nRapportör;Husvärd\nPunkt;Antal;Plats\nSkadegörelse;1;Torget\n",
        "utf-8",
    )
    merge_paths([path, other], ws, orebro, archive)
    out = output_path(ws.drafts, W47, "intern")
    result = render_week(archive, ws, orebro, W47, "intern", SHIPPED_TEMPLATE, out)
    archive.close()
    assert [a["namn"] for a in result.context["omraden"]] == ["Vivalla", "Mosås"]
    vivalla = {c["namn"]: c for c in result.context["omraden"][0]["kategorier"]}
    assert vivalla["Skadegörelse"]["var"] == "Torget (1)." and vivalla["Brand"]["antal"] == 2
    mosas = result.context["omraden"][1]
    assert (mosas["namn"], mosas["niva"], mosas["rapporterat"], mosas["kategorier"]) == (
        "Mosås",
        "ingen rapport",
        False,
        [],
    )
    texts = [t for _, t in paragraphs(out)]
    assert "2.2 Mosås" in texts and "Inga rapporter från Mosås vecka 47." in texts
    assert "Mosås: inga rapporter denna vecka." in texts


# ----------------------------------------------------------------------------- comparisons over the year boundary


def test_comparisons_across_the_year_boundary(tmp_path, orebro):
    ws = init_workspace(tmp_path / "ws", "Örebro", "orebro", ["Vivalla"])
    archive = Archive.open(ws.archive_url())
    counts = {"2025-W01": 1, "2025-W52": 2, "2026-W01": 5, "2026-W52": 0, "2026-W53": 4, "2027-W01": 4, "2026-W50": 3}
    files = []
    for week, n in counts.items():
        path = tmp_path / f"{week}.csv"
        path.write_text(
            f"Vecka;{week}\nOmråde;Vivalla\nOrganisation;Polis\nRapportör;Områdespolis\nPunkt;Antal\nBrand;{n}\n",
            "utf-8",
        )
        files.append(path)
    merge_paths(files, ws, orebro, archive)

    def brand(week: str) -> tuple[dict, dict]:
        out = output_path(ws.drafts, week, "intern")
        result = render_week(archive, ws, orebro, week, "intern", SHIPPED_TEMPLATE, out)
        area = result.context["omraden"][0]
        lines = [t for s, t in paragraphs(out) if s == "EST Detalj"]
        return next(c for c in area["kategorier"] if c["namn"] == "Brand"), lines

    # 2026-W01 against 2025-W52 (previous week), 2025-W51 (no report) and 2025-W01 (same week last year).
    cat, lines = brand("2026-W01")
    assert cat["rad"] == "Brand: 5"
    assert (cat["forra"], cat["forrforra"], cat["fjol"]) == ("+3 (från 2)", "uppgift saknas", "+4 (från 1)")
    assert (
        "Förra veckan (v.52 2025): +3 (från 2) · veckan innan (v.51 2025): uppgift saknas · "
        "samma vecka förra året (v.1 2025): +4 (från 1)" in lines
    )
    # 2027-W01: last year had 53 weeks – the week before is 2026-W53, then 2026-W52; same week last year 2026-W01.
    cat, lines = brand("2027-W01")
    assert (cat["forra"], cat["forrforra"], cat["fjol"]) == ("oförändrat (4)", "ny", f"{chr(0x2212)}1 (från 5)")
    assert any("Förra veckan (v.53 2026)" in line and "samma vecka förra året (v.1 2026)" in line for line in lines)
    # 2026-W53 has no twin in 2025 (52 weeks): compared with 2025-W52.
    cat, lines = brand("2026-W53")
    assert cat["fjol"] == "+2 (från 2)" and any("samma vecka förra året (v.52 2025)" in line for line in lines)
    # The chart's average: the four weeks before 2027-W01 are 2026-W50…W53, three of them with reports.
    with archive.read() as conn:
        history = load_history(conn, "2027-W01")
    assert history.weeks == ["2026-W50", "2026-W51", "2026-W52", "2026-W53"]
    context = build_context(week_view_for(archive, ws, orebro, "2027-W01"), orebro, ws, "intern", history=history)
    row = next(r for r in context["omraden"][0]["tabell"] if r["namn"] == "Brand")
    assert row["snitt"] == "2,3"  # (3 + 0 + 4) / 3 weeks with reports; W51 is missing, not 0
    archive.close()


def week_view_for(archive, ws, schema, week: str):
    with archive.read() as conn:
        return week_view(conn, ws, schema, IsoWeek.parse(week))


# ----------------------------------------------------------------------------- templates


def edited_template(folder: Path) -> Path:
    """The shipped template after a 'Word edit': another body font, a logo line, a recoloured heading style."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document(str(SHIPPED_TEMPLATE))
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(11)
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x00, 0x00)
    doc.paragraphs[0].insert_paragraph_before("Örebro kommun – Trygg i Örebro")
    doc.add_paragraph("Kontakt: samordnaren för EST")
    path = folder / "egen mall.docx"
    doc.save(str(path))
    return path


def test_shipped_template_is_what_the_build_script_makes(tmp_path):
    import runpy

    script = runpy.run_path(str(ROOT / "templates" / "make_templates.py"))
    built = script["build"](tmp_path / "built.docx")
    # Compared by content, not bytes: another python-docx version may write the same document differently.
    assert all_text(built) == all_text(SHIPPED_TEMPLATE), "run: python templates/make_templates.py"
    assert paragraphs(built) == paragraphs(SHIPPED_TEMPLATE)


def test_template_edited_in_word_still_renders(demo, tmp_path):
    from docx import Document

    template = edited_template(tmp_path)
    out = tmp_path / "ut.docx"
    render_lagesbild(demo["intern"].context, template, out)
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Örebro kommun – Trygg i Örebro" and texts[-1] == "Kontakt: samordnaren för EST"
    assert "2.1 Vivalla" in texts and doc.styles["Normal"].font.name == "Times New Roman"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_template_saved_by_libreoffice_still_renders_and_converts_to_pdf(demo, tmp_path):
    profile = tmp_path / "lo-profile"
    template = soffice(SHIPPED_TEMPLATE, "docx:MS Word 2007 XML", tmp_path / "lo", profile)
    out = tmp_path / "ut.docx"
    render_lagesbild(demo["intern"].context, template, out)
    texts = [t for _, t in paragraphs(out)]
    assert "2.2 Baronbackarna" in texts and "Bilaga: Händelser per kategori" in texts
    assert "Skadegörelse: 8" in texts
    for path in (out, demo["extern"].path):
        pdf = soffice(path, "pdf", tmp_path / "pdf", profile)
        assert pdf.read_bytes()[:5] == b"%PDF-"


def test_broken_templates_give_one_swedish_error(demo, tmp_path):
    from docx import Document

    not_docx = tmp_path / "trasig.docx"
    not_docx.write_text("det här är ingen Word-fil", "utf-8")
    with pytest.raises(RenderError, match="trasig.docx kan inte öppnas som Word-dokument"):
        render_lagesbild(demo["intern"].context, not_docx, tmp_path / "a.docx")
    unknown = Document(str(SHIPPED_TEMPLATE))
    unknown.add_paragraph("{{ finns_inte }}")
    unknown.save(str(tmp_path / "okänt namn.docx"))
    with pytest.raises(RenderError, match=r"okänt namn\.docx använder ett namn som inte finns"):
        render_lagesbild(demo["intern"].context, tmp_path / "okänt namn.docx", tmp_path / "b.docx")
    syntax = Document(str(SHIPPED_TEMPLATE))
    syntax.add_paragraph("{% for x in %}")
    syntax.save(str(tmp_path / "syntax.docx"))
    with pytest.raises(RenderError, match="syntax.docx har ett fel"):
        render_lagesbild(demo["intern"].context, tmp_path / "syntax.docx", tmp_path / "c.docx")
    assert (
        not (tmp_path / "a.docx").exists() and not (tmp_path / "b.docx").exists() and not (tmp_path / "c.docx").exists()
    )


# ----------------------------------------------------------------------------- the command


def test_cli_render_week_variants_force_and_templates(tmp_path):
    result = est("demo", str(tmp_path / "ws"))
    assert result.returncode == 0, result.stderr
    ws = tmp_path / "ws"
    # est demo renders both variants already; start again from none.
    for made in (ws / "utkast" / W47).glob("veckolagesbild-*.docx"):
        made.unlink()
    first = est("render", cwd=ws / "inkorg")  # the workspace is found upwards; the week is the latest
    assert first.returncode == 0, first.stderr
    assert "Veckolägesbilden är klar" in first.stderr and "veckolagesbild-2026-W47.docx" in first.stderr
    assert "förslag till nivå" in first.stderr and "Traceback" not in first.stderr
    assert (ws / "utkast" / W47 / "veckolagesbild-2026-W47.docx").is_file()

    again = est("render", "--workspace", str(ws))
    assert again.returncode == 2 and "finns redan" in again.stderr and "--force" in again.stderr
    refused = est("render", "--workspace", str(ws), "--variant", "extern", "--week", W47)
    assert refused.returncode == 2 and "inte fastställd" in refused.stderr  # nothing to hand out before the meeting
    extern = est("render", "--workspace", str(ws), "--variant", "extern", "--utkast", "--week", W47)
    assert extern.returncode == 0, extern.stderr
    assert (ws / "utkast" / W47 / "veckolagesbild-2026-W47-extern.docx").is_file()

    template = edited_template(tmp_path)
    custom = est("render", "--workspace", str(ws), "--template", str(template), "--force")
    assert custom.returncode == 0, custom.stderr and "Mall:" in custom.stderr
    assert "Örebro kommun – Trygg i Örebro" in all_text(ws / "utkast" / W47 / "veckolagesbild-2026-W47.docx")

    toml = ws / "est.toml"
    shutil.copy(template, ws / "mall.docx")
    toml.write_text(toml.read_text("utf-8").replace('veckolagesbild = ""', 'veckolagesbild = "mall.docx"'), "utf-8")
    (ws / "utkast" / W47 / "veckolagesbild-2026-W47-extern.docx").unlink()
    configured = est("render", "--variant", "extern", "--utkast", cwd=ws)
    assert configured.returncode == 0, configured.stderr
    assert "Örebro kommun – Trygg i Örebro" in all_text(ws / "utkast" / W47 / "veckolagesbild-2026-W47-extern.docx")

    (ws / "mall.docx").unlink()
    missing = est("render", "--force", cwd=ws)
    assert missing.returncode == 2 and "mall.docx finns inte" in missing.stderr and "Traceback" not in missing.stderr
    (ws / "mall.docx").write_bytes(b"PK\x03\x04 trasig")
    broken = est("render", "--force", cwd=ws)
    assert broken.returncode == 2 and "mall.docx kan inte öppnas" in broken.stderr and "Traceback" not in broken.stderr
    assert len(broken.stderr.strip().splitlines()) <= 3  # one message (wrapped at most by the terminal width)

    no_week = est("render", "--week", "2026-W30", "--template", str(template), cwd=ws)
    assert no_week.returncode == 2 and "inga rapporter för vecka 2026-W30" in no_week.stderr

    exported = est("render", "--export-template", str(tmp_path / "min mall.docx"))
    assert exported.returncode == 0 and "[mallar]" in exported.stderr
    assert (tmp_path / "min mall.docx").read_bytes() == SHIPPED_TEMPLATE.read_bytes()
    assert est("render", "--export-template", str(tmp_path / "min mall.docx")).returncode == 2  # not overwritten


def test_render_without_workspace_or_archive(tmp_path):
    result = est("render", cwd=tmp_path)
    assert result.returncode == 2 and "est init" in result.stderr and "Traceback" not in result.stderr
    init_workspace(tmp_path / "tom", "Örebro", "orebro", ["Vivalla"])
    empty = est("render", cwd=tmp_path / "tom")
    assert empty.returncode == 2 and "inga rapporter ännu" in empty.stderr


@pytest.mark.slow
def test_help_lists_render_and_heavy_libraries_load_lazily():
    result = est("render", "--help")
    assert result.returncode == 0 and "--variant" in result.stdout and "--template" in result.stdout
    code = (
        "import sys, est_cli.cli, est_cli.render, est_cli.render.context; "
        "print(sorted(m for m in ('docxtpl', 'matplotlib', 'docx') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_a_first_week_says_once_per_area_that_there_is_nothing_to_compare_with(demo):
    texts = [t for _, t in paragraphs(demo["intern"].path)]
    missing = [t for t in texts if t.startswith("Jämförelse saknas")]
    assert (
        missing == ["Jämförelse saknas – arkivet har inga rapporter från området de tidigare veckorna."] * 2
    )  # Vivalla and Baronbackarna, once each
    assert not any("uppgift saknas" in t for t in texts)
    development = [t for t in texts if t.startswith("Utveckling: ")]
    assert development and not any("Eskalering" in t for t in development)  # nothing rose: a first week
    assert "Utveckling: Allvarlighetsgrad högst 2 (måttlig)." in development


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (None, "Allvarlighetsgrad högst 3 (allvarlig)"),
        (2, "Eskalering: allvarlighetsgrad högst 3 (allvarlig) mot högst 2 förra veckan"),
        (4, "Allvarlighetsgrad högst 3 (allvarlig), lägre än förra veckan (4)"),
        (3, "Allvarlighetsgrad högst 3 (allvarlig), samma som förra veckan"),
    ],
)
def test_escalation_is_said_only_when_the_severity_rose(previous, expected):
    from est_cli.render.sentences import severity_trend
    from est_cli.weekview import EventRow

    def event(n: int, severity: int) -> EventRow:
        return EventRow(
            "Vivalla", "brand", "Brand", 1, "Torget", None, "", severity, "", "", "Polis", "X", "f", "A1", n, n
        )

    assert severity_trend([event(1, 3), event(2, 1)], previous).startswith(expected)


def test_problem_picture_per_problem_that_stands_out(demo):
    """Figure 10.3: each standing-out category its own block with its own places and times – not one
    block per area mixing them all."""
    intern = demo["intern"].context["omraden"]
    vivalla = {b["namn"]: b for b in intern[0]["problembilder"]}
    assert list(vivalla) == ["Incident mot anställd", "Annat otrygghetsskapande/ordningsstörande", "Brand"]
    assert vivalla["Incident mot anställd"]["varfor"] == "Sticker ut: varningssignal; allvarlighetsgrad 3."
    fire = vivalla["Brand"]
    assert fire["vad"] == "Brand: 3 händelser (4 rapporter)."  # the Lertagsgatan fire reported twice
    assert fire["var"] == "Lertagsgatan (2) och Vivallaskolan (1)."  # only the fires' places
    assert fire["nar"] == "måndag 16/11: 1, tisdag 17/11: 1, onsdag 18/11: 1 · kväll (18–24): 2, natt (00–06): 1."
    assert vivalla["Incident mot anställd"]["rapporterade_atgarder"] == [
        "Anmälan upprättad, ökad närvaro kvällstid (Vivalla centrum)"
    ]
    baron = {b["namn"]: b for b in intern[1]["problembilder"]}
    assert baron["Skadegörelse"]["varfor"] == "Sticker ut: återkommande plats: Baronbackarna torg (5 händelser)."
    # The extern version names no place finer than the area, not even as a reason.
    extern = {b["namn"]: b for b in demo["extern"].context["omraden"][1]["problembilder"]}
    assert extern["Skadegörelse"]["varfor"] == "Sticker ut: flera händelser på samma plats."
    assert extern["Skadegörelse"]["var"] == "Baronbackarna (hela området)."
    assert extern["Skadegörelse"]["rapporterade_atgarder"] == []
    paras = paragraphs(demo["intern"].path)
    texts = [t for _, t in paras]
    start = texts.index("Problembild: Brand")
    assert texts[start + 1 : start + 5] == [
        "Sticker ut: varningssignal.",
        "Vad: Brand: 3 händelser (4 rapporter).",
        "Var: Lertagsgatan (2) och Vivallaskolan (1).",
        "Hur: [Skriv hur: tillvägagångssätt, hot spots och hot times.]",
    ]


def test_one_spelling_per_organisation(demo):
    """Reporters write 'Örebro kommun', 'kommun' and 'Kommun'; est.toml says 'Kommun': the document
    says 'Kommun' throughout."""
    text = all_text(demo["intern"].path)
    assert "Områdessamordnare, Kommun (Baronbackarna torg)" in text
    assert "Fritidsgården Baronbackarna, Kommun (Baronbackarna torg)" in text
    assert "Örebro kommun" not in text and not re.search(r", kommun(?!=)", text)  # (not the keywords' "kommun=")
    assert {e.organisation for e in demo["view"].events} <= {"Kommun", "Polis", "ÖBO", "Nerikes Brandkår"}


def test_organisations_of_one_kind_are_never_merged_when_est_toml_names_both():
    from types import SimpleNamespace

    from est_cli.weekview.build import organisation_names
    from est_cli.workspace import Expected

    ws = SimpleNamespace(
        expected=[
            Expected("A", "ÖBO", "Husvärd"),
            Expected("A", "Stena Fastigheter", "Förvaltare"),
            Expected("A", "Polis", "Områdespolis"),
        ]
    )
    name = organisation_names(ws, [{"organisation": "stena fastigheter"}, {"organisation": "Hyresgästföreningen"}])
    assert name("stena  fastigheter") == "Stena Fastigheter"  # est.toml's spelling
    assert name("Polisen") == "Polis"  # the only police in est.toml
    assert name("Örebrobostäder") == "Örebrobostäder"  # two housing companies: not guessed
    assert name("Hyresgästföreningen") == "Hyresgästföreningen"
