"""`Change`: the difference between a count and its comparison, in numbers and in percent (never
divided by zero, and never of a base under MIN_PERCENT_BASE: "+947 %" of 1 event says nothing), with
the Swedish texts every output shares."""

from __future__ import annotations

from dataclasses import dataclass, replace

from est_cli.swedish import MISSING, NEW, number, percent_text, signed

# A percentage only of a base of at least this many; below it the change is said in numbers ("+3,
# från 2"): from 1 to 17 is "+16", not "+1600 %".
MIN_PERCENT_BASE = 5


@dataclass(frozen=True)
class Change:
    """current − base, and in percent of base; no division by zero."""

    count: int | float | None  # None when either side is missing; a float only between means (insatser)
    percent: float | None  # None when missing, when the base is 0, or under MIN_PERCENT_BASE
    new: bool = False  # base 0, current > 0
    base: int | float | None = None  # what the change is measured from
    per_week: bool = False  # between means per week with reports (the periods had different numbers of them)

    @classmethod
    def of(cls, current: float | None, base: float | None, events_in_base: float | None = None) -> Change:
        """`events_in_base`: the number of events the base rests on when the base is a mean (per
        reported week); the percentage needs at least MIN_PERCENT_BASE of them."""
        if current is None or base is None:
            return cls(None, None)
        count = current - base
        if base == 0:
            return cls(_int(count), 0.0 if current == 0 else None, new=current > 0, base=base)
        if (base if events_in_base is None else events_in_base) < MIN_PERCENT_BASE:
            return cls(_int(count), None, base=_int(base))
        return cls(_int(count), round(100.0 * count / base, 1), base=_int(base))

    @classmethod
    def of_periods(cls, current: int | None, weeks: int, base: int | None, base_weeks: int) -> Change:
        """Between two periods' totals over `weeks` and `base_weeks` weeks with reports: the totals
        when the weeks are as many, else the means per week with reports (8 reported weeks against 1
        is no "+947 %"); the percentage still needs MIN_PERCENT_BASE events in the base. Whether the
        periods' reports per week allow the comparison at all: `fair_periods`."""
        if current is None or base is None or weeks <= 0 or base_weeks <= 0:
            return cls(None, None)
        if weeks == base_weeks:
            return cls.of(current, base)
        return replace(cls.of(current / weeks, base / base_weeks, events_in_base=base), per_week=True)

    @property
    def direction(self) -> int:
        """1 up, −1 down, 0 unchanged or unknown."""
        if self.count is None or self.count == 0:
            return 0
        return 1 if self.count > 0 else -1

    def text(self) -> str:
        """'+5 (+42 %)', '−3 (−20 %)', 'ny (+4)', '±0', '–'."""
        if self.count is None:
            return MISSING
        unit = " per vecka" if self.per_week else ""
        if self.new:
            return f"{NEW} ({signed(self.count)}{unit})"
        if self.count == 0:
            return f"±0{unit}"
        if self.percent is None:  # a base under MIN_PERCENT_BASE: in numbers only
            return f"{signed(self.count)}{unit} (från {number(self.base)})"
        return f"{signed(self.count)}{unit} ({percent_text(self.percent)})"

    def short(self) -> str:
        """For the terminal: '↑ +42 %', '↓ −20 %', '↑ ny', '±0', '–'."""
        if self.count is None:
            return MISSING
        if self.new:
            return f"↑ {NEW}"
        if self.count == 0:
            return "±0"
        arrow = "↑" if self.count > 0 else "↓"
        if self.percent is None:
            return f"{arrow} {signed(self.count)}"
        return f"{arrow} {percent_text(self.percent)}"

    def percent_value(self) -> float | str | None:
        """For tables: the percent, "ny", or None (missing)."""
        if self.new:
            return NEW
        return self.percent


def _int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


__all__ = ["Change"]


def fair_periods(reports: int, weeks: int, base_reports: int, base_weeks: int) -> bool:
    """Whether two periods' counts compare as they stand: their reports per week with reports differ by
    at most a third (the weekly rule, est_cli.weekview.rules.comparable). Half the reporters gone quiet
    is no halving on the ground. True when either side is unknown (nothing to say)."""
    from est_cli.weekview.rules import comparable

    if reports <= 0 or base_reports <= 0 or weeks <= 0 or base_weeks <= 0:
        return True
    return comparable(reports / weeks, base_reports / base_weeks)
