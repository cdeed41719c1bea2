"""The `est` command line: parse arguments, call the core, print with rich — no logic of its own."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from est_cli import __version__
from est_cli.cli import common

# name → (module, attribute, summary): the attribute is a command function or a Typer sub-app for
# a command group; the module is imported when its command runs, not for `est --help` (issue 6),
# which shows the summary – the command's own first help paragraph (a test checks they agree).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": (
        "est_cli.cli.demo",
        "demo",
        "Skapa en arbetsyta med exempelveckan (Örebro, vecka 47): sammanställning, veckolägesbild och trend.",
    ),
    "init": (
        "est_cli.cli.init",
        "init",
        "Skapa en arbetsyta: est.toml (inställningar med förklaringar) och mapparna inkorg, arkiv och utkast.",
    ),
    "merge": (
        "est_cli.cli.merge",
        "merge",
        "Läs veckans filer, spara dem i arkivet och skriv veckans sammanställning (Excel).",
    ),
    "validate": (
        "est_cli.cli.validate",
        "validate",
        "Läs och kontrollera checklistor utan att spara något; visa varje fel med fil och cell.",
    ),
    "template": (
        "est_cli.cli.template",
        "template",
        "Skapa en tom checklista som rapportörerna fyller i (Excel eller Word).",
    ),
    "render": ("est_cli.cli.render", "render", "Skriv veckolägesbilden i Word (utkast) för en vecka i arkivet."),
    "trend": (
        "est_cli.cli.trend",
        "trend",
        "Antal händelser per område och kategori (eller tema) för ett kvartal, en tertial, ett år eller veckor.",
    ),
    "schema": (
        "est_cli.cli.schema",
        "app",
        "Visa de inbyggda checklistorna och kontrollera en egen checklista (YAML).",
    ),
    "insats": (
        "est_cli.cli.insats",
        "app",
        "Insatser: vad som görs i ett område mot en punkt eller ett tema, för uppföljningen (est trend --insatser).",
    ),
    "alias": (
        "est_cli.cli.alias",
        "app",
        "Lär arbetsytan rapportörernas egna ord för en punkt i checklistan, en gång för alla.",
    ),
    "rapport": (
        "est_cli.cli.rapport",
        "app",
        "Se arkivets rapporter och rätta dem: återkalla en felaktig, återställ den, välj vilken som gäller.",
    ),
    "område": (
        "est_cli.cli.omrade",
        "app",
        "Rätta områden i arkivet: flytta rapporter från ett felstavat eller bytt områdesnamn.",
    ),
    "händelse": (
        "est_cli.cli.handelse",
        "app",
        "Se veckans händelser och rätta dem: samma händelse från flera rapportörer räknas en gång.",
    ),
    "plats": (
        "est_cli.cli.plats",
        "app",
        "Platserna i rapporterna och platsregistret (platser.csv): samma plats med olika stavningar räknas som en.",
    ),
    "fastställ": (
        "est_cli.cli.faststall",
        "faststall",
        "Läs in mötets beslut ur den ifyllda interna veckolägesbilden: nivåer, samlad bedömning och åtgärder.",
    ),
    "åtgärd": (
        "est_cli.cli.faststall",
        "app",
        "Åtgärdslistan: det mötet kommit överens om, med ansvarig funktion och när det ska vara klart.",
    ),
    "återkoppling": (
        "est_cli.cli.feedback",
        "aterkoppling",
        "Skriv ett e-postutkast till varje rapportör som skickat in: tack, vad som räknades och vad som behöver rättas.",
    ),
    "påminn": (
        "est_cli.cli.feedback",
        "paminn",
        "Skriv ett e-postutkast till varje förväntad rapportör som inte har rapporterat, med en tom checklista.",
    ),
    "skicka": (
        "est_cli.cli.feedback",
        "skicka",
        "Skriv e-postutkastet med den fastställda externa lägesbilden till sändlistorna (dolda mottagare).",
    ),
    "karta": (
        "est_cli.cli.karta",
        "karta",
        "Rita veckans eller periodens platser på en karta: en HTML-fil som öppnas i webbläsaren, även från ett e-brev.",
    ),
    "logg": (
        "est_cli.cli.logg",
        "logg",
        "Visa arkivets logg: varje ändring (sammanslagning, återkallelse, områdesbyte …) med tid och användare.",
    ),
    "arkiv": (
        "est_cli.cli.arkiv",
        "app",
        "Säkerhetskopiera hela arkivet till en fil och läs in det igen – även för att flytta arkivet från SQLite till PostgreSQL.",
    ),
}


HELP_OPTION_TEXT = "Visa den här hjälpen och avsluta."


def _swedish_panels() -> None:
    """The titles of the help's panels in Swedish (Typer reads them when it draws the help)."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - Typer without rich: plain click help
        return
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argument"
    rich_utils.OPTIONS_PANEL_TITLE = "Alternativ"
    rich_utils.COMMANDS_PANEL_TITLE = "Kommandon"


