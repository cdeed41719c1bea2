"""The thresholds of the level suggestion, as est.toml's `[nivaregel]` sets them (defaults below).

The rule itself is est_cli.render.levels; this module only holds its numbers, so that the workspace
can read and check them without importing the renderer. Every threshold has a Swedish key, a
default and a one-line explanation, written into a new est.toml and the README.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LevelRule:
    # Earlier weeks with reports from the area needed before the volume is compared at all.
    history_weeks: int = 4
    # How many weeks back est looks for those weeks.
    lookback_weeks: int = 8
    # Signal points (sum of the items' signal weights over the week's events) for at least gul/orange/röd.
    signal_yellow: int = 3
    signal_orange: int = 6
    signal_red: int = 15
    # Events per report against the area's own average per report: at least this many times → gul / orange.
    volume_yellow: float = 1.5
    volume_orange: float = 2.0
    # …and at least this many more events than the average would give, so that 1 → 3 is no rise.
    min_increase: int = 3


# est.toml key → (field, explanation in Swedish)
KEYS: dict[str, tuple[str, str]] = {
    "historik_veckor": (
        "history_weeks",
        "tidigare veckor med rapporter från området som krävs innan antalet jämförs (färre: underlag saknas)",
    ),
    "jamfor_veckor": ("lookback_weeks", "hur många veckor bakåt est letar efter de veckorna"),
    "signal_gul": ("signal_yellow", "signalpoäng under veckan som ger minst gul"),
    "signal_orange": ("signal_orange", "signalpoäng som ger minst orange"),
    "signal_rod": ("signal_red", "signalpoäng som ger röd"),
    "volym_gul": (
        "volume_yellow",
        "händelser per rapport, gånger områdets vanliga antal per rapport, som ger minst gul",
    ),
    "volym_orange": ("volume_orange", "samma för minst orange (antalet ensamt ger aldrig röd)"),
    "min_okning": ("min_increase", "minsta antal händelser över det vanliga för att en ökning ska räknas"),
}


class LevelRuleError(ValueError):
    """A `[nivaregel]` value that cannot be used; the message is Swedish and names the key."""


def parse_rule(data: object) -> LevelRule:
    """`[nivaregel]` of est.toml → LevelRule; unknown keys and bad values raise LevelRuleError."""
    if data is None:
        return LevelRule()
    if not isinstance(data, dict):
        raise LevelRuleError("[nivaregel] ska vara en tabell, t.ex. signal_gul = 3 på en egen rad under [nivaregel].")
    defaults = LevelRule()
    values: dict[str, int | float] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise LevelRuleError(f"[nivaregel] har den okända inställningen {key!r}; tillåtna: {', '.join(KEYS)}.")
        name = KEYS[key][0]
        default = getattr(defaults, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise LevelRuleError(f"[nivaregel] {key} ska vara ett tal större än 0, inte {value!r}.")
        if isinstance(default, int) and not float(value).is_integer():
            raise LevelRuleError(f"[nivaregel] {key} ska vara ett heltal, inte {value!r}.")
        values[name] = type(default)(value)
    rule = LevelRule(**values)  # type: ignore[arg-type]
    problems = []
    if not rule.signal_yellow <= rule.signal_orange <= rule.signal_red:
        problems.append("signal_gul ≤ signal_orange ≤ signal_rod")
    if not rule.volume_yellow <= rule.volume_orange:
        problems.append("volym_gul ≤ volym_orange")
    if rule.history_weeks > rule.lookback_weeks:
        problems.append("historik_veckor ≤ jamfor_veckor")
    if problems:
        raise LevelRuleError(f"[nivaregel] måste uppfylla {' och '.join(problems)}.")
    return rule


def config_lines() -> list[str]:
    """The `[nivaregel]` table of a new est.toml, commented out with the defaults and what each means."""
    defaults = LevelRule()
    lines = [
        "# Regeln för est:s nivåförslag (grön/gul/orange/röd). Mötet fastställer nivån; est föreslår.",
        "# Ta bort # framför en rad för att ändra värdet. Standardvärdena står här.",
        "[nivaregel]",
    ]
    for key, (name, explanation) in KEYS.items():
        lines += [f"# – {explanation}:", f"# {key} = {getattr(defaults, name)}"]
    return lines


__all__ = ["KEYS", "LevelRule", "LevelRuleError", "config_lines", "parse_rule"]
