"""Entry point of the `orderdesk` command. Command modules register themselves on import."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback

from orderdesk.cli.app import app, close_registers, err
from orderdesk.errors import OrderDeskError


def _load_commands() -> None:
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name != "app":
            importlib.import_module(f"{__name__}.{mod.name}")


_load_commands()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0, 1 findings, 2 usage/input, 3 bug)."""
    try:
        app(args=argv, prog_name="orderdesk")  # Typer exits through SystemExit
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
