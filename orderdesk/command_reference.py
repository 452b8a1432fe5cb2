"""The README's command reference, written from the `orderdesk` command itself.

    .venv/bin/python -m orderdesk.command_reference README.md     (or: make readme)

Rewrites the text between the two marker lines of the README with one entry per command: its
synopsis (every argument and option, as the command takes them) and its help text. A test
checks that the README says what `orderdesk <command> --help` says, so the two cannot drift.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

START = "<!-- commands: written by `make readme` from the CLI itself; do not edit by hand -->"
END = "<!-- end of commands -->"
WIDTH = 96
# The order a newcomer meets the commands in; a command not named here comes at the end.
ORDER = (
    "new-register",
    "demo",
    "about",
    "intake",
    "validate",
    "questions",
    "quote",
    "docs",
    "lc",
    "suppliers",
    "kpi",
    "sync tracking",
    "sandbox",
    "sync bank",
    "export",
    "addin",
)
TYPE_NAMES = {"Path": "PATH", "str": "TEXT", "int": "N", "float": "X"}


def commands(group: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command of the CLI as ("sync bank", its click command), groups opened."""
    if group is None:
        from orderdesk.cli import app, load_commands

        load_commands()  # every area's module: the CLI imports them only when a command runs
        group = typer.main.get_command(app)
    for name, command in group.commands.items():
        if getattr(command, "commands", None) is not None:
            yield from commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


def _rank(name: str) -> tuple[int, str]:
    for i, first in enumerate(ORDER):
        if name == first or name.startswith(f"{first} "):
            return i, name
    return len(ORDER), name


def _metavar(param: Any) -> str:
    if param.metavar:
        return str(param.metavar)
    bare = str(param.bare_type()).removeprefix("list[").removesuffix("]")
    return TYPE_NAMES.get(bare, bare.upper())


def synopsis(name: str, command: Any) -> str:
    """'orderdesk docs PATH [--order ID]... [--all-ready] [--json]'."""
    parts = [f"orderdesk {name}"]
    for param in command.params:
        if not param.opts[0].startswith("-"):  # an argument
            shown = _metavar(param) if param.required else f"[{_metavar(param)}]"
            parts.append(shown + ("..." if param.nargs == -1 else ""))  # as many as given
            continue
        option = (
            param.opts[0]
            if getattr(param, "is_flag", False)
            else (f"{param.opts[0]} {_metavar(param)}")
        )
        option = option if param.required else f"[{option}]"
        parts.append(option + ("..." if param.multiple else ""))
    return " ".join(parts)


def entry(name: str, command: Any) -> list[str]:
    lines = textwrap.wrap(
        synopsis(name, command), WIDTH, subsequent_indent="        ", break_on_hyphens=False
    )
    for paragraph in (command.help or "").strip().split("\n\n"):
        text = " ".join(paragraph.split())
        lines += textwrap.wrap(text, WIDTH, initial_indent="    ", subsequent_indent="    ")
    return lines


def reference() -> str:
    """The reference: one entry per command, in the order of ORDER, as a text block."""
    found = sorted(commands(), key=lambda c: _rank(c[0]))
    body: list[str] = []
    for name, command in found:
        body += [*entry(name, command), ""]
    return "\n".join(["```text", *body[:-1], "```"])


def rewrite(readme: str) -> str:
    """The README with the text between its markers replaced by `reference()`."""
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"the README has no lines {START!r} … {END!r} to write between")
    return f"{head}{START}\n{reference()}\n{END}{tail}"


def main(argv: list[str]) -> None:
    path = Path(argv[0] if argv else "README.md")
    path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the command reference into {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
