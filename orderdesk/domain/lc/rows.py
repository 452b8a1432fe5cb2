"""A credit as a row of the LCs sheet, and a row (imported or typed from a PDF) as a credit.

A typed row is read with the same field rules as a message (`fields`, `model.consistency`): a
problem names the cell instead of the line. Values arrive typed by the register reader (dates,
Decimals, ints); text columns may still hold what a person typed ("5%", "not allowed").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from orderdesk.domain.lc import fields as F
from orderdesk.domain.lc.model import Credit, consistency
from orderdesk.schema import LC_FIELDS, Column, LCAmendments, LCs

# The tag each column's problems are told under (the first tag that fills the column).
TAG_OF: dict[Column, str] = {}
for _tag, _cols in LC_FIELDS.items():
    for _c in _cols:
        TAG_OF.setdefault(_c, _tag)
_MANDATORY = (LCs.lc_no, LCs.issue_date, LCs.expiry_date, LCs.currency, LCs.amount)


def row_of(credit: Credit, order_id: str) -> dict[Column, Any]:
    """The LCs row for a credit (what Import L/C writes, and an amendment rewrites)."""
    other = "\n".join(f":{tag}:{text}" for tag, text in credit.other)
    return {
        LCs.lc_no: credit.number,
        LCs.order_id: order_id,
        LCs.issue_date: credit.issue_date,
        LCs.expiry_date: credit.expiry_date,
        LCs.expiry_place: credit.expiry_place,
        LCs.form: credit.form,
        LCs.rules: credit.rules,
        LCs.issuing_bank: credit.issuing_bank,
        LCs.issuing_bic: credit.issuing_bic,
        LCs.advising_bic: credit.advising_bic,
        LCs.applicant: credit.applicant,
        LCs.beneficiary: credit.beneficiary,
        LCs.currency: credit.currency,
        LCs.amount: float(credit.amount),
        LCs.tolerance_plus: _f(credit.tolerance_plus),
        LCs.tolerance_minus: _f(credit.tolerance_minus),
        LCs.additional_amounts: credit.additional_amounts,
        LCs.available_with: credit.available_with,
        LCs.available_by: credit.available_by,
        LCs.drafts_at: credit.drafts_at,
        LCs.drawee: credit.drawee,
        LCs.partial_shipments: credit.partial_shipments,
        LCs.transhipment: credit.transhipment,
        LCs.place_of_receipt: credit.place_of_receipt,
        LCs.port_of_loading: credit.port_of_loading,
        LCs.port_of_discharge: credit.port_of_discharge,
        LCs.final_destination: credit.final_destination,
        LCs.latest_shipment: credit.latest_shipment,
        LCs.shipment_period: credit.shipment_period,
        LCs.goods: credit.goods,
        LCs.documents_required: credit.documents_required,
        LCs.conditions: credit.conditions,
        LCs.presentation_days: credit.presentation_days,
        LCs.confirmation: credit.confirmation,
        LCs.charges: credit.charges,
        LCs.other_fields: other,
        LCs.amendment: credit.amendment,
        LCs.source: credit.source,
    }


def amended_cells(credit: Credit) -> dict[Column, Any]:
    """What an amendment rewrites on the credit's LCs row: the columns OrderDesk owns (the order
    it is linked to and the user's own columns stay)."""
    owned = set(LCs.owned_columns())
    return {c: v for c, v in row_of(credit, "").items() if c in owned}


def amendment_row(credit: Credit, source: str, imported_at: dt.datetime) -> dict[Column, Any]:
    """The LCAmendments row of the amendment last applied to the credit."""
    last = credit.amendments[-1]
    return {
        LCAmendments.lc_no: credit.number,
        LCAmendments.number: last.number,
        LCAmendments.date: last.date,
        LCAmendments.purpose: last.purpose,
        LCAmendments.changes: "\n".join(last.changes),
        LCAmendments.source: source,
        LCAmendments.imported_at: imported_at,
    }


