"""How a worksheet function classes what goes wrong, as the ribbon and the command line do: the
user's input (an `OrderDeskError`) shows its short message in the cell; anything else is a bug,
shown as one "internal error" text while the traceback goes to the log the ribbon's buttons use.
And no value a cell can hold makes a function hit a bug."""

from __future__ import annotations

import datetime as dt
import inspect

import orderdesk_udfs as od
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from orderdesk_udfs import _cells as C

from orderdesk.domain import trade
from orderdesk.schema import Orders


@pytest.fixture
def log(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDERDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "logs" / "addin.log"


def test_bad_input_shows_its_message_and_writes_no_log(log):
    assert od.OD_CARTONS(1000, 0) == "Error: units per carton must be above 0"
    assert od.OD_WORDS(-5, "USD") == "Error: amounts in words are for amounts of 0 or more"
    assert not log.exists()


def test_a_bug_is_an_internal_error_in_the_cell_and_a_traceback_in_the_log(log, monkeypatch):
    def broken(qty, per_carton):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(trade, "cartons", broken)
    shown = od.OD_CARTONS(1000, 24)
    assert shown == f"Error: internal error in OrderDesk (OD_CARTONS); the details are in {log}"
    assert "ZeroDivisionError" not in shown  # no Python in the cell
    text = log.read_text(encoding="utf-8")
    assert "worksheet function OD_CARTONS" in text
    assert "Traceback" in text and "ZeroDivisionError: division by zero" in text


def test_a_plain_value_error_is_a_bug_not_the_users_fault(log, monkeypatch):
    """Before one exception root, every ValueError passed as a bad argument and hid bugs."""

    def broken(qty, per_carton):
        raise ValueError("an internal invariant")

    monkeypatch.setattr(trade, "cartons", broken)
    out = od.OD_CARTONS([[1000], [2000]], 24)
    assert out.startswith("Error: internal error in OrderDesk (OD_CARTONS)")  # the whole call
    assert "an internal invariant" in log.read_text(encoding="utf-8")


def test_the_log_is_the_ribbons(log, monkeypatch):
    import orderdesk_addin.excel as excel
    from orderdesk_addin import buglog

    assert buglog.log_path() == log
    assert excel.log_bug is buglog.log_bug


# --- no cell value makes a function hit a bug -------------------------------------------------

CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20).map(float),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)),
    st.text(max_size=12),
    st.sampled_from(
        [
            "USD", "cny", "zh-CN", "ar", "TT30-70 BS", "L/C at sight", "FOB", "CIF Rotterdam",
            "air", "sea", "851713", "8517.13.00", "MSCU1234566", "DE89 3704 0044 0532 0130 00",
            "2025-03-07", "07.03.2025", "1,234.50", "18%", "yes", "9999-12-31",
        ]
    ),
)  # fmt: skip
FUNCTIONS = sorted(n for n in dir(od) if n.startswith("OD_") and n != "OD_CHECK")


@pytest.fixture(scope="module")
def quiet_log(tmp_path_factory):
    """A bug found here is logged in a temporary home, not the developer's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ORDERDESK_HOME", str(tmp_path_factory.mktemp("home")))
        yield


@pytest.mark.parametrize("name", FUNCTIONS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_cell_value_is_a_bug(quiet_log, name, data):
    fn = getattr(od, name)
    n = len(inspect.signature(fn).parameters)
    args = [data.draw(st.one_of(CELL, st.lists(st.lists(CELL, min_size=1, max_size=1),
                                                min_size=1, max_size=3))) for _ in range(n)]  # fmt: skip
    out = fn(*args)
    cells = [out] if not isinstance(out, list) else [v for row in out for v in row]
    assert not any(isinstance(v, str) and "internal error" in v for v in cells), (name, args)


ORDER_ROW = st.tuples(st.from_regex(r"SO-2026-\d{4}", fullmatch=True), CELL, CELL, CELL)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(ORDER_ROW.map(list), min_size=0, max_size=4))
def test_no_orders_block_is_a_bug(quiet_log, rows):
    header = [str(Orders.order_id), str(Orders.order_date), str(Orders.currency), "Own column"]
    out = od.OD_CHECK([header, *rows])
    assert isinstance(out, list) and len(out) == len(rows) + 1, out


def test_the_property_checks_can_fail(log, monkeypatch):
    """The checks above would see a bug: the internal-error text they look for is what a bug
    gives."""
    monkeypatch.setattr(C, "number", lambda v: 1 / 0)
    assert "internal error" in od.OD_CARTONS(1, 2)
