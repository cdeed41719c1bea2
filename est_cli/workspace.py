"""The workspace: est.toml with its settings, and the folders inkorg/, arkiv/, utkast/.

Commands find est.toml in the current folder or a parent (as git finds a repository), or take
--workspace. The file is written with Swedish comments, for the coordinator who edits it.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from est_cli.dataskydd import (
    OrganisationRule,
    SettingError,
    parse_allowed,
    parse_mailboxes,
    parse_rules,
    rule_for,
)
from est_cli.dataskydd import config_lines as privacy_config_lines
from est_cli.errors import EstError
from est_cli.feedback import FeedbackError, parse_groups
from est_cli.kalender import CalendarError, Entry, parse_calendar
from est_cli.kalender import config_lines as calendar_config_lines
from est_cli.levelrule import LevelRule, LevelRuleError, config_lines, parse_rule
from est_cli.meeting import Meeting, MeetingError, parse_meeting
from est_cli.meeting import config_lines as meeting_config_lines
from est_cli.reporting_period import (
    EXAMPLE,
    PeriodError,
    ReportingPeriod,
    ReportingWindow,
    default_period,
    parse_period,
    parse_weekday_time,
)
from est_cli.weeks import IsoWeek

CONFIG_NAME = "est.toml"


class WorkspaceError(EstError):
    """A workspace that cannot be used; the message is Swedish and names the file."""


@dataclass
class Expected:
    area: str
    organisation: str
    reporter: str


@dataclass
class Workspace:
    root: Path
    kommun: str
    schema: str
    areas: list[str] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)
    deadline: str = "onsdag 10:00"
    rapportperiod: str = ""  # empty: the seven days up to the deadline
    archive: str = "sqlite:///arkiv/est.db"
    templates: dict[str, str] = field(default_factory=dict)
    level_rule: LevelRule = field(default_factory=LevelRule)
    allowed_words: list[str] = field(default_factory=list)  # [individdata] tillat
    mailboxes: dict[str, str] = field(default_factory=dict)  # [epost]: function → function mailbox
    organisation_rules: dict[str, OrganisationRule] = field(default_factory=dict)  # [organisationer."…"]
    meeting: Meeting = field(default_factory=Meeting)  # [mote]
    calendar: list[Entry] = field(default_factory=list)  # [[kalender]]
    groups: dict[str, list[str]] = field(default_factory=dict)  # [sändlista]: group → addresses
    map_settings: dict = field(default_factory=dict)  # [karta]: bakgrund, minsta_antal, omraden, geokodning

    def individdata_allowed(self) -> frozenset[str]:
        """Words never masked as names: est.toml's tillat, and the workspace's own areas, organisations
        and reporter functions."""
        from est_cli.individdata import allow_list

        own = [*self.areas, *(e.area for e in self.expected), *(e.organisation for e in self.expected)]
        own += [e.reporter for e in self.expected]
        return allow_list([*self.allowed_words, *own])

    def organisation_rule(self, organisation: str) -> OrganisationRule:
        return rule_for(self.organisation_rules, organisation)

    @property
    def inbox(self) -> Path:
        return self.root / "inkorg"

    @property
    def drafts(self) -> Path:
        return self.root / "utkast"

    def schema_ref(self) -> str:
        """A built-in id, or a schema path resolved against the workspace folder."""
        from est_cli.schema import builtin_id

        builtin = builtin_id(self.schema)
        if builtin:
            return builtin
        path = Path(self.schema)
        return str(path if path.is_absolute() else self.root / path)

    def archive_url(self, override: str | None = None) -> str:
        """--db, then EST_DB_URL, then est.toml; a relative SQLite path is relative to the workspace (an
        SQLite URI, 'sqlite:///file:/…/est.db?mode=ro&uri=true', is taken as written)."""
        url = override or os.environ.get("EST_DB_URL") or self.archive
        match = re.match(r"^sqlite(\+\w+)?:///(?!/)(.+)$", url)
        # An SQLite URI ('file:…?mode=ro&uri=true') is the user's own, as written.
        if match and match.group(2) != ":memory:" and not match.group(2).startswith("file:"):
            url = f"sqlite{match.group(1) or ''}:///{(self.root / match.group(2)).as_posix()}"
        return url

    def deadline_for(self, week: IsoWeek) -> datetime | None:
        """'onsdag 10:00' → that weekday and time in the reported week itself.

        The veckolägesbild for week 47 is made at the meeting in week 47 (Wednesday/Thursday), from
        reports on the days before it, so the deadline falls inside the week the reports are for.
        """
        deadline = parse_weekday_time(self.deadline)
        return deadline.in_week(week) if deadline else None

    def reporting_period(self) -> ReportingPeriod | None:
        """est.toml's `rapportperiod`, by default the seven days up to the deadline (None when the
        deadline cannot be read; load_workspace refuses such an est.toml)."""
        deadline = parse_weekday_time(self.deadline)
        if deadline is None:
            return None
        return parse_period(self.rapportperiod, deadline) if self.rapportperiod.strip() else default_period(deadline)

    def window_for(self, week: IsoWeek) -> ReportingWindow:
        """The days and hours `week`'s reports cover (est_cli.reporting_period)."""
        period = self.reporting_period()
        return period.window(week) if period else ReportingWindow.iso_week(week)


