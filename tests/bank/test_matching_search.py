"""A payer's open invoices are not paired with a receipt one by one: the ones whose amount fits
are found by a sorted search (`matching.hypotheses`). Whatever the amounts, that search finds
the invoice, or the run of oldest invoices, the receipt pays — and nothing when none fits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from orderdesk.domain.payments.entries import MatchStatus
from orderdesk.domain.payments.matching import Match, Matcher, MatchPolicy
from orderdesk.domain.payments.names import (
    _name_key,
    _raw_compact,
    _reference_key,
    name_keys,
    reference_key,
)
from orderdesk.domain.reference.fx import fx_rate
from orderdesk.schema import BankEntries, Customers, Invoices, Orders

VALUE_DAY = pd.Timestamp(2026, 10, 15)
PAYER = "Harbour Cedar Commerce Pty Ltd"
CUSTOMERS = pd.DataFrame(
    {
        Customers.customer_id: ["CU-1", "CU-2"],
        Customers.name: [PAYER, "Willow Andes Goods"],
        Customers.aliases: [None, None],
    }
)


def register(cents: list[int], currencies: list[str] | None = None) -> tuple[pd.DataFrame, ...]:
    """CU-1's open invoices of these amounts (due one day apart, the first oldest), and for
    each the same amount owed by CU-2 (who is not paying)."""
    n = len(cents)
    ccy = currencies or ["USD"] * n
    rows = [
        (f"INV-{c}-{k:05d}", f"SO-{c}-{k:05d}", f"CU-{c}", ccy[k], amount / 100, k)
        for c in (1, 2)
        for k, amount in enumerate(cents)
    ]
    invoices = pd.DataFrame(
        {
            Invoices.invoice_no: [r[0] for r in rows],
            Invoices.order_id: [r[1] for r in rows],
            Invoices.customer: [r[2] for r in rows],
            Invoices.kind: "full",
            Invoices.currency: [r[3] for r in rows],
            Invoices.amount: [r[4] for r in rows],
            Invoices.issue_date: pd.Timestamp(2026, 8, 1),
            Invoices.due_date: [pd.Timestamp(2026, 9, 1) + pd.Timedelta(days=r[5]) for r in rows],
        }
    )
    orders = pd.DataFrame(
        {
            Orders.order_id: [r[1] for r in rows],
            Orders.customer: [r[2] for r in rows],
            Orders.customer_po: None,
            Orders.payment_terms: "TT100",
            Orders.deposit_pct: np.nan,
        }
    )
    return invoices, orders


def receive(invoices: pd.DataFrame, orders: pd.DataFrame, amount: float, ccy: str) -> Match:
    receipt = pd.DataFrame(
        {
            BankEntries.entry_ref: ["R"],
            BankEntries.amount: [amount],
            BankEntries.currency: [ccy],
            BankEntries.payer: [PAYER.upper()],
            BankEntries.payer_account: [None],
            BankEntries.remittance: ["PAYMENT"],
            BankEntries.end_to_end_id: [None],
            BankEntries.value_date: [VALUE_DAY],
            BankEntries.booking_date: [VALUE_DAY],
        }
    )
    matcher = Matcher(invoices, invoices[Invoices.amount], orders, CUSTOMERS, MatchPolicy())
    (m,) = matcher.match(receipt)
    return m


# Amounts at least 200.00 apart: one invoice at most within the 50.00 bank-charge tolerance.
spaced = st.lists(st.integers(1, 5_000), min_size=3, max_size=60, unique=True).map(
    lambda steps: [100_000 + 20_000 * s + (s * 7919) % 9_973 for s in steps]
)
# Amounts at least 5 % apart: one invoice at most within the 1 % FX tolerance.
apart = st.lists(st.integers(0, 150), min_size=3, max_size=60, unique=True).map(
    lambda steps: [round(100_000 * 1.05**s) + s for s in steps]
)


@settings(max_examples=60, deadline=None)
@given(cents=spaced, data=st.data())
def test_the_invoice_the_amount_fits_is_found_among_the_payers(cents: list[int], data) -> None:
    target = data.draw(st.sampled_from(range(len(cents))))
    short = data.draw(st.sampled_from([0, 1, 2450, 5000]))  # cents the banks kept
    invoices, orders = register(cents)
    m = receive(invoices, orders, (cents[target] - short) / 100, "USD")
    assert [(a.invoice, a.amount) for a in m.allocations] == [
        (f"INV-1-{target:05d}", Decimal(cents[target]).scaleb(-2))
    ]
    # payer 0.30 + exact 0.35 + the only one 0.20; short by charges 0.30 instead of 0.35
    assert m.status is (MatchStatus.MATCHED if short == 0 else MatchStatus.SUGGESTED)
    assert f"payer '{PAYER.upper()}' is customer CU-1" in m.reasons


@settings(max_examples=40, deadline=None)
@given(cents=apart, data=st.data())
def test_a_receipt_in_another_currency_is_found_at_the_ecb_rate(cents: list[int], data) -> None:
    target = data.draw(st.sampled_from(range(len(cents))))
    off = data.draw(st.sampled_from([0.0, 0.004, -0.009]))  # within the 1 % FX tolerance
    invoices, orders = register(cents)
    rate = float(fx_rate("USD", "EUR", dt.date(2026, 10, 15)).rate)
    eur = round(cents[target] / 100 * rate * (1 + off), 2)
    m = receive(invoices, orders, eur, "EUR")
    assert [a.invoice for a in m.allocations] == [f"INV-1-{target:05d}"]
    assert "at the ECB rate" in m.reasons


@settings(max_examples=40, deadline=None)
@given(cents=spaced, data=st.data())
def test_a_run_of_the_oldest_invoices_is_found(cents: list[int], data) -> None:
    k = data.draw(st.integers(2, min(6, len(cents))))
    run = sum(cents[:k])
    # no single invoice of the payer within reach of the run's total
    cents = [c if abs(c - run) > 10_000 else c + 30_000 for c in cents]
    run = sum(cents[:k])
    invoices, orders = register(cents)
    m = receive(invoices, orders, run / 100, "USD")
    assert [a.invoice for a in m.allocations] == [f"INV-1-{j:05d}" for j in range(k)]
    assert f"the customer's {k} oldest open invoices" in m.reasons


@settings(max_examples=40, deadline=None)
@given(cents=spaced)
def test_an_amount_nothing_fits_finds_nothing(cents: list[int]) -> None:
    invoices, orders = register(cents)
    m = receive(invoices, orders, (min(cents) - 10_000) / 100, "USD")  # less than any invoice
    assert m.status is MatchStatus.UNMATCHED and m.allocations == ()
    assert "the payer is customer CU-1, but no open invoice of theirs fits" in m.reasons


# --- keys computed for all values at once equal the keys of each value ------------------------

texts = st.one_of(
    st.none(),
    st.text(max_size=24),
    st.text(alphabet="INVinv-/. 0123456789ßéÉ#ﬁİı株式会社&'_", max_size=24),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, max_size=30))
def test_reference_keys_of_all_values_at_once(values: list[str | None]) -> None:
    arr = np.array(values, dtype=object)
    assert reference_key(arr).tolist() == [_reference_key(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, max_size=30))
def test_name_keys_of_all_names_at_once(values: list[str | None]) -> None:
    keys = name_keys(np.array(values, dtype=object))
    for row, value in enumerate(values):
        full = _name_key(value)
        raw = _raw_compact(value)
        mine = keys.loc[keys["row"] == row, "key"].tolist()
        assert (full in mine) == (len(full) > 1)
        assert (("<" + raw) in mine) == (len(raw) >= 12)


# ASCII names as banks write them: punctuation, underscores, tabs, legal forms. The names are
# keyed all at once on a fast path for ASCII text; each name's keys must be those the docs of
# `names.name_keys` define, taken one name at a time.
ascii_names = st.one_of(
    st.none(),
    st.text(alphabet="ABCDEFGHIJ abcdefghij0123456789-_.,&'/\t()GMBH LTD S.L.", max_size=30),
    st.sampled_from(["Harbour Cedar Commerce Pty Ltd", "SILVER WHOLESALE S", "A_B", "X"]),
)


def _keys_of_one_name(value: str | None) -> set[tuple[str, int]]:
    full = _name_key(value)
    compact = full.replace(" ", "")
    raw = _raw_compact(value)
    keys = {
        (full, 2),
        ("~" + " ".join(sorted(full.split())), 2),
        ("^" + compact[:10] if len(compact) >= 10 else "", 1),
        ("<" + raw if len(raw) >= 12 else "", 2),
    }
    return {(k, s) for k, s in keys if len(k) > 1}


@settings(max_examples=200, deadline=None)
@given(st.lists(ascii_names, max_size=30))
def test_name_keys_of_ascii_names_at_once(values: list[str | None]) -> None:
    keys = name_keys(np.array(values, dtype=object))
    for row, value in enumerate(values):
        mine = keys.loc[keys["row"] == row]
        assert set(zip(mine["key"], mine["strength"], strict=True)) == _keys_of_one_name(value)
        assert len(mine) == len(_keys_of_one_name(value))  # no key twice


def test_a_name_key_spec_that_would_fail() -> None:
    # the spec above tells names apart: a legal form dropped, punctuation folded
    assert ("HARBOUR CEDAR COMMERCE", 2) in _keys_of_one_name("Harbour Cedar Commerce Pty Ltd")
    assert ("A B", 2) in _keys_of_one_name("A_B")
    assert _keys_of_one_name("X") == {("~X", 2)}  # a one-letter name is not looked up as such
