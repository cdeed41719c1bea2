"""`est render --quarter/--tertial/--year`: the kvartals-/tertial-/årsanalys draft read back from the .docx."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from est_cli.insatser import add_insats, follow_ups
from est_cli.periods import parse_quarter
from est_cli.render.period import GRADE_SUGGESTION, PERIOD_TEMPLATE, output_path, render_period, suggest_grade
from est_cli.schema import load_schema
from est_cli.trend import compute_trend

from helpers import ROOT, run_est, soffice
from quarter_archive import build_archive

est = partial(run_est, columns=200)

Q3 = "2026-Q3"
HEADINGS_1 = ["1 Uppföljning av insatser", "2 Prioriterade områden kommande period", "3 Problembilder", "4 Siffror"]


@pytest.fixture(scope="module")
def q3(tmp_path_factory):
    """test_trend's archive (Vivalla, Baronbackarna; 2025-Q3, 2026-Q2, 2026-Q3) with one insats, rendered."""
    root = tmp_path_factory.mktemp("period")
    ws, archive = build_archive(root)
    schema = load_schema("orebro")
    add_insats(
        archive,
        schema=schema,
        workspace_areas=ws.areas,
        area="Vivalla",
        item="Skadegörelse",
        theme=None,
        from_week="2026-W33",
        to_week=None,
        ansvarig="Kommunpolis",
        beskrivning="Extra kvällspatrull vid torget",
        today=date(2026, 8, 20),
    )
    period = parse_quarter(Q3)
    out = output_path(ws.drafts, period)
    rendered = render_period(archive, ws, schema, period, out, today=date(2026, 10, 5))
    with archive.read() as conn:
        trend = compute_trend(conn, period=period, schema=schema, kommun=ws.kommun, workspace_areas=ws.areas)
        follow = follow_ups(conn, schema=schema, first="2026-W27", last="2026-W39")
    yield {"ws": ws, "archive": archive, "out": out, "rendered": rendered, "trend": trend, "follow": follow}
    archive.close()


def paragraphs(path: Path) -> list[tuple[str, str]]:
    from docx import Document

    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def tables(path: Path) -> list[list[list[str]]]:
    from docx import Document

    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def test_output_path_and_title(q3):
    assert q3["out"] == q3["ws"].drafts / "2026-Q3" / "kvartalsanalys-2026-Q3.docx"
    assert q3["out"].is_file()
    paras = paragraphs(q3["out"])
    assert paras[0] == ("Title", "Kvartalsanalys 2026-Q3 (v.27–39) – Örebro")
    assert paras[1][1] == "Utkast – sammanställd 5 oktober 2026"


def test_headings_in_order_as_word_heading_styles(q3):
    paras = paragraphs(q3["out"])
    assert [t for s, t in paras if s == "Heading 1"] == HEADINGS_1
    h2 = [t for s, t in paras if s == "Heading 2"]
    assert h2 == [
        "Vivalla – Skadegörelse",
        "2.1 Vivalla",
        "2.2 Baronbackarna",
        "3.1 Vivalla",
        "3.2 Baronbackarna",
        "4.1 Vivalla",
        "4.2 Baronbackarna",
        "Diagram",
        "Inrapportering under perioden",  # no level fastställd, and no holiday in July–September
    ]
    assert not any("{{" in t or "{%" in t for _, t in paras)


def test_totals_equal_compute_trend(q3):
    trend = q3["trend"]
    summary = next(t for t in tables(q3["out"]) if t[0][:2] == ["Område", "Förslag till betyg"])
    assert summary[0][2:5] == ["2026-Q3", "2026-Q2", "2025-Q3"]
    figures = [t for t in tables(q3["out"]) if t[0][0] == "Kategori"]
    assert len(figures) == len(trend.areas) == 2
    for area, row, table in zip(trend.areas, summary[1:], figures):
        rows = [r for r in trend.rows if r.area_key == area.key]

        def total(attr, rows=rows):
            known = [getattr(r, attr) for r in rows if getattr(r, attr) is not None]
            return str(sum(known)) if known else "–"

        assert row[0] == area.name
        assert row[2:5] == [total("total"), total("previous_total"), total("same_period_last_year")]
        assert table[-1][:4] == ["Summa", total("total"), total("previous_total"), total("same_period_last_year")]
        by_label = {r.label: r for r in rows}
        for line in table[1:-1]:
            r = by_label[line[0].replace("\u200b", "")]
            assert line[1:4] == [
                str(v) if v is not None else "–" for v in (r.total, r.previous_total, r.same_period_last_year)
            ]
    # Baronbackarna sent nothing in 2026-Q2 or 2025-Q3: missing, never 0.
    assert summary[2][3:5] == ["–", "–"]
    vivalla = {line[0]: line for line in figures[0]}
    assert vivalla["Skadegörelse"][1:4] == ["25", "13", "26"]


