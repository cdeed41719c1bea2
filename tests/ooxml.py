"""Checks that a .docx or .xlsx is valid Office Open XML: every XML part against the ISO/IEC 29500
Transitional schemas in shared/data/ooxml-xsd (see its SOURCES.md), because Word is stricter than LibreOffice."""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import etree

from pg import in_ci

ENV = "EST_OOXML_XSD"
FOLDER = Path("shared", "data", "ooxml-xsd")
REPO = Path(__file__).resolve().parents[1]
HOW = (
    f"OOXML schemas not found: no {FOLDER} in the repository's folder or any folder above it "
    f"(the project keeps them in the steering repository's shared/); or set {ENV} to the folder holding all.xsd"
)

XML_NS = "http://www.w3.org/XML/1998/namespace"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"

# Short names for the namespaces in messages, so that a problem fits on one line.
PREFIXES = {
    W: "w",
    SML: "x",
    MC: "mc",
    XML_NS: "xml",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": "ep",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp",
    CONTENT_TYPES: "ct",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    RELATIONSHIPS: "rel",
}

# ECMA-376 1st edition's sequence for the children of w:rPr (EG_RPrBase; track changes first in a
# paragraph mark's w:rPr, w:rPrChange last). ISO 29500 made it a choice, but Word and the Open XML SDK
# still expect this order, so it is checked separately (messages start with "office-order").
RPR_ORDER = (
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
)
_RPR_RANK = {f"{{{W}}}{name}": n for n, name in enumerate(RPR_ORDER)}


class Problem(NamedTuple):
    part: str
    line: int
    message: str


# ------------------------------------------------------------------ the schema set


def xsd_folder() -> Path | None:
    """The schema folder: $EST_OOXML_XSD, else shared/data/ooxml-xsd in the repository's folder or the
    nearest folder above it (the repository may be checked out as a worktree or anywhere in CI)."""
    if os.environ.get(ENV, "").strip():
        folder = Path(os.environ[ENV]).expanduser()
        return folder if (folder / "all.xsd").is_file() else None
    for base in (REPO, *REPO.parents):
        if (base / FOLDER / "all.xsd").is_file():
            return base / FOLDER
    return None


@lru_cache(maxsize=1)
def _compiled(folder: Path) -> tuple[etree.XMLSchema, frozenset[str]]:
    schema = etree.XMLSchema(etree.parse(str(folder / "all.xsd")))
    understood = {XML_NS}
    for xsd in folder.rglob("*.xsd"):
        target = etree.parse(str(xsd)).getroot().get("targetNamespace")
        if target and not target.startswith("urn:est:"):
            understood.add(target)
    return schema, frozenset(understood)


def schemas() -> tuple[etree.XMLSchema, frozenset[str]]:
    """The compiled schema set and the namespaces it understands (compiled once per session); skips
    the test when the schemas cannot be found, fails it in CI so that a broken CI setup is noticed."""
    folder = xsd_folder()
    if folder is None:
        if os.environ.get(ENV, "").strip():
            pytest.fail(f"{ENV}={os.environ[ENV]} holds no all.xsd", pytrace=False)
        if in_ci():
            pytest.fail(f"CI=true but {HOW}", pytrace=False)
        pytest.skip(HOW)
    return _compiled(folder.resolve())


# ------------------------------------------------------------------ checking a package


def check_package(path: Path) -> list[Problem]:
    """Every problem in the .docx/.xlsx at `path`: XML parts against the schemas (with markup
    compatibility applied), w:rPr order, parts without a content type and relationships to missing
    parts. [] for a valid file. Repeats of one message in one part are folded into the first."""
    schema, understood = schemas()
    problems: list[Problem] = []
    with zipfile.ZipFile(path) as package:
        names = [n for n in package.namelist() if not n.endswith("/")]
        types = _content_types(package, names, problems)
        for name in names:
            if name.endswith((".xml", ".rels")) or types.get(name, "").endswith("xml"):
                problems += check_part(schema, understood, name, package.read(name))
        problems += _relationship_targets(package, names)
    return _fold(problems)


