"""The demo workspace: Örebro with the bundled example week, ready for `est merge`."""

from __future__ import annotations

from pathlib import Path

from est_cli.workspace import Workspace, init_workspace

# Who is expected to report each week in the example municipality. Two of them send nothing in
# the example week, so the demo shows who is missing.
DEMO_EXPECTED: dict[str, dict[str, list[str]]] = {
    "Vivalla": {
        "Polis": ["Områdespolis"],
        "Kommun": ["Fältgruppen", "Vivallaskolan", "Fritidsgården Vivalla", "Socialtjänsten"],
        "ÖBO": ["Husvärd", "Trygghetsvärd"],
        "Räddningstjänsten": ["Räddningstjänsten"],
    },
    "Baronbackarna": {
        "Polis": ["Områdespolis"],
        "Kommun": ["Områdessamordnare", "Fritidsgården Baronbackarna", "Fältgruppen"],
        "ÖBO": ["Husvärd", "Väktare"],
    },
}


def make_demo_inbox(inbox: Path) -> list[Path]:
    """Write the example week (Örebro, 2026-W47) into `inbox`; return the files."""
    from est_cli.example_week import write_inbox

    return write_inbox(inbox)


def make_demo_workspace(folder: Path) -> tuple[Workspace, list[Path]]:
    """A workspace for Örebro (Vivalla, Baronbackarna) with the example week in its inkorg/."""
    workspace = init_workspace(folder, "Örebro", "orebro", list(DEMO_EXPECTED), DEMO_EXPECTED)
    return workspace, make_demo_inbox(workspace.inbox)
