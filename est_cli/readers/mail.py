"""E-mails (.eml, Outlook .msg): every attached checklist becomes its own Source, with the
e-mail's sender, date and subject kept as provenance.

Signatures, inline images, vCards and other attachments that are no checklist are ignored.

.msg is read with olefile (BSD), not extract-msg (GPL): a .msg is an OLE compound file whose
properties are streams named `__substg1.0_<tag>` plus one fixed-size property table.
"""

from __future__ import annotations

import re
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from est_cli.findings import Finding, finding
from est_cli.readers.base import Source

MAX_DEPTH = 3  # e-mail inside e-mail inside e-mail (forwarded as attachment)
CHECKLIST_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".docm", ".csv", ".eml", ".msg"}
IGNORED_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".webp",
    ".heic",
    ".emz",
    ".wmf",
    ".emf",
    ".txt",
    ".vcf",
    ".ics",
    ".p7s",
    ".p7m",
    ".htm",
    ".html",
    ".pdf",
    ".asc",
    ".sig",
}
# attachment content types that mean an office file even when the name is missing
_OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/csv": ".csv",
    "message/rfc822": ".eml",
    "application/vnd.ms-outlook": ".msg",
}
NO_CHECKLIST = "e-brevet har ingen bifogad checklista"


@dataclass
class Provenance:
    sender: str | None = None
    date: datetime | None = None
    subject: str | None = None


@dataclass
class Attachment:
    filename: str
    data: bytes
    provenance: Provenance


@dataclass
class MailContent:
    provenance: Provenance
    attachments: list[Attachment] = field(default_factory=list)
    nested: list[MailContent] = field(default_factory=list)  # attached e-mails, parsed


# Callback into the dispatcher: (path, display name, depth) -> (sources, findings, skipped)
ReadAny = Callable[[Path, str, int], "tuple[list[Source], list[Finding], str | None]"]


def read_mail(path: Path, name: str, kind: str, depth: int, read_any: ReadAny) -> tuple[list[Source], list[Finding]]:
    """Sources of every checklist attached to an .eml/.msg (kind "eml"/"msg")."""
    try:
        content = _parse_msg(path) if kind == "msg" else _parse_eml(path.read_bytes())
    except Exception:  # olefile's errors on a damaged .msg
        from est_cli.readers.containers import damaged

        return [], [damaged()]
    sources: list[Source] = []
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="est-bilaga-") as tmp:
        _read_attachments(content, name, depth, read_any, Path(tmp), sources)
    if not sources:
        findings.append(finding("no-checklist", detail=NO_CHECKLIST))
    return sources, findings


def _read_attachments(content: MailContent, name: str, depth: int, read_any: ReadAny, tmp: Path, sources: list) -> None:
    for att in content.attachments:
        if not _may_be_checklist(att):
            continue
        display = f"{name} › {att.filename}"
        # one folder per attachment keeps the reporter's file name (CSV sheets are named by it)
        folder = Path(tempfile.mkdtemp(dir=tmp))
        target = folder / _safe_name(att.filename)
        target.write_bytes(att.data)
        try:
            inner, problems, skipped = read_any(target, display, depth + 1)
        except Exception as err:  # one broken attachment must not hide the others
            inner, skipped = [], None
            problems = [
                finding("attachment-unreadable", name=att.filename, detail=f"oväntat fel ({type(err).__name__})")
            ]
        finally:
            target.unlink(missing_ok=True)
            folder.rmdir()
        if skipped and not inner and not problems:
            continue  # an image or text file that happened to be named like a checklist
        for src in inner:
            if src.attachment is None:  # not already from an e-mail attached to this one
                src.attachment = att.filename
                src.email_sender = att.provenance.sender
                src.email_date = att.provenance.date
                src.email_subject = att.provenance.subject
            sources.append(src)
        if problems:
            for f in problems:
                if f.code == "no-checklist":
                    continue  # an attached e-mail without checklist: nothing to say here
                sources.append(
                    Source(
                        name=display,
                        fmt=Path(att.filename).suffix.lower().lstrip("."),
                        findings=[f],
                        attachment=att.filename,
                        email_sender=att.provenance.sender,
                        email_date=att.provenance.date,
                        email_subject=att.provenance.subject,
                    )
                )
                _relocate(sources[-1], display)
    for nested in content.nested:
        if depth < MAX_DEPTH:
            _read_attachments(nested, name, depth + 1, read_any, tmp, sources)


def _relocate(source: Source, display: str) -> None:
    """File-level findings of an attachment name the attachment as their place."""
    from est_cli.findings import Location

    for i, f in enumerate(source.findings):
        if f.location.sheet is None:
            source.findings[i] = type(f)(f.code, f.message, f.severity, Location(sheet=display), f.hint)


def _may_be_checklist(att: Attachment) -> bool:
    suffix = Path(att.filename).suffix.lower()
    if suffix in CHECKLIST_SUFFIXES:
        return True
    if suffix in IGNORED_SUFFIXES:
        return False
    head = att.data[:8]
    return head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))  # an office file without a proper name


def _safe_name(filename: str) -> str:
    base = re.split(r"[\\/]", filename)[-1]
    base = re.sub(r"[\x00-\x1f:*?\"<>|]", "_", base).strip(" .") or "bilaga"
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[:100] + dot + suffix[:10]) if dot else base[:120]
    return base


