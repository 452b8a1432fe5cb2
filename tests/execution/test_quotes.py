"""Can we take it? for a quote: its latest version decided as if won today, against the capacity
booked, booking none itself; as the Feasibility sheet shows it."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from orderdesk.actions.base import NoSuchOrder
from orderdesk.actions.context import RunContext
from orderdesk.actions.execution import can_we_take_it
from orderdesk.cli import main
from orderdesk.schema import Feasibility, QuoteLines, Quotes
from tests.execution.cases import BOOKED, BOOKED_LINE, TODAY, block_rows, tables


def _quote(qid, version, qty, lead=60):
    head = {
        Quotes.quote_id: qid,
        Quotes.version: version,
        Quotes.customer: "CU-1",
        Quotes.quote_date: TODAY,
        Quotes.currency: "USD",
        Quotes.incoterm: "FOB",
        Quotes.payment_terms: "TT30-70 BS",
        Quotes.lead_time_days: lead,
    }
    line = {
        QuoteLines.quote_id: qid,
        QuoteLines.version: version,
        QuoteLines.line_no: 1,
        QuoteLines.sku: "P-1",
        QuoteLines.qty: qty,
    }
    return head, line


def _decide(memory_register, quotes, asked):
    data = tables([BOOKED], [BOOKED_LINE])
    data[Quotes] = [h for h, _ in quotes]
    data[QuoteLines] = [ln for _, ln in quotes]
    register = memory_register(data)
    outcome = can_we_take_it(RunContext.of(register, today=TODAY), quote_ids=asked)
    names = {str(c): c.attr for c in Feasibility.columns()}
    rows = block_rows(register.reopen(), Feasibility.sheet, Feasibility.table_name)
    return outcome, {r["Order ID"]: {names[k]: v for k, v in r.items()} for r in rows}


def test_quotes_are_decided_on_their_latest_version_and_book_nothing(memory_register):
    # 6,000 is what week 2 still takes: each quote alone fits; were the first booked, the
    # second would have to wait for week 3. v1 of Q-1 (20,000) is superseded by v2.
    outcome, rows = _decide(
        memory_register,
        [_quote("Q-1", 1, 20_000), _quote("Q-1", 2, 6_000), _quote("Q-2", 1, 6_000)],
        ["q-1", "Q-2"],
    )
    assert set(rows) == {"Q-1 v2", "Q-2 v1"}  # the booked order is not asked
    for label in rows:
        assert rows[label]["decision"] == "accept"
        assert rows[label]["earliest_ship"] == dt.date(2026, 3, 16)
    assert outcome.findings == 0


def test_a_quote_whose_lead_time_cannot_be_met_is_a_condition(memory_register):
    # 10,000 fits only in week 3 (ship 27 March): a 14-day lead time promised 16 March
    _, rows = _decide(memory_register, [_quote("Q-3", 1, 10_000, lead=14)], ["Q-3"])
    row = rows["Q-3 v1"]
    assert row["decision"] == "accept with conditions"
    assert "ship in week 2026-W13 (2026-03-27)" in row["conditions"]
    assert "later delivery: ship 2026-03-27" in row["conditions"]


def test_an_unknown_quote_is_refused(memory_register):
    with pytest.raises(NoSuchOrder, match="no such quote: Q-9"):
        _decide(memory_register, [_quote("Q-1", 1, 10)], ["Q-9"])


def test_the_feasibility_command_decides_a_quote(make_register, monkeypatch):
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY.isoformat())
    head, line = _quote("Q-3", 1, 10_000, lead=14)
    data = tables([BOOKED], [BOOKED_LINE])
    data[Quotes], data[QuoteLines] = [head], [line]
    path = make_register(data)
    assert main(["execution", "feasibility", str(path), "--quote", "Q-3"]) == 1
    ws = openpyxl.load_workbook(path)[Feasibility.sheet]
    cells = [[c.value for c in r] for r in ws[ws.tables[Feasibility.table_name].ref]]
    rows = [dict(zip(cells[0], r, strict=True)) for r in cells[1:]]
    assert [(r[Feasibility.order_id], r[Feasibility.decision]) for r in rows] == [
        ("Q-3 v1", "accept with conditions")
    ]
