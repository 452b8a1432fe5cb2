"""Ribbon button id → handler. Each handler is thin: convert, call one action, return its Outcome.

Handlers register with `@handles("odValidate")`; the ribbon XML (`ribbon.xml`) names the same ids.
CI checks that every button has a handler and every handler a button.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from orderdesk.actions.base import NO_PROGRESS, Outcome, Progress
from orderdesk.actions.context import RunContext
from orderdesk.ports import Register, Selection

# (dialog title, folder it opens in, file suffixes offered) → picked files, [] if cancelled
FilePicker = Callable[[str, Path, Sequence[str]], list[Path] | None]


@dataclass
class ButtonContext:
    """What a button handler gets: the register, the rows the user chose (None: the whole
    register), progress, and the row under the cursor (a single cell counts) for buttons that
    act on one record, like Approve."""

    register: Register
    selection: Selection | None
    progress: Progress = NO_PROGRESS
    current: Selection | None = None
    pick_files: FilePicker | None = None

    @classmethod
    def of(
        cls,
        register: Register,
        progress: Progress = NO_PROGRESS,
        pick_files: FilePicker | None = None,
    ) -> ButtonContext:
        picked = register.selection()
        rows = None if picked is None or picked.single_cell else picked
        return cls(register, rows, progress, picked, pick_files)

    def run(self) -> RunContext:
        """The action's run context: this register and progress, today's date, Settings read
        once for the whole click."""
        return RunContext.of(self.register, progress=self.progress)

    def ask_files(self, title: str, folder: Path, suffixes: Sequence[str]) -> list[Path] | None:
        """Files the person picks in Excel's file dialog, opened in `folder` ([] when cancelled);
        None when there is no dialog to show (Excel for Mac, or no Excel)."""
        return None if self.pick_files is None else self.pick_files(title, folder, suffixes)


Handler = Callable[[ButtonContext], Outcome]
HANDLERS: dict[str, Handler] = {}


def handles(button_id: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        if button_id in HANDLERS:
            raise ValueError(f"two handlers for ribbon button {button_id}")
        HANDLERS[button_id] = fn
        return fn

    return register


def load_all() -> dict[str, Handler]:
    """Import every `buttons_*.py` module of the add-in package (each registers its handlers)."""
    import importlib
    import pkgutil
    from pathlib import Path

    package = __name__.rpartition(".")[0] or "orderdesk_addin"
    for mod in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if mod.name.startswith("buttons_"):
            importlib.import_module(f"{package}.{mod.name}")
    return HANDLERS
