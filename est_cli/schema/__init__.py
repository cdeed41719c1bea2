"""Checklist schemas: YAML → checked plain data → typed model, with errors that name the line.

A schema lists a municipality's checklist items in sections; every item maps to one theme of
the shared vocabulary (THEMES) so that different municipalities can be counted side by side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from est_cli.errors import EstError
from est_cli.text import fold, label_key

# The shared vocabulary of themes (id → Swedish label). Botkyrka's tertial themes map onto it:
# narkotika, våld (vald_hot), skadegörelse, otillåten påverkan, andra avvikelser (ordningsstorning,
# ovrigt), samlingsplatser.
THEMES: dict[str, str] = {
    "skadegorelse": "Skadegörelse",
    "brand": "Brand",
    "vald_hot": "Våld och hot",
    "narkotika": "Narkotika",
    "samlingsplatser": "Samlingsplatser",
    "inbrott_stold": "Inbrott och stöld",
    "skjutning_sprangning": "Skjutningar och sprängningar",
    "kriminella_natverk": "Kriminella nätverk",
    "otillaten_paverkan": "Otillåten påverkan (hot och angrepp mot anställda)",
    "extremism": "Våldsbejakande extremism",
    "ordningsstorning": "Ordningsstörning, oro och stök",
    "otrygg_plats": "Otrygg plats",
    "arrangemang": "Arrangemang",
    "positivt": "Positiva händelser",
    "omvarld": "Omvärld och händelser som kan påverka",
    "ovrigt": "Övrigt",
}

# Themes that are no problem in themselves: more positive events is good news (colours reversed),
# and the wider world (rumours, events elsewhere) is context. Neither counts towards an area's level.
POSITIVE_THEMES = frozenset({"positivt"})
WORLD_THEMES = frozenset({"omvarld"})
NOT_COUNTED_THEMES = POSITIVE_THEMES | WORLD_THEMES

# What an item says about an area (issue 14, the level rule):
# - problem: a sign of crime, disorder or insecurity; counts towards the area's level;
# - positive: something that makes the area safer; never raises a level, more of it is good news;
# - omvarld: context – the wider world, rumours elsewhere, gatherings that may go either way;
#   shown, never counted towards a level.
KINDS = ("problem", "positive", "omvarld")
# An item without its own `kind` takes its theme's. Arrangemang (Örebro: "sammankomst som omgivningen
# kan störas … av, men även sammankomster som kan öka den upplevda tryggheten") is context either way.
THEME_KINDS: dict[str, str] = {"positivt": "positive", "omvarld": "omvarld", "arrangemang": "omvarld"}
# Signal weights an item may declare: how strongly one event of it signals an escalating situation,
# whatever the volume (Samverkan mot social oro; Växjö's riskvärde). 0 = no signal of its own.
SIGNAL_WORDS = {1: "varningssignal", 2: "allvarlig signal", 3: "mycket allvarlig signal"}


def theme_kind(theme: str | None) -> str:
    """The kind of an item of `theme` that does not declare one ('problem' for no theme)."""
    return THEME_KINDS.get(theme or "", "problem")


BUILTIN = ("orebro", "boras", "malmo")

# The three kinds of organisation a section is `reported_by`, with the words (folded) that name
# each in reporters' own spelling: "Polisen", "ÖBO", "Örebro kommun", "Fältgruppen" …
ORG_KINDS: dict[str, tuple[str, ...]] = {
    "polis": ("polis",),
    "fastighetsbolag": ("fastighet", "bostad", "obo", "mkb", "hyres"),
    "kommun": ("kommun", "stad", "skola", "fritid", "forvaltning", "falt", "social"),
}


def organisation_kind(organisation: str) -> str:
    """'polis', 'fastighetsbolag', 'kommun' – or the name itself, folded, for any other organisation."""
    key = fold(organisation)
    return next((kind for kind, words in ORG_KINDS.items() if any(w in key for w in words)), key)


class SchemaError(EstError):
    """A schema file that cannot be used; `problems` are Swedish lines naming the file and line."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))

    @property
    def message(self) -> str:
        return f"Checklistan {self.source} kan inte användas:\n  " + "\n  ".join(self.problems)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Item(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)
    help: str = ""
    aliases: list[str] = []
    theme: str
    kind: Literal["problem", "positive", "omvarld"] = "problem"  # default: the theme's (theme_kind)
    signal: int = Field(default=0, ge=0, le=3)

    @model_validator(mode="before")
    @classmethod
    def _kind_from_theme(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("kind") is None and isinstance(data.get("theme"), str):
            data = {**data, "kind": theme_kind(data["theme"])}
        return data

    @model_validator(mode="after")
    def _positive_is_no_signal(self) -> Item:
        if self.kind == "positive" and self.signal:
            raise ValueError("en positiv punkt kan inte vara en varningssignal (ta bort signal eller ändra kind)")
        return self

    @field_validator("theme")
    @classmethod
    def _known_theme(cls, value: str) -> str:
        if value not in THEMES:
            raise ValueError(f"okänt tema {value!r}; tillåtna: {', '.join(THEMES)}")
        return value

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases_list(cls, value: Any) -> Any:
        return [] if value is None else value


class Section(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str = Field(min_length=1)
    reported_by: list[str] = []
    items: list[Item] = Field(min_length=1)


class Privacy(_Strict):
    """An older schema option, still accepted: ``warn_phone`` / ``warn_email`` asked for a warning
    about phone numbers and e-mail addresses in free text. Since issue 15 they are always masked
    before storing, with a warning naming the cell (est_cli.individdata), whatever this says.
    """

    warn_phone: bool = False
    warn_email: bool = False


class Schema(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    name: str = Field(min_length=1)
    cadence: Literal["weekly", "biweekly"] = "weekly"
    privacy: Privacy = Privacy()
    sections: list[Section] = Field(min_length=1)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def known_item(self, item_id: str) -> Item:
        """The item of an id taken from this schema (KeyError for an id it does not have)."""
        item = self.item(item_id)
        if item is None:
            raise KeyError(item_id)
        return item

    def kinds(self) -> dict[str, str]:
        """Item id → kind ('problem', 'positive', 'omvarld')."""
        return {i.id: i.kind for i in self.items}

    def signals(self) -> dict[str, int]:
        """Item id → signal weight, for the items that have one."""
        return {i.id: i.signal for i in self.items if i.signal}

    def section_of(self, item_id: str) -> Section | None:
        return next((s for s in self.sections if any(i.id == item_id for i in s.items)), None)

    def as_dict(self) -> dict[str, Any]:
        """The `est schema show --json` shape (design.md)."""
        return {
            "id": self.id,
            "name": self.name,
            "cadence": self.cadence,
            "sections": [
                {
                    "id": s.id,
                    "title": s.title,
                    "reported_by": list(s.reported_by),
                    "items": [
                        {
                            "id": i.id,
                            "label": i.label,
                            "aliases": list(i.aliases),
                            "theme": i.theme,
                            "kind": i.kind,
                            "signal": i.signal,
                            "help": i.help,
                        }
                        for i in s.items
                    ],
                }
                for s in self.sections
            ],
        }


@dataclass
class LabelIndex:
    """Label key → candidate (section id, item id) pairs; built once per schema."""

    exact: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    section_titles: dict[str, str] = field(default_factory=dict)  # title key → section id


def label_index(schema: Schema, workspace_aliases: Mapping[str, str] | None = None) -> LabelIndex:
    """Every label an item is known by (its label, id and aliases), and the workspace's own
    confirmed labels (`est alias add`, label → item id) – all matched exactly."""
    index = LabelIndex()
    for section in schema.sections:
        index.section_titles[label_key(section.title)] = section.id
        for item in section.items:
            for text in (item.label, item.id.replace("_", " "), *item.aliases):
                pair = (section.id, item.id)
                bucket = index.exact.setdefault(label_key(text), [])
                if pair not in bucket:
                    bucket.append(pair)
    sections = {item.id: section.id for section in schema.sections for item in section.items}
    for text, item_id in (workspace_aliases or {}).items():
        if item_id in sections and label_key(text):
            index.exact[label_key(text)] = [(sections[item_id], item_id)]
    return index


# ---------------------------------------------------------------- loading


class _LineLoader(yaml.SafeLoader):
    """SafeLoader; we keep the composed node tree to map validation errors to lines."""


def _node_at(node: yaml.Node, loc: tuple[Any, ...]) -> yaml.Node:
    """Walk a composed YAML node tree along a pydantic error location."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    node = value
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def _key_node(node: yaml.Node, loc: tuple[Any, ...]) -> yaml.Node:
    """For 'extra key' errors: the node of the offending key itself."""
    parent = _node_at(node, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key, _ in parent.value:
            if key.value == loc[-1]:
                return key
    return parent


_FIELD_NAMES = {"id": "id", "label": "label", "theme": "theme", "items": "items", "sections": "sections"}


def _translate(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"okänd nyckel {error['loc'][-1]!r}"
    if kind == "missing":
        return f"nyckeln {error['loc'][-1]!r} saknas"
    if kind == "string_pattern_mismatch":
        return "id får bara innehålla små bokstäver a–z, siffror och understreck"
    if kind == "too_short":
        return f"{error['loc'][-1]!r} får inte vara tom"
    if kind == "literal_error":
        allowed = str(error.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"ogiltigt värde {error.get('input')!r}; tillåtna: {allowed}"
    if kind in ("greater_than_equal", "less_than_equal", "int_parsing", "int_type") and error["loc"][-1:] == (
        "signal",
    ):
        return f"signal ska vara ett heltal 0–3, inte {error.get('input')!r}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{error['loc'][-1]!r} ska vara true eller false, inte {error.get('input')!r}"
    if kind == "model_type" and error["loc"][-1:] == ("privacy",):
        return "privacy ska innehålla nycklarna warn_phone och/eller warn_email (true eller false)"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"


def parse_schema(text: str, source: str) -> Schema:
    """Parse and check schema YAML; raise SchemaError listing every problem with its line."""
    try:
        root = yaml.compose(text, Loader=_LineLoader)
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"rad {mark.line + 1}" if mark else "okänd rad"
        raise SchemaError(source, [f"{where}: filen är inte giltig YAML ({getattr(exc, 'problem', exc)})"]) from None
    if not isinstance(data, dict) or root is None:
        raise SchemaError(source, ["rad 1: filen ska börja med nycklarna id, name och sections"])
    problems: list[str] = []
    try:
        schema = Schema.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            node = _key_node(root, loc) if error["type"] == "extra_forbidden" else _node_at(root, loc)
            problems.append(f"rad {node.start_mark.line + 1}: {_translate(error)}")
        raise SchemaError(source, problems) from None
    problems.extend(_duplicates(schema, root))
    if problems:
        raise SchemaError(source, problems)
    return schema


def _duplicates(schema: Schema, root: yaml.Node) -> list[str]:
    problems: list[str] = []
    seen_sections: set[str] = set()
    seen_items: set[str] = set()
    for s_no, section in enumerate(schema.sections):
        if section.id in seen_sections:
            line = _node_at(root, ("sections", s_no, "id")).start_mark.line + 1
            problems.append(f"rad {line}: avsnittet {section.id!r} finns redan")
        seen_sections.add(section.id)
        labels_here: dict[str, str] = {}
        for i_no, item in enumerate(section.items):
            if item.id in seen_items:
                line = _node_at(root, ("sections", s_no, "items", i_no, "id")).start_mark.line + 1
                problems.append(f"rad {line}: punkten {item.id!r} finns redan (id måste vara unika)")
            seen_items.add(item.id)
            for text in (item.label, *item.aliases):
                key = label_key(text)
                other = labels_here.get(key)
                if other and other != item.id:
                    line = _node_at(root, ("sections", s_no, "items", i_no)).start_mark.line + 1
                    problems.append(
                        f"rad {line}: rubriken eller aliaset {text!r} används redan av punkten {other!r} i samma avsnitt"
                    )
                labels_here[key] = item.id
    return problems


def builtin_id(ref: str) -> str | None:
    """The built-in id `ref` names, with å/ä/ö and case as people write them ('Borås' → 'boras'); None
    for anything else (a path)."""
    if not ref.strip().isalpha():  # './orebro', 'orebro.yaml': a path, even if it folds to an id
        return None
    folded = fold(ref)
    return folded if folded in BUILTIN else None


def load_schema(ref: str | Path) -> Schema:
    """A built-in schema by id ('orebro', also written 'Örebro' or 'ÖREBRO') or a schema file by path."""
    ref_text = str(ref)
    builtin = builtin_id(ref_text)
    if builtin:
        text = resources.files("est_cli.schema").joinpath("data", f"{builtin}.yaml").read_text("utf-8")
        return parse_schema(text, f"{builtin} (inbyggd)")
    path = Path(ref_text)
    if not path.is_file():
        raise SchemaError(
            ref_text, [f"okänd checklista; inbyggda är {', '.join(BUILTIN)}, annars anges sökvägen till en YAML-fil"]
        )
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise SchemaError(ref_text, ["filen måste vara sparad som UTF-8"]) from None
    return parse_schema(text, ref_text)


def builtin_schemas() -> list[Schema]:
    return [load_schema(ref) for ref in BUILTIN]


__all__ = [
    "BUILTIN",
    "KINDS",
    "NOT_COUNTED_THEMES",
    "SIGNAL_WORDS",
    "THEME_KINDS",
    "POSITIVE_THEMES",
    "THEMES",
    "WORLD_THEMES",
    "Item",
    "LabelIndex",
    "Privacy",
    "Schema",
    "SchemaError",
    "Section",
    "builtin_id",
    "builtin_schemas",
    "label_index",
    "organisation_kind",
    "load_schema",
    "parse_schema",
    "theme_kind",
]
