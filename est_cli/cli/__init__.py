"""The `est` command line: parse arguments, call the core, print with rich — no logic of its own."""

from __future__ import annotations

import sys

import typer

from est_cli import __version__
from est_cli.cli import common

app = typer.Typer(
    name="est",
    help="est – verktyg för EST (Effektiv samordning för trygghet): checklistor, veckans sammanställning och trender.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"est {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Visa tekniska detaljer (traceback) vid fel."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Visa versionen."),
) -> None:
    _state["debug"] = debug


def _register() -> None:
    from est_cli.cli import demo, init, merge, schema, template, validate

    app.command("demo")(demo.demo)
    app.command("init")(init.init)
    app.command("merge")(merge.merge)
    app.command("validate")(validate.validate)
    app.command("template")(template.template)
    app.add_typer(schema.app, name="schema")
    from est_cli.cli import render as render_cmd
    app.command("render")(render_cmd.render)
    from est_cli.cli import trend as trend_cmd, insats as insats_cmd
    app.command("trend")(trend_cmd.trend)
    app.add_typer(insats_cmd.app, name="insats")
    from est_cli.cli import arkiv as arkiv_cmd
    app.add_typer(arkiv_cmd.app, name="arkiv")


_register()


def _click_exceptions() -> tuple[type, type]:
    """Click's ClickException and Exit: the click package, or the copy newer Typer versions bundle."""
    try:
        from click.exceptions import ClickException, Exit
    except ImportError:
        from typer._click.exceptions import ClickException  # type: ignore[no-redef]

        try:
            from typer._click.exceptions import Exit  # type: ignore[no-redef]
        except ImportError:
            Exit = typer.Exit  # type: ignore[misc,assignment]
    return ClickException, Exit


def main() -> None:
    """Console entry point: user errors become one Swedish line; tracebacks only with --debug."""
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except common.UsageError as exc:
        if _state["debug"]:
            raise
        common.err.print(f"[bold red]Fel:[/] {exc}")
        sys.exit(common.EXIT_USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        common.err.print("Avbrutet.")
        sys.exit(130)
    except KeyboardInterrupt:
        common.err.print("Avbrutet.")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        click_error, click_exit = _click_exceptions()
        if isinstance(exc, click_error):  # a usage error: click's own one-line message, exit 2
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click_exit):
            sys.exit(exc.exit_code)
        if _state["debug"] or "--debug" in sys.argv:
            raise
        common.err.print(
            f"[bold red]Oväntat fel:[/] {type(exc).__name__}: {exc}\n"
            "Kör kommandot igen med --debug för tekniska detaljer och rapportera felet."
        )
        sys.exit(common.EXIT_USAGE)
