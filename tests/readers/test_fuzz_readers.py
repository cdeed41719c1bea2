"""Fuzzing the readers: mutated real files never crash the read + ingest path.

Hypothesis mutates real seed files (Excel, Word, CSV, e-mail, LibreOffice's .ods/.xls, Outlook
.msg): byte flips, cuts, insertions and deletions of the raw file, and — past the zip's CRC
check, where the XML parsers live — the same damage inside one zip entry, tokens that parsers
trip on (far cell references, huge numbers, bad shared-string indexes, entities), dropped
entries and wrong file extensions. Every outcome must be a FileResult: a report, findings with
a catalogued code, or a skip reason; never an exception, never the readers' last-resort
"oväntat fel" (a reader bug that `read_file` caught), and never an abort of the process.

The loop runs in a child process with a memory limit (python_calamine aborts the process,
uncatchable, on some inputs) and a timeout. Before each example the child saves the input to
`last-input`, so that an abort still leaves its reproducer. Run more examples by hand with

    PYTHONPATH=. python tests/test_fuzz_readers.py --examples 5000 --random
"""

from __future__ import annotations

import argparse
import email
import email.policy
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # this file also runs as its own script in a child

pytestmark = pytest.mark.slow  # property tests and fuzzing in memory-limited child processes

DATA = ROOT / "tests" / "data"
SEEDS = {
    # name: (file, extension it is saved under)
    "xlsx": DATA / "readers" / "lo_workbook.xlsx",
    "xlsx-example": ROOT / "examples" / "inkorg" / "ÖBO EST v47.xlsx",
    "xlsm": DATA / "readers" / "macros.xlsm",
    "docx": DATA / "readers" / "word_checkboxes.docx",
    "docx-example": ROOT / "examples" / "inkorg" / "Vivallaskolan EST v47.docx",
    "csv": DATA / "readers" / "semikolon_cp1252.csv",
    "csv-example": ROOT / "examples" / "inkorg" / "baronbackarna_v47.csv",
    "eml": DATA / "readers" / "mail_xlsx.eml",
    "ods": DATA / "readers" / "lo_workbook.ods",
    "xls": DATA / "readers" / "lo_workbook.xls",
    "msg": DATA / "readers" / "outlook.msg",
}
MEMORY_LIMIT = 1536 * 2**20
TIMEOUT = 240
SLOW_EXAMPLE = 10.0  # seconds for one file: far above any real read (a few ms)