def people_help(command) -> None:
    """Help written for people, on `command` and every command under it: no programmer types
    ('<bool>', '<list[Path]>') and no '[default: 8]' – each option's help says what to write and what
    is standard – and the help option in Swedish."""
    import types

    format_help = getattr(command, "format_help", None)
    if format_help is not None and not getattr(format_help, "swedish", False):

        def swedish_format_help(ctx, formatter, format_help=format_help) -> None:
            _swedish_panels()  # only when help is shown: Typer's rich help costs ~70 ms to import
            format_help(ctx, formatter)

        swedish_format_help.swedish = True  # type: ignore[attr-defined]
        command.format_help = swedish_format_help
    if getattr(command, "options_metavar", None):
        command.options_metavar = "[ALTERNATIV]"
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = "KOMMANDO [ARGUMENT]..."
    get_usage = getattr(command, "get_usage", None)
    if get_usage is not None and not getattr(get_usage, "swedish", False):

        def swedish_usage(ctx, get_usage=get_usage) -> str:
            return get_usage(ctx).replace("Usage:", "Användning:", 1)

        swedish_usage.swedish = True  # type: ignore[attr-defined]
        command.get_usage = swedish_usage
    for param in getattr(command, "params", []):
        param.show_default = False
        shown = param.metavar if getattr(param, "param_type_name", "") == "option" else None
        param.display_type_rich = types.MethodType(lambda _self, ctx=None, shown=shown: shown, param)
        if hasattr(param, "_get_number_range_help_str"):  # "[2000<=x<=2100]": the help text says it
            param._get_number_range_help_str = types.MethodType(lambda _self: None, param)
    original = getattr(command, "get_help_option", None)
    if original is not None:

        def swedish_help_option(self, ctx, original=original):
            option = original(ctx)
            if option is not None:
                option.help = HELP_OPTION_TEXT
                option.display_type_rich = types.MethodType(lambda _self, ctx=None: None, option)
            return option

        command.get_help_option = types.MethodType(swedish_help_option, command)
    for sub in getattr(command, "commands", {}).values():
        people_help(sub)


def load_command(name: str):
    """The real Click command for `name`: its module imported and turned into a command by Typer."""
    import importlib

    module_name, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(module_name), attribute)
    holder = typer.Typer(rich_markup_mode="rich", add_completion=False)
    if isinstance(target, typer.Typer):
        # Mounted in a holder group, as add_typer on the root would: no completion options of its own.
        holder.add_typer(target, name=name)
        holder.callback()(lambda: None)
        group: Any = typer.main.get_command(holder)
        command = group.commands[name]
    else:
        holder.command(name)(target)
        command = typer.main.get_command(holder)  # one command: Typer returns the command itself
    people_help(command)
    return command


class _LazyGroup(TyperGroup):
    """Imports a command's module only when that command is used.

    For the overview (`est --help`) the group lists light stand-ins carrying the summaries above.
    """

    _listing = False

    def list_commands(self, ctx) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx, cmd_name: str):
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        if self._listing:
            return TyperCommand(cmd_name, help=COMMANDS[cmd_name][2])
        self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx, formatter) -> None:
        people_help(self)
        _swedish_panels()
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="est",
    cls=_LazyGroup,
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