def applied_amendments(frame: pd.DataFrame) -> set[tuple[str, int]]:
    """(credit number upper-cased, amendment number) of each amendment on the LCAmendments
    sheet: applied once, never again."""
    if frame.empty:
        return set()
    return {
        (str(lc).strip().upper(), int(n))
        for lc, n in zip(frame[LCAmendments.lc_no], frame[LCAmendments.number], strict=True)
        if isinstance(lc, str) and pd.notna(n)
    }


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class RowProblem:
    """A cell of an LCs row that does not hold what its MT700 field allows."""

    row: int
    column: Column
    value: Any
    problem: str

    @property
    def tag(self) -> str:
        return TAG_OF.get(self.column, "")


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def credit_of(rec: Mapping[str, Any]) -> tuple[Credit | None, list[RowProblem]]:
    """An LCs record (attribute → value, "row" = sheet row) as a credit, or what stops it."""
    row = int(rec.get("row") or 0)
    problems: list[RowProblem] = []

    def get(col: Column) -> Any:
        return rec.get(col.attr)

    def check(col: Column, read: Any, *args: Any) -> Any:
        value = get(col)
        if value is None or _s(value) == "":
            return None
        try:
            return read(*args) if args else read(_s(value))
        except F.FieldProblem as exc:
            problems.append(RowProblem(row, col, value, str(exc)))
            return None

    for col in _MANDATORY:
        if get(col) is None or _s(get(col)) == "":
            problems.append(RowProblem(row, col, None, "needed: a credit has it (MT700 mandatory)"))
    number = check(LCs.lc_no, F.reference)
    currency = _s(get(LCs.currency)).upper()
    if currency:
        try:
            F.amount(f"{currency}1,")
        except F.FieldProblem as exc:
            problems.append(RowProblem(row, LCs.currency, currency, str(exc)))
    values: dict[str, Any] = {
        "form": F.words(get(LCs.form)),
        "rules": check(LCs.rules, F.rules) or "",
        "partial_shipments": check(LCs.partial_shipments, F.option) or "",
        "transhipment": check(LCs.transhipment, F.option) or "",
        "confirmation": check(LCs.confirmation, F.confirmation) or "",
        "available_by": _s(get(LCs.available_by)).upper(),
    }
    by = values["available_by"]
    if by and by not in F.AVAILABLE_BY:
        problems.append(
            RowProblem(row, LCs.available_by, by, "not one of " + ", ".join(F.AVAILABLE_BY))
        )
    days = get(LCs.presentation_days)
    if days is not None and int(days) <= 0:
        problems.append(RowProblem(row, LCs.presentation_days, days, "days must be above 0"))
    amount = get(LCs.amount)
    if amount is not None and currency and not problems:
        try:
            F.amount(f"{currency}{_swift_amount(Decimal(amount))}")
        except F.FieldProblem as exc:
            problems.append(RowProblem(row, LCs.amount, amount, str(exc)))
    if problems or number is None:
        return None, problems
    credit = Credit(
        number=number,
        issue_date=_date(get(LCs.issue_date)),
        expiry_date=_date(get(LCs.expiry_date)),
        currency=currency,
        amount=Decimal(amount),
        expiry_place=_s(get(LCs.expiry_place)),
        applicant=_s(get(LCs.applicant)).replace("\r", ""),
        beneficiary=_s(get(LCs.beneficiary)).replace("\r", ""),
        tolerance_plus=_pct(get(LCs.tolerance_plus)),
        tolerance_minus=_pct(get(LCs.tolerance_minus)),
        additional_amounts=_s(get(LCs.additional_amounts)),
        available_with=_s(get(LCs.available_with)),
        drafts_at=_s(get(LCs.drafts_at)),
        drawee=_s(get(LCs.drawee)),
        place_of_receipt=_s(get(LCs.place_of_receipt)),
        port_of_loading=_s(get(LCs.port_of_loading)),
        port_of_discharge=_s(get(LCs.port_of_discharge)),
        final_destination=_s(get(LCs.final_destination)),
        latest_shipment=_date(get(LCs.latest_shipment)),
        shipment_period=_s(get(LCs.shipment_period)),
        goods=_s(get(LCs.goods)),
        documents_required=_s(get(LCs.documents_required)),
        conditions=_s(get(LCs.conditions)),
        presentation_days=int(days) if days is not None else None,
        charges=_s(get(LCs.charges)),
        issuing_bank=_s(get(LCs.issuing_bank)),
        issuing_bic=_s(get(LCs.issuing_bic)).upper(),
        advising_bic=_s(get(LCs.advising_bic)).upper(),
        other=_other(_s(get(LCs.other_fields))),
        source=_s(get(LCs.source)),
        amended=int(get(LCs.amendment) or 0),
        **values,
    )
    by_tag = {TAG_OF[c]: c for c in LCs.columns() if c in TAG_OF}
    for tag, problem in consistency(credit):
        col = by_tag.get(tag, LCs.lc_no)
        problems.append(RowProblem(row, col, get(col), problem))
    return (None, problems) if problems else (credit, [])


def _swift_amount(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    whole, _, cents = text.partition(".")
    return f"{whole},{cents}"


def _date(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _pct(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _other(text: str) -> list[tuple[str, str]]:
    import re

    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        m = re.match(r"^:(\d{2}[A-Z]?):(.*)$", line)
        if m:
            out.append((m.group(1), m.group(2)))
        elif out:
            out[-1] = (out[-1][0], f"{out[-1][1]}\n{line}")
    return out
