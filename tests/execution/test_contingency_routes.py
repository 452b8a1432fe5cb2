"""Log exception: the lane's alternative routes (Settings "Contingency routes") suggested for a
logistics or delivery problem, as the Exceptions sheet shows them."""

from __future__ import annotations

from orderdesk.actions.context import RunContext
from orderdesk.actions.exceptions import log_exception
from orderdesk.schema import Contingencies, Exceptions, Orders
from tests.execution.cases import TODAY, line, order, tables


def _route(lane, route, kind, cost, days):
    return {
        Contingencies.lane: lane,
        Contingencies.route: route,
        Contingencies.kind: kind,
        Contingencies.extra_cost: cost,
        Contingencies.currency: "USD",
        Contingencies.days_saved: days,
    }


def _contingency(memory_register, cls, pol="cnngb", pod="NLRTM"):
    shipped = {
        **order("SO-1", "in production"),
        Orders.port_of_loading: pol,
        Orders.port_of_discharge: pod,
    }
    data = tables([shipped], [line("SO-1", "P-1", 1000)])
    data[Exceptions] = []
    data[Contingencies] = [
        _route("CNNGB-NLRTM", "air via PVG", "air", 9000.0, 18),  # 500 a day saved
        _route("CNNGB-NLRTM", "load at CNSHA instead", "other POL", 450.0, 4),  # 112.5 a day
        _route("CNNGB-NLRTM", "same ship next week", "other carrier", 100.0, 0),  # saves nothing
        _route("CNSHA-USLAX", "rail to Xi'an", "rail", 50.0, 5),  # another lane
    ]
    register = memory_register(data, user="lwei")
    log_exception(
        RunContext.of(register, today=TODAY),
        order_id="SO-1",
        exception_class=cls,
        severity="high",
    )
    rows = register.reopen().read(Exceptions).records()
    return rows[0]["contingency"]


def test_a_logistics_problem_suggests_its_lanes_routes_cheapest_per_day_first(memory_register):
    text = _contingency(memory_register, "logistics")
    assert (
        "other routes for CNNGB-NLRTM: load at CNSHA instead (other POL, +USD 450, 4 days saved),"
        " air via PVG (air, +USD 9,000, 18 days saved)" in text
    )
    assert "same ship next week" not in text  # saves no day
    assert "rail to Xi'an" not in text  # another lane's
    assert "other routes" in _contingency(memory_register, "delivery")


def test_no_routes_for_other_classes_or_an_order_without_ports(memory_register):
    assert "other routes" not in _contingency(memory_register, "quality")
    assert "other routes" not in _contingency(memory_register, "logistics", pol=None)
    assert "other routes" not in _contingency(memory_register, "logistics", pod="USLAX")
