"""Individdata in the cells ingest reads: personnummer, phone numbers, e-mail addresses, apartment
and registration numbers and probable names are masked, ages and street numbers warned about – each
with a finding naming the cell, never repeating what was found (est_cli.individdata).
"""

from __future__ import annotations

from est_cli.findings import Finding, Location, finding
from est_cli.privacy import FINDING_OF, KEPT_KINDS, find_contacts, mask_all
from est_cli.schema import Privacy


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


_FREE_TEXT = {
    "item": "Punkt",
    "place": "Plats",
    "comment": "Kommentar",
    "action": "Åtgärd",
    "area": "Område",
    "organisation": "Organisation",
    "reporter": "Rapportör",
}


def check_contacts(text: str, role: str, loc: Location, findings: list[Finding], privacy: Privacy) -> None:
    """The schema's `privacy:` option: warn (never reject) about phone numbers and e-mail addresses."""
    if not (privacy.warn_phone or privacy.warn_email) or not text:
        return
    phones, emails = find_contacts(text)
    where = f"cell {loc.cell}" if loc.cell else (f"rad {loc.row}" if loc.row else (loc.sheet or "hela filen"))
    if phones and privacy.warn_phone:
        findings.append(finding("phone-in-text", loc, field=_FREE_TEXT[role], where=where))
    if emails and privacy.warn_email:
        findings.append(finding("email-in-text", loc, field=_FREE_TEXT[role], where=where))
