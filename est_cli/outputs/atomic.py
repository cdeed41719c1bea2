"""Atomic writes: an output is written to a temporary file beside it and moved into place, so that
a crash or a full disk never leaves half a workbook where yesterday's whole one was."""

from __future__ import annotations

import glob
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from est_cli.errors import EstError

STALE_AFTER_S = 3600


class OutputLockedError(EstError, PermissionError):
    """The output cannot be replaced – on Windows, typically because it is open in Excel or Word."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Filen {path} kunde inte skrivas: den är öppen i ett annat program (t.ex. Excel eller Word) "
            "eller skrivskyddad. Stäng den och kör kommandot igen."
        )
        self.path = path

    def __str__(self) -> str:
        return str(self.args[0])


def write_atomically(path: Path, save: Callable[[Path], None]) -> None:
    """Call save(tmp) on a temporary file next to `path`, then move it into place."""
    path = Path(path)
    # A fresh name the writer creates itself (so the file gets the usual permissions, not 0600),
    # ending in .tmp: one left by a crash is never taken for a workbook or document to open.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    _remove_stale_temporaries(path)
    try:
        save(tmp)
        os.replace(tmp, path)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputLockedError(path) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, *, bom: bool = False) -> None:
    """UTF-8 text (with a byte-order mark when `bom`, so that Excel reads å, ä, ö), written atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (("\ufeff" if bom else "") + text).encode("utf-8")

    def save(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomically(path, save)


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of `path` left by a killed est (older than an hour: never one that a run
    going on now is writing). Best effort: a file that cannot be removed is left."""
    now = time.time()
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*.tmp"))
    except OSError:
        return
    for old in candidates:
        try:
            if now - old.stat().st_mtime > STALE_AFTER_S:
                old.unlink()
        except OSError:
            pass


__all__ = ["STALE_AFTER_S", "OutputLockedError", "write_atomically", "write_text"]
