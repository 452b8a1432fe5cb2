"""The fake Excel book only offers calls that xlwings itself has, with the same parameters."""

from __future__ import annotations

import inspect

import pytest
import xlwings.main as xw

from . import fake_excel as fake

PAIRS = [
    (fake.FakeSheets.add, xw.Sheets.add),
    (fake.FakeTables.add, xw.Tables.add),
    (fake.FakeCharts.add, xw.Charts.add),
    (fake.FakeTable.resize, xw.Table.resize),
    (fake.FakeRange.options, xw.Range.options),
    (fake.FakeApp.alert, xw.App.alert),
    (fake.FakeFreezePanes.freeze_at, xw.FreezePanes.freeze_at),
    (fake.FakeSheet.range, xw.Sheet.range),
    (fake.FakeSheet.clear, xw.Sheet.clear),
    (fake.FakeSheet.clear_contents, xw.Sheet.clear_contents),
    (fake.FakeChart.delete, xw.Chart.delete),
]


@pytest.mark.parametrize(("ours", "theirs"), PAIRS, ids=lambda f: getattr(f, "__qualname__", ""))
def test_methods_have_xlwings_parameters(ours, theirs):
    mine = list(inspect.signature(ours).parameters)
    real = list(inspect.signature(theirs).parameters)
    assert mine == real[: len(mine)] or set(mine) <= set(real), (mine, real)


@pytest.mark.parametrize(
    ("cls", "names"),
    [
        (xw.Range, ["row", "column", "shape", "address", "value", "number_format", "color"]),
        (xw.Range, ["font", "column_width", "sheet"]),
        (xw.Sheet, ["name", "used_range", "tables", "charts", "visible", "freeze_panes"]),
        (xw.Book, ["name", "fullname", "sheets", "sheet_names", "selection", "app"]),
        (xw.App, ["status_bar", "screen_updating"]),
        (xw.Table, ["name", "range"]),
        (xw.Chart, ["title", "legend", "value_axis", "secondary_value_axis", "series"]),
        (xw.ChartSeries, ["set"]),
        (xw.ChartLegend, ["position"]),
        (xw.ChartAxis, ["title", "number_format"]),
        (xw.Font, ["bold", "italic", "size"]),
    ],
)
def test_attributes_exist_in_xlwings(cls, names):
    missing = [n for n in names if not hasattr(cls, n)]
    assert not missing, f"{cls.__name__} has no {missing}"


def test_writable_range_attributes_are_settable_in_xlwings():
    for name in ("value", "number_format", "color", "column_width"):
        assert getattr(xw.Range, name).fset is not None, name
    assert xw.App.status_bar.fset is not None and xw.Sheet.visible.fset is not None