# Text that parsers of sheet and document XML (and CSV) trip on, inserted inside a zip entry.
TOKENS = [
    b'<c r="XFD1048576"><v>1</v></c>',
    b'<c r="A1048577"><v>1</v></c>',
    b'<c r="ZZZZZZZZ99999999999"><v>1</v></c>',
    b'<c r="A0" t="s"><v>0</v></c>',
    b'<c t="s"><v>99999999</v></c>',
    b'<c t="s"><v>-1</v></c>',
    b'<c t="n"><v>1e309</v></c>',
    b'<c t="n"><v>NaN</v></c>',
    b'<c t="d"><v>not a date</v></c>',
    b'<c s="99999"><v>45000</v></c>',
    b'<c t="e"><v>#REF!</v></c>',
    b'<c t="b"><v>7</v></c>',
    b'<c t="inlineStr"><is><t>x</t></is></c>',
    b"<f>SUM(A1:A3)</f>",
    b'<row r="0">',
    b'<row r="99999999999999">',
    b'<dimension ref="A1:XFD1048576"/>',
    b'<mergeCell ref="A1:XFD1048576"/>',
    b'<numFmt numFmtId="200" formatCode="[$-F800]dddd"/>',
    b'<xf numFmtId="99999"/>',
    b'<sheet name="" sheetId="0" r:id="rId99"/>',
    b'<w:gridSpan w:val="2147483647"/>',
    b'<w:gridBefore w:val="-5"/>',
    b'<w:vMerge w:val="restart"/>',
    b"<w:tbl><w:tr><w:tc><w:tbl>",
    b'<w:sym w:char="FFFFFFFF"/>',
    b'<w:sym w:char="D800"/>',
    b'<w:fldChar w:fldCharType="begin"><w:ffData><w:ddList><w:result w:val="99"/></w:ddList></w:ffData></w:fldChar>',
    b"&#0;",
    b"&#xD800;",
    b"&unknown;",
    b"<!DOCTYPE x>",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b'"\r\n"',
    b";;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;",
    b"=cmd|' /C calc'!A0",
    "\ufeff".encode(),
]
# Attribute values that parsers trip on (cell references, styles, types, spans, sizes).
VALUES = [
    b"",
    b"0",
    b"-1",
    b"1",
    b"2147483648",
    b"99999999999999999999",
    b"1e309",
    b"NaN",
    b"A0",
    b"XFD1048576",
    b"A1:XFD1048576",
    b"ZZZZZZZ1",
    b"$A$1",
    b"A1:A0",
    b"s",
    b"e",
    b"str",
    b"inlineStr",
    b"d",
    b"b",
    b"n",
    b"true",
    b"restart",
    b"continue",
    b"\xc3\xa5",
    b"&amp;",
    b"rId999",
    b"/",
    b"../../x.xml",
    b"\t",
]
EXTENSIONS = [".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".csv", ".eml", ".msg", ".txt", ""]


# ------------------------------------------------------------------ mutations (pure, deterministic)
def _byte_op(data: bytes, op: tuple) -> bytes:
    kind, a, b = op
    if not data:
        return data if kind != "insert" else bytes(b)
    pos = a % (len(data) + 1)
    if kind == "flip":
        pos %= len(data)
        return data[:pos] + bytes([b[0] if b else 0]) + data[pos + 1 :]
    if kind == "truncate":
        return data[:pos]
    if kind == "insert":
        return data[:pos] + bytes(b) + data[pos:]
    if kind == "token":
        return data[:pos] + TOKENS[b % len(TOKENS)] + data[pos:]
    if kind == "tag-token":  # a token between two elements, where the XML stays well-formed
        at = data.find(b">", pos)
        return data if at < 0 else data[: at + 1] + TOKENS[b % len(TOKENS)] + data[at + 1 :]
    if kind == "attr":  # the next attribute value replaced
        at = data.find(b'="', pos)
        end = data.find(b'"', at + 2) if at >= 0 else -1
        return data if end < 0 else data[: at + 2] + VALUES[b % len(VALUES)] + data[end:]
    if kind == "delete":
        return data[:pos] + data[pos + 1 + b % 256 :]
    if kind == "duplicate":  # a run of the file repeated (rows, cells, elements twice)
        end = min(len(data), pos + 1 + b % 4096)
        return data[:end] + data[pos:end] * 3 + data[end:]
    raise ValueError(kind)


def _zip_op(data: bytes, op: tuple) -> bytes:
    """Damage one entry of a zip and write a valid zip again (so the damage reaches the parsers)."""
    kind, index, inner = op
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            infos = zin.infolist()
            if not infos:
                return data
            target = infos[index % len(infos)]
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
                for info in infos:
                    body = zin.read(info)
                    if info is target:
                        if kind == "drop":
                            continue
                        if kind == "rename":
                            info = zipfile.ZipInfo(info.filename.upper(), info.date_time)
                        else:
                            for each in inner:
                                body = _byte_op(body, each)
                    zout.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
            return out.getvalue()
    except Exception:  # zipfile, zlib, … on a zip an earlier mutation broke
        return data


def _mail_op(data: bytes, inner: list) -> bytes:
    """Damage the e-mail's first attachment and encode it again."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    for part in msg.walk():
        if part.get_filename():
            body = part.get_payload(decode=True) or b""
            for each in inner:
                body = _zip_op(body, each) if each[0] in ("entry", "drop", "rename") else _byte_op(body, each)
            maintype, subtype = part.get_content_type().split("/", 1)
            part.set_content(body, maintype=maintype, subtype=subtype, filename=part.get_filename())
            return msg.as_bytes()
    return data


def mutate(data: bytes, ops: list[tuple]) -> bytes:
    for op in ops:
        kind = op[0]
        if kind in ("entry", "drop", "rename"):
            data = _zip_op(data, op)
        elif kind == "mail":
            try:
                data = _mail_op(data, op[1])
            except Exception:  # the generator's own e-mail handling gave up: keep the bytes
                pass
        else:
            data = _byte_op(data, op)
    return data


def strategies():
    from hypothesis import strategies as st

    pos = st.integers(min_value=0, max_value=2**31)
    byte_op = st.one_of(
        st.tuples(st.just("flip"), pos, st.binary(min_size=1, max_size=1)),
        st.tuples(st.just("truncate"), pos, st.just(b"")),
        st.tuples(st.just("insert"), pos, st.binary(min_size=1, max_size=64)),
        st.tuples(st.just("token"), pos, st.integers(min_value=0, max_value=len(TOKENS) - 1)),
        st.tuples(st.just("tag-token"), pos, st.integers(min_value=0, max_value=len(TOKENS) - 1)),
        st.tuples(st.just("attr"), pos, st.integers(min_value=0, max_value=len(VALUES) - 1)),
        st.tuples(st.just("attr"), pos, st.integers(min_value=0, max_value=len(VALUES) - 1)),
        st.tuples(st.just("delete"), pos, st.integers(min_value=0, max_value=255)),
        st.tuples(st.just("duplicate"), pos, st.integers(min_value=0, max_value=4095)),
    )
    zip_op = st.one_of(
        st.tuples(st.just("entry"), pos, st.lists(byte_op, min_size=1, max_size=4)),
        st.tuples(st.just("drop"), pos, st.just(())),
        st.tuples(st.just("rename"), pos, st.just(())),
    )
    mail_op = st.tuples(st.just("mail"), st.lists(st.one_of(byte_op, zip_op), min_size=1, max_size=3))
    ops = st.lists(st.one_of(byte_op, zip_op, zip_op, mail_op), min_size=1, max_size=4)
    extension = st.one_of(st.none(), st.sampled_from(EXTENSIONS))  # None: the seed's own
    return st.tuples(st.sampled_from(sorted(SEEDS)), ops, extension)


# ------------------------------------------------------------------ the child
def check_one(data: bytes, name: str, schema) -> str:
    """Read + ingest one file; return a short outcome; raise AssertionError on a crash."""
    from est_cli.findings import CATALOG
    from est_cli.ingest import ingest
    from est_cli.readers import read_file

    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    path = folder / name
    path.write_bytes(data)
    try:
        started = time.monotonic()
        read = read_file(path)
        result = ingest(read, schema)
        elapsed = time.monotonic() - started
    finally:
        path.unlink()
        folder.rmdir()
    assert elapsed < SLOW_EXAMPLE, f"{elapsed:.1f} s"
    findings = list(result.findings) + [f for s in read.sources for f in s.findings]
    for f in findings:
        assert f.code in CATALOG, f.code
        assert "oväntat fel" not in f.message, f.message
    assert result.rows_read == result.rows_stored + result.rows_rejected
    if result.skipped:
        return "skipped"
    if not result.reports and not result.findings:
        return "nothing"  # e.g. a table header without rows (noted in the report, an ingest question)
    return result.status + (":" + ",".join(sorted({f.code for f in result.findings}))[:60] if result.findings else "")


def child_main(argv: list[str]) -> None:
    import resource

    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--random", action="store_true", help="a new random run instead of the fixed one")
    parser.add_argument("--last-input", default=None)
    parser.add_argument("--memory", type=int, default=MEMORY_LIMIT)
    args = parser.parse_args(argv)
    resource.setrlimit(resource.RLIMIT_AS, (args.memory, args.memory))

    from collections import Counter

    from hypothesis import HealthCheck, given, settings

    from est_cli.schema import load_schema

    schema = load_schema("orebro")
    seeds = {name: path.read_bytes() for name, path in SEEDS.items()}
    last = Path(args.last_input) if args.last_input else None
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=args.examples,
        derandomize=not args.random,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(strategies())
    def fuzz(case):
        seed, ops, extension = case
        data = mutate(seeds[seed], ops)
        suffix = SEEDS[seed].suffix if extension is None else extension
        name = f"fuzz-{seed}{suffix}"
        if last is not None:
            last.write_bytes(data)
            last.with_suffix(".json").write_text(json.dumps({"name": name, "seed": seed, "ops": repr(ops)}))
        outcomes[seed + " " + check_one(data, name, schema)] += 1

    fuzz()
    print(json.dumps({"examples": sum(outcomes.values()), "outcomes": outcomes}, ensure_ascii=False))


def run_child(tmp_path: Path, examples: int) -> subprocess.CompletedProcess:
    last = tmp_path / "last-input"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return subprocess.run(
        [sys.executable, __file__, "--examples", str(examples), "--last-input", str(last)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        env=env,
    )


def test_mutated_files_read_without_crashing(tmp_path):
    proc = run_child(tmp_path, examples=220)
    last = tmp_path / "last-input.json"
    assert proc.returncode == 0, (
        f"exit {proc.returncode}; last input: {last.read_text() if last.exists() else '-'}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert summary["examples"] >= 200
    # The mutations reach past the first checks: some files still give reports, others findings.
    kinds = {outcome.split(" ", 1)[1].split(":", 1)[0] for outcome in summary["outcomes"]}
    assert {"ok", "warnings", "rejected"} & kinds and "rejected" in kinds, kinds


# ------------------------------------------------------------------ crashes found, kept as regressions
def _rezip(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            for name, body in change(info.filename, zin.read(info)):
                zout.writestr(zipfile.ZipInfo(name, info.date_time) if name != info.filename else info, body)
    return dst


def test_crashes_found_by_fuzzing(tmp_path):
    from test_hostile import read_in_child

    cases = {
        # containers.parse_small_xml: KeyError from zipfile when the main part is missing
        "main part renamed": _rezip(
            SEEDS["docx"],
            tmp_path / "a.docx",
            lambda name, body: [(name.upper() if name == "word/document.xml" else name, body)],
        ),
        # containers.check_zip: zipfile's ZipInfo.is_dir() raises IndexError for an entry without a name
        "entry without a name": _rezip(
            SEEDS["xlsm"],
            tmp_path / "b.xlsm",
            lambda name, body: [(name, body)] + ([("", b"x")] if name == "xl/workbook.xml" else []),
        ),
        # spreadsheet.read_workbook: calamine raises OSError ("failed to fill whole buffer")
        "empty content.xml": _rezip(
            SEEDS["ods"], tmp_path / "c.ods", lambda name, body: [(name, b"" if name == "content.xml" else body)]
        ),
        # spreadsheet.read_workbook: calamine *panics* (pyo3 PanicException, a BaseException that
        # went through read_file's `except Exception` and stopped `est merge`) on a cut-off .xls
        "cut-off xls": tmp_path / "d.xls",
    }
    cases["cut-off xls"].write_bytes(SEEDS["xls"].read_bytes()[:7402])
    results = read_in_child(*cases.values())
    for (what, _path), result in zip(cases.items(), results):
        assert result["codes"] == ["file-unreadable"], what
        assert "oväntat fel" not in result["messages"][0], (what, result["messages"])
        assert result["sources"] == [], what


@pytest.mark.parametrize("text", ["Vecka;0", "Checklista vecka 0", "Vecka;v.00"])
def test_week_zero_is_a_finding_not_a_crash(tmp_path, text):
    """Found by atheris: 'vecka 0' raised ValueError out of ingest and stopped est merge/validate."""
    from est_cli.ingest import ingest_path
    from est_cli.schema import load_schema

    path = tmp_path / "v0.csv"
    path.write_text(f"{text}\nOmråde;Vivalla\nOrganisation;Polis\nRapportör;X\nPunkt;Antal\nBrand;1\n", "utf-8")
    result = ingest_path(path, load_schema("orebro"))
    assert result.status == "rejected"
    assert {f.code for f in result.findings} & {"invalid-week", "missing-week"}


if __name__ == "__main__":
    child_main(sys.argv[1:])
