"""The customer feedback survey as an xlsx form (openpyxl): written per order, read back when
the customer returns it. The form is one sheet: the order in B3, the questions from row 7 with
the score in column C (a 1–5 dropdown), the free-text answer in C13."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from orderdesk.adapters.workbook_safety import write_file
from orderdesk.domain.aftersales.feedback import COMMENT_NO, Survey, SurveyError

SHEET = "Survey"
ORDER_CELL = "B3"
FIRST_ROW = 7  # question 1; question n is on row FIRST_ROW + n - 1
SCORE_COL, ANSWER_FILL = "C", "FFF2CC"


@dataclass(frozen=True)
class Returned:
    order_id: str
    scores: list[tuple[int, object, str]]  # (question, raw cell value, "file!C7")
    comment: str | None


def write_form(path: Path, order_id: str, customer: str, company: str, form: Survey) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws["A1"] = company
    ws["A1"].font = Font(bold=True, size=14)
    ws["A3"], ws[ORDER_CELL] = "Order", order_id
    ws["A4"], ws["B4"] = "Customer", customer
    ws["A5"] = form.scale_note
    rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
    rule.error, rule.showErrorMessage = form.scale_note, True
    ws.add_data_validation(rule)
    for n, text in enumerate(form.questions, start=1):
        row = FIRST_ROW + n - 1
        ws[f"A{row}"], ws[f"B{row}"] = n, text
        ws[f"B{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        cell = ws[f"{SCORE_COL}{row}"]
        cell.fill = PatternFill("solid", fgColor=ANSWER_FILL)
        if n < COMMENT_NO:
            rule.add(cell.coordinate)
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 60
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions[SCORE_COL].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return write_file(path, buffer.getvalue())


def read_form(path: Path) -> Returned:
    """The order and the answers of a returned survey; a file that is not one is refused."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not an xlsx
        raise SurveyError(f"{path.name}: cannot be read as a survey workbook ({exc})") from exc
    if SHEET not in wb.sheetnames:
        raise SurveyError(f"{path.name}: no '{SHEET}' sheet; is this an OrderDesk survey?")
    ws = wb[SHEET]
    order = ws[ORDER_CELL].value
    if not isinstance(order, str) or not order.strip():
        raise SurveyError(f"{path.name}!{ORDER_CELL}: no order number in the survey")
    scores = []
    for n in range(1, COMMENT_NO):
        addr = f"{SCORE_COL}{FIRST_ROW + n - 1}"
        scores.append((n, ws[addr].value, f"{path.name}!{addr}"))
    comment = ws[f"{SCORE_COL}{FIRST_ROW + COMMENT_NO - 1}"].value
    wb.close()
    return Returned(order.strip(), scores, str(comment).strip() if comment else None)
