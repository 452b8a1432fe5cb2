"""Demo step 30 on a register: a new quote priced, approved twice, rejected, revised, priced,
approved three times, and the log verified."""

from __future__ import annotations

from pathlib import Path

from orderdesk.cli.quotes import _demo_quotes
from orderdesk.demo import DemoContext, steps
from orderdesk.schema import ApprovalLog, Quotes
from tests.quotes.conftest import cells


def test_the_quotes_demo_step_tells_the_whole_story(quote_register: Path) -> None:
    assert any(s.order == 30 and s.title == "Quotes" for s in steps())
    outcome = _demo_quotes(DemoContext(out=quote_register.parent, register=quote_register))
    assert outcome.findings == 0, outcome.details
    assert (
        "Q-2026-0003" in outcome.summary
        and "the approval log verifies: 7 row(s)" in outcome.summary
    )
    log = cells(quote_register, ApprovalLog)
    story = [(r[ApprovalLog.version], r[ApprovalLog.decision], r[ApprovalLog.level]) for r in log]
    assert story == [
        (1, "approve", 1),
        (1, "approve", 2),
        (1, "reject", 3),
        (2, "revise", None),
        (2, "approve", 1),
        (2, "approve", 2),
        (2, "approve", 3),
    ]
    versions = {
        r[Quotes.version]: r
        for r in cells(quote_register, Quotes)
        if r[Quotes.quote_id] == "Q-2026-0003"
    }
    assert versions[1][Quotes.status] == "superseded"
    assert versions[2][Quotes.payment_terms] == "TT50-50 BS"
    assert versions[2][Quotes.approval] == "approved 3/3"
