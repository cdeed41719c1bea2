"""The example week's Outlook e-mail: text and HTML body, an inline PNG signature logo and the
checklist attached as .xlsx."""

from __future__ import annotations

import struct
import zlib
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from est_cli.example_week.spec import InboxFile
from est_cli.example_week.xlsx_writers import write_trygghetsvard_attachment


def _tiny_png(width: int = 24, height: int = 8) -> bytes:
    """A small valid PNG (ÖBO-blue bar with a lighter stripe) – the e-mail signature logo."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b""
    for y in range(height):
        colour = (0x00, 0x5A, 0x9C) if y not in (5, 6) else (0x7F, 0xB8, 0xE0)
        raw += b"\x00" + bytes(colour) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def write_trygghetsvard_eml(spec: InboxFile, path: Path) -> None:
    """An Outlook-style e-mail: text + HTML body, inline PNG signature, the checklist attached."""
    assert spec.email is not None
    msg = EmailMessage()
    msg["From"] = spec.email["from"]
    msg["To"] = "EST-samordning Örebro <est.samordning@orebro.example>"
    msg["Subject"] = spec.email["subject"]
    msg["Date"] = "Thu, 19 Nov 2026 14:12:00 +0100"
    msg["Message-ID"] = "<AM9PR07MB7283E1F2A47B0C33D9E1A4C2B1A9@AM9PR07MB7283.eurprd07.prod.outlook.example>"
    msg["Thread-Topic"] = spec.email["subject"]
    msg["Accept-Language"] = "sv-SE, en-US"
    msg["X-MS-Has-Attach"] = "yes"
    text = (
        "Hej!\n\n"
        "Här kommer veckans checklista för Vivalla. Förlåt att den kommer sent, vi har varit "
        "kort om folk den här veckan.\n\n"
        "Det var lugnare vid centrum än förra veckan, men belysningen på gångbron är fortfarande trasig.\n\n"
        "Med vänlig hälsning\n"
        "Trygghetsvärd\n"
        "ÖBO – Örebrobostäder\n"
    )
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
        '<body lang="SV"><div class="WordSection1">'
        '<p class="MsoNormal">Hej!</p><p class="MsoNormal">&nbsp;</p>'
        '<p class="MsoNormal">Här kommer veckans checklista för Vivalla. Förlåt att den kommer sent, '
        'vi har varit kort om folk den här veckan.</p><p class="MsoNormal">&nbsp;</p>'
        '<p class="MsoNormal">Det var lugnare vid centrum än förra veckan, men belysningen på gångbron '
        'är fortfarande trasig.</p><p class="MsoNormal">&nbsp;</p>'
        '<p class="MsoNormal">Med vänlig hälsning<br>Trygghetsvärd<br>ÖBO – Örebrobostäder</p>'
        '<p class="MsoNormal"><img width="24" height="8" src="cid:image001.png@01DD5A2B.6C3E1F20" '
        'alt="ÖBO"></p></div></body></html>'
    )
    msg.set_content(text, cte="quoted-printable")
    msg.add_alternative(html, subtype="html", cte="quoted-printable")
    html_part = list(msg.iter_parts())[1]  # multipart/alternative now: [text, html]
    html_part.add_related(
        _tiny_png(),
        maintype="image",
        subtype="png",
        cid="<image001.png@01DD5A2B.6C3E1F20>",
        filename="image001.png",
        disposition="inline",
    )
    msg.add_attachment(
        write_trygghetsvard_attachment(spec),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=spec.email["attachment"],
    )
    msg["Content-Language"] = "sv-SE"  # after set_content(), which drops Content-* headers
    for number, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"_00{number}_AM9PR07MB7283E1F2A47B0C33D9E1_")
    path.write_bytes(msg.as_bytes(policy=SMTP))
