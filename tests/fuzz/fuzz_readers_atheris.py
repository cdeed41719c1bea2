"""Coverage-guided fuzzing of read_file + ingest with atheris (libFuzzer). Not collected by pytest,
not a dependency: the pytest suite fuzzes with hypothesis (tests/test_fuzz_readers.py).

    python -m venv /tmp/atheris && /tmp/atheris/bin/pip install atheris
    mkdir -p /tmp/corpus && cp tests/data/readers/*.xlsx tests/data/readers/*.docx tests/data/readers/*.csv \
        tests/data/readers/*.eml /tmp/corpus/
    PYTHONPATH=.:$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') \
        /tmp/atheris/bin/python tests/fuzz/fuzz_readers_atheris.py /tmp/corpus -rss_limit_mb=1536 -max_total_time=600

The input's format is told by its content (as est does); the file name's extension rotates over
the formats est reads, so that wrong extensions are fuzzed too. A crash is an exception out of
read_file/ingest, a finding with the readers' last-resort "oväntat fel", or an abort (libFuzzer
keeps the input as crash-*).
"""

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from est_cli.findings import CATALOG
    from est_cli.ingest import ingest
    from est_cli.readers import read_file
    from est_cli.schema import load_schema

SCHEMA = load_schema("orebro")
EXTENSIONS = [".xlsx", ".docx", ".csv", ".eml", ".xls", ".ods", ".msg", ".xlsm"]
FOLDER = Path(tempfile.mkdtemp(prefix="est-atheris-"))


def extension_for(data: bytes) -> str:
    if data.startswith(b"PK"):
        return ".docx" if b"word/" in data[:4096] else ".xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".msg" if b"_\x00_\x00s\x00u\x00b\x00s\x00t\x00g" in data else ".xls"
    if data[:200].lower().startswith((b"from:", b"return-path:", b"received:", b"mime-version:")):
        return ".eml"
    return EXTENSIONS[len(data) % len(EXTENSIONS)] if len(data) % 5 == 0 else ".csv"


def test_one(data: bytes) -> None:
    path = FOLDER / f"input{extension_for(data)}"
    path.write_bytes(data)
    result = ingest(read_file(path), SCHEMA)
    for f in result.findings:
        assert f.code in CATALOG, f.code
        if "oväntat fel" in f.message:
            raise RuntimeError(f.message)
    assert result.rows_read == result.rows_stored + result.rows_rejected


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
