"""The workspace's data-protection settings in est.toml, checked, with Swedish errors naming the key:

- `[individdata] tillat = ["Ronja", "Ica Maxi"]` – words that look like personal names but are places
  or organisations here (est_cli.individdata never masks them); the workspace's own areas,
  organisations and reporter functions are allowed without being listed;
- `[epost]` – function mailboxes ("Fältgruppen" = "faltgruppen@orebro.se"): an e-mail sender among
  them is kept whole, any other sender as its domain only;
- `[organisationer."Polis"]` – per organisation `spridning = "intern"` (its free text never reaches the
  extern; the workbook marks its rows "Begränsad spridning") and `lagra = "antal"` (only counts, item,
  week and area are stored: no comment, place, date, time, action or severity). The police default to
  `spridning = "intern"`: they report "relevant och utvald information" and await a national
  position on their information in external databases (main seed).
"""

from __future__ import annotations

from dataclasses import dataclass

from est_cli.schema import organisation_kind
from est_cli.text import fold

SPREADS = ("alla", "intern")
STORES = ("allt", "antal")


class SettingError(ValueError):
    """A setting that cannot be used; the message is Swedish and names the key."""


@dataclass(frozen=True)
class OrganisationRule:
    spread: str = "alla"  # alla | intern
    store: str = "allt"  # allt | antal

    @property
    def restricted(self) -> bool:
        return self.spread == "intern"


POLICE_DEFAULT = OrganisationRule(spread="intern")


def parse_allowed(data: object) -> list[str]:
    """`[individdata]` → the words of `tillat`."""
    if data is None:
        return []
    if not isinstance(data, dict):
        raise SettingError(
            '[individdata] ska vara en tabell, t.ex. tillat = ["Ronja", "Ica Maxi"] under [individdata].'
        )
    unknown = [k for k in data if k != "tillat"]
    if unknown:
        raise SettingError(f"[individdata] har den okända inställningen {unknown[0]!r}; tillåten: tillat.")
    words = data.get("tillat", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise SettingError('[individdata] tillat ska vara en lista med text, t.ex. tillat = ["Ronja", "Ica Maxi"].')
    return [w.strip() for w in words if w.strip()]


def parse_mailboxes(data: object) -> dict[str, str]:
    """`[epost]` → function → mailbox (lower case)."""
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, str) and "@" in v for v in data.values()):
        raise SettingError(
            '[epost] ska para en funktion med en funktionsbrevlåda, t.ex. "Fältgruppen" = "faltgruppen@kommun.se".'
        )
    return {str(k): v.strip().lower() for k, v in data.items()}


def parse_rules(data: object) -> dict[str, OrganisationRule]:
    """`[organisationer."Polis"]` tables → organisation (as written) → rule."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SettingError('[organisationer] ska ha en tabell per organisation, t.ex. [organisationer."Polis"].')
    rules: dict[str, OrganisationRule] = {}
    for name, values in data.items():
        if not isinstance(values, dict):
            raise SettingError(f'[organisationer."{name}"] ska vara en tabell med spridning och/eller lagra.')
        unknown = [k for k in values if k not in ("spridning", "lagra")]
        if unknown:
            raise SettingError(
                f'[organisationer."{name}"] har den okända inställningen {unknown[0]!r}; tillåtna: spridning, lagra.'
            )
        spread = values.get("spridning", "intern" if organisation_kind(name) == "polis" else "alla")
        store = values.get("lagra", "allt")
        if spread not in SPREADS:
            raise SettingError(f'[organisationer."{name}"] spridning ska vara "alla" eller "intern", inte {spread!r}.')
        if store not in STORES:
            raise SettingError(f'[organisationer."{name}"] lagra ska vara "allt" eller "antal", inte {store!r}.')
        rules[name] = OrganisationRule(spread, store)
    return rules


def rule_for(rules: dict[str, OrganisationRule], organisation: str) -> OrganisationRule:
    """The rule of a report's organisation as its reporter wrote it: est.toml's table of the same name,
    or of the only configured organisation of the same kind ("Polisen" → [organisationer."Polis"]);
    the police's default otherwise (spridning intern), everyone else's (alla, allt)."""
    key = fold(organisation or "")
    for name, rule in rules.items():
        if fold(name) == key:
            return rule
    kind = organisation_kind(organisation or "")
    same_kind = [rule for name, rule in rules.items() if organisation_kind(name) == kind]
    if len(same_kind) == 1:
        return same_kind[0]
    return POLICE_DEFAULT if kind == "polis" else OrganisationRule()


def keep_counts_only(report) -> bool:
    """`lagra = "antal"`: strip a report's observations to item, count (and the report's week and
    area) before it is stored – no comment, place, date, time, action or severity. True if it held any."""
    held = False
    for obs in report.observations:
        held = held or any((obs.comment, obs.place, obs.date, obs.time, obs.action, obs.severity))
        obs.comment = obs.place = obs.time = obs.action = ""
        obs.date = None
        obs.severity = None
    return held


def config_lines() -> list[str]:
    """The data-protection part of a new est.toml, with what each setting means."""
    return [
        "# Dataskydd. est tar bort personnummer, telefonnummer, e-postadresser, lägenhetsnummer,",
        "# registreringsnummer och troliga personnamn ur fritexten innan något sparas. Ord som ser ut som",
        "# namn men är platser eller verksamheter här (en skola uppkallad efter en person, en butik)",
        "# skrivs in under tillat, så tas de inte bort. Områden, organisationer och funktioner ovan",
        "# behöver inte skrivas in.",
        "[individdata]",
        "tillat = []",
        "",
        '# Organisationer med egna regler. spridning = "intern": organisationens fritext kommer aldrig med',
        '# i den externa lägesbilden, och raderna märks "Begränsad spridning" i sammanställningen.',
        '# lagra = "antal": bara antal, punkt, vecka och område sparas i arkivet – ingen kommentar, plats,',
        "# tid, åtgärd eller allvarlighetsgrad (för arkiv som delas på en server). Polisen har",
        '# spridning = "intern" även om den inte står här.',
        '[organisationer."Polis"]',
        'spridning = "intern"',
        'lagra = "allt"',
    ]


__all__ = [
    "POLICE_DEFAULT",
    "OrganisationRule",
    "SettingError",
    "config_lines",
    "keep_counts_only",
    "parse_allowed",
    "parse_mailboxes",
    "parse_rules",
    "rule_for",
]