def test_grade_is_a_marked_suggestion(q3):
    context = q3["rendered"].context
    for area in context["omraden"]:
        assert area["betyg"] in {"1", "2", "3", "4"}
        assert "Förslag:" in area["betyg_underlag"]
    text = "\n".join(t for _, t in paragraphs(q3["out"]))
    cells = "\n".join(c for t in tables(q3["out"]) for row in t for c in row)
    assert GRADE_SUGGESTION in text and GRADE_SUGGESTION in cells
    assert "Förslag till betyg" in cells


def test_grade_rule():
    assert suggest_grade(None, 0, []).grade is None
    assert suggest_grade(13, 13, [(13, 13), (13, 13)]).grade == 1  # level 1, no change
    assert suggest_grade(26, 13, [(13, 13)]).grade == 3  # twice as many per week
    assert suggest_grade(20, 10, [(15, 10)]).grade == 1  # +0.5 a week is normal variation
    assert suggest_grade(30 * 13, 13, []).grade == 3  # 30 a week, no comparison: the level only
    assert suggest_grade(24, 12, [(13, 13), (None, 0)]).grade == 3  # per reported week: 2 against 1, ratio 2 → 3


def test_problem_pictures(q3):
    vivalla = q3["rendered"].context["omraden"][0]
    assert any(line.startswith("Skadegörelse: 25 mot 13") for line in vivalla["okande"])
    text = "\n".join(t for _, t in paragraphs(q3["out"]))
    assert "Nya/ökande" in text


def test_insats_listed_with_before_and_after(q3):
    (f,) = q3["follow"]
    text = "\n".join(t for _, t in paragraphs(q3["out"]))
    assert "Extra kvällspatrull vid torget" in text
    assert f"Före start: {f.before.total} ({f.before.span_text()}" in text
    assert f"Efter start: {f.after.total} ({f.after.span_text()}" in text
    assert "inte ett bevis" in text
    assert "Fortsätter: [Ja/Nej – och varför]" in text


def test_chart_embedded_and_placeholders_highlighted(q3):
    with zipfile.ZipFile(q3["out"]) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert media and z.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
        xml = z.read("word/document.xml").decode()
    assert "EST Platshållare" in xml or "ESTPlatsh" in xml


def test_template_builds_and_weekly_template_is_untouched(tmp_path):
    import runpy

    script = runpy.run_path(str(ROOT / "templates" / "make_templates.py"))
    built = script["build_period"](tmp_path / "k.docx")
    assert paragraphs(built) == paragraphs(PERIOD_TEMPLATE), "run: python templates/make_templates.py"


def test_cli_quarter_tertial_year_and_force(q3):
    ws = q3["ws"].root
    out = ws / "utkast" / Q3 / "kvartalsanalys-2026-Q3.docx"
    again = est("render", "--quarter", Q3, cwd=ws)
    assert again.returncode == 2 and "finns redan" in again.stderr and "--force" in again.stderr
    out.write_bytes(b"redigerad")
    forced = est("render", "--quarter", Q3, "--force", cwd=ws)
    assert forced.returncode == 0, forced.stderr
    assert "Kvartalsanalysen är klar" in forced.stderr and "förslag till betyg" in forced.stderr
    assert out.read_bytes()[:2] == b"PK"
    tertial = est("render", "--tertial", "2026-T3", "--workspace", str(ws))
    assert tertial.returncode == 0, tertial.stderr
    assert (ws / "utkast" / "2026-T3" / "tertialanalys-2026-T3.docx").is_file()
    year = est("render", "--year", "2026", cwd=ws)
    assert year.returncode == 0, year.stderr
    assert (ws / "utkast" / "2026" / "arsanalys-2026.docx").is_file()
    assert paragraphs(ws / "utkast" / "2026" / "arsanalys-2026.docx")[0][1].startswith(
        "Årsanalys 2026 (v.1–53) – Örebro"
    )
    empty = est("render", "--quarter", "2024-Q1", cwd=ws)
    assert empty.returncode == 2 and "inga rapporter" in empty.stderr and "Traceback" not in empty.stderr
    bad = est("render", "--quarter", "2026-Q5", cwd=ws)
    assert bad.returncode == 2 and "2026-Q3" in bad.stderr
    both = est("render", "--quarter", Q3, "--tertial", "2026-T2", cwd=ws)
    assert both.returncode == 2 and "bara en period" in both.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) saknas")
