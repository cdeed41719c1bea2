"""The demo workspace: the bundled example week written into a folder."""

from __future__ import annotations

from pathlib import Path


def make_demo_inbox(inbox: Path) -> list[Path]:
    """Write the example week (Örebro, 2026-W47) into `inbox`; return the files."""
    from est_cli.example_week import write_inbox

    return write_inbox(inbox)
