"""The insatser register and its follow-up (Uppföljning in the EST wheel).

An insats is what the organisations decided to do in an area against one checklist item or one
theme, from a week (and to a week, once ended). The follow-up compares the counts of that item or
theme in the area in equal windows before and after the start – a before/after comparison, which
says what happened, not why: it is no proof that the insats had an effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from est_cli import store
from est_cli.errors import EstError
from est_cli.periods import count_weeks
from est_cli.schema import POSITIVE_THEMES, THEMES, Schema, label_index
from est_cli.swedish import MISSING, week_span_text
from est_cli.text import fold, label_key
from est_cli.trend import UNTHEMED_LABEL, Change
from est_cli.weeks import IsoWeek, parse_week

DEFAULT_WINDOW = 8

NOT_PROOF = (
    "Observera: detta är en jämförelse före och efter insatsernas start, inte ett bevis för att en insats "
    "hade effekt. Skillnaden kan också bero på årstid, på hur många som rapporterade eller på annat som hände "
    "i området samtidigt."
)


class InsatsError(EstError):
    """A request about insatser that cannot be carried out; one Swedish line."""


# ---------------------------------------------------------------------------- reading the arguments


def parse_insats_week(text: str, what: str = "veckan", today: date | None = None) -> IsoWeek:
    """'2026-W40', 'v.40 2026', or a bare '40' (the year whose week 40 lies nearest today)."""
    parsed = parse_week(text, today=today or date.today())
    if parsed.range_of:
        raise InsatsError(f"Ange en enda vecka för {what}, inte {text!r}.")
    if parsed.week is None:
        raise InsatsError(f"{what.capitalize()} {text!r} kunde inte tolkas; skriv t.ex. 2026-W40.")
    return parsed.week


def resolve_theme(text: str) -> str:
    """A theme id from its id or its Swedish name ('skadegörelse', 'våld', 'Otillåten påverkan')."""
    key = fold(text)
    if key.replace(" ", "_") in THEMES:
        return key.replace(" ", "_")
    matches = [t for t, label in THEMES.items() if fold(label) == key]
    if not matches:
        # The first words of the name or id: 'våld' → vald_hot (not 'våldsbejakande extremism').
        matches = [
            t
            for t, label in THEMES.items()
            if fold(label).startswith(key + " ") or t.startswith(key.replace(" ", "_") + "_")
        ]
    if len(matches) == 1:
        return matches[0]
    raise InsatsError(f"Temat {text!r} finns inte. Teman: {', '.join(THEMES)}.")


def resolve_item(schema: Schema, text: str, conn=None) -> str:
    """An item id from its id, label or alias in the workspace's checklist (or a label kept in the archive)."""
    if schema.item(text.strip()):
        return text.strip()
    candidates = {item_id for _, item_id in label_index(schema).exact.get(label_key(text), [])}
    if len(candidates) == 1:
        return candidates.pop()
    if conn is not None and store.key_labels(conn, [text.strip()]):
        return text.strip()  # a label outside the checklist, stored under its own name
    if len(candidates) > 1:
        raise InsatsError(f"{text!r} passar flera punkter ({', '.join(sorted(candidates))}); ange punktens id.")
    raise InsatsError(
        f"Punkten {text!r} finns inte i checklistan {schema.id}. Se punkternas id med: est schema show {schema.id}"
    )


def resolve_area(conn, workspace_areas: list[str], text: str) -> tuple[str, str]:
    """(display name, area_key) of an area in est.toml or in the archive."""
    key = fold(text)
    ws = {fold(a): a for a in workspace_areas}
    if key in ws:
        return ws[key], key
    known = store.area_spellings(conn)
    if key in known:
        return known[key], key
    names = sorted(set(ws.values()) | set(known.values()), key=fold)
    raise InsatsError(
        f"Området {text!r} finns varken i est.toml eller i arkivet."
        + (f" Kända områden: {', '.join(names)}." if names else " Lägg till det i est.toml (omraden).")
    )


def target_label(schema: Schema | None, kind: str, key: str) -> str:
    if kind == "theme":
        return f"{THEMES.get(key, UNTHEMED_LABEL if key == store.UNTHEMED else key)} (tema)"
    item = schema.item(key) if schema else None
    return item.label if item else key


# ---------------------------------------------------------------------------- the register


