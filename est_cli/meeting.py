"""The EST meeting in est.toml (`[mote]`: participants as functions and organisations, the usual weekday
and time) and the meeting's part of the intern draft: the action list and participants and next
meeting, pre-filled so that `est fastställ` can read them back after the meeting edited them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from est_cli.swedish import WEEKDAYS, swedish_date
from est_cli.weeks import IsoWeek

ACTION_NOTE = (
    "Skriv nya åtgärder på de tomma raderna: vad, ansvarig funktion (inte namn), klart senast (vecka) och "
    "status (öppen eller klar). est fastställ läser tabellen; rader med Nr finns redan i åtgärdslistan."
)
BLANK_ROWS = 3
OVERDUE_FILL, PLAIN_FILL = "F8CBAD", "FFFFFF"


class MeetingError(ValueError):
    """A `[mote]` setting that cannot be used (Swedish, names the key)."""


@dataclass(frozen=True)
class Meeting:
    participants: list[str] = field(default_factory=list)  # "Polis/Kommunpolis", functions not names
    when: str = ""  # "torsdag 09:00"

    def day(self, week: str) -> date | None:
        """The meeting's day in `week` (the lägesbild of week 47 is decided at the meeting in week 47)."""
        from est_cli.reporting_period import parse_weekday_time

        at = parse_weekday_time(self.when) if self.when else None
        if at is None:
            return None
        return IsoWeek.parse(week).monday() + timedelta(days=at.weekday)

    def clock(self) -> str:
        parts = self.when.split()
        return parts[-1].replace(".", ":") if len(parts) > 1 else ""


def parse_meeting(data: object) -> Meeting:
    if data is None:
        return Meeting()
    if not isinstance(data, dict):
        raise MeetingError(
            '[mote] ska vara en tabell, t.ex. deltagare = ["Polis/Kommunpolis"] och tid = "torsdag 09:00".'
        )
    unknown = [k for k in data if k not in ("deltagare", "tid")]
    if unknown:
        raise MeetingError(f"[mote] har den okända inställningen {unknown[0]!r}; tillåtna: deltagare, tid.")
    people = data.get("deltagare", [])
    if not isinstance(people, list) or not all(isinstance(p, str) for p in people):
        raise MeetingError('[mote] deltagare ska vara en lista med funktioner, t.ex. ["Polis/Kommunpolis"].')
    when = data.get("tid", "")
    if not isinstance(when, str):
        raise MeetingError('[mote] tid ska vara veckodag och klockslag, t.ex. "torsdag 09:00".')
    if when:
        from est_cli.reporting_period import parse_weekday_time

        if parse_weekday_time(when) is None:
            raise MeetingError(f'[mote] tid = {when!r} går inte att läsa; skriv t.ex. "torsdag 09:00".')
    return Meeting([p.strip() for p in people if p.strip()], when.strip())


def meeting_context(meeting: Meeting, week: str) -> dict[str, str]:
    """`mote` of the template: the meeting's date, participants and next meeting, as pre-filled text."""
    day = meeting.day(week)
    clock = f" kl. {meeting.clock()}" if meeting.clock() else ""
    return {
        "datum": f"{WEEKDAYS[day.weekday()]} {swedish_date(day)}" if day else "[Skriv mötets datum]",
        "deltagare": ", ".join(meeting.participants) or "[Skriv deltagarna: funktion och organisation]",
        "nasta": (
            f"{WEEKDAYS[day.weekday()]} {swedish_date(day + timedelta(days=7))}{clock}"
            if day
            else "[Skriv nästa mötes dag och tid]"
        ),
    }


def action_rows(actions: list[dict], week: str) -> list[dict[str, str]]:
    """The open actions as rows of the draft's table (overdue ones marked), then empty rows for new ones."""
    rows = []
    for action in actions:
        due = action.get("due_week") or ""
        overdue = bool(due) and due < week
        rows.append(
            {
                "nr": str(action["id"]),
                "text": action["text"],
                "ansvarig": action["ansvarig"],
                "klart": (f"v.{IsoWeek.parse(due).week}" if due else "") + (" – försenad" if overdue else ""),
                "farg": OVERDUE_FILL if overdue else PLAIN_FILL,
                "status": "öppen",
            }
        )
    blank = {"nr": "", "text": "", "ansvarig": "", "klart": "", "farg": PLAIN_FILL, "status": ""}
    return rows + [dict(blank) for _ in range(BLANK_ROWS)]


def config_lines() -> list[str]:
    return [
        "# EST-mötet: deltagarna (funktion och organisation, inte namn) och den vanliga tiden. Förifylls i",
        "# veckolägesbilden och läses tillbaka av est fastställ.",
        "[mote]",
        "deltagare = []",
        'tid = "torsdag 09:00"',
    ]


__all__ = [
    "ACTION_NOTE",
    "Meeting",
    "MeetingError",
    "action_rows",
    "config_lines",
    "meeting_context",
    "parse_meeting",
]
