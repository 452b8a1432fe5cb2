"""Ribbon: the After-sales group (issue 21)."""

from __future__ import annotations

from orderdesk.actions.aftersales import complaint_clocks
from orderdesk.actions.aftersales_feedback import (
    ask_feedback,
    import_picked_surveys,
    surveys_folder,
)
from orderdesk.actions.aftersales_fivewhy import five_why
from orderdesk.actions.aftersales_lessons import find_lessons
from orderdesk.actions.aftersales_letters import letter_for_selection
from orderdesk.actions.aftersales_review import review_orders
from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.domain.documents.letters import LetterKind
from orderdesk.schema import Complaints, OrderLines, Orders

from .handlers import ButtonContext, handles


@handles("odComplaint")
def complaint_button(ctx: ButtonContext) -> Outcome:
    """Every complaint's SLA clocks; breaches on the ComplaintSLA sheet."""
    return complaint_clocks(RunContext.of(ctx.register, progress=ctx.progress))


@handles("odReviewOrder")
def review_button(ctx: ButtonContext) -> Outcome:
    """Every closed order's post-order review on the Reviews sheet."""
    return review_orders(RunContext.of(ctx.register, progress=ctx.progress))


@handles("odLessons")
def lessons_button(ctx: ButtonContext) -> Outcome:
    """The lessons most like the complaint or the order under the cursor."""
    run = RunContext.of(ctx.register, progress=ctx.progress)
    picked = ctx.current
    key = str(picked.keys[0][0]) if picked is not None and picked.keys else ""
    if picked is not None and key and picked.table is Complaints:
        return find_lessons(run, complaint=key)
    if picked is not None and key and picked.table in (Orders, OrderLines):
        return find_lessons(run, order=key)  # both keyed by the Order ID first
    return Outcome("Select a complaint or an order (a row of Complaints or Orders), then Lessons.")


@handles("odFiveWhy")
def five_why_button(ctx: ButtonContext) -> Outcome:
    """The 5 Why records checked, the root-cause Pareto on the RootCauses sheet."""
    return five_why(RunContext.of(ctx.register, progress=ctx.progress))


@handles("odAskFeedback")
def ask_feedback_button(ctx: ButtonContext) -> Outcome:
    """A survey per selected closed order (or every closed order) in the Surveys folder."""
    run = RunContext.of(ctx.register, progress=ctx.progress)
    picked = ctx.selection
    orders = (
        [str(k[0]) for k in picked.keys] if picked is not None and picked.table is Orders else []
    )
    return ask_feedback(run, orders=orders)


@handles("odImportSurveys")
def import_surveys_button(ctx: ButtonContext) -> Outcome:
    """Returned surveys picked in Excel's dialog (on a Mac: the Surveys folder's) → Feedback."""
    run = ctx.run()
    picked = ctx.ask_files("Returned surveys", surveys_folder(run, None), (".xlsx",))
    return import_picked_surveys(run, picked)


@handles("odAckLetter")
def acknowledgement_letter_button(ctx: ButtonContext) -> Outcome:
    """The acknowledgement letter of the complaint under the cursor."""
    return letter_for_selection(ctx.run(), ctx.current, LetterKind.ACKNOWLEDGEMENT)


@handles("odResolutionLetter")
def resolution_letter_button(ctx: ButtonContext) -> Outcome:
    """The resolution letter of the complaint under the cursor."""
    return letter_for_selection(ctx.run(), ctx.current, LetterKind.RESOLUTION)
