"""The worksheet functions as Excel sees them: xlwings' real decorators (loaded with stand-ins for
pywin32), the argument names and converters they register, the VBA wrapper xlwings generates for
each, and calls that go through xlwings' own conversion pipeline the way its UDF server runs them
(`xlwings.udfs.call_udf`: each argument through `conversion.read`, the result through
`conversion.write`)."""

from __future__ import annotations

import datetime as dt
import inspect
import math
import re

import numpy as np
import pandas as pd
import pytest
import xlwings
from orderdesk_addin import build, udf_wrappers
from xlwings import conversion
from xlwings.main import Engine

EXPECTED = {
    "OD_FX",
    "OD_FX_RATE",
    "OD_FX_DATE",
    "OD_INCOTERM_OK",
    "OD_INCOTERM_SPLIT",
    "OD_HS_OK",
    "OD_HS_DESC",
    "OD_CONTAINER_OK",
    "OD_IBAN_OK",
    "OD_DEPOSIT_DUE",
    "OD_BALANCE_DUE",
    "OD_LATE_PENALTY",
    "OD_LC_LAST_PRESENTATION",
    "OD_PRICE",
    "OD_MARGIN",
    "OD_CARTONS",
    "OD_CBM",
    "OD_CHARGEABLE_KG",  # logistics (issue 22)
    "OD_CONTAINER_FIT",
    "OD_WORDS",
    "OD_CHECK",
    "OD_EARLIEST_SHIP",  # execution (issue 20)
}


class WindowsValues:
    """The two things xlwings' conversion asks of the Excel engine, as xlwings/_xlwindows.py does
    them (that module needs the Windows COM libraries, so it cannot be imported here): empty
    cells read as `empty`, floats through `numbers`; on the way out NaN and None become empty
    cells and numpy numbers plain floats."""

    name = "excel"
    type = "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def clean(v):
            if v in ("", None):
                return empty_as
            if number_builder is not None and isinstance(v, float):
                return number_builder(v)
            return v

        return [[clean(v) for v in row] for row in data]

    @staticmethod
    def prepare_xl_data_element(x, date_format):
        if isinstance(x, dt.date | dt.datetime):
            return x
        if x is None or (isinstance(x, float | np.floating) and np.isnan(x)) or x is pd.NaT:
            return ""
        if isinstance(x, np.number):
            return float(x)
        return x


@pytest.fixture(scope="module")
def udfs():
    engine = Engine(impl=WindowsValues())
    xlwings.engines.add(engine)
    try:
        with udf_wrappers.real_udf_decorators() as module:
            yield module
    finally:
        xlwings.engines.engines.remove(engine)
        xlwings.engines.engines_by_name.pop("excel")


MISSING = object()


def excel_call(fn, *args):
    """Call a worksheet function the way xlwings' UDF server does for a formula: every declared
    argument arrives (an omitted optional one as "missing" → its Python default), each is read
    through its registered converter, and the result is written back through the return's."""
    info = fn.__xlfunc__
    values = []
    for i, arg_info in enumerate(info["args"]):
        given = args[i] if i < len(args) else MISSING
        if given is MISSING:
            values.append(arg_info.get("optional"))
        else:
            values.append(conversion.read(None, given, arg_info["options"]))
    return conversion.write(fn(*values), None, info["ret"]["options"])


def column(*values):
    """A range of one column as Excel's COM interface hands it over: a tuple of row tuples."""
    return tuple((v,) for v in values)


def test_every_function_is_registered_in_the_orderdesk_category(udfs):
    funcs = {f.__xlfunc__["name"]: f for f in udf_wrappers.functions(udfs)}
    assert set(funcs) == EXPECTED
    for name, fn in funcs.items():
        info = fn.__xlfunc__
        assert info["category"] == "OrderDesk", name
        assert not info["volatile"] and not info["sub"] and info["async_mode"] is None, name


def test_argument_names_converters_and_help(udfs):
    for fn in udf_wrappers.functions(udfs):
        info = fn.__xlfunc__
        params = inspect.signature(fn).parameters
        assert [a["name"] for a in info["args"]] == list(params), info["name"]
        for arg in info["args"]:
            where = f"{info['name']}({arg['name']})"
            if arg["name"] == "caller":  # xlwings' reserved argument: the calling cell, not shown
                continue
            # every argument a cell or a range, always as a 2-D list: no hint-made converter
            assert arg["options"] == {"ndim": 2}, where
            assert not arg["doc"].startswith("Positional argument"), where
            assert len(arg["doc"]) <= 255, where
            default = params[arg["name"]].default
            if default is inspect.Parameter.empty:
                assert "optional" not in arg, where
            else:
                assert arg["optional"] is None, where
        assert info["ret"]["options"] == {}, info["name"]
        text = udf_wrappers.description(info["ret"]["doc"])
        assert 20 <= len(text) <= 255, info["name"]