def check_part(schema: etree.XMLSchema, understood: frozenset[str], name: str, data: bytes) -> list[Problem]:
    """The problems of one XML part (`name` as in the package, without a leading slash)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        return [Problem(name, exc.lineno or 0, f"not well-formed XML: {exc.msg}")]
    tree = root.getroottree()
    problems = _markup_compatibility(root, data, understood, name)
    # Gap in the 2008 sml.xsd: its `t` is a simple type, so the xml:space="preserve" that Excel writes
    # on every text with leading or trailing blanks would be "not allowed".
    for text in root.iter(f"{{{SML}}}t"):
        text.attrib.pop(f"{{{XML_NS}}}space", None)
    if not schema.validate(tree):
        for entry in schema.error_log:
            where = f" (at {_readable_path(tree, entry.path)})" if entry.path else ""
            problems.append(Problem(name, entry.line, _short(entry.message) + where))
    problems += _rpr_order(tree, name)
    return problems


def describe(path: Path, problems: list[Problem]) -> str:
    """A failure message: the file, then one line per problem (part, line, the schema's message)."""
    lines = [f"{Path(path).name}: {len(problems)} problem(s) against the OOXML schemas"]
    lines += [f"  {p.part}:{p.line}: {p.message}" for p in problems]
    return "\n".join(lines)


# ------------------------------------------------------------------ markup compatibility (ECMA-376 part 3)


def _markup_compatibility(root, data: bytes, understood: frozenset[str], part: str) -> list[Problem]:
    """Process mc:AlternateContent (the first mc:Choice whose namespaces are understood, else mc:Fallback)
    and mc:Ignorable (elements and attributes of ignorable namespaces the schemas do not know are dropped),
    as an Office consumer does. A namespace in mc:MustUnderstand that is not understood is a problem.
    (mc:ProcessContent is not supported: est writes none, and without it such content is dropped.)"""
    # Only the namespaces the part declares can occur in it; looking each of them up is much faster
    # than walking every node of a part with many thousands of elements in Python.
    foreign = _declared_namespaces(data) - understood
    problems: list[Problem] = []
    if MC in foreign:
        alternate = f"{{{MC}}}AlternateContent"
        while (alt := next(root.iter(alternate), None)) is not None:  # outermost first; nested ones next round
            chosen = _choose(alt, understood)
            for node in list(chosen) if chosen is not None else []:
                alt.addprevious(node)
            alt.getparent().remove(alt)
    for ns in sorted(foreign - {MC}):
        for element in list(root.iter(f"{{{ns}}}*")):
            if element.getparent() is not None and ns in _ignorable(element):
                element.getparent().remove(element)
    for ns in sorted(foreign, key=lambda ns: ns == MC):  # mc:Ignorable itself is dropped last
        for value in root.xpath("//@f:*", namespaces={"f": ns}):
            owner, name = value.getparent(), value.attrname
            if name in (f"{{{MC}}}Ignorable", f"{{{MC}}}MustUnderstand"):
                for prefix in set(str(value).split()) - set(owner.nsmap):
                    problems.append(
                        Problem(
                            part,
                            owner.sourceline or 0,
                            f"mc:{etree.QName(name).localname} names the undeclared prefix {prefix!r}",
                        )
                    )
            if name == f"{{{MC}}}MustUnderstand":
                for missing in _declared(owner, name) - understood:
                    problems.append(
                        Problem(
                            part, owner.sourceline or 0, f"mc:MustUnderstand names {missing}, which is not understood"
                        )
                    )
            if ns == MC or ns in _ignorable(owner):
                del owner.attrib[name]
    return problems


def _declared_namespaces(data: bytes) -> set[str]:
    text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8", "replace")
    return set(re.findall(r"""xmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']""", text))


def _declared(element, attribute: str) -> set[str]:
    """The namespaces whose prefixes the mc attribute `attribute` of `element` lists (undeclared
    prefixes are reported where the attribute is read)."""
    if not element.get(attribute):  # element.nsmap is slow: only looked at when needed
        return set()
    nsmap = element.nsmap
    return {nsmap[prefix] for prefix in element.get(attribute).split() if prefix in nsmap}


def _ignorable(element) -> set[str]:
    """The namespaces declared ignorable on `element` or any element around it."""
    found: set[str] = set()
    for node in (element, *element.iterancestors()):
        found |= _declared(node, f"{{{MC}}}Ignorable")
    return found


def _choose(alternate, understood: frozenset[str]):
    for choice in alternate:
        if choice.tag == f"{{{MC}}}Choice":
            required = {choice.nsmap.get(p) for p in (choice.get("Requires") or "").split()}
            if required <= understood:
                return choice
        elif choice.tag == f"{{{MC}}}Fallback":
            return choice
    return None


# ------------------------------------------------------------------ Word's w:rPr order


def _rpr_order(tree, part: str) -> list[Problem]:
    problems = []
    for rpr in tree.getroot().iter(f"{{{W}}}rPr"):
        ranks = [(_RPR_RANK.get(child.tag, -1), child) for child in rpr if isinstance(child.tag, str)]
        for (before, first), (after, second) in pairwise(ranks):
            if before >= 0 and after >= 0 and after <= before:
                problems.append(
                    Problem(
                        part,
                        rpr.sourceline or 0,
                        f"office-order: in w:rPr, {_name(second.tag)} comes after {_name(first.tag)}; Word expects "
                        f"ECMA-376's sequence, each once (at {tree.getpath(rpr)})",
                    )
                )
                break
    return problems


# ------------------------------------------------------------------ the package (OPC)


def _content_types(package: zipfile.ZipFile, names: list[str], problems: list[Problem]) -> dict[str, str]:
    """part name → content type; parts without one are problems (Word declares such a file corrupt)."""
    if "[Content_Types].xml" not in names:
        problems.append(Problem("[Content_Types].xml", 0, "missing"))
        return {}
    try:
        root = etree.fromstring(package.read("[Content_Types].xml"))
    except etree.XMLSyntaxError:
        return {}  # reported by check_part
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "") for d in root.iter(f"{{{CONTENT_TYPES}}}Default")
    }
    overrides = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in root.iter(f"{{{CONTENT_TYPES}}}Override")
    }
    types = {}
    for name in names:
        if name == "[Content_Types].xml":
            continue
        base = name.rpartition("/")[2]
        extension = base.rpartition(".")[2].lower() if "." in base else ""  # "_rels/.rels" → "rels"
        found = overrides.get(name) or defaults.get(extension)
        if found:
            types[name] = found
        else:
            problems.append(Problem(name, 0, "no content type in [Content_Types].xml"))
    return types


