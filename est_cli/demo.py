"""The demo: Örebro with the bundled example week, run through merge, render and trend (`est demo`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from est_cli.workspace import Workspace, init_workspace, load_workspace

DEMO_WEEK = "2026-W47"
DEMO_QUARTER = "2026-Q4"

# Who is expected to report each week in the example municipality. Two of them send nothing in
# the example week, so the demo shows who is missing.
DEMO_EXPECTED: dict[str, dict[str, list[str]]] = {
    "Vivalla": {
        "Polis": ["Områdespolis"],
        "Kommun": ["Fältgruppen", "Vivallaskolan", "Fritidsgården Vivalla", "Socialtjänsten"],
        "ÖBO": ["Husvärd", "Trygghetsvärd"],
        "Räddningstjänsten": ["Räddningstjänsten"],
    },
    "Baronbackarna": {
        "Polis": ["Områdespolis"],
        "Kommun": ["Områdessamordnare", "Fritidsgården Baronbackarna", "Fältgruppen"],
        "ÖBO": ["Husvärd", "Väktare"],
    },
}


def make_demo_inbox(inbox: Path) -> list[Path]:
    """Write the example week (Örebro, 2026-W47) into `inbox`; return the files."""
    from est_cli.example_week import write_inbox

    return write_inbox(inbox)


def make_demo_workspace(folder: Path) -> tuple[Workspace, list[Path]]:
    """A workspace for Örebro (Vivalla, Baronbackarna) with the example week in its inkorg/."""
    workspace = init_workspace(folder, "Örebro", "orebro", list(DEMO_EXPECTED), DEMO_EXPECTED)
    # Function mailboxes and distribution lists with example addresses, so that the demo can show
    # the e-mail drafts (est återkoppling, est påminn, est skicka).
    config = workspace.root / "est.toml"
    boxes = {
        f"{org}/{function}": f"{_ascii(function)}@{_ascii(org)}.example.se"
        for functions in DEMO_EXPECTED.values()
        for org, names in functions.items()
        for function in names
    }
    boxes["ÖBO/Trygghetsvärd"] = "trygghetsvard@obo.example"  # the example week's e-mail comes from it
    config.write_text(
        config.read_text("utf-8").rstrip("\n")
        + "\n\n# Funktionsbrevlådor (exempeladresser): återkoppling och påminnelser går hit, och en avsändare\n"
        + "# som står här sparas hel (andra bara som domän).\n[epost]\n"
        + "".join(f'"{key}" = "{box}"\n' for key, box in boxes.items())
        + "\n# Sändlistor för den fastställda lägesbilden (est skicka).\n[sandlista]\n"
        + '"EST-gruppen" = ["est-gruppen@orebro.example.se"]\n'
        + '"Områdesgrupp Vivalla" = ["vivalla@orebro.example.se", "partnerskap-vivalla@orebro.example.se"]\n',
        "utf-8",
    )
    return load_workspace(workspace.root), make_demo_inbox(workspace.inbox)


def _ascii(text: str) -> str:
    """'Fritidsgården Vivalla' → 'fritidsgarden-vivalla' (for example addresses)."""
    from est_cli.text import fold

    return "-".join(fold(text).split()) or "est"


@dataclass
class DemoRun:
    workspace: Workspace
    files: list[Path]  # the example files in inkorg/
    merge: object  # est_cli.merge.MergeResult
    documents: list[Path]  # the veckolägesbild, intern and extern
    chart: Path  # the quarter's trend chart


def run_demo(workspace: Workspace, files: list[Path]) -> DemoRun:
    """The whole Wednesday job on the example week in the demo workspace (make_demo_workspace): merge
    (with the workbook), render both variants of the veckolägesbild and draw the quarter's trend chart."""
    from est_cli.merge import merge_paths
    from est_cli.periods import parse_quarter
    from est_cli.render import SHIPPED_TEMPLATE, output_path, render_week
    from est_cli.schema import load_schema
    from est_cli.store import Archive
    from est_cli.trend import compute_trend, write_chart
    from est_cli.weeks import IsoWeek

    schema = load_schema("orebro")
    archive = Archive.open(workspace.archive_url())
    try:
        merged = merge_paths([workspace.inbox], workspace, schema, archive, week=IsoWeek.parse(DEMO_WEEK), write=True)
        documents = [
            render_week(
                archive,
                workspace,
                schema,
                DEMO_WEEK,
                variant,
                SHIPPED_TEMPLATE,
                output_path(workspace.drafts, DEMO_WEEK, variant),
            ).path
            for variant in ("intern", "extern")
        ]
        with archive.read() as conn:
            figures = compute_trend(
                conn,
                period=parse_quarter(DEMO_QUARTER),
                schema=schema,
                kommun=workspace.kommun,
                workspace_areas=workspace.areas,
            )
        chart = workspace.drafts / f"trend-{DEMO_QUARTER}.png"
        write_chart(figures, chart)
    finally:
        archive.close()
    return DemoRun(workspace, files, merged, documents, chart)