# --------------------------------------------------------------------------- .eml
def _parse_eml(data: bytes) -> MailContent:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    return _eml_content(msg)


def _header(msg, name: str) -> str | None:
    try:
        value = msg.get(name)
    except Exception:  # a malformed header must not stop the reading
        value = None
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _eml_content(msg: EmailMessage) -> MailContent:
    date = None
    try:
        raw = msg.get("Date")
        date = getattr(raw, "datetime", None) or (parsedate_to_datetime(str(raw)) if raw else None)
    except Exception:
        date = None
    content = MailContent(Provenance(_header(msg, "From"), date, _header(msg, "Subject")))
    _collect(msg, content, counter=[0])
    return content


def _collect(part, content: MailContent, counter: list[int]) -> None:
    if part.get_content_type() == "message/rfc822":
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if inner is not None:
            content.nested.append(_eml_content(inner))
        return
    if part.is_multipart():
        for sub in part.iter_parts():
            _collect(sub, content, counter)
        return
    try:
        filename = part.get_filename()
    except Exception:
        filename = None
    ctype = part.get_content_type()
    if not filename:
        if part.get_content_disposition() != "attachment" and ctype not in _OFFICE_TYPES:
            return  # the body text or an inline part
        if ctype.startswith("text/") and ctype != "text/csv":
            return
        counter[0] += 1
        filename = f"bilaga-{counter[0]}{_OFFICE_TYPES.get(ctype, '')}"
    try:
        data = part.get_payload(decode=True) or b""
    except Exception:
        data = b""
    content.attachments.append(Attachment(filename, data, content.provenance))


# --------------------------------------------------------------------------- .msg
_ATTACH_PREFIX = "__attach_version1.0_#"
_PROPS = "__properties_version1.0"
_PR_CLIENT_SUBMIT_TIME = 0x00390040
_PR_MESSAGE_DELIVERY_TIME = 0x0E060040
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def _parse_msg(path: Path) -> MailContent:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        return _msg_content(ole, [], top=True)


def _msg_content(ole, prefix: list[str], top: bool) -> MailContent:
    string = _MsgStrings(ole, prefix).get

    headers = _transport_headers(string("007D"))
    name = string("0C1A") or string("0042")
    address = string("5D01") or string("0C1F") or string("0065")
    if address and "@" not in address:  # an Exchange X.500 address like /O=EXCHANGELABS/…
        address = None
    sender = f"{name} <{address}>" if (name and address) else (name or address)
    if not sender and headers is not None:
        sender = _header(headers, "From")
    date = _msg_date(ole, prefix, top)
    if date is None and headers is not None:
        try:
            date = parsedate_to_datetime(str(headers.get("Date")))
        except Exception:
            date = None
    content = MailContent(Provenance(sender, date, string("0037")))

    storages = {tuple(e[: len(prefix) + 1]) for e in ole.listdir(streams=True, storages=True) if len(e) > len(prefix)}
    attachment_dirs = sorted(
        s for s in storages if list(s[: len(prefix)]) == prefix and s[len(prefix)].startswith(_ATTACH_PREFIX)
    )
    for n, storage in enumerate(attachment_dirs, 1):
        base = list(storage)
        embedded = base + ["__substg1.0_3701000D"]
        if ole.exists("/".join(embedded)):  # an e-mail attached as an item (forwarded as attachment)
            content.nested.append(_msg_content(ole, embedded, top=False))
            continue
        data_path = base + ["__substg1.0_37010102"]
        if not ole.exists("/".join(data_path)):
            continue
        sub = _MsgStrings(ole, base)
        filename = sub.get("3707") or sub.get("3704") or sub.get("3001") or f"bilaga-{n}"
        content.attachments.append(Attachment(filename, ole.openstream(data_path).read(), content.provenance))
    return content


class _MsgStrings:
    def __init__(self, ole, prefix: list[str]):
        self.ole, self.prefix = ole, prefix

    def get(self, tag: str) -> str | None:
        for suffix, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
            path = self.prefix + [f"__substg1.0_{tag}{suffix}"]
            if self.ole.exists("/".join(path)):
                text = self.ole.openstream(path).read().decode(encoding, errors="replace")
                return text.split("\x00", 1)[0].strip() or None
        return None


def _msg_date(ole, prefix: list[str], top: bool) -> datetime | None:
    path = prefix + [_PROPS]
    if not ole.exists("/".join(path)):
        return None
    data = ole.openstream(path).read()
    found: dict[int, int] = {}
    for pos in range(32 if top else 24, len(data) - 15, 16):
        tag, _flags, value = struct.unpack_from("<IIQ", data, pos)
        if tag in (_PR_CLIENT_SUBMIT_TIME, _PR_MESSAGE_DELIVERY_TIME):
            found[tag] = value
    value = found.get(_PR_CLIENT_SUBMIT_TIME) or found.get(_PR_MESSAGE_DELIVERY_TIME)
    if not value:
        return None
    try:
        return _FILETIME_EPOCH + timedelta(microseconds=value // 10)
    except OverflowError:
        return None


def _transport_headers(text: str | None):
    if not text:
        return None
    from email.parser import HeaderParser

    try:
        return HeaderParser(policy=policy.default).parsestr(text)
    except Exception:
        return None
