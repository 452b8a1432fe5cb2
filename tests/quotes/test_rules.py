"""The quote desk's rules, tested in the domain without a workbook: what may be priced, revised,
approved or rejected, what a typed revision means, and what pricing writes on a Quotes row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from orderdesk.actions.quote_book import read_value
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes import pricing
from orderdesk.domain.quotes import rules as R
from orderdesk.domain.quotes.models import ApprovalCheck, CheckState, PricingPolicy, Quote
from orderdesk.schema import (
    ApprovalLog,
    Column,
    Decision,
    Products,
    QuoteLines,
    Quotes,
    QuoteStatus,
    Table,
)

WHEN = dt.datetime(2026, 10, 14, 9, 30)


def frame(table: type[Table], rows: list[dict[Column, Any]]) -> pd.DataFrame:
    return pd.DataFrame([{str(c): r.get(c) for c in table.columns()} for r in rows])


def header(status: str | None, **more: Any) -> pd.Series:
    rec = {Quotes.quote_id: "Q-1", Quotes.version: 1, Quotes.status: status, **more}
    return frame(Quotes, [rec]).iloc[0]


def decided(levels: int = 0, rejected: bool = False) -> dict[str, Any]:
    return {
        A.LEVELS_APPROVED: levels,
        A.REJECTED: rejected,
        A.REJECTED_LEVEL: 1 if rejected else None,
    }


# --- preconditions ------------------------------------------------------------------------------


def test_a_draft_nobody_decided_on_may_be_priced() -> None:
    R.may_price(header(QuoteStatus.DRAFT.value), None)
    R.may_price(header(None), decided(0))


@pytest.mark.parametrize("status", [QuoteStatus.SENT, QuoteStatus.WON, QuoteStatus.SUPERSEDED])
def test_a_quote_that_left_the_draft_stage_is_not_priced_in_place(status: QuoteStatus) -> None:
    with pytest.raises(R.Refused, match=f"Q-1 version 1 is {status.value}.*Revise"):
        R.may_price(header(status.value), None)


def test_a_draft_with_an_approval_is_not_priced_in_place() -> None:
    with pytest.raises(R.Refused, match=r"already has approval decisions \(1/3"):
        R.may_price(header(QuoteStatus.DRAFT.value), decided(1))


def test_a_won_quote_is_not_revised_but_a_priced_one_is() -> None:
    R.may_revise(header(QuoteStatus.PRICED.value))
    won = header(QuoteStatus.WON.value, **{Quotes.order_id: "SO-2026-0007"})
    with pytest.raises(R.Refused, match="is won \\(order SO-2026-0007\\): change the order"):
        R.may_revise(won)


def quote(status: str | None, priced: bool = True) -> Quote:
    return Quote(quote_id="Q-1", version=2, status=status, priced_at=WHEN if priced else None)


def test_decisions_go_to_the_newest_version_and_approvals_to_a_priced_one() -> None:
    R.may_decide(quote(QuoteStatus.PRICED.value), Decision.APPROVE)
    R.may_decide(quote(QuoteStatus.DRAFT.value, priced=False), Decision.REJECT)
    with pytest.raises(R.Refused, match="superseded: decide on the newest"):
        R.may_decide(quote(QuoteStatus.SUPERSEDED.value), Decision.REJECT)
    with pytest.raises(R.Refused, match="not approved: Q-1 version 2 is draft: price it first"):
        R.may_decide(quote(QuoteStatus.DRAFT.value, priced=False), Decision.APPROVE)
    with pytest.raises(R.Refused, match="is priced: price it first"):  # status alone is not enough
        R.may_decide(quote(QuoteStatus.PRICED.value, priced=False), Decision.APPROVE)


# --- the comment a decision carries ----------------------------------------------------------------

PASS = ApprovalCheck(level=2, name="margin floor", state=CheckState.PASS, detail="all above")
FAIL = ApprovalCheck(level=2, name="cost drivers", state=CheckState.FAIL, detail="steel +9%")


def comment(decision: Decision, text: str, *checks: ApprovalCheck, override: bool = False) -> str:
    return R.decision_comment(
        decision, text, label="Q-1 version 2", level=2, shown=checks, override=override
    )


def test_a_rejection_says_why() -> None:
    assert comment(Decision.REJECT, "  price too low ") == "price too low"
    with pytest.raises(R.Refused, match=r"a rejection needs a comment.*Decision Note"):
        comment(Decision.REJECT, "   ")


def test_an_approval_past_a_failed_check_is_an_override_with_a_reason() -> None:
    assert comment(Decision.APPROVE, "", PASS) == ""
    with pytest.raises(R.Refused, match=r"fails the level 2 check\(s\) cost drivers") as exc:
        comment(Decision.APPROVE, "ok", PASS, FAIL)
    assert "[FAIL] L2 cost drivers: steel +9%" in str(exc.value)
    assert "[ok  ] L2 margin floor" in str(exc.value)
    with pytest.raises(R.Refused, match="an override needs a comment"):
        comment(Decision.APPROVE, " ", FAIL, override=True)
    said = comment(Decision.APPROVE, "customer pays the surcharge", FAIL, override=True)
    assert said == "OVERRIDE (cost drivers): customer pays the surcharge"


def test_a_rejection_is_not_stopped_by_a_failed_check() -> None:
    assert comment(Decision.REJECT, "margin", FAIL) == "margin"


def test_a_decision_note_already_logged_is_not_repeated() -> None:
    log = frame(
        ApprovalLog,
        [
            {
                ApprovalLog.quote_id: "Q-1",
                ApprovalLog.version: 2,
                ApprovalLog.comment: "OVERRIDE (x): ship by rail",
            },
            {ApprovalLog.quote_id: "Q-1", ApprovalLog.version: 1, ApprovalLog.comment: "old"},
        ],
    )
    assert R.unrepeated_note("ship by rail", log, "Q-1", 2) == ""
    assert R.unrepeated_note("old", log, "Q-1", 2) == "old"  # said about another version
    assert R.unrepeated_note(None, log, "Q-1", 2) == ""


# --- which versions ---------------------------------------------------------------------------------


def test_price_all_takes_the_newest_drafts_nobody_decided_on() -> None:
    quotes = frame(
        Quotes,
        [
            {Quotes.quote_id: "Q-1", Quotes.version: 1, Quotes.status: "superseded"},
            {Quotes.quote_id: "Q-1", Quotes.version: 2, Quotes.status: None},
            {Quotes.quote_id: "Q-2", Quotes.version: 1, Quotes.status: "Draft"},
            {Quotes.quote_id: "Q-3", Quotes.version: 1, Quotes.status: "sent"},
            {Quotes.quote_id: "Q-4", Quotes.version: 1, Quotes.status: "draft"},
        ],
    )
    state = pd.DataFrame([{A.QUOTE_ID: "Q-4", A.VERSION: 1, **decided(0, rejected=True)}])
    assert R.draft_targets(quotes, state) == [("Q-1", 2), ("Q-2", 1)]


def test_reprice_compares_priced_and_sent_quotes_still_valid() -> None:
    day = dt.date(2026, 10, 14)
    quotes = frame(
        Quotes,
        [
            {Quotes.quote_id: "Q-1", Quotes.version: 1, Quotes.status: "priced"},
            {
                Quotes.quote_id: "Q-2",
                Quotes.version: 1,
                Quotes.status: "sent",
                Quotes.valid_until: pd.Timestamp(day),
            },
            {
                Quotes.quote_id: "Q-3",
                Quotes.version: 1,
                Quotes.status: "sent",
                Quotes.valid_until: pd.Timestamp(day - dt.timedelta(days=1)),
            },
            {Quotes.quote_id: "Q-4", Quotes.version: 1, Quotes.status: "draft"},
        ],
    )
    quotes[str(Quotes.valid_until)] = pd.to_datetime(quotes[str(Quotes.valid_until)])
    assert list(R.open_versions(quotes, day)[Quotes.quote_id]) == ["Q-1", "Q-2"]


# --- what pricing writes --------------------------------------------------------------------------


def priced_lines(ok: list[bool]) -> tuple[pd.DataFrame, pd.DataFrame]:
    lines = frame(
        QuoteLines, [{QuoteLines.qty: q} for q in (1000, 3)][: len(ok)]
    )  # 1000 × 1.005 and 3 × 20.004
    priced = pd.DataFrame(
        {
            pricing.OK: ok,
            pricing.PRICE: [1.005, 20.004][: len(ok)],
            str(QuoteLines.unit_cost): [0.8, 15.0][: len(ok)],
            pricing.FX_RATE: [7.1, 7.1][: len(ok)],
            pricing.FX_FIXING: pd.to_datetime(["2026-10-13", "2026-10-12"][: len(ok)]),
            pricing.DRIVERS_AS_OF: pd.to_datetime(["2026-10-01", "2026-09-01"][: len(ok)]),
        }
    )
    return lines, priced


def test_a_fully_built_up_version_is_priced_with_total_and_margin() -> None:
    lines, priced = priced_lines([True, True])
    terms = R.priced_terms(lines, priced, "USD", WHEN)
    # each line rounded to cents: 1005.00 + 60.01
    assert R.quote_total(lines, priced, "USD") == Decimal("1065.01")
    assert terms[Quotes.status] == QuoteStatus.PRICED
    assert terms[Quotes.total] == 1065.01
    assert terms[Quotes.margin_pct] == round((1065.01 - 845.0) / 1065.01, 4)
    assert terms[Quotes.fx_rate] == 7.1
    assert terms[Quotes.fx_date] == pd.Timestamp("2026-10-12")
    assert terms[Quotes.drivers_date] == pd.Timestamp("2026-10-01")
    assert terms[Quotes.approval] == "0/3, next: sales manager"


def test_a_version_with_a_line_not_built_up_stays_a_draft_without_a_total() -> None:
    lines, priced = priced_lines([True, False])
    terms = R.priced_terms(lines, priced, "USD", WHEN)
    assert terms[Quotes.status] == QuoteStatus.DRAFT
    assert terms[Quotes.total] is None and terms[Quotes.margin_pct] is None
    assert terms[Quotes.approval] == "build-up incomplete"


def test_two_fx_rates_on_one_version_leave_the_rate_blank() -> None:
    lines, priced = priced_lines([True, True])
    priced[pricing.FX_RATE] = [7.1, 7.2]
    assert R.priced_terms(lines, priced, "USD", WHEN)[Quotes.fx_rate] is None


def test_reprice_names_quotes_whose_costs_moved_past_the_threshold() -> None:
    lines = frame(
        QuoteLines,
        [
            {
                QuoteLines.quote_id: q,
                QuoteLines.version: 1,
                QuoteLines.line_no: 1,
                QuoteLines.sku: "HW-1",
                QuoteLines.qty: 100,
                QuoteLines.unit_cost: 10.0,
                QuoteLines.insurance: 0.0,
                QuoteLines.unit_price: 12.5,
                QuoteLines.suggested_price: 13.0,
            }
            for q in ("Q-1", "Q-2")
        ],
    )
    now = pd.DataFrame(
        {
            pricing.OK: [True, True],
            pricing.K_FX: [11.0, 10.2],  # +10 % and +2 %
            pricing.K_Q: [0.0, 0.0],
            pricing.INS_SHARE: [0.0, 0.0],
            str(QuoteLines.suggested_price): [14.3, 13.3],
        },
        index=lines.index,
    )
    found = R.repricing(lines, now, 0.05)
    assert found.stale == 1
    assert [(r["quote"], r["new_suggested"]) for r in found.rows] == [("Q-1", 14.3)]
    assert found.rows[0]["margin_at_old_price"] == round((12.5 - 11.0) / 12.5, 4)
    assert found.details[0] == "Q-1 version 1: costs moved +10.0% since pricing"
    assert R.repricing(lines, now, 0.15).stale == 0


# --- a revision as typed ------------------------------------------------------------------------------


def test_a_typed_revision_reads_headers_loosely_and_values_as_cells() -> None:
    req = R.RevisionRequest(
        terms=["payment terms=TT30", "Lead_Time_Days = 45"],
        lines=["2:Qty=1,200"],
        add=["HW-9: 500"],
        drop=[3],
    )
    rev = R.parse_revision(req, read_value)
    assert rev.terms == {Quotes.payment_terms: "TT30", Quotes.lead_time_days: 45}
    assert rev.lines == {2: {QuoteLines.qty: 1200.0}}
    assert rev.add == [{QuoteLines.sku: "HW-9", QuoteLines.qty: 500.0}]
    assert rev.drop == {3}
    assert R.describe_revision(rev) == (
        "Payment Terms = TT30; Lead Time Days = 45; line 2 Qty = 1200; add HW-9 × 500; drop line 3"
    )


@pytest.mark.parametrize(
    ("req", "message"),
    [
        (R.RevisionRequest(terms=["Payment Terms"]), "expected Header=value"),
        (R.RevisionRequest(terms=["Colour=red"]), "Quotes has no column 'Colour'"),
        (R.RevisionRequest(terms=["Status=won"]), "a revision cannot set Quotes → Status"),
        (R.RevisionRequest(lines=["two:Qty=5"]), "expected LINE:Header=value"),
        (R.RevisionRequest(lines=["2:Qty=lots"]), "QuoteLines → Qty: .*expected a number"),
        (R.RevisionRequest(add=["HW-9"]), "expected SKU:QTY"),
        (R.RevisionRequest(add=[":5"]), "expected SKU:QTY"),
    ],
)
def test_a_revision_typed_wrong_is_refused_naming_what(
    req: R.RevisionRequest, message: str
) -> None:
    with pytest.raises(R.Refused, match=message):
        R.parse_revision(req, read_value)


def test_new_lines_take_their_products_unit_and_an_unknown_sku_is_refused() -> None:
    products = frame(Products, [{Products.sku: "HW-9", Products.unit: "pcs"}])
    rev = R.parse_revision(R.RevisionRequest(add=["HW-9:5"]), read_value)
    R.add_units(rev, products)
    assert rev.add[0][QuoteLines.unit] == "pcs"
    rev = R.parse_revision(R.RevisionRequest(add=["HW-0:5"]), read_value)
    with pytest.raises(R.Refused, match="Products has no SKU 'HW-0'"):
        R.add_units(rev, products)


def test_a_header_is_found_by_case_spacing_and_alias_only() -> None:
    assert Quotes.named(" PAYMENT_TERMS: ") is Quotes.payment_terms
    assert Quotes.named("Payment Term") is None


def test_only_level_two_of_a_fully_costed_version_is_priced_again_for_its_checks() -> None:
    # (level 2 with every line costed builds the frame: see test_approval's drivers-moved check)
    lines = frame(QuoteLines, [{QuoteLines.unit_cost: 10.0}, {QuoteLines.unit_cost: None}])
    empty = pd.DataFrame()
    day = dt.date(2026, 10, 14)
    args = (empty, empty, empty, PricingPolicy(), day)
    assert R.repriced_for_level(1, lines.iloc[:1], *args) is None
    assert R.repriced_for_level(2, lines, *args) is None
    assert R.repriced_for_level(2, lines.iloc[0:0], *args) is None