def _relationship_targets(package: zipfile.ZipFile, names: list[str]) -> list[Problem]:
    """Internal relationships whose target part is not in the package."""
    problems, present = [], set(names)
    for rels in (n for n in names if n.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))  # word/_rels/document.xml.rels → word
        try:
            root = etree.fromstring(package.read(rels))
        except etree.XMLSyntaxError:
            continue  # reported by check_part
        for rel in root.iter(f"{{{RELATIONSHIPS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            )
            if resolved not in present:
                problems.append(
                    Problem(
                        rels,
                        rel.sourceline or 0,
                        f"relationship {rel.get('Id')} targets {target}, which is not in the package",
                    )
                )
    return problems


# ------------------------------------------------------------------ messages


def _name(tag: str) -> str:
    qname = etree.QName(tag)
    prefix = PREFIXES.get(qname.namespace or "")
    return f"{prefix}:{qname.localname}" if prefix else tag


def _short(message: str) -> str:
    """Clark names ({uri}name) in a schema message as prefix:name."""
    return re.sub(r"\{([^}]*)\}(\w+)", lambda m: _name(m.group(0)), message)


def _readable_path(tree, path: str) -> str:
    """libxml2's path of an element (/*/*[3] where a namespace has no prefix) as /x:workbook/x:sheets."""
    try:
        found = tree.xpath(path, namespaces={k: v for k, v in tree.getroot().nsmap.items() if k})
    except etree.XPathError:
        return path
    if not found or not etree.iselement(found[0]):
        return path
    steps = []
    for node in (found[0], *found[0].iterancestors()):
        parent = node.getparent()
        same = list(parent.iterchildren(node.tag)) if parent is not None else [node]
        steps.append(_name(node.tag) + (f"[{same.index(node) + 1}]" if len(same) > 1 else ""))
    return "/" + "/".join(reversed(steps))


def _fold(problems: list[Problem]) -> list[Problem]:
    """One entry per part and message; the first occurrence counts how often the message repeats."""

    def key(p: Problem) -> tuple[str, str]:
        return p.part, re.sub(r" \(at [^)]*\)$", "", p.message)

    counts: dict[tuple[str, str], int] = {}
    for p in problems:
        counts[key(p)] = counts.get(key(p), 0) + 1
    folded, seen = [], set()
    for p in problems:
        if key(p) in seen:
            continue
        seen.add(key(p))
        n = counts[key(p)]
        folded.append(p if n == 1 else p._replace(message=f"{p.message} [{n}× in this part]"))
    return folded
