"""The extern lägesbild of a fastställd week: built from the meeting's decision (est fastställ), written
so that it can be public – the decided levels, the meeting's samlad bedömning and each area's texts,
the week's counts per category; no proposals, calculation text, placeholders, reporters' comments,
places or functions. Every text passes `individdata.mask_extern`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from est_cli.individdata import mask_extern
from est_cli.render.levels import LEVEL_FILLS, scale_text
from est_cli.swedish import swedish_date
from est_cli.text import fold
from est_cli.weeks import IsoWeek

DECIDED_TEMPLATE = Path(__file__).parent / "templates" / "lagesbild-extern.docx"
SECRECY = (
    "Lägesbilden är fastställd av EST-gruppen. En begäran om att ta del av den prövas enligt "
    "offentlighets- och sekretesslagen (sekretessprövning) innan den lämnas ut."
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def decided_context(view, decision: dict, schema, workspace) -> dict[str, Any]:
    """The template data (templates/README.md, "Den fastställda externa lägesbilden")."""
    week = IsoWeek.parse(decision["week"])
    kinds = schema.kinds()
    day = decision["meeting_date"]
    allowed = workspace.individdata_allowed()

    def clean(text: str) -> str:
        return mask_extern(" ".join(text.split()), allowed)

    areas = []
    for area in decision["areas"]:
        rows = [
            r
            for r in view.overview
            if fold(r.area) == area["area_key"] and r.this_week > 0 and kinds.get(r.key, "problem") == "problem"
        ]
        total = sum(r.this_week for r in rows)
        # A reporter's own label is no text for the public: counted under "andra punkter".
        counts: dict[str, int] = {}
        for r in rows:
            label = r.label.lower() if r.key in kinds else "andra punkter"
            counts[label] = counts.get(label, 0) + r.this_week
        listed = ", ".join(f"{label} {n}" for label, n in sorted(counts.items(), key=lambda x: -x[1]))
        areas.append(
            {
                "namn": clean(area["area"]),
                "niva": area["level"].capitalize(),
                "farg": LEVEL_FILLS.get(area["level"], "FFFFFF"),
                "antal": str(total),
                "bedomning": [clean(line) for line in _lines(area["bedomning"])],
                "insatser": [clean(line) for line in _lines(area["insatser"])],
                "kategorier": (
                    f"Rapporterade händelser vecka {week.week}: {clean(listed)}."
                    if listed
                    else f"Inga händelser rapporterade vecka {week.week}."
                ),
            }
        )
    return {
        "titel": clean(f"Lägesbild vecka {week.week}, {week.year} – {workspace.kommun}"),
        "kommun": clean(workspace.kommun),
        "vecka": decision["week"],
        "vecka_nr": week.week,
        "ar": week.year,
        "variant": "extern",
        "faststalld": f"Fastställd vid EST-mötet {swedish_date(day)}",
        "sekretess": SECRECY,
        "skala": "Nivåer: " + scale_text(),
        "samlad": [clean(line) for line in _lines(decision["samlad"])],
        "omraden": areas,
    }


def render_decided(archive, workspace, schema, week: str, out: Path) -> dict[str, Any]:
    """Write the fastställd extern lägesbild of `week` to `out`; returns its context."""
    from est_cli import store
    from est_cli.render.docx import fill_and_save, open_template
    from est_cli.weekview.build import week_view

    with archive.read() as conn:
        decision = store.get_decision(conn, week)
        view = week_view(conn, workspace, schema, IsoWeek.parse(week))
    if decision is None:
        raise ValueError(f"week {week} is not fastställd")
    context = decided_context(view, decision, schema, workspace)
    tpl = open_template(DECIDED_TEMPLATE)
    fill_and_save(
        tpl,
        DECIDED_TEMPLATE,
        context,
        out,
        title=context["titel"],
        subject=context["faststalld"],
        keywords=f"EST, lägesbild, vecka={week}, kommun={workspace.kommun}, variant=extern",
    )
    return context


__all__ = ["DECIDED_TEMPLATE", "SECRECY", "decided_context", "render_decided"]
