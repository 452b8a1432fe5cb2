"""`orderdesk aftersales …`: the After-sales buttons on a closed register (issue 21)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.aftersales import complaint_clocks
from orderdesk.actions.aftersales_feedback import ask_feedback, import_feedback
from orderdesk.actions.aftersales_fivewhy import five_why
from orderdesk.actions.aftersales_lessons import find_lessons
from orderdesk.actions.aftersales_letters import complaint_letter, first_settled_letters
from orderdesk.actions.aftersales_review import review_orders
from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.cli.app import (
    AllowLossOpt,
    JsonOpt,
    UserOpt,
    WorkbookArg,
    app,
    emit,
    open_register,
    progress,
)
from orderdesk.demo import DemoContext, demo_step
from orderdesk.domain.documents.letters import LetterKind

aftersales_app = typer.Typer(
    help="After-sales: complaint clocks, post-order reviews, lessons.", no_args_is_help=True
)
app.add_typer(aftersales_app, name="aftersales")


def _ctx(path: Path, user: str | None, allow_loss: bool) -> RunContext:
    register = open_register(path, user=user, allow_loss=allow_loss)
    return RunContext.of(register, progress=progress())


@aftersales_app.command("complaints")
def complaints_cmd(
    path: WorkbookArg,
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Run every complaint's SLA clocks in business hours (Settings: working days, working
    hours, holidays; Complaint SLA per class): write Acknowledge Due, Solution Due and SLA on
    the Complaints sheet and list the breaches on the ComplaintSLA sheet. A complaint for an
    unknown order or with times out of order is refused, naming its cell; nothing is written.

    Exit code 1 when a complaint was acknowledged or answered late, or is overdue."""
    emit(complaint_clocks(_ctx(path, user, allow_loss)), as_json)


@aftersales_app.command("review")
def review_cmd(
    path: WorkbookArg,
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Review every closed order (PAR): cycle time vs plan, OTIF, L/C document discrepancies,
    complaints and their cost, margin realised vs quoted, payment days late, feedback; a score
    per order and its worst dimensions, on the Reviews sheet.

    Exit code 1 when a closed order scores below 60."""
    emit(review_orders(_ctx(path, user, allow_loss)), as_json)


@aftersales_app.command("lessons")
def lessons_cmd(
    path: WorkbookArg,
    complaint: Annotated[
        str | None, typer.Option("--complaint", metavar="ID", help="Lessons like this complaint.")
    ] = None,
    order: Annotated[
        str | None, typer.Option("--order", metavar="ID", help="Lessons like this order.")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="Lessons like this text.")
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """The five lessons on the Lessons sheet most like a complaint, an order or a text (same
    product, same complaint class, similar words in any language). Writes nothing.

    Exit code 1 never: finding no lesson is an answer, not a finding."""
    if sum(x is not None for x in (complaint, order, text)) != 1:
        raise typer.BadParameter("give one of --complaint, --order or --text")
    ctx = RunContext.of(open_register(path, user=user))
    emit(find_lessons(ctx, complaint=complaint, order=order, text=text), as_json)


@aftersales_app.command("five-why")
def five_why_cmd(
    path: WorkbookArg,
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Check the 5 Why records (complaint or order named, root cause one of the 6M, no why
    after a blank one), write the monthly Pareto of root causes with its chart on the
    RootCauses sheet, and name the closed complaints whose 5 Why could become a lesson.

    Exit code 1 when a corrective or preventive action is past its Due date, not verified."""
    emit(five_why(_ctx(path, user, allow_loss)), as_json)


@aftersales_app.command("survey")
def survey_cmd(
    path: WorkbookArg,
    order: Annotated[
        list[str] | None,
        typer.Option("--order", metavar="ID", help="Only this order (repeatable)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Folder (default: Surveys beside the workbook)."),
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Write a customer feedback survey (xlsx form: six questions scored 1–5 and one free text,
    in the customer's language) for every closed order, or the orders asked for. The register
    is not changed.

    Exit code 1 never: the surveys are the result."""
    ctx = RunContext.of(open_register(path, user=user))
    emit(ask_feedback(ctx, orders=order or (), out=out), as_json)


@aftersales_app.command("import-surveys")
def import_surveys_cmd(
    path: WorkbookArg,
    file: Annotated[
        list[Path] | None,
        typer.Option(
            "--file",
            metavar="FILE",
            help="A returned survey (repeatable; default: the Surveys folder's forms).",
        ),
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Import returned surveys onto the Feedback sheet (each order's question once). A survey
    for an unknown order or with a score that is not 1–5 is refused naming the file and cell;
    nothing is imported then.

    Exit code 1 never: answers imported are not findings."""
    emit(import_feedback(_ctx(path, user, allow_loss), file), as_json)


@aftersales_app.command("letter")
def letter_cmd(
    path: WorkbookArg,
    complaint: Annotated[
        str, typer.Option("--complaint", metavar="ID", help="The complaint (Complaint ID).")
    ],
    kind: Annotated[
        LetterKind,
        typer.Option("--kind", metavar="KIND", help="acknowledgement or resolution."),
    ],
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="en, zh-CN, es, de, fr, ar or en+zh-CN (default: the customer's)."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="DIR", help="Folder (default: Documents beside the workbook)."
        ),
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Write a complaint's acknowledgement (received when, who handles it, solution by the
    business-hours due time) or resolution letter (settlement and amount, root cause and
    corrective action from its 5 Why) as a PDF in the customer's language, on the company's
    letterhead. The same complaint gives the same file; a changed letter the next version. A
    resolution without a Settlement (or a credit note or discount without a Claim Amount) is
    refused naming the cell. The register is not changed.

    Exit code 1 never: the letter is the result."""
    ctx = RunContext.of(open_register(path, user=user))
    emit(complaint_letter(ctx, complaint, kind, lang=lang, out=out), as_json)


@demo_step(86, "Complaints on the clock")
def _demo_complaints(ctx: DemoContext) -> Outcome:
    return complaint_clocks(RunContext.of(open_register(ctx.register)))


@demo_step(87, "Post-order reviews")
def _demo_reviews(ctx: DemoContext) -> Outcome:
    return review_orders(RunContext.of(open_register(ctx.register)))


@demo_step(89, "Complaint letters")
def _demo_letters(ctx: DemoContext) -> Outcome:
    register = open_register(ctx.register)
    return first_settled_letters(RunContext.of(register), ctx.out / "documents")
