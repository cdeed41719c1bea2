"""Render the veckolägesbild context into a Word document with docxtpl.

The template is a real .docx with Jinja tags (templates/README.md). Values are always escaped
(autoescape) so that `&` and `<` in a reporter's comment survive, and a name the template uses
that the context lacks is an error (StrictUndefined), never silently empty text. Reporter text is
a value, never template source: `{{ 7*7 }}` in a comment is printed as written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from est_cli.errors import EstError
from est_cli.outputs.atomic import write_atomically
from est_cli.outputs.docx import make_settings_valid

SHIPPED_TEMPLATE = Path(__file__).parent / "templates" / "veckolagesbild.docx"
CHART_WIDTH_MM = 160

# docxtpl turns "{_{", "}_}", "{_%" and "%_}" in the rendered output into "{{", "}}", "{%" and "%}".
# A value holding them would change, so their "_" is swapped for a private-use character before
# rendering and swapped back in the finished document.
_GUARD = "\ue000"
# docxtpl's {% cellbg %} puts w:shd first in w:tcPr; Word expects the schema's order.
_TC_PR_ORDER = (
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
)
_MARKS = ("{_{", "}_}", "{_%", "%_}")


class RenderError(EstError):
    """The template cannot be used; one Swedish line naming the template file."""


def render_lagesbild(context: dict[str, Any], template: Path | None, out: Path) -> Path:
    """Render `context` (est_cli.render.context.build_context) with `template` (None = the shipped one)
    into `out`, written atomically. Raises RenderError for a template that cannot be used."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    from est_cli.render.chart import bar_chart

    path = Path(template) if template else SHIPPED_TEMPLATE
    tpl = open_template(path)

    with tempfile.TemporaryDirectory(prefix="est-render-") as tmp:
        data = dict(context)
        areas = []
        for n, area in enumerate(context.get("omraden", []), 1):
            png = bar_chart(area["diagram"], area["diagram"]["titel"], Path(tmp) / f"diagram-{n}.png")
            extra: dict[str, Any] = {}
            if area.get("karta"):  # the area's places with coordinates (intern; est_cli.render.maps)
                from est_cli.render.maps import drawn

                extra["karta_bild"] = drawn(tpl, area["karta"], Path(tmp) / f"karta-{n}.png", CHART_WIDTH_MM)
            areas.append(dict(area, diagram_bild=InlineImage(tpl, str(png), width=Mm(CHART_WIDTH_MM)), **extra))
        data["omraden"] = areas
        fill_and_save(
            tpl,
            path,
            data,
            out,
            title=context.get("titel", "Veckolägesbild"),
            subject=context.get("variant_text", ""),
            # How `est fastställ` knows the document wherever it was saved (Word and LibreOffice keep it).
            keywords=f"EST, veckolägesbild, vecka={context.get('vecka', '')}, kommun={context.get('kommun', '')}, "
            f"variant={context.get('variant', '')}",
        )
    return Path(out)


def open_template(path: Path):
    """A docxtpl template from `path`; RenderError (one Swedish line) when it is missing or no .docx."""
    from docxtpl import DocxTemplate

    if not path.is_file():
        raise RenderError(f"Mallen {path} finns inte.")
    tpl = DocxTemplate(str(path))
    try:
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - zip, package and XML errors all mean "not a Word file"
        raise RenderError(
            f"Mallen {path} kan inte öppnas som Word-dokument (.docx): {type(exc).__name__}: {exc}"
        ) from None
    return tpl


def fill_and_save(tpl, path: Path, data: dict[str, Any], out: Path, *, title: str, subject: str, keywords: str) -> None:
    """Render `data` into `tpl` (autoescape, StrictUndefined, reporter text kept literal) and save
    it atomically at `out`. Template errors become one Swedish RenderError line naming `path`."""
    from jinja2 import Environment, StrictUndefined
    from jinja2.exceptions import TemplateError, TemplateSyntaxError, UndefinedError

    env = Environment(undefined=StrictUndefined, autoescape=True)
    try:
        tpl.render(_guarded(data), jinja_env=env, autoescape=True)
    except UndefinedError as exc:
        raise RenderError(
            f"Mallen {path} använder ett namn som inte finns ({exc.message}). "
            "Se templates/README.md för de namn mallen kan använda."
        ) from None
    except TemplateSyntaxError as exc:
        raise RenderError(
            f"Mallen {path} har ett fel i en {{{{ … }}}}- eller {{% … %}}-tagg: {exc.message}. "
            "Rätta taggen i Word (se templates/README.md)."
        ) from None
    except TemplateError as exc:
        raise RenderError(f"Mallen {path} kan inte användas: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - docxtpl's XML post-processing on a damaged template
        raise RenderError(f"Mallen {path} kan inte användas: {type(exc).__name__}: {exc}") from None
    _unguard(tpl)
    _order_cell_properties(tpl)
    make_settings_valid(tpl.docx)
    props = tpl.docx.core_properties
    props.title, props.subject, props.author, props.keywords = title, subject, "est", keywords
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, lambda target: tpl.save(str(target)))


def _guarded(value: Any) -> Any:
    """A copy of the context with docxtpl's output markers in strings made inert."""
    if isinstance(value, str):
        value = value.replace(_GUARD, "")
        for mark in _MARKS:
            value = value.replace(mark, mark.replace("_", _GUARD))
        return value
    if isinstance(value, dict):
        return {key: _guarded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_guarded(item) for item in value]
    return value


def _unguard(tpl) -> None:
    """Put the "_" back in every text of the rendered body, headers and footers."""
    from docx.oxml.ns import qn

    document = tpl.docx
    parts = [document.part]
    for section in document.sections:
        for hf in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not hf.is_linked_to_previous:
                parts.append(hf.part)
    seen: set[int] = set()
    for part in parts:
        if id(part) in seen:
            continue
        seen.add(id(part))
        for node in part.element.iter(qn("w:t")):
            if node.text and _GUARD in node.text:
                node.text = node.text.replace(_GUARD, "_")


def _order_cell_properties(tpl) -> None:
    """Sort the children of every w:tcPr into the order the OOXML schema gives."""
    from docx.oxml.ns import qn

    rank = {qn(f"w:{name}"): n for n, name in enumerate(_TC_PR_ORDER)}
    for tcpr in tpl.docx.element.body.iter(qn("w:tcPr")):
        children = list(tcpr)
        ordered = sorted(children, key=lambda child: rank.get(child.tag, len(rank)))
        if ordered != children:
            for child in children:
                tcpr.remove(child)
            tcpr.extend(ordered)
