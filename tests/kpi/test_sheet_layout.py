"""The KPI sheet's layout, decided in the domain (`domain/kpi/sheet.py`): where the state colours
go, each value's unit, the chart beside the widest block, the warnings' count."""

from __future__ import annotations

import pandas as pd

from orderdesk.actions.context import RunContext
from orderdesk.actions.kpi import load_bands, read_kpi_inputs
from orderdesk.domain import kpi as K
from orderdesk.domain.kpi.sheet import column_letter, kpi_sheet, value_formats, warned_orders
from orderdesk.schema import KPI, Orders
from tests.kpi import history as H


def report(memory_register):  # type: ignore[no-untyped-def]
    ctx = RunContext.of(memory_register(H.tables()), today=H.TODAY)
    inputs, _ = read_kpi_inputs(ctx)
    return K.kpi_report(inputs, load_bands(ctx)[0], K.Window(None, H.TODAY), H.TODAY)


def test_column_letters_run_past_z() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 703)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "AAA",
    ]


def test_each_state_cell_is_coloured_and_a_blank_state_is_not(memory_register) -> None:
    r = report(memory_register)
    sheet = kpi_sheet(r)
    states = list(r.summary[KPI.state])
    coloured = [s for s in states if s in ("green", "amber", "red")]
    assert len(sheet.marks) == len(coloured) and coloured  # the history has banded KPIs
    # heading, notes, a blank row, the block's title, then the header: state cells below it
    header = 1 + 1 + len(sheet.notes) + 1 + 1
    letter = column_letter(list(r.summary.columns).index(str(KPI.state)) + 1)
    rows = sorted(int(cell.removeprefix(letter)) for cell in sheet.marks)
    assert rows == [header + 1 + i for i, s in enumerate(states) if s in coloured]
    assert set(sheet.marks.values()) <= {"C6EFCE", "FFEB9C", "FFC7CE"}


def test_each_summary_value_has_its_units_format(memory_register) -> None:
    r = report(memory_register)
    formats = value_formats(r.summary, "USD")
    by_kpi = dict(
        zip(
            r.summary[KPI.kpi],
            [formats[(i, str(KPI.value))] for i in range(len(r.summary))],
            strict=True,
        )
    )
    assert by_kpi["OTIF %"] == '0.0" %"'
    assert by_kpi["Orders shipped"] == "#,##0"
    assert by_kpi["DSO days"] == '0.0" d"'
    assert by_kpi["Gross profit"] == '#,##0" USD"'


def test_the_warnings_count_orders_not_rows() -> None:
    frame = pd.DataFrame({str(Orders.order_id): ["SO-1", "SO-1", "SO-2", None]})
    assert warned_orders(frame) == "2 order(s)"
    assert warned_orders(frame.iloc[0:0]) == "0 order(s)"
