"""Återkoppling: e-mail drafts the coordinator sends from Outlook or Thunderbird – est never sends.

- `feedback_drafts`: to every reporter function that sent something this week (one draft per mailbox
  where functions share one): thanks, what was received and counted, and every problem in their own
  files with its cell and how to fix it next time; the fastställd extern lägesbild attached.
- `reminder_drafts`: to every expected reporter who has not reported yet: the deadline, and a blank
  checklist attached.
- `distribution_draft`: the fastställd extern lägesbild to est.toml's `[sändlista]` groups (BCC).

Drafts are .eml files with `X-Unsent: 1`, which Outlook and Thunderbird open as unsent messages.
Addresses are function mailboxes from est.toml `[epost]` (a function, never a person); a reporter gets
back only their own findings – never another reporter's comments.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from est_cli.swedish import plural, weekday_time
from est_cli.text import fold
from est_cli.weeks import IsoWeek
from est_cli.weekview import ExpectedStatus, WeekView

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# Finding codes → what to do next time, in the reporter's words.
ADVICE = {
    "invalid-mark": "Skriv Ja, Nej, X eller ett antal i Förekomst.",
    "invalid-count": "Skriv antalet som en siffra.",
    "invalid-severity": "Allvarlighetsgraden är 1, 2, 3 eller 4.",
    "unknown-item": "Använd checklistans punkter; fråga samordnaren om en punkt saknas.",
    "items-not-answered": "Svara på alla punkter, även med Nej.",
    "invalid-date": "Skriv datum som 2026-11-17.",
    "personnummer-masked": "Skriv aldrig personnummer i checklistan.",
    "name-masked": "Skriv funktion eller roll i stället för namn.",
    "phone-masked": "Skriv inga telefonnummer i checklistan.",
    "email-masked": "Skriv inga e-postadresser i checklistan.",
    "apartment-masked": "Ange gatan eller platsen, inte lägenheten.",
    "regnr-masked": "Skriv inga registreringsnummer.",
    "age-in-text": "Skriv ”ungdom” eller ”vuxen” i stället för ålder.",
    "address-in-text": "Ange gatan eller platsen utan husnummer.",
}


class FeedbackError(ValueError):
    """A draft that cannot be made (Swedish)."""


@dataclass
class Draft:
    path: Path
    to: list[str]  # [] when est.toml knows no mailbox for the function
    who: str  # "Kommun/Fältgruppen"


def mailbox(mailboxes: dict[str, str], organisation: str, function: str) -> str | None:
    """The function mailbox of est.toml [epost]: "Organisation/Funktion" first, then "Funktion"."""
    keys = {fold(k): v for k, v in mailboxes.items()}
    return keys.get(fold(f"{organisation}/{function}")) or keys.get(fold(function))


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-zåäö]+", "-", text.casefold()).strip("-") or "rapportor"


def _message(to: list[str], subject: str, body: str, bcc: bool = False) -> EmailMessage:
    msg = EmailMessage()
    msg["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft to send
    if to:
        msg["Bcc" if bcc else "To"] = ", ".join(to)
    msg["Subject"] = subject
    msg.set_content(body)
    return msg


def _attach(msg: EmailMessage, path: Path, kind: tuple[str, str]) -> None:
    msg.add_attachment(path.read_bytes(), maintype=kind[0], subtype=kind[1], filename=path.name)


def _save(msg: EmailMessage, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(msg))
    return path


def feedback_drafts(view: WeekView, workspace, out: Path, extern: Path | None) -> list[Draft]:
    """One draft per reporter function (or shared mailbox) that sent something in the view's week."""
    week = IsoWeek.parse(view.week)
    senders: dict[str, list] = {}  # mailbox (or "who" without one) → expected rows
    for row in view.expected:
        if row.status == ExpectedStatus.MISSING:
            continue
        box = mailbox(workspace.mailboxes, row.organisation, row.reporter)
        senders.setdefault(box or f"{row.organisation}/{row.reporter}", []).append(row)
    drafts = []
    for rows in senders.values():
        box = mailbox(workspace.mailboxes, rows[0].organisation, rows[0].reporter)
        who = " och ".join(dict.fromkeys(f"{r.organisation}/{r.reporter}" for r in rows))
        body = _feedback_body(view, rows, workspace.kommun, extern is not None)
        msg = _message([box] if box else [], f"Tack för rapporten vecka {week.week} – EST {workspace.kommun}", body)
        if extern is not None:
            _attach(msg, extern, DOCX)
        path = out / f"aterkoppling-{view.week}-{_slug(who)}.eml"
        drafts.append(Draft(_save(msg, path), [box] if box else [], who))
    return drafts


