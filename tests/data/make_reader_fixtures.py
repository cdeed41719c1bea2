"""Make the reader fixtures in tests/data/readers/ (committed; the tests never run this).

    /work/venv/bin/python tests/data/make_reader_fixtures.py

Needs LibreOffice (`soffice`) for the files that must come from another program than ours,
and msoffcrypto-tool (MIT) for the encrypted workbook. The .msg (no writer exists outside
Outlook) and the encrypted .xls are built here with a small compound-file (OLE/CFB) writer.
Hostile files are made small: the zip bomb is ~120 kB on disk.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent / "readers"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W = f"{{{W_NS}}}"
W14 = f"{{{W14_NS}}}"


# --------------------------------------------------------------------------- helpers
# A LibreOffice profile of this process's own: a LibreOffice already running (a person's office,
# another fixture script) would otherwise take the job or refuse it.
LO_PROFILE = Path(tempfile.gettempdir()) / f"est-fixtures-lo-profile-{os.getpid()}"


def soffice(src: Path, fmt: str, outdir: Path) -> Path:
    """Convert with LibreOffice; returns the produced file."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation={LO_PROFILE.as_uri()}", "--headless", "--norestore"]
        + ["--convert-to", fmt, "--outdir", str(outdir), str(src)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    produced = outdir / (src.stem + "." + fmt.split(":", 1)[0])
    if not produced.exists():
        sys.exit(f"LibreOffice did not produce {produced}")
    return produced


def rewrite_zip(src: Path, dst: Path, change: dict, add: dict | None = None) -> None:
    """Copy a zip, replacing entries by change[name](bytes) and adding `add` entries."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in change:
                data = change[info.filename](data)
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def png_bytes(width: int = 4, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xcc\x00\x33" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


# --------------------------------------------------------------------------- OLE/CFB writer
CFB_SECTOR, CFB_MINI, CFB_CUTOFF = 512, 64, 4096
FREE, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def write_cfb(tree: dict) -> bytes:
    """A compound file (CFB v3, 512-byte sectors) from {name: bytes | {sub-tree}}."""
    entries = [{"name": "Root Entry", "type": 5, "children": [], "data": b""}]

    def add(node: dict, parent: int) -> None:
        for name, value in node.items():
            is_storage = isinstance(value, dict)
            entries.append(
                {"name": name, "type": 1 if is_storage else 2, "children": [], "data": b"" if is_storage else value}
            )
            entries[parent]["children"].append(len(entries) - 1)
            if is_storage:
                add(value, len(entries) - 1)

    add(tree, 0)
    for e in entries:
        e["left"] = e["right"] = e["child"] = NOSTREAM

    def balance(ids: list[int]) -> int:  # siblings form a binary search tree
        if not ids:
            return NOSTREAM
        mid = len(ids) // 2
        entries[ids[mid]]["left"] = balance(ids[:mid])
        entries[ids[mid]]["right"] = balance(ids[mid + 1 :])
        return ids[mid]

    for e in entries:
        if e["children"]:
            e["child"] = balance(
                sorted(e["children"], key=lambda i: (len(entries[i]["name"]), entries[i]["name"].upper()))
            )

    mini, minifat = bytearray(), []
    for e in entries[1:]:
        if e["type"] == 2 and len(e["data"]) < CFB_CUTOFF:
            if not e["data"]:
                e["start"] = ENDOFCHAIN
                continue
            n = -(-len(e["data"]) // CFB_MINI)
            first = len(minifat)
            minifat.extend(range(first + 1, first + n))
            minifat.append(ENDOFCHAIN)
            e["start"] = first
            mini += e["data"] + b"\0" * (n * CFB_MINI - len(e["data"]))
    entries[0]["data"] = bytes(mini)

    def sectors(size: int) -> int:
        return -(-size // CFB_SECTOR)

    bigs = [e for e in entries[1:] if e["type"] == 2 and len(e["data"]) >= CFB_CUTOFF]
    n_dir, n_minifat, n_mini = sectors(len(entries) * 128), sectors(len(minifat) * 4), sectors(len(mini))
    n_big = sum(sectors(len(e["data"])) for e in bigs)
    n_fat = 1
    while n_fat * 128 < n_fat + n_dir + n_minifat + n_mini + n_big:
        n_fat += 1
    assert n_fat <= 109
    fat = [FATSECT] * n_fat
    pos = n_fat

    def chain(n: int) -> int:
        nonlocal pos
        start = pos if n else ENDOFCHAIN
        for i in range(n):
            fat.append(pos + 1 if i < n - 1 else ENDOFCHAIN)
            pos += 1
        return start

    dir_start = chain(n_dir)
    minifat_start = chain(n_minifat)
    entries[0]["start"] = chain(n_mini)
    for e in bigs:
        e["start"] = chain(sectors(len(e["data"])))
    fat += [FREE] * (n_fat * 128 - len(fat))

    def pad(b: bytes) -> bytes:
        return b + b"\0" * (-len(b) % CFB_SECTOR)

    layout = "<64sHBBIII16sIQQIQ"
    directory = bytearray()
    for e in entries:
        name = e["name"].encode("utf-16-le") + b"\0\0"
        storage = e["type"] == 1
        directory += struct.pack(
            layout,
            name,
            len(name),
            e["type"],
            1,
            e["left"],
            e["right"],
            e["child"],
            b"\0" * 16,
            0,
            0,
            0,
            0 if storage else e.get("start", ENDOFCHAIN),
            0 if storage else len(e["data"]),
        )
    for _ in range(-len(entries) % 4):
        directory += struct.pack(layout, b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        n_fat,
        dir_start,
        0,
        CFB_CUTOFF,
        minifat_start,
        n_minifat,
        ENDOFCHAIN,
        0,
    )
    header += struct.pack("<109I", *(list(range(n_fat)) + [FREE] * (109 - n_fat)))
    return (
        header
        + pad(struct.pack(f"<{len(fat)}I", *fat))
        + pad(bytes(directory))
        + pad(struct.pack(f"<{len(minifat)}I", *minifat))
        + pad(bytes(mini))
        + b"".join(pad(e["data"]) for e in bigs)
    )


# --------------------------------------------------------------------------- workbooks
def make_workbooks(work: Path) -> None:
    """An instruction sheet, a report sheet whose data starts at C5, and a hidden sheet;
    written by openpyxl and then saved by LibreOffice as .xlsx, .xls and .ods."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Instruktioner"
    ws["A1"] = "Så fyller du i checklistan"
    ws["A2"] = "Skriv Ja eller Nej i kolumnen Förekomst."
    v = wb.create_sheet("Vivalla")
    v["C5"], v["D5"] = "Vecka", 47
    v["C6"], v["D6"] = "Område", "Vivalla"
    v["C7"], v["D7"] = "Organisation", "Polis"
    for col, label in zip("CDEFGH", ["Punkt", "Förekomst", "Antal", "Datum", "Tid", "Kommentar"]):
        v[f"{col}9"] = label
    v["C10"], v["D10"], v["E10"] = "Skadegörelse", "Ja", 3
    v["F10"], v["G10"], v["H10"] = dt.date(2026, 11, 18), dt.time(21, 30), "Klotter på förskolan"
    v["C11"], v["D11"], v["E11"] = "Brand", "Nej", 0
    v["C12"], v["E12"], v["F12"] = "Andel", 2.5, dt.datetime(2026, 11, 19, 8, 15)
    v["C13"], v["E13"] = "Summa", "=E10+E11"  # LibreOffice computes and caches 3
    v["C14"], v["D14"] = "Bekräftad", True
    hidden = wb.create_sheet("Dolt")
    hidden["A1"] = "hemlig"
    hidden.sheet_state = "hidden"
    src = work / "lo_workbook.xlsx"
    wb.save(src)
    convert = work / "converted"
    convert.mkdir()
    for fmt in ("xlsx", "xls", "ods"):
        shutil.copy(soffice(src, fmt, convert), OUT / f"lo_workbook.{fmt}")

    # .xlsm: the LibreOffice workbook with a VBA project part added
    rewrite_zip(
        OUT / "lo_workbook.xlsx",
        OUT / "macros.xlsm",
        {},
        {"xl/vbaProject.bin": write_cfb({"VBA": {"dir": b"\x01" * 16}})},
    )

    # semicolon CSV in cp1252 as LibreOffice writes it (59 = ';', 34 = '"', 1 = Windows-1252)
    c = openpyxl.Workbook()
    s = c.active
    s.title = "Blad1"
    rows = [
        ["Vecka", 47, None, None, None],
        ["Område", "Vivalla", None, None, None],
        ["Punkt", "Förekomst", "Antal", "Datum", "Kommentar"],
        ["Skadegörelse", "Ja", 2.5, dt.date(2026, 11, 18), "Klotter; på väggen"],
        ["Öppen narkotikaförsäljning", "Nej", 0, None, None],
    ]
    for r in rows:
        s.append(r)
    # Swedish number formats, so that LibreOffice writes "2,5" as Swedish Excel does
    s["C4"].number_format = "[$-41D]0.0"
    s["D4"].number_format = "[$-41D]YYYY-MM-DD"
    csv_src = work / "semikolon_cp1252.xlsx"
    c.save(csv_src)
    made = soffice(csv_src, "csv:Text - txt - csv (StarCalc):59,34,1,1", convert)
    shutil.copy(made, OUT / "semikolon_cp1252.csv")

    # comma CSV, UTF-8 with BOM, CRLF, as Excel's "CSV UTF-8 (kommaavgränsad)" writes it
    (OUT / "komma_utf8_bom.csv").write_bytes(
        "\ufeffPunkt,Förekomst,Antal,Kommentar\r\n"
        'Skadegörelse,Ja,3,"Klotter, stora bokstäver"\r\n'
        'Brand,Nej,0,"Rad ett\r\nrad två"\r\n'
        'Andel,Ja,"2,5",\r\n'
        "Ungdomsgäng,X,,\r\n".encode("utf-8")
    )


# --------------------------------------------------------------------------- Word
def _w(tag: str) -> str:
    return W + tag


def _run_with_text(text: str, font: str | None = None):
    from lxml import etree

    r = etree.Element(_w("r"))
    if font:
        rpr = etree.SubElement(r, _w("rPr"))
        etree.SubElement(rpr, _w("rFonts"), {_w("ascii"): font, _w("hAnsi"): font})
    t = etree.SubElement(r, _w("t"))
    t.text = text
    return r


def checkbox_sdt(checked: bool, symbol: str | None = None):
    """A Word 2010+ check box content control, as Word writes it."""
    from lxml import etree

    sdt = etree.Element(_w("sdt"))
    pr = etree.SubElement(sdt, _w("sdtPr"))
    etree.SubElement(pr, _w("id"), {_w("val"): "-1186437"})
    box = etree.SubElement(pr, W14 + "checkbox")
    etree.SubElement(box, W14 + "checked", {W14 + "val": "1" if checked else "0"})
    etree.SubElement(box, W14 + "checkedState", {W14 + "val": "2714" if symbol else "2612", W14 + "font": "MS Gothic"})
    etree.SubElement(box, W14 + "uncheckedState", {W14 + "val": "2610", W14 + "font": "MS Gothic"})
    content = etree.SubElement(sdt, _w("sdtContent"))
    content.append(_run_with_text(symbol or ("☒" if checked else "☐"), "MS Gothic"))
    return sdt


def text_sdt(text: str, placeholder: bool):
    from lxml import etree

    sdt = etree.Element(_w("sdt"))
    pr = etree.SubElement(sdt, _w("sdtPr"))
    etree.SubElement(pr, _w("id"), {_w("val"): "5511"})
    if placeholder:
        etree.SubElement(pr, _w("showingPlcHdr"))
    etree.SubElement(pr, _w("text"))
    content = etree.SubElement(sdt, _w("sdtContent"))
    content.append(_run_with_text(text))
    return sdt


def legacy_checkbox_runs(checked: bool | None, default: bool):
    """A FORMCHECKBOX legacy form field: begin (with ffData), instruction, end."""
    from lxml import etree

    begin = etree.Element(_w("r"))
    fld = etree.SubElement(begin, _w("fldChar"), {_w("fldCharType"): "begin"})
    ff = etree.SubElement(fld, _w("ffData"))
    etree.SubElement(ff, _w("name"), {_w("val"): "Kryss1"})
    etree.SubElement(ff, _w("enabled"))
    etree.SubElement(ff, _w("calcOnExit"), {_w("val"): "0"})
    cb = etree.SubElement(ff, _w("checkBox"))
    etree.SubElement(cb, _w("sizeAuto"))
    etree.SubElement(cb, _w("default"), {_w("val"): "1" if default else "0"})
    if checked is not None:
        etree.SubElement(cb, _w("checked"), {} if checked else {_w("val"): "0"})
    instr = etree.Element(_w("r"))
    it = etree.SubElement(instr, _w("instrText"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    it.text = " FORMCHECKBOX "
    end = etree.Element(_w("r"))
    etree.SubElement(end, _w("fldChar"), {_w("fldCharType"): "end"})
    return [begin, instr, end]


def replace_placeholders(docx: Path, replacements: dict) -> None:
    """Swap each run whose text is a placeholder like [[CB1]] for the given elements."""
    from lxml import etree

    def change(data: bytes) -> bytes:
        root = etree.fromstring(data)
        for t in list(root.iter(_w("t"))):
            key = (t.text or "").strip()
            if key in replacements:
                run = t.getparent()
                new = replacements[key]()
                if key.startswith("[[BLOCK"):  # wrap the whole paragraph in a content control
                    p = run.getparent()
                    t.text = new
                    sdt = etree.Element(_w("sdt"))
                    etree.SubElement(sdt, _w("sdtPr"))
                    p.addprevious(sdt)
                    content = etree.SubElement(sdt, _w("sdtContent"))
                    content.append(p)
                    continue
                parent = run.getparent()
                index = parent.index(run)
                parent.remove(run)
                for offset, el in enumerate(new if isinstance(new, list) else [new]):
                    parent.insert(index + offset, el)
        missing = [k for k in replacements if k.encode() in etree.tostring(root)]
        assert not missing, missing
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    tmp = docx.with_suffix(".tmp")
    rewrite_zip(docx, tmp, {"word/document.xml": change})
    tmp.replace(docx)


def make_word(work: Path) -> None:
    import docx

    # 1) content-control check boxes, a header table and "Vecka: 47" paragraphs
    d = docx.Document()
    d.add_heading("EST-checklista – Polis", level=1)
    d.add_paragraph("Vecka: 47")
    d.add_paragraph("Område:\tVivalla")
    head = d.add_table(rows=3, cols=2)
    for i, (label, value) in enumerate(
        [("Organisation", "Polis"), ("Rapportör", "Områdespolis"), ("Datum", "2026-11-18")]
    ):
        head.cell(i, 0).text = label
        head.cell(i, 1).text = value
    d.add_paragraph("Händelser under veckan")
    obs = d.add_table(rows=4, cols=5)
    cells = [
        ["Punkt", "Förekomst", "Antal", "Plats", "Kommentar"],
        ["1. Skadegörelse", "[[CB1]]", "3", "Storgatan 1", None],
        ["2. Brand", "[[CB0]]", "", "", "[[PLC]]"],
        ["3. Narkotika", "[[CBX]]", "1", "[[SDT]]", ""],
    ]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if text is not None:
                obs.cell(r, c).text = text
    comment = obs.cell(1, 4).paragraphs[0]
    comment.add_run("Klotter")
    comment.add_run().add_break()
    comment.add_run("(rad två)")
    d.add_paragraph("[[BLOCK]]")
    d.add_paragraph("")
    d.add_paragraph("Övrigt: inget att rapportera")
    src = work / "word_checkboxes.docx"
    d.save(src)
    out = work / "word_out"
    out.mkdir(exist_ok=True)
    made = OUT / "word_checkboxes.docx"
    shutil.copy(soffice(src, "docx", out), made)
    replace_placeholders(
        made,
        {
            "[[CB1]]": lambda: checkbox_sdt(True),
            "[[CB0]]": lambda: checkbox_sdt(False),
            "[[CBX]]": lambda: checkbox_sdt(True, symbol="✔"),
            "[[PLC]]": lambda: text_sdt("Klicka eller tryck här för att ange text.", placeholder=True),
            "[[SDT]]": lambda: text_sdt("Vid skolan", placeholder=False),
            "[[BLOCK]]": lambda: "Kontakt: via växeln",
        },
    )

    # 2) legacy form-field check boxes, merged cells and a nested table
    d = docx.Document()
    d.add_paragraph("Vecka: 47")
    t = d.add_table(rows=5, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "Punkt", "Förekomst", "Kommentar"
    t.cell(1, 0).merge(t.cell(1, 2)).text = "Offentlig miljö"
    t.cell(2, 0).text, t.cell(2, 1).text = "Skadegörelse", "[[LCB1]]"
    t.cell(3, 0).text, t.cell(3, 1).text = "Brand", "[[LCB0]]"
    t.cell(4, 0).text, t.cell(4, 1).text = "Nedskräpning", "[[LCBD]]"
    merged = t.cell(2, 2).merge(t.cell(3, 2))
    merged.text = "Samma händelse"
    inner = t.cell(4, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Plats", "Torget"
    src = work / "word_formfields.docx"
    d.save(src)
    made = OUT / "word_formfields.docx"
    shutil.copy(soffice(src, "docx", out), made)
    replace_placeholders(
        made,
        {
            "[[LCB1]]": lambda: legacy_checkbox_runs(checked=True, default=False),
            "[[LCB0]]": lambda: legacy_checkbox_runs(checked=False, default=True),
            "[[LCBD]]": lambda: legacy_checkbox_runs(checked=None, default=True),
        },
    )


# --------------------------------------------------------------------------- e-mail
def make_mail() -> None:
    xlsx = (OUT / "lo_workbook.xlsx").read_bytes()
    png = png_bytes()

    msg = EmailMessage()
    msg["From"] = "Områdespolis Vivalla <vivalla.polis@example.se>"
    msg["To"] = "est@example.se"
    msg["Subject"] = "EST-checklista vecka 47 – Vivalla"
    msg["Date"] = format_datetime(dt.datetime(2026, 11, 18, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    msg["Message-ID"] = "<est-47-vivalla@example.se>"
    msg.set_content("Hej!\nHär kommer veckans checklista.\n\nMvh\nOmrådespolis Vivalla\n")
    msg.add_alternative('<p>Hej!</p><p>Här kommer veckans checklista.</p><img src="cid:sig001">', subtype="html")
    msg.get_payload()[1].add_related(png, "image", "png", cid="<sig001>", filename="image001.png")
    msg.add_attachment(
        xlsx,
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="Checklista v47 Vivalla – Öst.xlsx",
    )
    msg.add_attachment(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Omr\r\nEND:VCARD\r\n",
        maintype="text",
        subtype="vcard",
        filename="kontakt.vcf",
    )
    (OUT / "mail_xlsx.eml").write_bytes(bytes(msg))

    plain = EmailMessage()
    plain["From"] = "fastighet@example.se"
    plain["To"] = "est@example.se"
    plain["Subject"] = "Glömde bifoga"
    plain["Date"] = "Thu, 19 Nov 2026 08:00:00 +0100"
    plain.set_content("Checklistan kommer i nästa brev.")
    plain.add_attachment(png, maintype="image", subtype="png", filename="foto.png")
    plain.add_attachment(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        maintype="application",
        subtype="pdf",
        filename="policy.pdf",
    )
    (OUT / "mail_no_checklist.eml").write_bytes(bytes(plain))

    fwd = EmailMessage()
    fwd["From"] = "Samordnare <samordnare@example.se>"
    fwd["To"] = "est@example.se"
    fwd["Subject"] = "VB: EST-checklista vecka 47 – Vivalla"
    fwd["Date"] = "Fri, 20 Nov 2026 09:30:00 +0100"
    fwd.set_content("Vidarebefordrar.")
    fwd.add_attachment(msg)  # message/rfc822
    (OUT / "mail_forwarded.eml").write_bytes(bytes(fwd))


def _props(header: bytes, fixed: list[tuple[int, bytes]], variable: dict[str, bytes]) -> bytes:
    """A __properties_version1.0 stream: header, fixed-size values, sizes of stream values."""
    out = bytearray(header)
    for tag, value in fixed:
        out += struct.pack("<II", tag, 0x6) + value.ljust(8, b"\0")
    for name, data in variable.items():
        tag = int(name[-8:], 16)
        size = len(data) + (2 if name.endswith("001F") else 0)
        out += struct.pack("<IIII", tag, 0x6, size, 0)
    return bytes(out)


def _filetime(moment: dt.datetime) -> bytes:
    delta = moment - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    return struct.pack("<Q", (delta.days * 86400 + delta.seconds) * 10**7 + delta.microseconds * 10)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _attachment(filename: str, data: bytes, mime: str, hidden: bool = False) -> dict:
    strings = {
        "__substg1.0_3707001F": _utf16(filename),
        "__substg1.0_3704001F": _utf16(filename[:8].upper()),
        "__substg1.0_370E001F": _utf16(mime),
        "__substg1.0_37010102": data,
    }
    fixed = [(0x37050003, struct.pack("<I", 1)), (0x0E210003, struct.pack("<I", 0))]
    if hidden:
        fixed.append((0x7FFE000B, struct.pack("<H", 1)))
    return {**strings, "__properties_version1.0": _props(b"\0" * 8, fixed, strings)}


def _message(
    subject: str,
    sender_name: str,
    sender_smtp: str,
    sent: dt.datetime,
    body: str,
    attachments: list[dict],
    header: bytes,
) -> dict:
    strings = {
        "__substg1.0_001A001F": _utf16("IPM.Note"),
        "__substg1.0_0037001F": _utf16(subject),
        "__substg1.0_0C1A001F": _utf16(sender_name),
        "__substg1.0_0C1F001F": _utf16("/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=A1B2"),
        "__substg1.0_5D01001F": _utf16(sender_smtp),
        "__substg1.0_1000001F": _utf16(body),
    }
    fixed = [
        (0x00390040, _filetime(sent)),
        (0x0E060040, _filetime(sent + dt.timedelta(minutes=1))),
        (0x0E070003, struct.pack("<I", 1 | 0x10)),
    ]
    recipient = {
        "__substg1.0_3001001F": _utf16("EST-samordnare"),
        "__substg1.0_39FE001F": _utf16("est@example.se"),
    }
    recipient["__properties_version1.0"] = _props(b"\0" * 8, [(0x0C150003, struct.pack("<I", 1))], recipient)
    tree = {**strings, "__recip_version1.0_#00000000": recipient}
    for i, att in enumerate(attachments):
        tree[f"__attach_version1.0_#{i:08X}"] = att
    head = header[:8] + struct.pack("<IIII", 1, len(attachments), 1, len(attachments)) + header[24:]
    tree["__properties_version1.0"] = _props(head, fixed, strings)
    return tree


def make_msg() -> None:
    """An Outlook .msg: a Word checklist, a hidden signature image, and an e-mail attached as
    an item (Outlook's "forward as attachment") that carries the LibreOffice .xls."""
    inner = _message(
        "Checklista Brickebacken v47",
        "Fastighetsvärd Brickebacken",
        "brickebacken@example.se",
        dt.datetime(2026, 11, 17, 7, 45, tzinfo=dt.UTC),
        "Se bifogad fil.",
        [_attachment("Brickebacken v47.xls", (OUT / "lo_workbook.xls").read_bytes(), "application/vnd.ms-excel")],
        header=b"\0" * 24,
    )
    embedded = {
        "__substg1.0_3701000D": inner,
        "__substg1.0_3707001F": _utf16("Checklista Brickebacken v47"),
        "__properties_version1.0": _props(b"\0" * 8, [(0x37050003, struct.pack("<I", 5))], {}),
    }
    outer = _message(
        "EST-checklista vecka 47 – Vivalla",
        "Områdespolis Vivalla",
        "vivalla.polis@example.se",
        dt.datetime(2026, 11, 18, 15, 5, tzinfo=dt.UTC),
        "Hej! Här kommer veckans checklista.",
        [
            _attachment(
                "Checklista vecka 47.docx",
                (OUT / "word_checkboxes.docx").read_bytes(),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            _attachment("image001.png", png_bytes(), "image/png", hidden=True),
            embedded,
        ],
        header=b"\0" * 32,
    )
    outer["__nameid_version1.0"] = {
        "__substg1.0_00020102": b"",
        "__substg1.0_00030102": b"",
        "__substg1.0_00040102": b"",
    }
    (OUT / "outlook.msg").write_bytes(write_cfb(outer))


# --------------------------------------------------------------------------- hostile
BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>\n"
)


def with_billion_laughs(data: bytes, root_tag: bytes) -> bytes:
    """Put the DTD before the root element and an expanding entity in the first text."""
    body = data.split(b"?>", 1)[1].lstrip() if data.startswith(b"<?xml") else data
    body = body.replace(b"<t>", b"<t>&lol9;", 1).replace(b"<w:t>", b"<w:t>&lol9;", 1)
    assert body.startswith(b"<" + root_tag)
    return BILLION_LAUGHS + body


def make_hostile(work: Path) -> None:
    base_xlsx = OUT / "lo_workbook.xlsx"
    sheet = "xl/worksheets/sheet2.xml"  # the Vivalla sheet
    rewrite_zip(
        base_xlsx,
        OUT / "hostile_billion_laughs.xlsx",
        {"xl/sharedStrings.xml": lambda d: with_billion_laughs(d, b"sst")},
    )
    rewrite_zip(
        OUT / "word_checkboxes.docx",
        OUT / "hostile_billion_laughs.docx",
        {"word/document.xml": lambda d: with_billion_laughs(d, b"w:document")},
    )
    rewrite_zip(
        base_xlsx,
        OUT / "hostile_far_cell.xlsx",
        {
            sheet: lambda d: d.replace(
                b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
            )
        },
    )

    # zip bomb: a 60 MB sheet of 2.4 million rows, deflated to ~160 kB (ratio ~400)
    with (
        zipfile.ZipFile(base_xlsx) as zin,
        zipfile.ZipFile(OUT / "hostile_zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for info in zin.infolist():
            if info.filename != sheet:
                zout.writestr(info, zin.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, _, _tail = zin.read(sheet).partition(b"<sheetData>")
            bomb = zipfile.ZipInfo(sheet, date_time=(2026, 11, 18, 0, 0, 0))
            bomb.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(bomb, "w") as f:
                f.write(head + b"<sheetData>")
                block = b"<row><c><v>1</v></c></row>" * 4096
                for _ in range(60 * 2**20 // len(block)):
                    f.write(block)
                f.write(b"</sheetData></worksheet>")

    # an ODS whose one filled cell is repeated 20,000 × 1,000 times
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        b'<office:body><office:spreadsheet><table:table table:name="Blad1">'
        b'<table:table-row table:number-rows-repeated="20000">'
        b'<table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1">'
        b"<text:p>1</text:p></table:table-cell></table:table-row>"
        b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        b"</manifest:manifest>"
    )
    with zipfile.ZipFile(OUT / "hostile_repeated_cells.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)

    # password-protected .xlsx (Agile encryption, as Excel writes it)
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(base_xlsx, "rb") as f, open(OUT / "hostile_encrypted.xlsx", "wb") as out:
        OOXMLFile(f).encrypt("hemligt", out)

    # password-protected .xls: LibreOffice's .xls with a FILEPASS (RC4) record after the BOF
    # (a marker only: the records after it are not really encrypted)
    import olefile

    with olefile.OleFileIO(str(OUT / "lo_workbook.xls")) as ole:
        streams = {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}
    book = bytearray(streams["Workbook"])
    rtype, length = struct.unpack_from("<HH", book, 0)
    filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 1, 1) + bytes(range(48))
    insert_at = 4 + length
    pos = 0
    while pos + 4 <= len(book):  # BOUNDSHEET offsets point behind the insertion: move them
        rt, ln = struct.unpack_from("<HH", book, pos)
        if rt == 0x0085:
            (offset,) = struct.unpack_from("<I", book, pos + 4)
            struct.pack_into("<I", book, pos + 4, offset + len(filepass))
        pos += 4 + ln
    streams["Workbook"] = bytes(book[:insert_at]) + filepass + bytes(book[insert_at:])
    (OUT / "hostile_encrypted.xls").write_bytes(write_cfb(streams))

    # .xls with one cell moved to the last row and column (IV65536): 16.7 million cells,
    # about 1.2 GB in calamine, which parses every sheet of an .xls when it opens the file
    far = OUT / "hostile_far_cell.xls"
    shutil.copy(OUT / "lo_workbook.xls", far)
    with olefile.OleFileIO(str(far), write_mode=True) as ole:
        book = bytearray(ole.openstream("Workbook").read())
        pos, moved = 0, False
        while pos + 4 <= len(book) and not moved:
            rt, ln = struct.unpack_from("<HH", book, pos)
            if rt in (0x00FD, 0x0203, 0x027E):  # LABELSST, NUMBER, RK: row, column first
                struct.pack_into("<HH", book, pos + 4, 65535, 255)
                moved = True
            pos += 4 + ln
        assert moved
        ole.write_stream("Workbook", bytes(book))

    (OUT / "hostile_text_named.xlsx").write_text("Vecka;47\nOmråde;Vivalla\n", encoding="utf-8")
    (OUT / "hostile_empty.docx").write_bytes(b"")
    (OUT / "bild.png").write_bytes(png_bytes(16, 16))


def main() -> None:
    if shutil.which("soffice") is None:
        sys.exit("LibreOffice (soffice) is needed to make the fixtures")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        make_workbooks(work)
        make_word(work)
        make_mail()
        make_msg()
        make_hostile(work)
    for p in sorted(OUT.iterdir()):
        print(f"{p.stat().st_size:>9}  {p.name}")


if __name__ == "__main__":
    main()
