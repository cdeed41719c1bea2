"""Running `est` in tests, the one way: in this process through Typer's CliRunner (fast), or as a
child process where that is what is tested (the entry point, crashes, imports at start-up).

    from helpers import run_est, said
    ran = run_est("merge", "--json", cwd=ws)
    assert ran.returncode == 0 and "Fel" not in ran.stderr

`run_est` answers like subprocess.run: `returncode`, `stdout`, `stderr`. The terminal is 80 columns
wide unless a test asks for another width (a long temporary path wraps mid-word at 80).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the repository
DATA = ROOT / "tests" / "data"  # fixture files, each with the script that made it
EXAMPLES = ROOT / "examples"  # the bundled example week


@dataclass
class Ran:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def _environment(columns: int) -> dict[str, str]:
    env = dict(os.environ, COLUMNS=str(columns), NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("EST_DB_URL", None)  # a developer's own archive must never leak into a test
    return env


def run_est(
    *args: str, cwd: Path | None = None, columns: int = 80, subprocess_: bool = False, timeout: int = 300
) -> Ran:
    """`est ARGS` typed in `cwd`; in this process unless `subprocess_`."""
    if subprocess_:
        done = subprocess.run(
            [sys.executable, "-m", "est_cli", *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=_environment(columns),
            timeout=timeout,
        )
        return Ran(list(args), done.returncode, done.stdout, done.stderr)
    return _in_process(list(args), cwd, columns)


def _in_process(args: list[str], cwd: Path | None, columns: int) -> Ran:
    """The console entry point (est_cli.cli.main, which turns errors into 'Fel: …' and exit codes) inside
    CliRunner's isolation: its own stdout, stderr and environment; the working folder and sys.argv set
    for the call and put back afterwards."""
    from typer.testing import CliRunner

    from est_cli.cli import common, main

    # rich reads COLUMNS once, when the console is made (at the first import): set this call's width.
    common.err.width = common.out.width = columns
    runner = CliRunner()
    env = _environment(columns)
    env_changes: dict[str, str | None] = {key: value for key, value in env.items() if os.environ.get(key) != value}
    env_changes.update({key: None for key in os.environ if key not in env})
    old_cwd, old_argv = Path.cwd(), sys.argv
    code = 0
    with runner.isolation(env=env_changes) as streams:
        out, err = streams[0], streams[1]
        try:
            if cwd is not None:
                os.chdir(cwd)
            sys.argv = ["est", *args]
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            os.chdir(old_cwd)
            sys.argv = old_argv
            sys.stdout.flush()
            sys.stderr.flush()
        return Ran(args, code, _text(out), _text(err))


def _text(stream) -> str:
    value = stream.getvalue()
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value


def said(ran) -> str:
    """stderr with the terminal's line wrapping undone (one space where a line broke)."""
    return " ".join(ran.stderr.split())


def soffice(src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert with LibreOffice using a profile of its own (`profile`, a fresh folder), so that a
    LibreOffice already running – another test, a person's office – cannot take or refuse the job."""
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore"]
        + ["--convert-to", fmt, "--outdir", str(outdir), str(src)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    produced = outdir / (src.stem + "." + fmt.split(":", 1)[0])
    assert done.returncode == 0 and produced.is_file(), done.stderr
    return produced
