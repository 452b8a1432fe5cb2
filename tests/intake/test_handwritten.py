"""Purchase orders written by hand, in several layouts and languages, become the orders they
say: every field checked in the workbook as openpyxl reads it, at stage 'received', with the
source file named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from orderdesk.schema import IntakeFields, IntakeLog, OrderLines, Orders
from tests.intake import outlook as O
from tests.intake import pos as P
from tests.intake.conftest import rows, run


def _as_date(v: Any) -> Any:
    return v.date() if isinstance(v, dt.datetime) else v


def _check(register: Path, order: dict[str, Any], lines: list[tuple[str, int, str, float]]) -> str:
    made = rows(register, Orders)[-1]
    for header, want in order.items():
        assert _as_date(made[header]) == want, (header, made[header])
    got = [
        (ln["SKU"], ln["Qty"], ln["Unit"], ln["Unit Price"])
        for ln in rows(register, OrderLines)
        if ln["Order ID"] == made["Order ID"]
    ]
    assert got == [(s, q, u, pytest.approx(p)) for s, q, u, p in lines]
    return str(made["Order ID"])


CASES = {
    "german-mail": ("po.eml", lambda: P.mail("Jürgen Weiß <j.weiss@mueller-soehne.de>", "Bestellung", P.GERMAN_MAIL), P.GERMAN_ORDER, P.GERMAN_LINES),
    "chinese-letter": ("订单.eml", lambda: P.mail("陈志强 <zq.chen@fengyuan.com.sg>", "订单", P.CHINESE_LETTER), P.CHINESE_ORDER, P.CHINESE_LINES),
    "spanish-csv": ("pedido.csv", lambda: P.SPANISH_CSV.encode("utf-8"), P.SPANISH_ORDER, P.SPANISH_LINES),
    "french-xlsx": ("commande.xlsx", P.french_workbook, P.FRENCH_ORDER, P.FRENCH_LINES),
    "english-pdf-two-pages": ("PO-4500098765.pdf", P.english_pdf, P.ENGLISH_ORDER, P.ENGLISH_LINES),
    "pdf-attached-to-mail": ("fw.eml", lambda: P.mail("k.mitchell@lakeshorehome.com", "PO", "Please find our PO attached.", {"PO.pdf": P.english_pdf()}), P.ENGLISH_ORDER, P.ENGLISH_LINES),
    "outlook-msg-with-pdf": ("PO.msg", lambda: O.msg("k.mitchell@lakeshorehome.com", "PO 4500098765", "Please find our PO attached.", {"PO-4500098765.pdf": P.english_pdf()}), P.ENGLISH_ORDER, P.ENGLISH_LINES),
}  # fmt: skip
# The Spanish ERP export names no delivery address: asked, in Spanish, and left blank.
ASKED = {
    "spanish-csv": [
        "Para completar este pedido, necesitamos que nos indique el nombre y la dirección del "
        "destinatario."
    ]
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_purchase_order_becomes_the_order_it_says(
    case: str, register: Path, tmp_path: Path
) -> None:
    name, data, order, lines = CASES[case]
    po = P.write(tmp_path, name, data())
    code, result, err = run(register, po)
    asked = ASKED.get(case, [])
    assert code == (1 if asked else 0), (result, err)  # exit 1: something to ask
    order_id = _check(register, {**order, "Source File": name}, lines)
    assert result["orders"][0]["order_id"] == order_id
    assert result["orders"][0]["questions"] == asked
    log = rows(register, IntakeLog)[-1]
    assert (log["File"], log["Order ID"]) == (name, order_id)
    assert (log["Questions"] or "") == "\n".join(asked)
    trail = [f for f in rows(register, IntakeFields) if f["Order ID"] == order_id]
    po_no = next(f for f in trail if f["Field"] == "Customer PO")
    assert po_no["Source"].startswith(name) and po_no["Confidence"] >= 0.9


def test_the_same_file_twice_adds_nothing_and_names_its_order(
    register: Path, tmp_path: Path
) -> None:
    po = P.write(tmp_path, "po.csv", P.SPANISH_CSV)
    assert run(register, po)[0] == 1  # its question (the delivery address) is there
    before = register.read_bytes()
    code, result, _ = run(register, po)
    order_id = rows(register, Orders)[-1]["Order ID"]
    assert code == 0 and result["orders"] == []
    assert result["already"] == [f"po.csv: imported before as {order_id}; nothing added"]
    assert register.read_bytes() == before  # not even saved
    # The same PO number in another file (a scan of it, a resend): already that order.
    again = P.write(tmp_path, "resent.csv", P.SPANISH_CSV.replace("NIF", "NIF "))
    code, result, _ = run(register, again)
    assert result["orders"] == [] and f"already order {order_id}" in result["already"][0]
    assert len([o for o in rows(register, Orders) if o["Customer"] == "CU-ES"]) == 1


def test_other_sheets_are_untouched(register: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    def sheets() -> dict[str, list[tuple[Any, ...]]]:
        wb = load_workbook(register)
        return {
            ws.title: list(ws.iter_rows(values_only=True))
            for ws in wb.worksheets
            if ws.title not in (Orders.sheet, OrderLines.sheet, IntakeLog.sheet, IntakeFields.sheet)
        }

    before = sheets()
    assert run(register, P.write(tmp_path, "c.xlsx", P.french_workbook()))[0] == 0
    assert sheets() == before
