"""What keeps the generated files byte-stable: Office zips with fixed entry times and fixed
core-property dates, and each file's modification time set to when its reporter saved it."""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path


def normalise_ooxml(data: bytes, saved: datetime) -> bytes:
    """Rewrite an .xlsx/.docx zip with fixed entry times and fixed core-property dates.

    openpyxl stamps `dcterms:modified` with the current time on save and zipfile stamps every
    entry; both are set to the moment the reporter saved the file, so the bytes are stable.
    """
    utc = saved.astimezone(UTC)
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    local = saved.replace(tzinfo=None).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=local)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, content)
    return out.getvalue()


def set_file_time(path: Path, saved: datetime) -> None:
    """Give PATH the access and modification time SAVED (when the reporter saved or sent it)."""
    stamp = saved.timestamp()
    os.utime(path, (stamp, stamp))