@pytest.mark.parametrize(
    ("name", "signature", "args"),
    [
        (
            "OD_FX",
            "amount, from_ccy, to_ccy, Optional on_date",
            "amount, from_ccy, to_ccy, on_date",
        ),
        ("OD_HS_OK", "code", "code"),
        (
            "OD_LATE_PENALTY",
            "order_value, promised, actual, Optional rate_per_day, Optional cap",
            "order_value, promised, actual, rate_per_day, cap",
        ),
        ("OD_CHECK", "table_with_header", "table_with_header"),
    ],
)
def test_the_vba_wrapper_passes_every_argument_to_the_udf_server(udfs, name, signature, args):
    module = (build.VBA_DIR / "OrderDeskUdfs.bas").read_text(encoding="utf-8")
    block = re.search(rf"^Function {name}\(.*?^End Function$", module, re.M | re.S)
    assert block is not None, name
    lines = [line.strip() for line in block.group(0).split("\n")]
    assert lines[0] == f"Function {name}({signature})"
    # an add-in's wrappers name ActiveWorkbook (the workbook calling), not the add-in
    assert (
        f'{name} = XLPy.CallUDF("orderdesk_udfs", "{name}", Array({args}), '
        "ActiveWorkbook, Application.Caller)"
    ) in lines
    assert f"{name} = Err.Description" in lines  # what the cell shows if Python fails


def test_the_wrapper_module_snapshot_is_what_xlwings_generates(udfs):
    committed = (build.VBA_DIR / "OrderDeskUdfs.bas").read_text(encoding="utf-8")
    assert committed == udf_wrappers.wrapper_module()
    for name in EXPECTED:
        assert committed.count(f"\nFunction {name}(") == 1, name


def test_the_help_module_registers_every_function_with_its_category(udfs):
    help_vba = (build.VBA_DIR / "FunctionHelp.bas").read_text(encoding="utf-8")
    for name in EXPECTED:
        assert f'Application.MacroOptions Macro:=Book & "{name}", Category:="OrderDesk"' in (
            help_vba
        )
    assert 'Description:="Converts an amount at the ECB euro reference rate of a day' in help_vba


# --- calls through xlwings' conversion, as the UDF server makes them ---------------------------

USD_PER_EUR, CNY_PER_EUR = 1.0857, 7.8561  # the ECB's published fixing of 7 March 2025


def test_od_fx_of_a_single_cell(udfs):
    assert excel_call(udfs.OD_FX, 100.0, "USD", "CNY", "2025-03-07") == [
        [pytest.approx(100 * CNY_PER_EUR / USD_PER_EUR, rel=1e-12)]
    ]


def test_od_fx_of_a_column_of_10000_amounts_in_one_call(udfs):
    amounts = column(*[float(i) for i in range(1, 10_001)])
    dates = column(*[dt.datetime(2025, 3, 7)] * 10_000)  # date cells come as datetimes
    out = excel_call(udfs.OD_FX, amounts, "USD", "CNY", dates)
    assert len(out) == 10_000 and all(len(row) == 1 for row in out)
    rate = CNY_PER_EUR / USD_PER_EUR
    assert out[0][0] == pytest.approx(rate) and out[-1][0] == pytest.approx(10_000 * rate)


def test_blank_cells_text_numbers_and_date_serials(udfs):
    serial = 45723.0  # 2025-03-07 as Excel stores it
    out = excel_call(udfs.OD_FX, column(100.0, None, "1,000.50", "lots"), "USD", "CNY", serial)
    rate = CNY_PER_EUR / USD_PER_EUR
    assert out[0][0] == pytest.approx(100 * rate)
    assert out[1][0] == ""
    assert out[2][0] == pytest.approx(1000.5 * rate)
    assert out[3][0] == "Error: amount 'lots' is not a number"


def test_an_omitted_optional_argument_takes_its_default(udfs):
    assert excel_call(udfs.OD_BALANCE_DUE, 12500.0, "TT30-70 BS") == [[8750.0]]
    assert excel_call(udfs.OD_BALANCE_DUE, 12500.0, "TT30-70 BS", 5000.0) == [[7500.0]]
    assert excel_call(udfs.OD_LATE_PENALTY, 20000.0, "2026-03-01", "2026-03-05") == [[400.0]]


def test_a_column_of_codes_gives_a_column_of_answers(udfs):
    out = excel_call(udfs.OD_HS_OK, column("851712", "851713", 851714.0, None))
    assert out == [[False], [True], [True], [""]]
    out = excel_call(udfs.OD_CONTAINER_OK, column("MSCU1234566", "MSCU1234567"))
    assert out == [[True], [False]]


def test_the_incoterm_split_spills_a_table(udfs):
    out = excel_call(udfs.OD_INCOTERM_SPLIT, column("CIF", "EXW"), True)
    assert len(out) == 3 and all(len(r) == 6 for r in out)
    assert out[1][:3] == ["seller", "seller", "seller"]
    assert out[2][0] == "buyer"


def test_nothing_raises_into_excel(udfs):
    for fn in udf_wrappers.functions(udfs):
        n = len(fn.__xlfunc__["args"])
        for junk in ([[object()]], "", True, -1.0, float("nan")):
            out = excel_call(fn, *([junk] * n))
            flat = [v for row in out for v in row]
            assert all(
                v == ""
                or isinstance(v, bool | str | dt.datetime)
                or (isinstance(v, float) and math.isfinite(v))
                for v in flat
            ), (fn.__name__, junk, out)