def test_libreoffice_converts_to_pdf(q3, tmp_path):
    pdf = soffice(q3["out"], "pdf", tmp_path, tmp_path / "lo-profile")
    assert pdf.name == "kvartalsanalys-2026-Q3.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_periods_with_different_reported_weeks_compare_per_week(q3):
    """Vivalla reported in 11 of 2026-Q3's weeks and in all 13 of the comparison periods: the changes
    are of the means per week with reports, and say so – not '+12 (+92 %)' of the sums."""
    summary = next(t for t in tables(q3["out"]) if t[0][:2] == ["Område", "Förslag till betyg"])
    vivalla_area = q3["rendered"].context["omraden"][0]
    assert vivalla_area["forandring"].endswith(" per vecka (+191 %)")  # 32 / 11 = 2,9 against 13 / 13 = 1
    assert summary[1][5] == vivalla_area["forandring"]
    vivalla = {line[0]: line for line in next(t for t in tables(q3["out"]) if t[0][0] == "Kategori")}
    assert vivalla["Skadegörelse"][4] == "+1,3 per vecka (+127 %)"
    assert vivalla["Brand"][4] == "ny (+0,2 per vecka)"


def test_grade_rule_signals_first_and_volume_never_alone_4():
    from est_cli.levelrule import LevelRule

    quiet = [(13, 13), (13, 13)]  # as many as before: the volume says 1
    one_shooting = suggest_grade(13, 13, quiet, signals=[("Skottlossning", 3, 1), ("Brand", 1, 0)])
    assert one_shooting.grade == 2  # a signal in the period is no "normalläge"
    assert one_shooting.reason.startswith(
        "Varningssignaler: skottlossning 1 – 3 signalpoäng, i snitt 0,2 per vecka med rapport: minst 2. "
    )
    every_week = [("Hot mot anställd", 2, 40), ("Brand", 1, 10)]  # 90 points, about 6,9 a week
    assert suggest_grade(13, 13, quiet, signals=every_week).grade == 3  # at least orange's 6 a week
    assert suggest_grade(13, 13, quiet, signals=every_week, rule=LevelRule(signal_orange=8)).grade == 2
    assert suggest_grade(13, 13, quiet, signals=[("Skottlossning", 3, 70)]).grade == 4  # 210 points: röd's 15
    fires = suggest_grade(13, 13, quiet, signals=[("Brand", 1, 7)])  # weight 1: 7 points, 0,5 a week
    assert fires.grade == 1
    assert fires.reason.startswith(
        "Varningssignaler: brand 7 – i snitt 0,5 signalpoäng per vecka med rapport, under gränsen 3. "
    )
    fivefold = suggest_grade(60 * 13, 13, [(13 * 13, 13)])  # 60 a week, five times as many: volume says 4 …
    assert fivefold.grade == 3 and "Antalet ensamt ger högst 3." in fivefold.reason  # … but never alone


def test_an_area_whose_reports_per_week_changed_says_the_comparison_limps(q3):
    """Vivalla sent 17 reports in its 11 weeks with reports (ÖBO joined for four weeks, the Malmö
    checklist once) against one a week before: the analysis says so beside the numbers."""
    vivalla, baronbackarna = q3["rendered"].context["omraden"][:2]
    assert vivalla["saknade_veckor"] == (
        "Veckor utan någon rapport från området (räknas inte, är inte 0): v.31–32. Inte helt jämförbart: "
        "området skickade 1,5 rapporter per vecka med rapport mot 1 föregående period och 1 samma period i "
        "fjol – fler eller färre rapportörer ändrar antalen utan att läget har ändrats."
    )
    assert "jämförbart" not in baronbackarna["saknade_veckor"]  # nothing to compare with: nothing to say
