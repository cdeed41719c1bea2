"""The meeting's decisions: `est fastställ` stores what the edited intern veckolägesbild says, and the
action list (`est åtgärd`) follows the group from week to week. Texts pass the individdata masking
before they are stored, as the reporters' do: EST handles no individdata, the meeting's words included."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from est_cli import store
from est_cli.decide import DecideError, ReadDecision, due_week, now, read_decision
from est_cli.privacy import mask_text
from est_cli.text import fold
from est_cli.weeks import IsoWeek


@dataclass
class Decided:
    decision: ReadDecision
    stored: bool = False
    replaced: bool = False
    added: list[int] = field(default_factory=list)  # new action ids
    closed: list[int] = field(default_factory=list)


def proposals(archive, workspace, schema, week: str) -> dict[str, str]:
    """est's own level proposal per area for `week` (folded area → 'gul' / 'Underlag saknas – …')."""
    from est_cli.render.context import build_context
    from est_cli.render.history import load_history
    from est_cli.weekview.build import week_view

    with archive.read() as conn:
        view = week_view(conn, workspace, schema, IsoWeek.parse(week))
        history = load_history(conn, week, workspace.level_rule.lookback_weeks)
    context = build_context(view, schema, workspace, "intern", insatser=[], history=history)
    return {fold(area["namn"]): area["niva"] for area in context["omraden"]}


def fastställ(archive, workspace, schema, path: Path) -> Decided:
    """Read `path` and store the week's decision; nothing is stored when the document has problems
    (`Decided.decision.problems`) or is of another workspace or a week without reports (DecideError)."""

    def proposals_for(week: str, kommun: str) -> dict[str, str]:
        """The document's week and kommun known: is it this workspace's, and what did est propose?"""
        if kommun and fold(kommun) != fold(workspace.kommun):
            raise DecideError(
                f"{path.name} är veckolägesbilden för {kommun}, inte för den här arbetsytan ({workspace.kommun})."
            )
        with archive.read() as conn:
            if not store.active_reports(conn, week):
                raise DecideError(f"Arkivet har inga rapporter för vecka {week}; {path.name} hör inte till det.")
        return proposals(archive, workspace, schema, week)

    read = read_decision(path, proposals_for)
    outcome = Decided(read)
    if read.problems:
        return outcome
    names = {fold(a): a for a in workspace.areas}
    areas = [
        {
            "area": names.get(fold(area), area),
            "area_key": fold(area),
            "level": level,
            "bedomning": mask_text(read.areas.get(area, {}).get("bedomning", "")),
            "insatser": mask_text(read.areas.get(area, {}).get("insatser", "")),
        }
        for area, level in read.levels.items()
    ]
    decided_at = now()
    decision = {
        "week": read.week,
        "decided_at": decided_at,
        "meeting_date": read.meeting_date or decided_at.date(),
        "source_name": mask_text(path.name),
        "source_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "samlad": mask_text(read.samlad),
        "participants": mask_text(read.participants),
        "next_meeting": mask_text(read.next_meeting),
    }
    with archive.write() as conn:
        outcome.replaced = store.save_decision(conn, decision, areas)
        for action in read.actions:
            _take_action(conn, action, read.week, outcome)
        store.add_log(
            conn,
            "fastställ",
            {
                "week": read.week,
                "replaced": outcome.replaced,
                "levels": {a["area"]: a["level"] for a in areas},
                "actions_added": outcome.added,
                "actions_closed": outcome.closed,
            },
        )
    outcome.stored = True
    return outcome


def _take_action(conn, row: dict, week: str, outcome: Decided) -> None:
    """A row of the document's action table: a new action, or a registered one marked klar."""
    done = fold(row["status"]).startswith("klar")
    if row["nr"].isdigit():
        action = store.get_action(conn, int(row["nr"]))
        if action is not None and done and action["done_at"] is None:
            store.finish_action(conn, action["id"], now())
            outcome.closed.append(action["id"])
        return
    text, ansvarig = mask_text(row["text"]), mask_text(row["ansvarig"])
    same = [
        a
        for a in store.list_actions(conn)
        if (fold(a["text"]), fold(a["ansvarig"]), a["created_week"]) == (fold(text), fold(ansvarig), week)
    ]
    if same:  # the same document (or a copy of it) fastställd again: the row is taken in once
        return
    action_id = store.add_action(
        conn,
        {
            "text": text,
            "ansvarig": ansvarig,
            "area": None,
            "due_week": due_week(row["klart"], week) if row["klart"] else None,
            "created_week": week,
            "created_at": now(),
            "done_at": now() if done else None,
            "source": "fastställ",
        },
    )
    outcome.added.append(action_id)


def add_action(archive, text: str, ansvarig: str, due: str | None, area: str | None, week: str | None) -> dict:
    """`est åtgärd add`: a new action (functions, not names: the texts are masked as reporters' are)."""
    if not text.strip():
        raise DecideError('Beskriv åtgärden, t.ex. "Se över belysningen vid gångtunneln".')
    if not ansvarig.strip():
        raise DecideError('Ange ansvarig funktion med --ansvarig, t.ex. --ansvarig "ÖBO/Husvärd".')
    due_at = due_week(due, week or str(IsoWeek.of(date.today()))) if due else None
    if due and due_at is None:
        raise DecideError(f"--klart {due!r} är ingen vecka; skriv t.ex. --klart 2026-W49.")
    with archive.write() as conn:
        action_id = store.add_action(
            conn,
            {
                "text": mask_text(text.strip()),
                "ansvarig": mask_text(ansvarig.strip()),
                "area": area,
                "due_week": due_at,
                "created_week": week,
                "created_at": now(),
                "done_at": None,
                "source": "kommando",
            },
        )
        store.add_log(conn, "åtgärd", {"id": action_id, "done": False})
        return store.get_action(conn, action_id) or {}


def finish_action(archive, action_id: int) -> dict:
    """`est åtgärd klar ID`."""
    with archive.write() as conn:
        action = store.get_action(conn, action_id)
        if action is None:
            raise DecideError(f"Det finns ingen åtgärd nr {action_id}. Se listan med: est åtgärd list")
        if action["done_at"] is not None:
            raise DecideError(f"Åtgärd nr {action_id} är redan klar.")
        store.finish_action(conn, action_id, now())
        store.add_log(conn, "åtgärd", {"id": action_id, "done": True})
        return store.get_action(conn, action_id) or {}


__all__ = ["Decided", "add_action", "fastställ", "finish_action", "proposals"]
