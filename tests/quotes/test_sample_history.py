"""The sample's quote history (orderdesk/sample/approvals.py) on hand-made quotes: priced
versions, approvals and rejections at every level, revisions, a log that verifies, and every
confirmed order naming a fully approved version."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pandas as pd

from orderdesk.adapters import grid as G
from orderdesk.adapters import xlsx
from orderdesk.defaults import policy_rows
from orderdesk.domain.quotes import approval as A
from orderdesk.domain.quotes.chain import verify_chain
from orderdesk.domain.quotes.versions import quote_digests
from orderdesk.sample import Sample
from orderdesk.sample.approvals import add_quote_history
from orderdesk.schema import (
    ApprovalLog,
    Column,
    Customers,
    Orders,
    Products,
    QuoteLines,
    Quotes,
    Table,
)
from tests.quotes.conftest import data, run

AS_OF = dt.date(2026, 11, 15)


def frame(table: type[Table], rows: list[dict[Column, Any]]) -> pd.DataFrame:
    cols = table.columns()
    grid = [[str(c) for c in cols], *[[r.get(c) for c in cols] for r in rows]]
    return G.build(grid, table).frame.reset_index(drop=True)


def hand_made(n: int = 60, seed: int = 3) -> dict[type[Table], pd.DataFrame]:
    rng = random.Random(seed)
    base = data()
    quotes, lines, orders = [], [], []
    for i in range(1, n + 1):
        qid = f"Q-2026-{i:04d}"
        first = AS_OF - dt.timedelta(days=rng.randint(20, 500))
        n_versions = rng.choice((1, 1, 2, 3))
        final = rng.choice(["won", "won", "won", "sent", "lost", "expired", "draft"])
        day = first
        for v in range(1, n_versions + 1):
            last = v == n_versions
            status = final if last else "superseded"
            oid = f"SO-2026-{i:04d}" if last and final == "won" else None
            quotes.append(
                {
                    Quotes.quote_id: qid,
                    Quotes.version: v,
                    Quotes.customer: rng.choice(["CU-0001", "CU-0002"]),
                    Quotes.quote_date: day,
                    Quotes.currency: rng.choice(["USD", "EUR"]),
                    Quotes.incoterm: rng.choice(["FOB", "CIF", "EXW", "CFR"]),
                    Quotes.transport_mode: "sea",
                    Quotes.payment_terms: rng.choice(["TT30-70 BL", "TT20-80 BL", "LC SIGHT"]),
                    Quotes.lc_bank: rng.choice(["HSBC", "Acme Bank"]),
                    Quotes.lead_time_days: 45,
                    Quotes.order_id: oid,
                    Quotes.status: status,
                }
            )
            for n_line, sku in enumerate(rng.sample(["HW-0001", "KW-0002"], rng.randint(1, 2)), 1):
                lines.append(
                    {
                        QuoteLines.quote_id: qid,
                        QuoteLines.version: v,
                        QuoteLines.line_no: n_line,
                        QuoteLines.sku: sku,
                        QuoteLines.qty: rng.choice([500, 1000, 2000]),
                        QuoteLines.unit_price: rng.choice([None, 5.2, 3.1, 4.0]),
                    }
                )
            if oid:
                orders.append(
                    {
                        Orders.order_id: oid,
                        Orders.customer: "CU-0001",
                        Orders.order_date: min(day + dt.timedelta(days=rng.randint(1, 6)), AS_OF),
                        Orders.stage: rng.choice(
                            ["draft", "confirmed", "in production", "shipped"]
                        ),
                        Orders.quote_id: qid,
                        Orders.quote_version: v,
                    }
                )
            day = day + dt.timedelta(days=rng.randint(3, 9))
    return {
        Quotes: frame(Quotes, quotes),
        QuoteLines: frame(QuoteLines, lines),
        Orders: frame(Orders, orders),
        Customers: frame(Customers, base[Customers]),
        Products: frame(Products, base[Products]),
    }


def test_the_history_is_priced_chained_and_approves_every_confirmed_order() -> None:
    tables = hand_made()
    add_quote_history(tables, AS_OF, random.Random(7))
    log = tables[ApprovalLog]
    log.index = pd.RangeIndex(2, 2 + len(log))
    assert verify_chain(log).ok
    assert list(log[ApprovalLog.seq]) == list(range(1, len(log) + 1))
    assert log[ApprovalLog.at].is_monotonic_increasing

    decisions = log.groupby(
        [str(ApprovalLog.decision), str(ApprovalLog.level)], dropna=False
    ).size()
    for level in (1, 2, 3):
        assert decisions.get(("approve", level), 0) > 10
        assert decisions.get(("reject", level), 0) >= 1, f"no rejection at level {level}"
    assert (log[ApprovalLog.decision] == "revise").sum() >= 10

    q, ql = tables[Quotes], tables[QuoteLines]
    assert ql[QuoteLines.unit_cost].notna().all() and ql[QuoteLines.suggested_price].notna().all()
    assert q[Quotes.margin_pct].notna().all()
    state = A.approval_state(log, quote_digests(q, ql))
    assert A.unapproved_orders(tables[Orders], state).empty
    # One person never approved a version at two levels.
    approvals = log[log[ApprovalLog.decision] == "approve"]
    per = approvals.groupby(
        [str(ApprovalLog.quote_id), str(ApprovalLog.version), str(ApprovalLog.user)]
    ).size()
    assert per.max() == 1
    # Every approval happened after its version was dated and before the order was placed.
    dates = q.set_index([str(Quotes.quote_id), str(Quotes.version)])[str(Quotes.quote_date)]
    when = pd.Series(list(zip(log[ApprovalLog.quote_id], log[ApprovalLog.version], strict=True)))
    assert (log[ApprovalLog.at].to_numpy() >= dates.reindex(when).to_numpy()).all()


def test_a_planted_unapproved_order_stays_unapproved() -> None:
    tables = hand_made(20)
    orders = tables[Orders]
    target = orders[orders[Orders.stage] == "confirmed"].iloc[0]
    key = (target[Orders.quote_id], int(target[Orders.quote_version]))
    add_quote_history(tables, AS_OF, random.Random(1), frozenset({key}))
    log = tables[ApprovalLog]
    log.index = pd.RangeIndex(2, 2 + len(log))
    state = A.approval_state(log, quote_digests(tables[Quotes], tables[QuoteLines]))
    found = A.unapproved_orders(orders, state)
    assert list(found["order_id"]) == [target[Orders.order_id]]


def test_a_register_with_the_history_verifies_and_takes_new_decisions(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", AS_OF.isoformat())
    monkeypatch.setenv("ORDERDESK_JOURNAL_DIR", str(tmp_path / "profile"))
    tables = hand_made(25)
    add_quote_history(tables, AS_OF, random.Random(2))
    path = tmp_path / "Sample.xlsx"
    xlsx.new_workbook({**policy_rows(), **tables}).save(path)
    code, out, _ = run(capsys, "quote", "verify-log", path)
    assert code == 0, out
    log = tables[ApprovalLog].set_axis(pd.RangeIndex(2, 2 + len(tables[ApprovalLog])))
    state = A.approval_state(log, quote_digests(tables[Quotes], tables[QuoteLines]))
    pending = state[state[A.NEXT_LEVEL].notna() & (state[A.LEVELS_APPROVED] > 0)].iloc[0]
    level = int(pending[A.NEXT_LEVEL])
    user = {2: "hfischer", 3: "chenjing"}[level] if level > 1 else "mgarcia"
    quote = ["-q", pending[A.QUOTE_ID], "-v", str(pending[A.VERSION])]
    code, out, err = run(capsys, "quote", "price", path, *quote)
    assert code == 2 and "already has approval decisions" in err  # not re-priced in place
    args = ("quote", "approve", path, *quote, "--user", user, "--override", "-m", "test")
    code, out, err = run(capsys, *args)
    assert code == 0 and f"approved at level {level}" in out, err
    code, out, _ = run(capsys, "quote", "verify-log", path)
    assert code == 0 and f"{len(log) + 1} row(s)" in out


def test_the_generated_sample_carries_a_verifying_history(sample80_seed5: Sample) -> None:
    sample = sample80_seed5  # generate(80, seed=5), once per test run (tests/conftest.py)
    log = sample.tables[ApprovalLog].set_axis(pd.RangeIndex(2, 2 + len(sample.tables[ApprovalLog])))
    assert verify_chain(log).ok
    quotes, lines = sample.tables[Quotes], sample.tables[QuoteLines]
    assert lines[QuoteLines.unit_cost].notna().all()
    state = A.approval_state(log, quote_digests(quotes, lines))
    assert A.unapproved_orders(sample.tables[Orders], state).empty
    decided = log.groupby([str(ApprovalLog.decision), str(ApprovalLog.level)]).size()
    assert all(decided.get(("reject", n), 0) >= 1 for n in (1, 2, 3))
    assert (quotes.groupby(str(Quotes.quote_id))[str(Quotes.version)].max() >= 2).sum() >= 10