def add_insats(
    archive,
    *,
    schema: Schema,
    workspace_areas: list[str],
    area: str,
    item: str | None,
    theme: str | None,
    from_week: str,
    to_week: str | None,
    ansvarig: str,
    beskrivning: str,
    today: date | None = None,
) -> dict:
    """Validate and store one insats; returns the stored row."""
    kind, target = _target(item, theme)
    if not (ansvarig or "").strip():
        raise InsatsError("Ange vem som är ansvarig med --ansvarig (en funktion eller organisation, inget personnamn).")
    if not (beskrivning or "").strip():
        raise InsatsError('Beskriv insatsen, t.ex. "Extra belysning vid Vivalla centrum".')
    start = parse_insats_week(from_week, "startveckan", today)
    end = parse_insats_week(to_week, "slutveckan", today) if to_week else None
    if end is not None and end < start:
        raise InsatsError(f"Slutveckan {end} ligger före startveckan {start}.")
    from est_cli.privacy import mask_text  # personnummer and individdata: an insats names functions

    with archive.write() as conn:
        name, area_key = resolve_area(conn, workspace_areas, area)
        key = resolve_theme(target) if kind == "theme" else resolve_item(schema, target, conn)
        values = {
            "area": name,
            "area_key": area_key,
            "key_kind": kind,
            "key": key,
            "from_week": str(start),
            "to_week": str(end) if end else None,
            "ansvarig": mask_text(ansvarig.strip()),
            "beskrivning": mask_text(beskrivning.strip()),
            "created_at": datetime.now().replace(microsecond=0),
        }
        insats_id = store.add_insats(conn, values)
        return _stored_insats(conn, insats_id)


def _target(item: str | None, theme: str | None) -> tuple[str, str]:
    """("item", text) or ("theme", text): exactly one of --item and --theme is given."""
    if item and not theme:
        return "item", item
    if theme and not item:
        return "theme", theme
    raise InsatsError("Ange antingen --item (en punkt i checklistan) eller --theme (ett tema), inte båda.")


def _stored_insats(conn, insats_id: int) -> dict:
    """The row of an insats written in this same transaction (so it is there)."""
    row = store.get_insats(conn, insats_id)
    if row is None:
        raise LookupError(f"insats {insats_id} missing right after it was written")
    return row


def end_insats(archive, insats_id: int, to_week: str, today: date | None = None) -> tuple[dict, str | None]:
    """Set an insats's last week; returns the updated row and the last week it had before (if any)."""
    end = parse_insats_week(to_week, "slutveckan", today)
    with archive.write() as conn:
        row = store.get_insats(conn, insats_id)
        if row is None:
            raise InsatsError(f"Det finns ingen insats nr {insats_id}. Se registret med: est insats list")
        if end < IsoWeek.parse(row["from_week"]):
            raise InsatsError(f"Slutveckan {end} ligger före insatsens startvecka {row['from_week']}.")
        before = row["to_week"]
        store.set_insats_end(conn, insats_id, str(end))
        return _stored_insats(conn, insats_id), before


def list_insatser(conn, schema: Schema | None = None) -> list[dict]:
    rows = store.list_insatser(conn)
    for row in rows:
        row["label"] = target_label(schema, row["key_kind"], row["key"])
    return rows


def active_insatser(conn, week: str | IsoWeek, schema: Schema | None = None) -> list[dict]:
    """Insatser running in `week`: area, beskrivning, ansvarig, from_week, key (+ id, key_kind, to_week, label).

    For `est render` ("Insatser fortsätter enligt tidigare lägesbild").
    """
    week = str(week)
    rows = store.insatser_active_in(conn, week, week)
    return [
        {
            "id": r["id"],
            "area": r["area"],
            "area_key": r["area_key"],
            "beskrivning": r["beskrivning"],
            "ansvarig": r["ansvarig"],
            "from_week": r["from_week"],
            "to_week": r["to_week"],
            "key": r["key"],
            "key_kind": r["key_kind"],
            "label": target_label(schema, r["key_kind"], r["key"]),
        }
        for r in rows
    ]


# ---------------------------------------------------------------------------- follow-up


@dataclass
class Window:
    weeks: list[str]
    counts: dict[str, int | None] = field(default_factory=dict)  # week → count, None = no report

    @property
    def reported(self) -> int:
        return sum(1 for v in self.counts.values() if v is not None)

    @property
    def total(self) -> int | None:
        known = [v for v in self.counts.values() if v is not None]
        return sum(known) if known else None

    @property
    def mean(self) -> float | None:
        total = self.total  # None exactly when no week was reported
        return None if total is None else total / self.reported

    def span_text(self) -> str:
        if not self.weeks:
            return MISSING
        return week_span_text(IsoWeek.parse(self.weeks[0]), IsoWeek.parse(self.weeks[-1]))

    def as_dict(self) -> dict:
        return {
            "from": self.weeks[0] if self.weeks else None,
            "to": self.weeks[-1] if self.weeks else None,
            "weeks": len(self.weeks),
            "reported_weeks": self.reported,
            "counts": dict(self.counts),
            "total": self.total,
            "mean": None if self.mean is None else round(self.mean, 2),
        }


