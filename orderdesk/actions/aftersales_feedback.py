"""Ask for feedback and import the answers (ribbon: After-sales → Ask for feedback;
CLI: `orderdesk aftersales survey` and `orderdesk aftersales import-surveys`).

Ask for feedback writes one xlsx survey per closed order, in the customer's language, into a
"Surveys" folder beside the workbook (or `out`); the register is not changed. Import reads
returned surveys, checks every answer (the order exists, each score 1–5) before writing, and
appends the answers to the Feedback sheet, each order's question once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from orderdesk.actions.base import Outcome, known_orders
from orderdesk.actions.context import RunContext
from orderdesk.adapters.survey_form import read_form, write_form
from orderdesk.domain.aftersales import feedback as F
from orderdesk.schema import Column, Customers, Feedback, Orders, Setting, Stage

FOLDER = "Surveys"


def surveys_folder(ctx: RunContext, out: Path | None) -> Path:
    return out if out is not None else Path(ctx.register.source).resolve().parent / FOLDER


def ask_feedback(
    ctx: RunContext, *, orders: Sequence[str] = (), out: Path | None = None
) -> Outcome:
    """A survey per closed order (or per order asked for) in its customer's language."""
    frame = ctx.register.read(Orders).frame
    wanted = set(known_orders(orders, frame[Orders.order_id])) if orders else None
    customers = ctx.register.read(Customers).frame.drop_duplicates(Customers.customer_id)
    by_id = customers.set_index(Customers.customer_id)
    company = str(ctx.policy.get(Setting.COMPANY_NAME))
    folder = surveys_folder(ctx, out)
    written, skipped = [], []
    for _, o in frame.iterrows():
        oid = o[Orders.order_id]
        if not isinstance(oid, str) or (wanted is not None and oid not in wanted):
            continue
        if Stage.read(o[Orders.stage]) is not Stage.CLOSED:
            if wanted is not None:
                skipped.append(f"{oid}: not closed ({o[Orders.stage]}), no survey yet")
            continue
        cust = o[Orders.customer]
        known = isinstance(cust, str) and cust in by_id.index
        language = by_id.at[cust, Customers.language] if known else "en"
        name = str(by_id.at[cust, Customers.name]) if known else str(cust or "")
        form = F.survey(language)
        path = write_form(folder / f"Survey-{oid}.xlsx", oid, name, company, form)
        written.append(f"{path.name} ({form.language})")
    return Outcome(
        f"{len(written)} survey(s) written to {folder}",
        details=[*skipped, *written[:15]],
        data={"folder": str(folder), "surveys": written},
    )


def import_feedback(ctx: RunContext, files: Sequence[Path] | None = None) -> Outcome:
    """Answers of returned surveys (default: the Surveys folder's forms) onto the Feedback
    sheet; nothing written if one is bad."""
    register = ctx.register
    if not files:
        files = sorted(surveys_folder(ctx, None).glob("Survey-*.xlsx"))
    known = {
        str(v).strip().casefold(): str(v).strip()
        for v in register.read(Orders).frame[Orders.order_id]
        if isinstance(v, str)
    }
    existing = register.read(Feedback).frame
    done = {
        (str(o).casefold(), int(n))
        for o, n in zip(existing[Feedback.order_id], existing[Feedback.number], strict=True)
        if isinstance(o, str) and n == n
    }
    rows: list[dict[Column, object]] = []
    for path in files:
        back = read_form(path)
        oid = known.get(back.order_id.casefold())
        if oid is None:
            raise F.SurveyError(
                f"{path.name}!B3: '{back.order_id}' is not an order in the Orders sheet; "
                "nothing was imported"
            )
        answers = [(n, F.check_score(raw, where)) for n, raw, where in back.scores]
        answers.append((F.COMMENT_NO, None))
        for n, score in answers:
            comment = back.comment if n == F.COMMENT_NO else None
            if (score is None and comment is None) or (oid.casefold(), n) in done:
                continue
            done.add((oid.casefold(), n))
            rows.append(
                {
                    Feedback.order_id: oid,
                    Feedback.number: n,
                    Feedback.score: score,
                    Feedback.comment: comment,
                    Feedback.received: ctx.today,
                    Feedback.source: path.name,
                }
            )
    if rows:
        register.append(Feedback, rows)
        register.save()
    orders = sorted({str(r[Feedback.order_id]) for r in rows})
    return Outcome(
        f"{len(rows)} answer(s) imported from {len(files)} survey(s)",
        details=[f"{o}: mean score {F.mean_scores_of(rows, o):.1f}" for o in orders],
        data={"answers": len(rows), "orders": orders},
    )


def import_picked_surveys(ctx: RunContext, picked: Sequence[Path] | None) -> Outcome:
    """The Import surveys button: the forms the person picked (None: Excel had no file dialog
    to offer, so every form in the Surveys folder; an empty pick: the dialog was cancelled)."""
    if picked is not None and not picked:
        return Outcome("import surveys: no survey picked, nothing imported")
    return import_feedback(ctx, picked)
