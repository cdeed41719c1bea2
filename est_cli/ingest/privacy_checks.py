"""Individdata in the cells ingest reads: personnummer, phone numbers, e-mail addresses, apartment
and registration numbers and probable names are masked, ages and street numbers warned about – each
with a finding naming the cell, never repeating what was found (est_cli.individdata).
"""

from __future__ import annotations

from est_cli.findings import Finding, Location, finding
from est_cli.privacy import FINDING_OF, KEPT_KINDS, mask_all


def individdata_findings(kinds: list[str], loc: Location, findings: list[Finding]) -> None:
    """One finding per kind found in a cell (in the order first found)."""
    for kind in dict.fromkeys(kinds):
        findings.append(finding(FINDING_OF[kind], loc))


def mask_cell(text: str, loc: Location, findings: list[Finding]) -> tuple[str, int]:
    """The text with individdata masked, and how many hits were masked (ages and street numbers are
    only warned about); a finding per kind names the cell."""
    masked, kinds = mask_all(text)
    individdata_findings(kinds, loc, findings)
    return masked, sum(1 for k in kinds if k not in KEPT_KINDS)
