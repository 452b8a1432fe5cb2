"""`orderdesk demo`: a sample register, and every action run on it, each with a line of what it did.

Actions add themselves with `@demo_step(order, title)` in their command module; the demo runs the
steps in order on one sample register in the output folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orderdesk.actions.base import Outcome


@dataclass
class DemoContext:
    out: Path
    register: Path
    seed: int = 1
    orders: int = 120
    state: dict[str, Any] = field(default_factory=dict)  # steps may leave things for later ones


@dataclass(frozen=True)
class DemoStep:
    order: int
    title: str
    run: Callable[[DemoContext], Outcome]


STEPS: list[DemoStep] = []


def demo_step(
    order: int, title: str
) -> Callable[[Callable[[DemoContext], Outcome]], Callable[[DemoContext], Outcome]]:
    def register(fn: Callable[[DemoContext], Outcome]) -> Callable[[DemoContext], Outcome]:
        STEPS.append(DemoStep(order, title, fn))
        return fn

    return register


def steps() -> list[DemoStep]:
    """Every area's demo step, in order (the command modules, which add them, are imported)."""
    from orderdesk.cli import load_commands

    load_commands(["demo"])
    return sorted(STEPS, key=lambda s: (s.order, s.title))
