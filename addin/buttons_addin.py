"""The add-in's own button: About / Check setup (Orders group)."""

from __future__ import annotations

from orderdesk.actions.about import about
from orderdesk.actions.base import Outcome

from .handlers import ButtonContext, handles


@handles("odAbout")
def about_button(ctx: ButtonContext) -> Outcome:
    return about(ctx.register, ctx.progress)
