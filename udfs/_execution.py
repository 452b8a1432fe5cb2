"""OD_EARLIEST_SHIP's plumbing (issue 20): the register the calling cell's workbook is, its
capacity as Can we take it? books it, and the decision tree's earliest ship day per row."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from orderdesk.actions.execution_book import Book
from orderdesk.domain.execution.feasibility import Ask, decide
from orderdesk.ports import Register, today
from orderdesk.schema import Products, Setting
from orderdesk.settings import load_policy

from . import _cells as C
from ._cells import Arg, ArgumentError


def earliest_ship(register: Register, product: Any, qty: Any, from_date: Any) -> Any:
    cols = C.Columns(
        Arg("product", product, C.text),
        Arg("qty", qty, C.real),
        Arg("from_date", from_date, C.day, default=today()),
    )
    if not cols.rows:
        return cols.cells()
    policy = load_policy(register)
    book = Book.read(register, policy)
    weeks = int(policy.get(Setting.CAPACITY_HORIZON_WEEKS))
    booked = book.capacity_book(today(), weeks, book.knowledge.thresholds.transit_days)
    known = set(book.products[Products.sku].dropna())

    def one(sku: str, amount: float, start: dt.date) -> dt.date:
        if sku not in known:
            raise ArgumentError(f"'{sku}' is not on the Products sheet")
        ask = Ask("(asked)", None, start, (book.line(sku, amount),))
        decision = decide(ask, book.knowledge, copy.deepcopy(booked))
        if decision.earliest_ship is None:
            raise ArgumentError(f"no capacity for {amount:,.0f} within {weeks} weeks")
        return decision.earliest_ship

    return cols.each(one)
