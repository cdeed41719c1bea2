"""Problembild per problem (figure 10.3 of the main seed): each category that stands out in an area
gets its own block – what, where, when, its likely causes, insatser and operative goals – so that
insatser are tied to the problem they answer ("tydligt koppla insatser till respektive problembild"),
not to a mix of the area's places and times.

A category stands out when, this week in the area, it

- has events of an item that is a warning signal (a signal weight in the checklist);
- has an event of severity 3 or 4;
- rose by at least RISE_MIN events against the previous week, when the two weeks are comparable
  (about as many reports: est_cli.weekview.rules.comparable);
- happened at one place again and again: at least RECURRING separate events there (one row saying
  "4" is one report, not a recurring place).

With none of these, the category with most events gets the block, said as such: the meeting still
writes one problem picture.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from est_cli.render.sentences import (
    PLACEHOLDERS,
    quotes,
    reported_actions,
    reported_text,
    text,
    when_text,
    where_text,
)
from est_cli.swedish import join_words
from est_cli.weekview import EventRow, OverviewRow
from est_cli.weekview.rules import ReportCounts, hot_spots

RISE_MIN = 2  # at least this many more events than the previous week
RECURRING = 3  # separate events at one place in the week
MAX_BLOCKS = 3  # more blocks than this is no longer a focus


def _reasons(row: OverviewRow, events: list[EventRow], signal: int, reports: ReportCounts, intern: bool) -> list[str]:
    reasons = []
    if signal and row.this_week:
        reasons.append("varningssignal")
    top = max((e.severity or 0 for e in events), default=0)
    if top >= 3:
        reasons.append(f"allvarlighetsgrad {top}")
    previous = row.previous_week
    if previous is not None and reports.fair(reports.previous) and row.this_week - previous >= RISE_MIN:
        reasons.append(f"ökning från {previous} till {row.this_week} mot förra veckan")
    # Each event once, counted as one: how often something happened there, not how much.
    once = [replace(e, count=1, counted=None) for e in {e.event or id(e): e for e in events}.values()]
    spots, _ = hot_spots(once)
    again = [s for s in spots if s.count >= RECURRING]
    if again and intern:  # the extern version names no place finer than the area
        reasons.append(
            "återkommande plats: " + join_words([f"{text(s.place)} ({s.count} händelser)" for s in again[:2]])
        )
    elif again:
        reasons.append("flera händelser på samma plats")
    return reasons


def problem_blocks(
    rows: list[OverviewRow],
    events: list[EventRow],
    signals: dict[str, int],
    reports: ReportCounts,
    area: str,
    intern: bool,
) -> list[dict[str, Any]]:
    """The area's problem pictures, most pressing first (keys: templates/README.md, `omr.problembilder`).
    `rows` are the area's problem categories, `events` its events of them."""
    candidates = []
    for row in rows:
        if row.this_week <= 0:
            continue
        cat_events = [e for e in events if e.key == row.key]
        reasons = _reasons(row, cat_events, signals.get(row.key, 0), reports, intern)
        candidates.append((reasons, row, cat_events))
    standing = [c for c in candidates if c[0]]
    if not standing and candidates:
        top = max(candidates, key=lambda c: c[1].this_week)
        standing = [(["flest händelser denna vecka; ingen kategori sticker ut"], top[1], top[2])]
    standing.sort(key=lambda c: (-len(c[0]), -c[1].this_week))
    blocks = []
    for reasons, row, cat_events in standing[:MAX_BLOCKS]:
        label = text(row.label)
        blocks.append(
            {
                "namn": label,
                "varfor": "Sticker ut: " + "; ".join(reasons) + ".",
                "vad": f"{label}: {reported_text(row.this_week, row.reported_this_week)}.",
                "var": (where_text(cat_events) or "–") if intern else f"{area} (hela området).",
                "nar": when_text(cat_events) or "–",
                "hur": PLACEHOLDERS["hur"],
                "kommentarer": quotes(cat_events) if intern else [],
                "rapporterade_atgarder": reported_actions(cat_events, with_label=False) if intern else [],
                "orsaker": PLACEHOLDERS["orsaker"],
                "atgarder": PLACEHOLDERS["atgarder"],
                "mal": PLACEHOLDERS["mal"],
            }
        )
    return blocks


__all__ = ["MAX_BLOCKS", "RECURRING", "RISE_MIN", "problem_blocks"]
