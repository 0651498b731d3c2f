"""Shell conventions through the CLI: help that lists exactly what a command accepts, whole command
descriptions in the top-level help, and --color / NO_COLOR / FORCE_COLOR."""

import json
import re

import pytest

from zjtx.io.env import Environment

from conftest import EXAMPLES, run

WEIFANG = str(EXAMPLES / "weifang.toml")

# Every command that takes --format, with the arguments it needs to run.
FORMAT_COMMANDS = {
    "check": ["check", WEIFANG],
    "compare": ["compare", WEIFANG],
    "policies": ["policies"],
    "cities": ["cities"],
    "titles": ["titles"],
    "plan": ["plan", WEIFANG],
}


def test_every_command_with_a_format_is_checked_here():
    import typer.core
    import typer.main

    from zjtx.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)  # the app has subcommands
    with_format = {name for name, cmd in group.commands.items() if any("--format" in p.opts for p in cmd.params)}
    assert with_format == set(FORMAT_COMMANDS)


def _help_formats(args: list[str]) -> list[str]:
    result = run(args[0], "-h")
    assert result.exit_code == 0, result.stderr
    found = re.search(r"--format <([a-z|]+)>", result.stdout)
    assert found, result.stdout
    return found.group(1).split("|")


@pytest.mark.parametrize("command", sorted(FORMAT_COMMANDS))
def test_help_lists_exactly_the_formats_the_command_accepts(command):
    offered = _help_formats(FORMAT_COMMANDS[command])
    candidates = set(offered)
    for other in FORMAT_COMMANDS.values():
        candidates |= set(_help_formats(other))
    candidates |= {"xml", "yaml"}
    accepted = []
    for fmt in sorted(candidates):
        result = run(*FORMAT_COMMANDS[command], "-f", fmt)
        if result.exit_code != 2:  # 2 = usage error: the format was refused
            accepted.append(fmt)
    assert sorted(offered) == accepted


def test_compare_does_not_offer_csv_or_jsonl():
    out = run("compare", "-h").stdout
    assert "--format <table|json|html>" in out and "csv" not in out and "jsonl" not in out


def test_top_level_help_shows_whole_descriptions():
    out = run("-h").stdout
    assert "..." not in out.split("Commands:")[1]
    flat = " ".join(out.split())
    assert "Compute every award a company qualifies for: amount, payers, clause, validity." in flat
    assert "The same company as if located in each city that has documents (and its own): totals side by side." in flat
    assert "Write a company file: a questionnaire, or a filled example with --example CITY." in flat


def _table(*args, tty=False, environ=None):
    env = Environment(stdout_isatty=tty, width=100, environ={"TERM": "xterm", **(environ or {})})
    result = run(*args, obj=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "args, tty, environ, coloured",
    [
        (["check", WEIFANG], True, {}, True),  # auto: a terminal
        (["check", WEIFANG], False, {}, False),  # auto: a pipe
        (["check", WEIFANG], True, {"NO_COLOR": "1"}, False),  # auto: NO_COLOR
        (["check", WEIFANG, "--color", "always"], False, {}, True),  # explicit flag wins over the pipe
        (["check", WEIFANG, "--color", "always"], True, {"NO_COLOR": "1"}, True),  # … and over NO_COLOR
        (["check", WEIFANG, "--color", "never"], True, {}, False),
        (["--color", "always", "check", WEIFANG], False, {}, True),  # before the command, too
        (["--color", "never", "compare", WEIFANG], True, {}, False),
        (["check", WEIFANG], False, {"FORCE_COLOR": "1"}, True),  # FORCE_COLOR acts as always
        (["check", WEIFANG], True, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, True),
        (["check", WEIFANG, "--color", "never"], True, {"FORCE_COLOR": "1"}, False),  # the flag wins
        (["check", WEIFANG, "--color", "auto"], False, {"FORCE_COLOR": "1"}, True),
        (["cities", "--color", "always"], False, {}, True),
        (["policies", "--city", "西宁", "--color", "always"], False, {}, True),
        (["policies", "show", "xining.tech_transfer", "--color", "always"], False, {}, True),
        (["titles", "--color", "always"], False, {}, True),
        (["plan", WEIFANG, "--color", "always"], False, {}, True),
    ],
)
def test_color(args, tty, environ, coloured):
    assert ("\x1b[" in _table(*args, tty=tty, environ=environ)) is coloured


def test_color_never_touches_json():
    out = _table("check", WEIFANG, "--json", "--color", "always", tty=True)
    assert "\x1b[" not in out and json.loads(out)["city"]["code"] == "370700"


def test_color_value_is_checked():
    result = run("check", WEIFANG, "--color", "sometimes")
    assert result.exit_code == 2 and "auto" in result.stderr and "always" in result.stderr


def test_every_format_a_command_offers_has_its_writer_and_no_writer_is_left_over():
    from zjtx.render import formats, writers

    offered = {(c, f.name) for c in formats.COMMANDS for f in formats.offered(c)}
    for command, fmt in offered:
        assert callable(writers.writer(command, fmt)) or isinstance(writers.writer(command, fmt), writers.Stream)
    defined = {
        tuple(name.split("_", 1))
        for name in dir(writers)
        if name.split("_", 1)[0] in formats.COMMANDS and name.split("_", 1)[-1] in formats.FORMATS
    }
    assert defined == offered


def test_the_file_name_chooses_the_format_the_registry_names(tmp_path):
    # -o report.jsonl on compare: compare offers no jsonl, and the message lists what it offers
    result = run("compare", WEIFANG, "-o", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 2 and "*.json *.html" in result.stderr and not (tmp_path / "r.jsonl").exists()
