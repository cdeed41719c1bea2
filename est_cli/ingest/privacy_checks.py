"""Individdata in the cells ingest reads: a personnummer is masked with a finding naming the cell,
a phone number or e-mail address is warned about when the schema asks for it.
"""

from __future__ import annotations

from est_cli.findings import Finding, Location, finding
from est_cli.privacy import find_contacts, mask_personnummer
from est_cli.schema import Privacy


def mask_cell(text: str, loc: Location, findings: list[Finding]) -> tuple[str, int]:
    """The text with every personnummer masked, and how many there were; a finding names the cell."""
    masked, n = mask_personnummer(text)
    if n:
        findings.append(finding("personnummer-masked", loc))
    return masked, n


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