@dataclass
class FollowUp:
    insats: dict
    label: str
    requested: int  # the window asked for
    window: int  # weeks in each window after clipping to the data
    before: Window
    after: Window
    remark: str = ""

    @property
    def per_week(self) -> bool:
        """The windows have different numbers of reported weeks: compare the mean per reported week."""
        return self.before.reported != self.after.reported

    @property
    def change(self) -> Change:
        """After against before: the totals, or the means per reported week when weeks are missing unevenly."""
        before, after = self.before.mean, self.after.mean
        if before is None or after is None:  # a window without any reported week (no total either)
            return Change(None, None)
        if not self.per_week:
            return Change.of(self.after.total, self.before.total)
        return Change.of(round(after, 1), round(before, 1), events_in_base=self.before.total)

    @property
    def good_when_up(self) -> bool:
        return self.insats["key_kind"] == "theme" and self.insats["key"] in POSITIVE_THEMES

    def as_dict(self) -> dict:
        c = self.change
        i = self.insats
        return {
            "id": i["id"],
            "area": i["area"],
            "key_kind": i["key_kind"],
            "key": i["key"],
            "label": self.label,
            "from_week": i["from_week"],
            "to_week": i["to_week"],
            "ansvarig": i["ansvarig"],
            "beskrivning": i["beskrivning"],
            "window_requested": self.requested,
            "window": self.window,
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "change_basis": "per_reported_week" if self.per_week else "total",
            "change": c.count,
            "change_percent": c.percent,
            "change_text": c.text(),
            "remark": self.remark,
        }


def follow_up(conn, insats: dict, window: int = DEFAULT_WINDOW, schema: Schema | None = None) -> FollowUp:
    """Counts of the insats's item/theme in its area, `window` weeks before and after its start.

    Both windows have the same length, clipped to the weeks between the area's first and last report.
    """
    start = IsoWeek.parse(insats["from_week"])
    label = target_label(schema, insats["key_kind"], insats["key"])
    span = store.area_week_span(conn, insats["area_key"])
    remarks: list[str] = []
    if span is None:
        n = 0
        remarks.append("Inga rapporter från området i arkivet.")
    else:
        first, last = IsoWeek.parse(span[0]), IsoWeek.parse(span[1])
        available_before = count_weeks(first, start.shift(-1))
        available_after = count_weeks(start, last)
        n = max(0, min(window, available_before, available_after))
        if available_after <= 0:
            remarks.append(f"Inga rapporter från området från och med {start} ännu.")
        elif available_before <= 0:
            remarks.append(f"Inga rapporter från området före {start}.")
        elif n < window:
            remarks.append(
                f"Fönstret är kortat till {n} {'vecka' if n == 1 else 'veckor'}: arkivet har inte fler "
                "veckor med rapporter från området."
            )
    before_weeks = [str(start.shift(k)) for k in range(-n, 0)]
    after_weeks = [str(start.shift(k)) for k in range(n)]
    before, after = Window(before_weeks), Window(after_weeks)
    if n:
        ranges = [(before_weeks[0], before_weeks[-1]), (after_weeks[0], after_weeks[-1])]
        by = "theme" if insats["key_kind"] == "theme" else "item"
        counts = store.period_counts(conn, ranges, by, [insats["area_key"]], [insats["key"]])
        present = store.period_presence(conn, ranges, [insats["area_key"]])
        for w_ in (before, after):
            for week in w_.weeks:
                has = (week, insats["area_key"]) in present
                w_.counts[week] = counts.get((week, insats["area_key"], insats["key"]), 0) if has else None
        gaps = (n - before.reported) + (n - after.reported)
        if gaps and before.reported != after.reported and before.reported and after.reported:
            remarks.append(
                f"{gaps} {'vecka' if gaps == 1 else 'veckor'} utan rapport: förändringen räknas per rapporterad vecka."
            )
        elif gaps:
            remarks.append(f"{gaps} {'vecka' if gaps == 1 else 'veckor'} utan rapport räknas inte.")
    return FollowUp(insats, label, window, n, before, after, " ".join(remarks))


def follow_ups(
    conn,
    *,
    schema: Schema | None = None,
    window: int = DEFAULT_WINDOW,
    first: str | None = None,
    last: str | None = None,
    area_keys: list[str] | None = None,
) -> list[FollowUp]:
    """Follow-up of every insats (running at some time in first … last, when given)."""
    if window < 1:
        raise InsatsError("--window måste vara minst 1 vecka.")
    rows = store.insatser_active_in(conn, first, last) if first and last else store.list_insatser(conn)
    if area_keys is not None:
        rows = [r for r in rows if r["area_key"] in area_keys]
    return [follow_up(conn, row, window, schema) for row in rows]