def find_workspace(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_workspace(root: Path | None = None) -> Workspace:
    """The workspace at `root`, or the one found from the current folder upwards."""
    folder = root.resolve() if root else find_workspace()
    if folder is None:
        raise WorkspaceError(
            f"Hittar ingen arbetsyta ({CONFIG_NAME}) här eller i mapparna ovanför. "
            'Skapa en med: est init MAPP --schema orebro --kommun "Örebro", eller ange --workspace MAPP.'
        )
    path = folder / CONFIG_NAME
    if not path.is_file():
        raise WorkspaceError(f"{path} finns inte. Skapa arbetsytan med: est init {folder}")
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path} går inte att läsa: {exc}. Rätta raden och försök igen.") from None
    except UnicodeDecodeError:
        raise WorkspaceError(f"{path} måste vara sparad som UTF-8.") from None
    for key in ("kommun", "schema"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise WorkspaceError(f"{path}: inställningen {key} saknas eller är tom.")
    expected = _expected(path, data)
    areas = data.get("omraden", [])
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        raise WorkspaceError(f'{path}: omraden ska vara en lista, t.ex. omraden = ["Vivalla", "Baronbackarna"].')
    try:
        level_rule = parse_rule(data.get("nivaregel"))
    except LevelRuleError as exc:
        raise WorkspaceError(f"{path}: {exc} Rätta raden och försök igen.") from None
    deadline, period = _reporting_settings(path, data)
    try:
        allowed = parse_allowed(data.get("individdata"))
        mailboxes = parse_mailboxes(data.get("epost"))
        rules = parse_rules(data.get("organisationer"))
        meeting = parse_meeting(data.get("mote"))
        calendar = parse_calendar(data.get("kalender"))
        groups = parse_groups(data.get("sändlista", data.get("sandlista")))
    except (SettingError, MeetingError, CalendarError, FeedbackError) as exc:
        raise WorkspaceError(f"{path}: {exc} Rätta raden och försök igen.") from None
    return Workspace(
        root=folder,
        kommun=data["kommun"].strip(),
        schema=data["schema"].strip(),
        areas=[a.strip() for a in areas],
        expected=expected,
        deadline=deadline,
        rapportperiod=period,
        archive=str(data.get("arkiv", "sqlite:///arkiv/est.db")),
        templates={k: str(v) for k, v in data.get("mallar", {}).items()},
        level_rule=level_rule,
        allowed_words=allowed,
        mailboxes=mailboxes,
        organisation_rules=rules,
        meeting=meeting,
        calendar=calendar,
        groups=groups,
        map_settings=data["karta"] if isinstance(data.get("karta"), dict) else {},
    )


def _reporting_settings(path: Path, data: dict) -> tuple[str, str]:
    """`deadline` and `rapportperiod` as written, checked: an unreadable one stops with a Swedish error."""
    deadline = data.get("deadline", "onsdag 10:00")
    read = parse_weekday_time(deadline) if isinstance(deadline, str) else None
    if read is None:
        raise WorkspaceError(
            f"{path}: deadline = {deadline!r} går inte att läsa. Skriv veckodag och klockslag, "
            't.ex. deadline = "onsdag 10:00".'
        )
    period = data.get("rapportperiod", "")
    if not isinstance(period, str):
        raise WorkspaceError(f'{path}: rapportperiod ska vara text, t.ex. rapportperiod = "{EXAMPLE}".')
    if period.strip():
        try:
            parse_period(period, read)
        except PeriodError as exc:
            raise WorkspaceError(f"{path}: rapportperiod = {period!r} går inte att läsa: {exc}.") from None
    return deadline, period


def _expected(path: Path, data: dict) -> list[Expected]:
    """[rapportorer.OMRÅDE] organisation = ["funktion", …] → the expected reporters, checked."""
    expected: list[Expected] = []
    reporters = data.get("rapportorer", {})
    if not isinstance(reporters, dict):
        raise WorkspaceError(f"{path}: [rapportorer] ska vara en tabell per område.")
    for area, orgs in reporters.items():
        if not isinstance(orgs, dict):
            raise WorkspaceError(f'{path}: [rapportorer.{area}] ska lista organisation = ["funktion", …].')
        for org, functions in orgs.items():
            if isinstance(functions, str):
                functions = [functions]
            if not isinstance(functions, list) or not all(isinstance(f, str) for f in functions):
                raise WorkspaceError(f"{path}: rapportörerna för {area} / {org} ska vara en lista med text.")
            expected.extend(Expected(area, org, f) for f in functions)
    return expected


def toml_string(text: str) -> str:
    """A TOML basic string: quoted, with backslashes and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_config(
    kommun: str,
    schema: str,
    areas: list[str],
    expected: dict[str, dict[str, list[str]]] | None = None,
    deadline: str = "onsdag 10:00",
) -> str:
    """est.toml text with Swedish comments explaining every setting."""
    # Imported here: only est init writes est.toml, and every command loads this module.
    from est_cli.karta import config_lines as map_config_lines

    area_list = ", ".join(toml_string(a) for a in areas)
    lines = [
        "# est – inställningar för arbetsytan. Rader som börjar med # är förklaringar.",
        "# Ändra värdena inom citattecken; spara filen som UTF-8.",
        "",
        "# Kommunens namn, som det ska stå i sammanställningar och lägesbilder.",
        f"kommun = {toml_string(kommun)}",
        "",
        "# Checklistan som rapportörerna fyller i: orebro, boras, malmo eller sökvägen till en egen",
        "# YAML-fil (kontrollera den först med: est schema check egen.yaml).",
        f"schema = {toml_string(schema)}",
        "",
        "# De prioriterade områdena. En rapport för ett område som inte står här sparas ändå,",
        "# men sammanfattningen säger att området är nytt (och föreslår närmaste stavning).",
        f"omraden = [{area_list}]",
        "",
        "# Sista tid för veckans inrapportering: veckodag och klockslag i den vecka rapporten gäller",
        '# (veckolägesbilden för vecka 47 tas fram i vecka 47), t.ex. "onsdag 10:00". Rapporter som kommer',
        "# senare markeras som sena.",
        f"deadline = {toml_string(deadline)}",
        "",
        "# Rapportperioden: de dagar och klockslag som veckans rapporter gäller, från – till. Utan inställningen",
        f"# gäller de sju dygnen fram till sista tid ({deadline} veckan före till {deadline}). Perioden",
        "# slutar vid eller före sista tid. Ta bort # framför raden nedan för att ange en egen, t.ex.",
        '# "torsdag 00:00 – onsdag 10:00" (torsdag till onsdag morgon) eller "måndag 00:00 – söndag 24:00"',
        "# (veckan före mötesveckan). Lägesbilden och sammanställningen visar perioden dag för dag; en händelse",
        "# med datum utanför perioden räknas ändå i rapportens vecka, men est varnar med fil och cell.",
        f"# rapportperiod = {toml_string(EXAMPLE)}",
        "",
        "# Arkivet där alla veckor sparas. Standard är en SQLite-fil i arkiv/. Flera samordnare kan dela",
        "# ett PostgreSQL-arkiv: postgresql+psycopg://användare@server/est (eller miljövariabeln EST_DB_URL).",
        'arkiv = "sqlite:///arkiv/est.db"',
        "",
        "# Egna Word-mallar (lämna tomt för est:s inbyggda mall).",
        "[mallar]",
        'veckolagesbild = ""',
        "",
        *config_lines(),
        "",
        *privacy_config_lines(),
        "",
        *meeting_config_lines(),
        "",
        *map_config_lines(),
        "",
        *calendar_config_lines(),
        "",
        "# Vilka rapportörer som förväntas varje vecka, per område och organisation.",
        "# Ange funktionen, inte personens namn. Används för att visa vem som inte har rapporterat.",
    ]
    for area in areas:
        lines.append(f"[rapportorer.{toml_string(area)}]")
        for org, functions in (expected or {}).get(area, {}).items():
            lines.append(f"{toml_string(org)} = [{', '.join(toml_string(f) for f in functions)}]")
        if not (expected or {}).get(area):
            lines.append('# Polis = ["Områdespolis"]')
            lines.append('# Kommun = ["Fältgruppen", "Skolan"]')
            lines.append('# Fastighetsbolag = ["Husvärd"]')
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def init_workspace(
    folder: Path,
    kommun: str,
    schema: str,
    areas: list[str],
    expected: dict[str, dict[str, list[str]]] | None = None,
    deadline: str = "onsdag 10:00",
) -> Workspace:
    """Create est.toml and inkorg/, arkiv/, utkast/ in `folder` (never overwrites est.toml)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    if config.exists():
        raise WorkspaceError(f"{config} finns redan; arbetsytan är redan skapad.")
    for sub in ("inkorg", "arkiv", "utkast"):
        (folder / sub).mkdir(exist_ok=True)
    config.write_text(render_config(kommun, schema, areas, expected, deadline), "utf-8")
    return load_workspace(folder)
