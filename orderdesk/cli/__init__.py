"""Entry point of the `orderdesk` command. Command modules register themselves on import.

An area's module is imported only when one of its commands runs: importing every area (pandas,
matplotlib, the PDF engine, the bank parsers …) costs seconds before any work, and `orderdesk
--help` or one order's `questions` needs almost none of it. Which module registers which command
is read from the modules' source (`@app.command("name")`, `app.add_typer(x, name="name")`,
`@sync_app.command(...)`), without importing them; the top-level help is drawn from the same
reading, by Typer itself, so it is the help the imported modules would give (a test holds the
two equal).
"""

from __future__ import annotations

import ast
import copy
import importlib
import pkgutil
import sys
import traceback
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from orderdesk.cli.app import app, close_registers, err
from orderdesk.errors import OrderDeskError

_HERE = Path(__file__).parent
_GROUPS_IN_APP = {"sync_app": "sync", "export_app": "export"}  # groups app.py makes
_EVERYTHING = {"demo"}  # runs every area's demo step


@dataclass
class _Entry:
    name: str
    modules: list[str] = field(default_factory=list)
    group: bool = False
    help: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "app")


@cache
def _entries() -> dict[str, _Entry]:
    """Top-level command or group → the modules that define it, in Typer's order (commands in
    the order their modules register them, then groups)."""
    commands: dict[str, _Entry] = {}
    groups: dict[str, _Entry] = {name: _Entry(name, group=True) for name in _GROUPS_IN_APP.values()}
    app_tree = ast.parse((_HERE / "app.py").read_text(encoding="utf-8"))
    for var, name in _GROUPS_IN_APP.items():
        groups[name].help = _typer_help(app_tree, var)
    for module in _modules():
        tree = ast.parse((_HERE / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for deco in node.decorator_list:
                    target, command, options = _command(deco)
                    if target == "app" and command:
                        entry = commands.setdefault(command, _Entry(command))
                        entry.modules.append(module)
                        entry.help = options.pop("help", None) or ast.get_docstring(node)
                        entry.options = options
                    elif target in _GROUPS_IN_APP:
                        groups[_GROUPS_IN_APP[target]].modules.append(module)
            elif isinstance(node, ast.Call) and _dotted(node.func) == "app.add_typer":
                name = _keyword(node, "name")
                var = node.args[0].id if node.args and isinstance(node.args[0], ast.Name) else ""
                if isinstance(name, str):
                    entry = groups.setdefault(name, _Entry(name, group=True))
                    entry.modules.append(module)
                    entry.help = _keyword(node, "help") or _typer_help(tree, var)
    return {**commands, **groups}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _keyword(call: ast.Call, key: str) -> Any:
    for kw in call.keywords:
        if kw.arg == key and isinstance(kw.value, ast.Constant):
            return kw.value.value
    return None


def _command(deco: ast.AST) -> tuple[str, str | None, dict[str, Any]]:
    """`@X.command("name", help=…)` → ("X", "name", {literal keywords})."""
    if not isinstance(deco, ast.Call) or not _dotted(deco.func).endswith(".command"):
        return "", None, {}
    target = _dotted(deco.func)[: -len(".command")]
    first = deco.args[0] if deco.args else None
    name = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
    options: dict[str, Any] = {
        kw.arg: kw.value.value
        for kw in deco.keywords
        if kw.arg and isinstance(kw.value, ast.Constant)
    }
    return target, name, options


def _typer_help(tree: ast.Module, var: str) -> str | None:
    """The help of `var = typer.Typer(help=…)` in a module."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == var for t in node.targets)
            and isinstance(node.value, ast.Call)
        ):
            return _keyword(node.value, "help")
    return None


def load_commands(argv: list[str] | None = None) -> None:
    """Import the modules the command in `argv` needs (all of them without `argv`, or when the
    command is unknown)."""
    word = next((a for a in argv or [] if not a.startswith("-")), None)
    entries = _entries()
    if word is None or word in _EVERYTHING or word not in entries:
        wanted = _modules()
    else:
        wanted = entries[word].modules
    for module in wanted:
        importlib.import_module(f"{__name__}.{module}")


def _help_only(argv: list[str]) -> bool:
    """`orderdesk`, `orderdesk --help`: the list of commands, and nothing to run."""
    return all(a == "--help" for a in argv)


def _help_app() -> Any:
    """A Typer app with the real one's settings and a stand-in for each command and group,
    carrying the help the module gives it."""
    import typer

    stand_in = copy.copy(app)
    stand_in.registered_commands = []
    stand_in.registered_groups = []
    for entry in _entries().values():
        if entry.group:
            stand_in.add_typer(typer.Typer(help=entry.help), name=entry.name)
        else:
            stand_in.command(entry.name, help=entry.help, **entry.options)(_nothing)
    return stand_in


def _nothing() -> None:  # pragma: no cover - a stand-in that is only listed
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0, 1 findings, 2 usage/input, 3 bug)."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if _help_only(args):
            _help_app()(args=args, prog_name="orderdesk")
        else:
            load_commands(args)
            app(args=args, prog_name="orderdesk")  # Typer exits through SystemExit
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except OrderDeskError as exc:  # the user's input or an outside system's answer
        # One line, however long: the terminal wraps it, a script or a log reads it whole.
        err.print(f"orderdesk: {exc}", markup=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        err.print("orderdesk: interrupted; nothing was saved", markup=False)
        return 2
    except Exception:  # a bug: say so plainly, keep the traceback for the report
        err.print("orderdesk: internal error (this is a bug; the traceback follows)", markup=False)
        traceback.print_exc()
        return 3
    finally:
        close_registers()
    return 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
