"""Ribbon: the Execution group — Can we take it?, Plan milestones, My tasks, Log exception."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.actions.exceptions import log_exception
from orderdesk.actions.execution import can_we_take_it
from orderdesk.actions.milestones import my_tasks, plan_milestones
from orderdesk.schema import Orders

from .handlers import ButtonContext, handles


def _run(ctx: ButtonContext) -> RunContext:
    return RunContext.of(ctx.register, progress=ctx.progress)


def _orders(ctx: ButtonContext) -> list[str]:
    """The selected Orders rows' IDs (none selected: the action's default)."""
    picked = ctx.selection
    if picked is None or picked.table is not Orders:
        return []
    return [str(k[0]) for k in picked.keys if k and k[0]]


@handles("odCanWeTakeIt")
def can_we_take_it_button(ctx: ButtonContext) -> Outcome:
    """The selected orders, else every received or draft one."""
    return can_we_take_it(_run(ctx), order_ids=_orders(ctx))


@handles("odPlanMilestones")
def plan_milestones_button(ctx: ButtonContext) -> Outcome:
    """The selected orders, else every open one."""
    return plan_milestones(_run(ctx), order_ids=_orders(ctx))


@handles("odMyTasks")
def my_tasks_button(ctx: ButtonContext) -> Outcome:
    """The signed-in user's due and overdue milestones."""
    return my_tasks(_run(ctx))


@handles("odLogException")
def log_exception_button(ctx: ButtonContext) -> Outcome:
    """The exceptions typed on the Exceptions sheet: handling, escalation, contingencies."""
    return log_exception(_run(ctx))
