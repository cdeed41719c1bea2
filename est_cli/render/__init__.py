"""`est render`: the draft veckolägesbild in Word, from the merged week in the archive.

- `context.build_context` – the week as plain data for the template (numbers, sentences, levels);
- `levels.suggest_level` – the suggested level per area (a suggestion the meeting confirms);
- `chart.bar_chart` – the appendix chart; `docx.render_lagesbild` – docxtpl into a .docx;
- `render_week` – the whole job for one week and variant, as the CLI runs it.

Heavy libraries (docxtpl, python-docx, matplotlib) are imported inside the functions that use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from est_cli.errors import UsageError
from est_cli.render.docx import SHIPPED_TEMPLATE, RenderError

TEMPLATE_SETTING = "veckolagesbild"  # the key in est.toml [mallar]


def output_path(drafts: Path, week: str, variant: str) -> Path:
    """utkast/2026-W47/veckolagesbild-2026-W47.docx (intern) or …-2026-W47-extern.docx."""
    suffix = "" if variant == "intern" else f"-{variant}"
    return Path(drafts) / week / f"veckolagesbild-{week}{suffix}.docx"


def choose_template(workspace, option: Path | None) -> Path:
    """--template, else est.toml [mallar] veckolagesbild (relative to the workspace), else the shipped one."""
    return configured_template(workspace, option, TEMPLATE_SETTING, SHIPPED_TEMPLATE)


def configured_template(workspace, option: Path | None, setting: str, shipped: Path) -> Path:
    """--template, else est.toml [mallar] `setting` (relative to the workspace), else `shipped`."""
    if option:
        return Path(option)
    configured = (workspace.templates.get(setting) or "").strip()
    if configured:
        path = Path(configured).expanduser()
        return path if path.is_absolute() else workspace.root / path
    return shipped


def existing_template(chosen: Path, option: Path | None, setting: str) -> Path:
    """`chosen` when it is a file; else a Swedish error saying where it was named."""
    if not chosen.is_file():
        where = "--template" if option else f"est.toml [mallar] {setting}"
        raise RenderError(f"Mallen {chosen} finns inte ({where}).")
    return chosen


def may_write(out: Path, force: bool) -> Path:
    """The coordinator may have edited an earlier draft: never overwrite it without --force."""
    if out.exists() and not force:
        raise UsageError(f"{out} finns redan (den kan vara redigerad). Använd --force för att skriva över den.")
    return out


@dataclass
class Rendered:
    week: str
    variant: str
    path: Path
    template: Path
    context: dict


def render_week(
    archive, workspace, schema, week: str, variant: str, template: Path, out: Path, insatser: list[dict] | None = None
) -> Rendered:
    """Compile `week` from the archive and render it with `template` into `out`.

    `insatser` None = the insatser registered in the archive for the week (est_cli.insatser)."""
    from est_cli import store
    from est_cli.render.context import build_context
    from est_cli.render.docx import render_lagesbild
    from est_cli.render.history import load_history
    from est_cli.weeks import IsoWeek
    from est_cli.weekview.build import week_view

    with archive.read() as conn:
        view = week_view(conn, workspace, schema, IsoWeek.parse(week))
        history = load_history(conn, week, workspace.level_rule.lookback_weeks)
        if insatser is None:
            insatser = _registered_insatser(conn, week, schema)
        actions = store.list_actions(conn, open_only=True)
    context = build_context(view, schema, workspace, variant, insatser=insatser, history=history, actions=actions)
    render_lagesbild(context, template, out)
    return Rendered(week, variant, Path(out), Path(template), context)


def draft_week(
    archive, workspace, schema, week, variant: str, template: Path | None = None, force: bool = False
) -> Rendered:
    """`est render`: the draft veckolägesbild of `week` (an IsoWeek; None = the latest week in the
    archive) at utkast/<week>/, with --template or the workspace's or the shipped template."""
    from est_cli.render.history import has_reports, latest_week

    chosen = existing_template(choose_template(workspace, template), template, TEMPLATE_SETTING)
    with archive.read() as conn:
        if week is not None:
            target = str(week)
            if not has_reports(conn, target):
                raise UsageError(f"Arkivet har inga rapporter för vecka {target}. Kör est merge först.")
        else:
            latest = latest_week(conn)
            if latest is None:
                raise UsageError("Arkivet har inga rapporter ännu. Kör est merge först.")
            target = latest
    out = may_write(output_path(workspace.drafts, target, variant), force)
    return render_week(archive, workspace, schema, target, variant, chosen, out)


def _registered_insatser(conn, week: str, schema) -> list[dict] | None:
    """The insatser running in `week` from the archive's register (`est insats`), if this est has one."""
    try:
        from est_cli.insatser import active_insatser
    except ImportError:
        return None
    return active_insatser(conn, week, schema)


__all__ = [
    "SHIPPED_TEMPLATE",
    "TEMPLATE_SETTING",
    "RenderError",
    "Rendered",
    "choose_template",
    "draft_week",
    "existing_template",
    "may_write",
    "output_path",
    "render_week",
]
