"""The insatser register, its before/after follow-up (windows, clipping, missing weeks), the
archive migration that adds it, and `est insats …` / `est trend --insatser` on the command line."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import inspect, select

from est_cli import store
from est_cli.insatser import (
    NOT_PROOF,
    InsatsError,
    active_insatser,
    add_insats,
    end_insats,
    follow_up,
    follow_ups,
    list_insatser,
    resolve_theme,
)
from est_cli.schema import load_schema
from est_cli.store import Archive
from est_cli.store import tables as t

from helpers import run_est as est
from quarter_archive import build_archive

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def archive_with_insatser(tmp_path_factory, module_db):
    ws, archive = build_archive(tmp_path_factory.mktemp("insatser"), module_db)
    orebro = load_schema("orebro")

    def add(**kw):
        return add_insats(archive, schema=orebro, workspace_areas=ws.areas, today=TODAY, **kw)

    rows = {
        "vivalla": add(
            area="vivalla",
            item=None,
            theme="skadegörelse",
            from_week="2026-W33",
            to_week=None,
            ansvarig="ÖBO",
            beskrivning="Extra belysning och klottersanering",
        ),
        "baron": add(
            area="Baronbackarna",
            item="Skadegörelse",
            theme=None,
            from_week="2026-W29",
            to_week="2026-W35",
            ansvarig="Polisen",
            beskrivning="Ökad närvaro kvällstid",
        ),
        "future": add(
            area="Vivalla",
            item=None,
            theme="brand",
            from_week="2026-W41",
            to_week=None,
            ansvarig="Räddningstjänsten",
            beskrivning="Brandvandring",
        ),
        "item": add(
            area="Vivalla",
            item="skadegorelse",
            theme=None,
            from_week="2026-W27",
            to_week=None,
            ansvarig="Kommunen",
            beskrivning="Klotterjour",
        ),
    }
    yield ws, archive, rows
    archive.close()


def test_register_stores_and_lists(archive_with_insatser):
    _ws, archive, rows = archive_with_insatser
    assert rows["vivalla"]["area"] == "Vivalla" and rows["vivalla"]["key_kind"] == "theme"
    assert rows["vivalla"]["key"] == "skadegorelse" and rows["vivalla"]["to_week"] is None
    assert (rows["baron"]["key_kind"], rows["baron"]["key"]) == ("item", "skadegorelse")  # label → item id
    with archive.read() as conn:
        listed = list_insatser(conn, load_schema("orebro"))
    assert [r["from_week"] for r in listed] == ["2026-W27", "2026-W29", "2026-W33", "2026-W41"]
    assert {r["label"] for r in listed} >= {"Skadegörelse (tema)", "Skadegörelse", "Brand (tema)"}


def test_active_insatser_for_render(archive_with_insatser):
    _, archive, _rows = archive_with_insatser
    with archive.read() as conn:
        w35 = active_insatser(conn, "2026-W35")
        w36 = active_insatser(conn, "2026-W36")
        w30 = active_insatser(conn, "2026-W30")
        w41 = active_insatser(conn, "2026-W41")
    assert {r["beskrivning"] for r in w35} == {
        "Extra belysning och klottersanering",
        "Ökad närvaro kvällstid",
        "Klotterjour",
    }
    assert {r["beskrivning"] for r in w36} == {"Extra belysning och klottersanering", "Klotterjour"}  # baron ended W35
    assert {r["beskrivning"] for r in w30} == {"Ökad närvaro kvällstid", "Klotterjour"}
    assert {r["beskrivning"] for r in w41} == {"Extra belysning och klottersanering", "Klotterjour", "Brandvandring"}
    first = w35[0]
    for key in ("area", "beskrivning", "ansvarig", "from_week", "key"):
        assert key in first


def test_follow_up_windows_are_equal_and_clipped_to_the_data(archive_with_insatser):
    _, archive, rows = archive_with_insatser
    with archive.read() as conn:
        viv = follow_up(conn, rows["vivalla"], 8)
        baron = follow_up(conn, rows["baron"], 8)
        future = follow_up(conn, rows["future"], 8)
        short = follow_up(conn, rows["vivalla"], 3)
    # Vivalla's last report is 2026-W39: after W33 … W39 = 7 weeks, so both windows are 7 weeks.
    assert viv.window == 7 and viv.requested == 8
    assert (viv.before.weeks[0], viv.before.weeks[-1]) == ("2026-W26", "2026-W32")
    assert (viv.after.weeks[0], viv.after.weeks[-1]) == ("2026-W33", "2026-W39")
    # Theme skadegörelse, by hand: before W26 1, W27–W30 (polis 2+0+1+3, husvärd 4) = 10, W31–W32 missing → 11
    # in 5 reported weeks; after W33–W39 polis 4+1+0+2+5+1+2 = 15 plus Malmö's 3+2 in W36 = 20 in 7 weeks.
    assert (viv.before.total, viv.before.reported, viv.after.total, viv.after.reported) == (11, 5, 20, 7)
    assert viv.before.counts["2026-W31"] is None and viv.before.counts["2026-W26"] == 1
    assert viv.per_week  # uneven missing weeks: compared per reported week, 2.2 → 2.9
    assert viv.change.count == pytest.approx(0.7) and viv.change.percent == pytest.approx(31.8)
    assert "utan rapport" in viv.remark and "kortat till 7 veckor" in viv.remark
    # Baronbackarna reported W27–W29 only: one week on each side of W29.
    assert baron.window == 1 and baron.before.weeks == ["2026-W28"] and baron.after.weeks == ["2026-W29"]
    assert (baron.before.total, baron.after.total, baron.change.count, baron.change.text()) == (1, 1, 0, "±0")
    # Nothing reported since the start yet.
    assert future.window == 0 and future.change.count is None and "ännu" in future.remark
    # A window smaller than the data is not clipped.
    assert short.window == 3 and short.before.weeks == ["2026-W30", "2026-W31", "2026-W32"]
    # before W30 (3 + 1), W31–W32 missing; after W33–W35 4 + 1 + 0: 1 against 3 reported weeks.
    assert (short.before.total, short.after.total) == (4, 5) and short.per_week


def test_follow_up_totals_when_both_windows_complete(archive_with_insatser):
    _, archive, rows = archive_with_insatser
    with archive.read() as conn:
        item = follow_up(conn, rows["item"], 4)
    # Item skadegörelse (Örebro only) around W27: before W23–W26 = 4 × 1; after W27–W30 = polis 2+0+1+3 + husvärd 4.
    assert (item.before.total, item.after.total) == (4, 10) and not item.per_week
    # A base of 4 events is too small for a percentage ("+150 %"): the change is said in numbers.
    assert item.change.count == 6 and item.change.percent is None and item.change.text() == "+6 (från 4)"
    doc = item.as_dict()
    assert doc["before"]["from"] == "2026-W23" and doc["after"]["total"] == 10 and doc["change_basis"] == "total"


def test_follow_ups_for_a_period_and_area(archive_with_insatser):
    _, archive, _ = archive_with_insatser
    with archive.read() as conn:
        in_q4 = follow_ups(conn, first="2026-W40", last="2026-W53")
        baron = follow_ups(conn, area_keys=["baronbackarna"])
    assert {f.insats["beskrivning"] for f in in_q4} == {
        "Extra belysning och klottersanering",
        "Brandvandring",
        "Klotterjour",
    }
    assert [f.insats["area"] for f in baron] == ["Baronbackarna"]


def test_validation_errors_are_swedish(archive_with_insatser):
    ws, archive, rows = archive_with_insatser
    orebro = load_schema("orebro")
    base = {
        "schema": orebro,
        "workspace_areas": ws.areas,
        "area": "Vivalla",
        "item": None,
        "theme": "brand",
        "from_week": "2026-W40",
        "to_week": None,
        "ansvarig": "X",
        "beskrivning": "y",
        "today": TODAY,
    }
    cases = [
        ({"theme": "färg"}, "Temat 'färg' finns inte"),
        ({"item": "brand"}, "antingen --item"),
        ({"theme": None}, "antingen --item"),
        ({"area": "Brickebacken"}, "Området 'Brickebacken' finns varken"),
        ({"from_week": "2026-W54"}, "Startveckan '2026-W54' kunde inte tolkas"),
        ({"to_week": "2026-W30"}, "Slutveckan 2026-W30 ligger före startveckan 2026-W40"),
        ({"theme": None, "item": "mopeder"}, "Punkten 'mopeder' finns inte i checklistan orebro"),
        ({"ansvarig": " "}, "ansvarig"),
    ]
    for change, message in cases:
        with pytest.raises(InsatsError, match=message):
            add_insats(archive, **(base | change))
    with pytest.raises(InsatsError, match="ingen insats nr 99"):
        end_insats(archive, 99, "2026-W45", TODAY)
    with pytest.raises(InsatsError, match="före insatsens startvecka"):
        end_insats(archive, rows["vivalla"]["id"], "2026-W30", TODAY)


def test_themes_by_swedish_name():
    assert resolve_theme("Skadegörelse") == "skadegorelse"
    assert resolve_theme("våld") == "vald_hot"
    assert resolve_theme("Otillåten påverkan") == "otillaten_paverkan"
    assert resolve_theme("narkotika") == "narkotika"
    assert resolve_theme("samlingsplatser") == "samlingsplatser"


def test_end_insats(tmp_path, db):
    ws, archive = build_archive(tmp_path, db)
    row = add_insats(
        archive,
        schema=load_schema("orebro"),
        workspace_areas=ws.areas,
        area="Vivalla",
        item=None,
        theme="brand",
        from_week="2026-W30",
        to_week=None,
        ansvarig="Räddningstjänsten",
        beskrivning="Brandvandring 19811218-9876",
        today=TODAY,
    )
    assert "19811218-9876" not in row["beskrivning"]  # no personnummer is ever stored
    updated, before = end_insats(archive, row["id"], "2026-W38", TODAY)
    assert updated["to_week"] == "2026-W38" and before is None
    with archive.read() as conn:
        assert not active_insatser(conn, "2026-W39") and active_insatser(conn, "2026-W38")
    archive.close()


# ------------------------------------------------------------------------ migration


def test_migration_from_version_1_adds_the_register(tmp_path, db):
    """An archive made by est with schema version 1 (no insatser table, no area index) is brought to the
    current version (2: the register, 3: the area index, 4: texts without length limits), data kept."""
    from datetime import datetime

    from est_cli.store.engine import open_engine, writer

    url = db or f"sqlite:///{tmp_path / 'old.db'}"
    engine = open_engine(url)
    v1_tables = [table for name, table in t.metadata.tables.items() if name != "insatser"]
    with writer(engine).begin() as conn:
        t.metadata.create_all(conn, tables=v1_tables)
        t.ix_reports_area_week.drop(conn)
        conn.execute(t.schema_version.insert().values(version=1))
        conn.execute(t.merges.insert().values(started_at=datetime(2026, 11, 18), week="2026-W47"))
    with engine.connect() as conn:
        assert not inspect(conn).has_table("insatser")
    engine.dispose()

    archive = Archive.open(url)
    with archive.read() as conn:
        assert conn.execute(select(t.schema_version.c.version)).scalar_one() == t.SCHEMA_VERSION
        assert inspect(conn).has_table("insatser")
        assert "ix_reports_area_week" in {ix["name"] for ix in inspect(conn).get_indexes("reports")}
        assert conn.execute(select(t.merges.c.week)).scalar_one() == "2026-W47"
    with archive.write() as conn:
        store.add_insats(
            conn,
            {
                "area": "Vivalla",
                "area_key": "vivalla",
                "key_kind": "theme",
                "key": "brand",
                "from_week": "2026-W48",
                "to_week": None,
                "ansvarig": "X",
                "beskrivning": "y",
                "created_at": datetime(2026, 11, 20),
            },
        )
    archive.close()
    again = Archive.open(url)  # opening a current archive changes nothing
    with again.read() as conn:
        assert len(store.list_insatser(conn)) == 1
    again.close()


# ------------------------------------------------------------------------ command line


def test_cli_insats_add_list_avsluta_and_follow_up(tmp_path, db):
    ws, archive = build_archive(tmp_path, db)
    archive.close()
    w = ["--workspace", str(ws.root)]
    added = est(
        "insats",
        "add",
        "--area",
        "Vivalla",
        "--theme",
        "skadegorelse",
        "--from",
        "2026-W33",
        "--ansvarig",
        "ÖBO",
        "Extra belysning vid torget",
        *w,
    )
    assert added.returncode == 0, added.stderr
    assert "Insats nr 1 sparad: Vivalla · Skadegörelse (tema) · från 2026-W33" in " ".join(added.stderr.split())
    listed = est("insats", "list", *w)
    assert listed.returncode == 0 and "Extra belysning" in listed.stdout and "v.33 2026–" in listed.stdout
    assert max(len(line) for line in listed.stdout.splitlines()) <= 80
    as_json = json.loads(est("insats", "list", "--json", *w).stdout)
    assert as_json["insatser"][0]["key"] == "skadegorelse" and as_json["insatser"][0]["to_week"] is None

    bad = est("insats", "add", "--area", "Vivalla", "--theme", "färg", "--from", "2026-W33", "--ansvarig", "X", "y", *w)
    assert bad.returncode == 2 and "Temat 'färg' finns inte" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) <= 4  # one message (wrapped at 80 columns)
    missing = est("insats", "avsluta", "7", "--to", "2026-W45", *w)
    assert missing.returncode == 2 and "ingen insats nr 7" in missing.stderr
    for args, message in (
        (("insats", "add"), "Ange --area, --from, --ansvarig"),
        (
            ("insats", "add", "--area", "Vivalla", "--from", "2026-W40", "--ansvarig", "X", "--theme", "brand"),
            "Beskriv insatsen",
        ),
        (("insats", "avsluta", "ett"), "Ange insatsens nummer"),
        (("insats", "avsluta", "1"), "Ange sista veckan med --to"),
    ):
        result = est(*args, *w)
        assert result.returncode == 2 and message in " ".join(result.stderr.split()), (args, result.stderr)
        assert "Traceback" not in result.stderr

    follow = est("trend", "--insatser", *w)
    assert follow.returncode == 0, follow.stderr
    text = " ".join(follow.stdout.split())
    assert "Nr 1 Vivalla · Skadegörelse (tema)" in text and "inte ett bevis" in text
    doc = json.loads(est("trend", "--insatser", "--window", "4", "--json", *w).stdout)
    assert doc["period"] is None and doc["insatser_note"] == NOT_PROOF
    first = doc["insatser"][0]
    assert first["window"] == 4 and first["before"]["from"] == "2026-W29" and first["after"]["to"] == "2026-W36"

    ended = est("insats", "avsluta", "1", "--to", "2026-W45", *w)
    assert ended.returncode == 0 and "sista vecka 2026-W45" in ended.stderr
    with_period = json.loads(est("trend", "--quarter", "2026-Q3", "--insatser", "--json", *w).stdout)
    assert with_period["period"]["from"] == "2026-W27" and len(with_period["insatser"]) == 1
    xlsx = tmp_path / "uppfoljning.xlsx"
    made = est("trend", "--quarter", "2026-Q3", "--insatser", "-o", str(xlsx), *w)
    assert made.returncode == 0, made.stderr
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert book.sheetnames == ["Trend", "Insatser", "Om siffrorna"]
    sheet = book["Insatser"]
    assert "inte ett bevis" in sheet["A2"].value
    header = [c.value for c in sheet[4]]
    values = dict(zip(header, [c.value for c in sheet[5]]))
    assert values["Område"] == "Vivalla" and values["Före: antal"] == 11 and values["Efter: antal"] == 20
    # 11 in 5 reported weeks before, 20 in 7 after: compared per reported week, 2.2 → 2.9.
    assert values["Jämförs"] == "per rapporterad vecka" and values["Förändring"] == pytest.approx(0.7)
    assert values["Förändring %"] == pytest.approx(0.318)
