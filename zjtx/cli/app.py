"""The typer applications: the root command (its --version and --color) and the groups. Commands register
themselves on these in their own modules (``check``, ``catalog``, ``init``, ``plan``); ``zjtx.cli``
imports the one a command line needs (all of them for --help). The groups are added by ``catalog``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup

from zjtx.cli.common import ColorOpt

if TYPE_CHECKING:
    # The click TyperGroup is declared with: the newest typer the pins allow (what CI's mypy checks against)
    # vendors it as typer._click, where typer 0.24 uses click itself. Only mypy reads this import.
    from typer._click import Context, HelpFormatter


class WholeHelpGroup(TyperGroup):
    """Lists each command with its whole description (click cuts it to the width with "...")."""

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        rows: list[tuple[str, str]] = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, " ".join((cmd.short_help or cmd.help or "").split("\n\n")[0].split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    cls=WholeHelpGroup,
    name="zjtx",
    help="Cash awards for 专精特新 and related industrial policies of Chinese cities, computed from the "
    "policy documents: caps, payer splits, validity windows, each traceable to its clause.\n\n"
    "Example: zjtx check examples/weifang.toml",
    epilog="\b\nExamples:\n  zjtx check examples/weifang.toml\n  zjtx compare examples/xining.toml\n"
    "  zjtx policies --city 日照\n  zjtx init --example 潍坊 my-company.toml",
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
policies_app = typer.Typer(
    cls=WholeHelpGroup,
    help="Browse every measure of the bundled (and --data) documents.",
    epilog="\b\nExamples:\n  zjtx policies --city 西宁\n  zjtx policies --json | jq '.[] | select(.city == \"630100\") | .id'\n"
    "  zjtx policies show xining.tech_transfer",
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
data_app = typer.Typer(
    cls=WholeHelpGroup,
    help="Policy data tools.",
    epilog="\b\nExample:\n  zjtx data check my-policies/",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:  # `zjtx --color never --version`: the plain `zjtx --version` never gets here (zjtx.cli.main)
        from zjtx import __version__

        print(f"zjtx {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    color: ColorOpt = None,
) -> None:
    """zjtx — 专精特新 award calculator."""