def _click_exceptions() -> tuple[type[Exception], type[BaseException]]:
    """Click's ClickException and Exit: the click package, or the copy newer Typer versions bundle."""
    import importlib

    for name in ("click.exceptions", "typer._click.exceptions"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.ClickException, getattr(module, "Exit", typer.Exit)
    raise ImportError("neither click nor Typer's bundled click is installed")  # pragma: no cover


def usage_message(exc: Exception) -> str:
    """A command-line mistake in Swedish: click's exceptions carry the option or command named."""
    import re

    kind = type(exc).__name__
    text = str(getattr(exc, "message", "") or exc)
    if kind == "NoSuchOption":
        name = getattr(exc, "option_name", "")
        possible = list(getattr(exc, "possibilities", None) or [])
        hint = f" Menade du {' eller '.join(possible[:3])}?" if possible else ""
        return f"Okänt alternativ {name}.{hint}"
    if kind == "BadOptionUsage" and "requires an argument" in text:
        return f"Alternativet {getattr(exc, 'option_name', '')} behöver ett värde."
    if kind == "MissingParameter":
        param = getattr(exc, "param", None)
        shown = getattr(param, "metavar", None) or getattr(param, "name", "") or ""
        return f"Det saknas ett värde: {shown}."
    if kind == "BadParameter":
        param = getattr(exc, "param", None)
        opts = getattr(param, "opts", None) or [getattr(param, "name", "")]
        return f"Ogiltigt värde för {opts[0]}: {_value_problem(text)}"
    match = re.match(r"No such command '(.+)'", text)
    if match:
        from difflib import get_close_matches

        close = get_close_matches(match.group(1), list(COMMANDS), n=1)
        hint = f" Menade du {close[0]}?" if close else ""
        return f"Okänt kommando {match.group(1)!r}.{hint} Alla kommandon: est --help"
    match = re.match(r"Got unexpected extra arguments? \((.+)\)", text)
    if match:
        return f"Oväntat argument: {match.group(1)}."
    return text


def _value_problem(text: str) -> str:
    """The validation messages Typer gives for a value, in Swedish."""
    import re

    text = re.sub(r"^Value error, ", "", text.strip())
    rules = (
        (r"Input should be greater than or equal to (\S+)", r"värdet ska vara minst \1."),
        (r"Input should be less than or equal to (\S+)", r"värdet ska vara högst \1."),
        (r"Input should be a valid integer.*", "skriv ett heltal."),
        (r"Input should be a valid number.*", "skriv ett tal."),
        (r"('[^']*') is not one of (.+?)\.?$", r"\1 finns inte; välj \2."),
        (r"'(.+)' is not a valid integer.*", r"'\1' är inget heltal."),
    )
    for pattern, swedish in rules:
        if re.match(pattern, text):
            return re.sub(pattern, swedish, text).replace("', '", "' eller '")
    return text


def _command_path(ctx) -> str:
    """'est merge' for the command a usage error was in (the program's own name, whatever started it)."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(["est", *reversed(names)])


def main() -> None:
    """Console entry point: every EstError becomes 'Fel: <message>' and its exit code; tracebacks only
    with --debug."""
    from est_cli.errors import EstError

    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except EstError as exc:
        if _state["debug"]:
            raise
        common.print_error(exc.message)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        common.err.print("Avbrutet.")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
        click_error, click_exit = _click_exceptions()
        if isinstance(exc, click_error):  # a usage error: one Swedish line and where the help is, exit 2
            common.print_error(usage_message(exc))
            common.err.print(
                f"Se hjälpen: {_command_path(getattr(exc, 'ctx', None))} --help", markup=False, highlight=False
            )
            sys.exit(getattr(exc, "exit_code", common.EXIT_USAGE))
        if isinstance(exc, click_exit):
            sys.exit(getattr(exc, "exit_code", 0))
        if _state["debug"] or "--debug" in sys.argv:
            raise
        from rich.markup import escape

        common.err.print(
            f"[bold red]Oväntat fel:[/] {type(exc).__name__}: {escape(str(exc))}\n"
            "Kör kommandot igen med --debug för tekniska detaljer och rapportera felet."
        )
        sys.exit(common.EXIT_USAGE)
