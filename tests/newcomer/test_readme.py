"""The README's command reference is written from the CLI, and says what `--help` says (issue 23,
item 15: the hand-kept list had drifted: `questions --order` shown as required, `docs --all-ready`
and `demo --orders` missing)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from orderdesk.cli import app, load_commands, main
from orderdesk.command_reference import END, START, rewrite

README = Path(__file__).resolve().parents[2] / "README.md"


def _leaves(command: object, path: tuple[str, ...] = ()) -> list[str]:
    subs = getattr(command, "commands", None)
    if subs is None:
        return [" ".join(path)]
    return [leaf for name, sub in subs.items() for leaf in _leaves(sub, (*path, name))]


# The commands that are groups: their name is two words ("lc check").
GROUPS = (
    "sync",
    "quote",
    "export",
    "addin",
    "suppliers",
    "lc",
    "execution",
    "logistics",
    "aftersales",
    "kpi",
)


def _entries(readme: str) -> dict[str, tuple[str, str]]:
    """The README's reference: command → (synopsis, description), read as a person reads it."""
    block = readme.split(START, 1)[1].split(END, 1)[0]
    entries: dict[str, tuple[str, str]] = {}
    for chunk in block.strip().strip("`").removeprefix("text").strip().split("\n\n"):
        lines = chunk.splitlines()
        synopsis = " ".join([lines[0], *(ln.strip() for ln in lines[1:] if ln.startswith(" " * 8))])
        described = " ".join(ln.strip() for ln in lines[1:] if not ln.startswith(" " * 8))
        words = synopsis.removeprefix("orderdesk ").split()
        name = " ".join(words[:2]) if words[0] in GROUPS else words[0]
        entries[name] = (synopsis, described)
    return entries


def test_the_readme_holds_the_reference_the_cli_writes() -> None:
    readme = README.read_text(encoding="utf-8")
    assert rewrite(readme) == readme, "the README's command reference is stale: run make readme"


def _options(help_text: str) -> dict[str, str]:
    """The help's options: name → its whole entry (a long one wraps onto following lines)."""
    found: dict[str, str] = {}
    current = None
    for line in help_text.split("\nOptions:", 1)[1].splitlines():
        named = re.match(r"\s+(?:-\w, )?(--[\w-]+)", line)
        if named:
            current = named.group(1)
            found[current] = line
        elif current and line.strip():
            found[current] += " " + line.strip()
    found.pop("--help", None)
    return found


def test_the_readme_and_every_help_agree(capsys: pytest.CaptureFixture[str]) -> None:
    entries = _entries(README.read_text(encoding="utf-8"))
    assert sorted(entries) == sorted(_leaves(_all_commands()))
    for name, (synopsis, described) in entries.items():
        assert main([*name.split(), "--help"]) == 0
        shown = capsys.readouterr().out
        usage, _, rest = shown.partition("\n\n")
        text = re.split(r"\n(?:Arguments|Options):", rest, maxsplit=1)[0]
        # What the command does: every paragraph of its help, as the README's description.
        assert " ".join(text.split()) == " ".join(described.split()), name
        # The same options; required ones without brackets, the others within them.
        options = _options(shown)
        assert set(options) == set(re.findall(r"(?<![\w-])--[\w-]+", synopsis)), name
        for option, entry in options.items():
            required = "[required]" in entry
            assert (f"[{option}" not in synopsis) == required, (name, option)
        # The same arguments, in the order of the usage line ({PATH}: required).
        arguments = re.findall(r"\{(\w+)\}", usage)
        head = synopsis.split(" [")[0].split(" --")[0].split()
        assert head[1 + len(name.split()) :] == arguments, name


def _all_commands() -> object:
    """The CLI with every area's module imported (it imports them only when a command runs)."""
    load_commands()
    return typer.main.get_command(app)
