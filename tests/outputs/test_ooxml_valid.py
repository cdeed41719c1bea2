"""Every .docx and .xlsx est writes is valid Office Open XML (the ISO/IEC 29500 Transitional schemas,
checked by tests/ooxml.py): Word refuses or "repairs" files that LibreOffice opens without a word."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from est_cli.demo import DEMO_QUARTER, DEMO_WEEK, make_demo_workspace, run_demo
from est_cli.schema import load_schema
from est_cli.store import Archive
from est_cli.weeks import IsoWeek

import ooxml

pytestmark = pytest.mark.slow

SCHEMAS = ["orebro", "boras", "malmo"]
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture(scope="session")
def schemas():
    """The compiled schema set, once per session (skips without the schemas, fails in CI)."""
    return ooxml.schemas()


def assert_valid(path: Path) -> None:
    problems = ooxml.check_package(path)
    assert problems == [], ooxml.describe(path, problems)


def est(*args: str) -> None:
    """Run an est command in-process, as a coordinator would type it."""
    from typer.testing import CliRunner

    from est_cli.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args], env={"EST_DB_URL": None, "COLUMNS": "200"})
    assert result.exit_code == 0, f"est {' '.join(map(str, args))}: {result.output}{result.exception or ''}"


# ------------------------------------------------------------------ the outputs, each made once


@pytest.fixture(scope="module")
def week(tmp_path_factory, schemas):
    """`est demo` (the example week merged, the week's workbook, the veckolägesbild intern and extern),
    then an insats, the kvartalsanalys and the trend workbooks with and without --insatser."""
    from est_cli.insatser import add_insats
    from est_cli.periods import parse_quarter
    from est_cli.render.period import output_path, render_period

    root = tmp_path_factory.mktemp("ooxml-week")
    ws, files = make_demo_workspace(root / "ws")
    ran = run_demo(ws, files)
    schema = load_schema("orebro")
    archive = Archive.open(ws.archive_url())
    try:
        add_insats(
            archive,
            schema=schema,
            workspace_areas=ws.areas,
            area="Vivalla",
            item=None,
            theme="skadegorelse",
            from_week="2026-W45",
            to_week=None,
            ansvarig="ÖBO",
            beskrivning="Extra belysning vid torget",
            today=date(2026, 11, 2),
        )
        period = parse_quarter(DEMO_QUARTER)
        quarter = render_period(archive, ws, schema, period, output_path(ws.drafts, period), today=date(2027, 1, 8))
    finally:
        archive.close()
    trend, with_insatser, only_insatser = root / "trend.xlsx", root / "trend-insatser.xlsx", root / "insatser.xlsx"
    est("trend", "--quarter", DEMO_QUARTER, "--format", "xlsx", "--output", trend, "--workspace", ws.root)
    est(
        "trend",
        "--quarter",
        DEMO_QUARTER,
        "--insatser",
        "--format",
        "xlsx",
        "--output",
        with_insatser,
        "--workspace",
        ws.root,
    )
    est("trend", "--insatser", "--format", "xlsx", "--output", only_insatser, "--workspace", ws.root)
    intern, extern = ran.documents
    outputs = {
        "week workbook": ran.merge.workbooks[DEMO_WEEK],
        "veckolägesbild intern": intern,
        "veckolägesbild extern": extern,
        "kvartalsanalys": quarter.path,
        "trend xlsx": trend,
        "trend xlsx --insatser": with_insatser,
        "trend xlsx, only --insatser": only_insatser,
    }
    return {"outputs": outputs, "examples": ran.files, "root": root}


@pytest.fixture(scope="module")
def compilation(tmp_path_factory, schemas) -> Path:
    """`est merge --organisation ÖBO` on the example week: ÖBO's own compilation."""
    from est_cli.merge import merge_paths

    ws, _ = make_demo_workspace(tmp_path_factory.mktemp("ooxml-obo") / "ws")
    archive = Archive.open(ws.archive_url())
    try:
        result = merge_paths(
            [ws.inbox],
            ws,
            load_schema("orebro"),
            archive,
            week=IsoWeek.parse(DEMO_WEEK),
            organisation="ÖBO",
            write=True,
        )
    finally:
        archive.close()
    return result.workbooks[f"{DEMO_WEEK} ÖBO"]


# ------------------------------------------------------------------ every kind of file
# (`est arkiv export` writes a zip of JSON, not Office Open XML: nothing to check there.)


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
@pytest.mark.parametrize("schema_id", SCHEMAS)
def test_blank_checklist(schemas, tmp_path, schema_id, suffix):
    from est_cli.templating.checklist_docx import write_docx_template
    from est_cli.templating.checklist_xlsx import write_xlsx_template

    path = tmp_path / f"checklista-{schema_id}.{suffix}"
    (write_xlsx_template if suffix == "xlsx" else write_docx_template)(load_schema(schema_id), path)
    assert_valid(path)


@pytest.mark.parametrize(
    "kind",
    [
        "week workbook",
        "veckolägesbild intern",
        "veckolägesbild extern",
        "kvartalsanalys",
        "trend xlsx",
        "trend xlsx --insatser",
        "trend xlsx, only --insatser",
    ],
)
def test_week_outputs(week, kind):
    assert_valid(week["outputs"][kind])


def test_organisation_compilation(compilation):
    assert_valid(compilation)


def test_example_files_in_the_inbox(week):
    """The example files est demo writes into inkorg/, and the checklist attached to the e-mail."""
    files = [f for f in week["examples"] if f.suffix in (".xlsx", ".docx")]
    for mail in (f for f in week["examples"] if f.suffix == ".eml"):
        message = BytesParser(policy=policy.default).parsebytes(mail.read_bytes())
        for attachment in message.iter_attachments():
            name = attachment.get_filename() or ""
            if name.endswith((".xlsx", ".docx")):
                files.append(week["root"] / name)
                files[-1].write_bytes(attachment.get_payload(decode=True))
    assert {f.suffix for f in files} == {".xlsx", ".docx"} and len(files) >= 8
    problems = {f.name: ooxml.check_package(f) for f in files}
    assert all(not p for p in problems.values()), "\n".join(
        ooxml.describe(Path(n), p) for n, p in problems.items() if p
    )


# ------------------------------------------------------------------ the checker finds what it should


@pytest.fixture(scope="module")
def blank_docx(tmp_path_factory) -> Path:
    """python-docx's default document, as it saves it."""
    from docx import Document

    path = tmp_path_factory.mktemp("ooxml-blank") / "blank.docx"
    Document().save(str(path))
    return path


def rewritten(source: Path, target: Path, part: str, edit) -> Path:
    """A copy of the package `source` at `target` with `part` replaced by edit(its text)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            new.writestr(info.filename, data)
    target.write_bytes(buffer.getvalue())
    return target


def found(path: Path) -> list[tuple[str, str]]:
    return [(p.part, p.message) for p in ooxml.check_package(path)]


def test_python_docx_default_zoom_is_found_and_fixed(schemas, blank_docx, tmp_path):
    from docx import Document

    from est_cli.outputs.docx import make_settings_valid

    assert [(part, message.split(" (at")[0]) for part, message in found(blank_docx)] == [
        ("word/settings.xml", "Element 'w:zoom': The attribute 'w:percent' is required but missing.")
    ]
    doc = Document(str(blank_docx))
    make_settings_valid(doc)
    doc.save(str(tmp_path / "fixed.docx"))
    assert found(tmp_path / "fixed.docx") == []


def test_checker_reports_order_attributes_and_package_errors(schemas, tmp_path):
    from docx import Document

    from est_cli.outputs.docx import make_settings_valid

    doc = Document()
    doc.add_paragraph("Klotter")
    make_settings_valid(doc)
    doc.save(str(tmp_path / "ok.docx"))
    assert found(tmp_path / "ok.docx") == []

    swapped = rewritten(
        tmp_path / "ok.docx",
        tmp_path / "rpr.docx",
        "word/document.xml",
        lambda xml: xml.replace("<w:r>", '<w:r><w:rPr><w:sz w:val="20"/><w:b/></w:rPr>', 1),
    )
    assert [m.split(";")[0] for _, m in found(swapped)] == ["office-order: in w:rPr, w:b comes after w:sz"]

    unknown = rewritten(
        tmp_path / "ok.docx",
        tmp_path / "ns.docx",
        "word/document.xml",
        lambda xml: xml.replace("<w:r>", f"<w:r><w:bogus {W_NS}/>", 1),
    )
    assert [part for part, _ in found(unknown)] == ["word/document.xml"]

    def drop_target(xml: str) -> str:
        return xml.replace('Target="styles.xml"', 'Target="gone.xml"')

    dangling = rewritten(tmp_path / "ok.docx", tmp_path / "rel.docx", "word/_rels/document.xml.rels", drop_target)
    assert any("gone.xml, which is not in the package" in m for _, m in found(dangling))


def test_checker_applies_markup_compatibility(schemas, tmp_path):
    """Ignorable extension elements and attributes are dropped, mc:AlternateContent becomes its
    mc:Fallback; an extension namespace that is not declared ignorable is a problem."""
    from docx import Document

    from est_cli.outputs.docx import make_settings_valid

    doc = Document()
    doc.add_paragraph("Klotter")
    make_settings_valid(doc)
    doc.save(str(tmp_path / "ok.docx"))
    x = 'xmlns:x="urn:example:extension"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'

    def extended(ignorable: bool):
        def edit(xml: str) -> str:
            marker = f' {mc} {x} mc:Ignorable="x"' if ignorable else f" {mc} {x}"
            xml = xml.replace("<w:body>", f"<w:body{marker}>", 1)
            return xml.replace("<w:r>", '<w:r x:extra="1"><x:glow/>', 1)

        return edit

    assert found(rewritten(tmp_path / "ok.docx", tmp_path / "ign.docx", "word/document.xml", extended(True))) == []
    assert len(found(rewritten(tmp_path / "ok.docx", tmp_path / "not.docx", "word/document.xml", extended(False)))) == 2

    def alternate(fallback: str):
        def edit(xml: str) -> str:
            return xml.replace(
                "<w:r>",
                f'<mc:AlternateContent {mc} {x}><mc:Choice Requires="x"><x:new/></mc:Choice>'
                f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent><w:r>",
                1,
            )

        return edit

    good = rewritten(
        tmp_path / "ok.docx", tmp_path / "alt.docx", "word/document.xml", alternate("<w:r><w:t>☐</w:t></w:r>")
    )
    bad = rewritten(tmp_path / "ok.docx", tmp_path / "alt-bad.docx", "word/document.xml", alternate("<w:t>☐</w:t>"))
    assert found(good) == [] and len(found(bad)) == 1


def test_spreadsheet_text_may_preserve_spaces(schemas, tmp_path):
    """The documented gap in the 2008 sml.xsd: xml:space on a cell text is accepted, a wrong element
    order in a worksheet is not."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "  Vivalla  "
    wb.active.column_dimensions["A"].width = 20
    wb.save(tmp_path / "ok.xlsx")

    def inline(xml: str) -> str:
        return xml.replace('t="s"><v>0</v>', 't="inlineStr"><is><t xml:space="preserve">  Vivalla  </t></is>', 1)

    assert found(rewritten(tmp_path / "ok.xlsx", tmp_path / "space.xlsx", "xl/worksheets/sheet1.xml", inline)) == []

    def cols_last(xml: str) -> str:
        start, end = xml.index("<cols>"), xml.index("</cols>") + len("</cols>")
        cols = xml[start:end]
        xml = xml[:start] + xml[end:]
        return xml.replace("</sheetData>", "</sheetData>" + cols, 1)

    problems = found(rewritten(tmp_path / "ok.xlsx", tmp_path / "order.xlsx", "xl/worksheets/sheet1.xml", cols_last))
    assert [part for part, _ in problems] == ["xl/worksheets/sheet1.xml"]
