"""Floor scripts: the least each command must do, run as `python -m bench.floors KIND ARGS`."""

from __future__ import annotations

import sys
from pathlib import Path


def xlsx(inbox: Path, out: Path) -> None:
    import rich  # noqa: F401  (the CLI layer every est command pays for)
    import typer  # noqa: F401
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Rader")
    for path in sorted(inbox.glob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        for row in book.get_sheet_by_index(0).to_python(skip_empty_area=False):
            sheet.append([path.name, *row])
    wb.save(out)


def docx(inbox: Path, out: Path) -> None:
    import zipfile

    import rich  # noqa: F401
    import typer  # noqa: F401
    from lxml import etree
    from openpyxl import Workbook

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Rader")
    for path in sorted(inbox.glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
        for tbl in root.iter(f"{w}tbl"):
            for tr in tbl.iter(f"{w}tr"):
                sheet.append([path.name, *("".join(tc.itertext()) for tc in tr.iter(f"{w}tc"))])
    wb.save(out)


def typer_app() -> None:
    import typer

    app = typer.Typer(add_completion=False)

    @app.command()
    def merge(week: str = "") -> None:
        """Merge."""

    @app.command()
    def render(week: str = "") -> None:
        """Render."""

    @app.command()
    def trend(year: str = "") -> None:
        """Trend."""

    app()


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "typer":
        sys.argv = [sys.argv[0], *sys.argv[2:]]
        typer_app()
    else:
        {"xlsx": xlsx, "docx": docx}[kind](Path(sys.argv[2]), Path(sys.argv[3]))
