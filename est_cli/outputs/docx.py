"""Word settings that Word accepts: fixes to a python-docx document's word/settings.xml before it is
saved, for what python-docx's default template (and every template built from it) gets wrong."""

from __future__ import annotations

from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ZOOM = f"{{{W_NS}}}zoom"
PERCENT = f"{{{W_NS}}}percent"


def make_settings_valid(document: Any) -> None:
    """Make the settings of `document` (a python-docx Document) valid Office Open XML, in memory.

    python-docx's default template writes <w:zoom w:val="bestFit"/>, but the schema requires
    w:percent on w:zoom (ECMA-376 Part 1, 17.15.1.95); Word's own files always carry it. The zoom is
    kept as it is (bestFit) and 100 % is added as the stored percentage:

        doc = Document()
        make_settings_valid(doc)
        doc.save("ut.docx")
    """
    for zoom in document.settings.element.iter(ZOOM):
        if zoom.get(PERCENT) is None:
            zoom.set(PERCENT, "100")


__all__ = ["make_settings_valid"]
