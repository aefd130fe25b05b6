"""The top-level command group: `batchcheck [OPTIONS] [FILES]...` means `batchcheck check …`.

Besides routing to `check` by default it makes the conventions a person expects hold: options
written before a command apply to it (`batchcheck --openapi spec.yaml schemas`); a mistyped
command is named as typed (`no such command or file 'shemas'; did you mean 'schemas'?`); `--help`
shows the options of `check`, a few examples and the exit codes; TAB completes command names.
"""

from __future__ import annotations

import difflib
import os
from typing import TYPE_CHECKING, Any

from typer.core import TyperGroup

from batchcheck.errors import OutputClosed
from batchcheck.output.sanitize import visible

if TYPE_CHECKING:
    from typer._click import Context as ClickContext  # Typer's own copy of click
    from typer._click import HelpFormatter
    from typer._click.shell_completion import CompletionItem

GROUP_OPTIONS = {"--help", "-h", "--version", "-V", "--install-completion", "--show-completion"}
IMPLICIT = "batchcheck.implicit_check"  # root context meta: `check` was not typed

EXAMPLES = (
    ("curl -s -i URL | batchcheck", "check a response as curl gets it (headers and all)"),
    ("batchcheck tests/fixtures/", "every *.json below a folder; the failing ones listed at the end"),
    ("batchcheck -f text --fail-on-partial a.json", "editor/pre-commit lines; exit 3 on failed batch items"),
    ("batchcheck --openapi api.yaml resp.json", "detect among an OpenAPI document's schemas"),
    ("batchcheck schemas lint --schema-dir contracts/", "find problems in your own schemas"),
)
EXIT_CODES = (
    ("0", "every document is valid (or an HTTP 204/304 without a body)"),
    ("1", "a document is invalid, or matched no schema"),
    ("2", "usage or configuration error, or an input that cannot be read or parsed"),
    ("3", "with --fail-on-partial: everything valid, but a batch reports failed items"),
    ("130", "interrupted (Ctrl-C)"),
    ("141", "standard output closed early (`| head`): the run stopped before its verdict"),
)


class CheckByDefault(TyperGroup):
    """The root group; see the module docstring."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if args or not ctx.resilient_parsing:  # completing a first word: command names (below)
            args = self._route(ctx, list(args))
        return super().parse_args(ctx, args)

    def _route(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if args and (args[0] in self.commands or args[0] in GROUP_OPTIONS):
            return args
        index = self._first_argument(ctx, args)
        if index is not None and args[index] in self.commands:  # options before the command
            end, command = index + 1, self.commands[args[index]]
            while end < len(args) and isinstance(command, TyperGroup) and args[end] in command.commands:
                command, end = command.commands[args[end]], end + 1
            return [*args[index:end], *args[:index], *args[end:]]
        if index is not None and not ctx.resilient_parsing:
            self._refuse_typo(ctx, args[index])
        ctx.meta[IMPLICIT] = True
        return ["check", *args]

    def _first_argument(self, ctx: ClickContext, args: list[str]) -> int | None:
        """Where the first word that is not an option (nor an option's value) is, if any."""
        takes_value = _value_options(self.commands["check"], ctx)
        index = 0
        while index < len(args):
            word = args[index]
            if word == "--":
                return None
            if not word.startswith("-") or word == "-":
                return index
            index += 2 if word in takes_value else 1
        return None

    def _refuse_typo(self, ctx: ClickContext, word: str) -> None:
        """A bare word that is no file but nearly a command name is a mistyped command."""
        from typer._click.exceptions import UsageError  # lazy: start-up (only on this path)

        if not word.isascii() or not word.isalpha() or os.path.exists(word):
            return
        names = {name: name for name in self.commands}  # and a command's own commands by their path
        for name, command in self.commands.items():
            names.update({sub: f"{name} {sub}" for sub in getattr(command, "commands", {})})
        close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
        if close:
            raise UsageError(f"no such command or file {word!r}; did you mean {names[close[0]]!r}?", ctx)

    def invoke(self, ctx: ClickContext) -> Any:
        """The command; a closed stdout becomes OutputClosed before Typer would call it exit 1."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError as closed:
            raise OutputClosed(str(closed)) from closed

    def shell_complete(self, ctx: ClickContext, incomplete: str) -> list[CompletionItem]:
        """The command names for a first word (nothing for an empty one: the shell lists files),
        and the options of `check` besides the group's own."""
        results = [] if not incomplete else super().shell_complete(ctx, incomplete)
        if incomplete.startswith("-"):
            check = self.commands["check"]
            with check.make_context("check", [], parent=ctx, resilient_parsing=True) as check_ctx:
                results += check.shell_complete(check_ctx, incomplete)
        return results

    def format_help(self, ctx: ClickContext, formatter: HelpFormatter) -> None:
        """Usage, what batchcheck does, the options of `check` and the group's, the commands,
        examples and exit codes."""
        formatter.write("Usage: batchcheck [OPTIONS] [FILES]...\n")
        formatter.write("       batchcheck COMMAND [ARGS]...\n")
        self.format_help_text(ctx, formatter)
        check = self.commands["check"]
        with check.make_context("batchcheck", [], parent=ctx, resilient_parsing=True) as check_ctx:
            records = [r for p in check.get_params(check_ctx) if (r := p.get_help_record(check_ctx))]
        records = [r for r in records if not r[0].startswith("-h")]  # the group's -h comes last
        records += [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx))]
        with formatter.section("Options (of `check`, the default command)"):
            formatter.write_dl(records)
        self.format_commands(ctx, formatter)
        with formatter.section("Examples"):
            formatter.write_dl(EXAMPLES)
        with formatter.section("Exit codes"):
            formatter.write_dl(EXIT_CODES)


def _value_options(command: Any, ctx: ClickContext) -> set[str]:
    """The option names of command that take a value (`--format json`, `-s NAME`)."""
    names: set[str] = set()
    for param in command.params:
        option = getattr(param, "param_type_name", "") == "option"
        if option and not getattr(param, "is_flag", False) and not getattr(param, "count", False):
            names.update(param.opts)
    return names


def usage_lines(error: Any) -> str:
    """How a usage error reads: `Usage:`, `Try … -h`, then `Error: …`, naming the command as the
    user typed it (`batchcheck`, not `batchcheck check`, when `check` was implied)."""
    ctx = error.ctx
    message = visible(error.format_message())  # it quotes what was typed: `--x##[error]`
    if ctx is None:
        return f"Error: {message}\n"
    implicit = ctx.command.name == "check" and ctx.find_root().meta.get(IMPLICIT, False)
    path = ctx.find_root().info_name if implicit else ctx.command_path
    pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
    return f"Usage: {path} {pieces}\nTry '{path} -h' for help.\n\nError: {message}\n"
