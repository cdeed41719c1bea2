"""`est validate`: read and check files, store nothing, collect every finding of every file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from est_cli.ingest import Options, ingest
from est_cli.model import FileResult
from est_cli.privacy import mask_text, shown_path
from est_cli.schema import Schema


@dataclass
class ValidationRun:
    roots: list[Path] = field(default_factory=list)  # the paths as given
    files: list[FileResult] = field(default_factory=list)  # checklists (ok, warnings, rejected)
    skipped: list[FileResult] = field(default_factory=list)  # no checklist (images, .txt …)
    display: dict[Path, str] = field(default_factory=dict)  # path as given (JSON)
    short: dict[Path, str] = field(default_factory=dict)  # path inside the given folder (people)

    @property
    def rejected(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "rejected"]

    def totals(self) -> dict[str, int]:
        reports = [r for f in self.files for r in f.stored_reports]
        return {
            "files": len(self.files),
            "reports": len(reports),
            "observations": sum(len(r.observations) for r in reports),
            "rejected_files": len(self.rejected),
        }

    def as_dict(self) -> dict[str, Any]:
        """The design.md shape; files that are no checklist are listed under "skipped"."""
        return {
            "files": [f.as_dict(self.display.get(f.path)) for f in self.files],
            "totals": self.totals(),
            "skipped": [{"path": self.display.get(f.path, str(f.path)), "reason": f.skipped} for f in self.skipped],
        }


def validate_paths(
    paths: list[Path],
    schema: Schema,
    options: Options | None = None,
    progress: Callable[[Path], None] | None = None,
) -> ValidationRun:
    """Read every file under `paths` (folders recursively) and ingest it against `schema`."""
    from est_cli.readers import iter_input_files, read_file

    run = ValidationRun(roots=list(paths))
    for path in iter_input_files(paths):
        if progress:
            progress(path)
        result = ingest(read_file(path), schema, options)
        run.display[path] = mask_text(str(path))
        run.short[path] = shown_path(path, paths)
        (run.skipped if result.skipped else run.files).append(result)
    return run