def _feedback_body(view: WeekView, rows: list, kommun: str, attached: bool) -> str:
    week = IsoWeek.parse(view.week).week
    files = list(dict.fromkeys(r.source for r in rows if r.source))
    own = [e for e in view.events if any(e.organisation == r.organisation and e.reporter == r.reporter for r in rows)]
    counts: Counter[str] = Counter()
    for e in own:
        counts[e.label] += e.count
    lines = ["Hej!", "", f"Tack för er rapport till EST-gruppen i {kommun} vecka {week}."]
    lines += ["", "Det här kom in:"] + [f"• {name}" for name in files]
    if counts:
        lines += ["", "Det här räknades:"] + [f"• {label}: {n}" for label, n in counts.most_common()]
    else:
        lines += ["", "Inga händelser rapporterades – också det är viktigt att veta."]
    problems = [
        p for p in [*view.rejected, *view.warnings] if any(p.file == f or f.startswith(p.file + " ›") for f in files)
    ]
    if problems:
        lines += ["", "Det här kunde inte läsas som det stod, och hur ni gör nästa gång:"]
        for p in problems:
            advice = ADVICE.get(p.code, "")
            where = f"{p.file}, {p.location}" if p.location else p.file
            said = advice and fold(advice.split(" i ")[0][:18]) in fold(p.message)  # the message says it already
            lines.append(f"• {where}: {p.message}" + (f" {advice}" if advice and not said else ""))
    else:
        lines += ["", "Allt i filen kunde läsas. Tack!"]
    if attached:
        lines += ["", "Den fastställda lägesbilden för veckan finns bifogad."]
    lines += ["", "Med vänliga hälsningar", f"EST-samordnaren, {kommun}"]
    return "\n".join(lines) + "\n"


def reminder_drafts(view: WeekView, workspace, out: Path, checklist: Path) -> list[Draft]:
    """One draft per expected reporter who has not reported in the view's week."""
    week = IsoWeek.parse(view.week)
    deadline = f" senast {weekday_time(view.deadline)}" if view.deadline else ""
    drafts = []
    for row in view.expected:
        if row.status != ExpectedStatus.MISSING:
            continue
        box = mailbox(workspace.mailboxes, row.organisation, row.reporter)
        body = (
            f"Hej!\n\nEST-gruppen i {workspace.kommun} har inte fått er checklista för {row.area} vecka {week.week} "
            f"ännu. Skicka den{deadline}, gärna på den bifogade tomma checklistan. Har inget hänt: svara Nej på "
            "punkterna – också det är viktigt att veta.\n\nMed vänliga hälsningar\n"
            f"EST-samordnaren, {workspace.kommun}\n"
        )
        msg = _message([box] if box else [], f"Påminnelse: EST-checklistan vecka {week.week} – {row.area}", body)
        _attach(msg, checklist, XLSX)
        who = f"{row.organisation}/{row.reporter}"
        path = out / f"paminnelse-{view.week}-{_slug(row.area)}-{_slug(who)}.eml"
        drafts.append(Draft(_save(msg, path), [box] if box else [], f"{who} ({row.area})"))
    return drafts


def distribution_draft(
    decision: dict, groups: dict[str, list[str]], chosen: list[str], extern: Path, out: Path, kommun: str
) -> Draft:
    """The fastställd extern lägesbild to the chosen groups of est.toml [sändlista] (all by default), BCC."""
    names = chosen or list(groups)
    unknown = [g for g in names if g not in groups]
    if unknown:
        known = ", ".join(groups) or "inga (lägg till [sändlista] i est.toml)"
        raise FeedbackError(f"Sändlistan {unknown[0]!r} finns inte i est.toml [sändlista]; det finns: {known}.")
    to = list(dict.fromkeys(address for g in names for address in groups[g]))
    week = IsoWeek.parse(decision["week"])
    levels = "\n".join(f"• {a['area']}: {a['level']}" for a in decision["areas"])
    body = (
        f"Hej!\n\nHär är EST-gruppens lägesbild för vecka {week.week} i {kommun}, fastställd vid mötet "
        f"{decision['meeting_date']}.\n\nNivåer:\n{levels}\n\n{decision['samlad']}\n\nLägesbilden finns bifogad.\n\n"
        f"Med vänliga hälsningar\nEST-samordnaren, {kommun}\n"
    )
    msg = _message(to, f"Lägesbild vecka {week.week} – EST {kommun}", body, bcc=True)
    _attach(msg, extern, DOCX)
    path = out / f"lagesbild-{decision['week']}.eml"
    return Draft(_save(msg, path), to, ", ".join(names))


def parse_groups(data: object) -> dict[str, list[str]]:
    """est.toml `[sändlista]`: group name → addresses."""
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(a, str) and "@" in a for a in v) for v in data.values()
    ):
        raise FeedbackError('[sändlista] ska ha grupper med adresser, t.ex. "EST-gruppen" = ["est@kommun.se"].')
    return {str(k): [a.strip() for a in v] for k, v in data.items()}


def summary_of(drafts: list[Draft]) -> str:
    without = [d.who for d in drafts if not d.to]
    return plural(len(drafts), "utkast", "utkast") + (f"; {len(without)} utan adress" if without else "")


__all__ = [
    "ADVICE",
    "Draft",
    "FeedbackError",
    "distribution_draft",
    "feedback_drafts",
    "mailbox",
    "parse_groups",
    "reminder_drafts",
    "summary_of",
]
