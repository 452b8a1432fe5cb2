"""Complaint: the clocks on a register's complaints, breaches listed, bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest

from orderdesk.actions.aftersales import complaint_clocks
from orderdesk.actions.context import RunContext
from orderdesk.domain.aftersales.complaints import ComplaintInputError
from orderdesk.schema import Complaints, ComplaintSla, Orders, Setting, Settings, SlaBreaches
from orderdesk.settings import PolicyError

TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 2, 12, 0)  # Wednesday noon
ORDERS = [{Orders.order_id: "SO-1", Orders.customer: "CU-1"}, {Orders.order_id: "SO-2"}]


def complaint(cid: str, **cells: object) -> dict:
    row = {
        Complaints.complaint_id: cid,
        Complaints.order_id: "SO-1",
        Complaints.date: dt.date(2026, 11, 27),
        Complaints.complaint_class: "quality",
        Complaints.received: dt.datetime(2026, 11, 27, 17, 30),  # Friday
        Complaints.owner: "lwei",
    }
    row.update({getattr(Complaints, k): v for k, v in cells.items()})
    return row


def run(register, now: dt.datetime = NOW):  # type: ignore[no-untyped-def]
    return complaint_clocks(RunContext.of(register, today=TODAY), now=now)


def by_id(register) -> dict:  # type: ignore[no-untyped-def]
    data = register.read(Complaints)
    return {r["complaint_id"]: r for r in data.records()}


def test_friday_evening_complaint_is_due_monday_half_past_nine(memory_register) -> None:
    register = memory_register(
        {
            Orders: ORDERS,
            Complaints: [
                complaint(
                    "C-1",
                    acknowledged=dt.datetime(2026, 11, 30, 9, 20),
                    proposed=dt.datetime(2026, 12, 1, 16, 0),
                ),
                complaint("C-2", acknowledged=dt.datetime(2026, 11, 30, 11, 0)),
            ],
        }
    )
    outcome = run(register)
    rows = by_id(register)
    assert rows["C-1"]["ack_due"] == dt.datetime(2026, 11, 30, 9, 30)
    assert rows["C-1"]["solution_due"] == dt.datetime(2026, 12, 2, 14, 30)
    assert rows["C-1"]["sla"] == "on time"
    # C-2: acknowledged 1.5 business hours late; its solution (due Wednesday 14:30) still runs
    assert rows["C-2"]["sla"] == "acknowledgement late 1.5 h"
    assert outcome.findings == 1
    assert (
        "C-2 (SO-1): acknowledge due 2026-11-30 09:30, done 2026-11-30 11:00"
        in (outcome.details[0])
    )
    sheet = register.sheets[SlaBreaches.sheet].blocks[0].frame
    assert list(sheet[SlaBreaches.complaint_id]) == ["C-2"]
    assert list(sheet[SlaBreaches.late_hours]) == [1.5]
    assert register.saves == 1


def test_an_open_complaint_past_its_due_time_is_overdue(memory_register) -> None:
    register = memory_register({Orders: ORDERS, Complaints: [complaint("C-3")]})
    run(register, now=dt.datetime(2026, 12, 2, 18, 0))
    assert by_id(register)["C-3"]["sla"] == (
        "acknowledgement overdue 26.5 h; solution overdue 3.5 h"
    )


def test_a_holiday_from_settings_is_skipped(memory_register) -> None:
    data = {Orders: ORDERS, Complaints: [complaint("C-1")]}
    register = memory_register(data)
    settings = register.read(Settings).frame
    row = settings.index[settings[Settings.key] == Setting.HOLIDAYS.key][0]
    assert row  # the default policy has the row
    register = memory_register(
        {
            **data,
            Settings: [
                {Settings.key: Setting.HOLIDAYS.key, Settings.value: "2026-11-30"},
            ],
        }
    )
    run(register)
    assert by_id(register)["C-1"]["ack_due"] == dt.datetime(2026, 12, 1, 9, 30)


def test_limits_are_set_per_class(memory_register) -> None:
    register = memory_register(
        {
            Orders: ORDERS,
            Complaints: [complaint("C-1", complaint_class="delay")],
            ComplaintSla: [
                {
                    ComplaintSla.complaint_class: "delay",
                    ComplaintSla.acknowledge_hours: 4,
                    ComplaintSla.solution_hours: 9,
                }
            ],
        }
    )
    run(register)
    row = by_id(register)["C-1"]
    assert row["ack_due"] == dt.datetime(2026, 11, 30, 12, 30)
    # 0.5 h on Friday, 8.5 h on Monday
    assert row["solution_due"] == dt.datetime(2026, 11, 30, 17, 30)


@pytest.mark.parametrize(
    ("cells", "where"),
    [
        ({"order_id": "SO-404"}, r"Complaints!B3 \(Order ID\): 'SO-404' is not an order"),
        (
            {"acknowledged": dt.datetime(2026, 11, 27, 9, 0)},
            r"Complaints!\w+3 \(Acknowledged\): 2026-11-27 09:00 is before Received",
        ),
        (
            {
                "acknowledged": dt.datetime(2026, 11, 30, 9, 0),
                "closed": dt.datetime(2026, 11, 29, 9, 0),
            },
            r"Complaints!\w+3 \(Closed\): 2026-11-29 09:00 is before Acknowledged",
        ),
        ({"complaint_class": "smell"}, r"Complaints!\w+3 \(Class\): 'smell' is not a complaint"),
    ],
)
def test_bad_input_is_named_by_sheet_row_column_and_nothing_changes(
    memory_register, cells: dict, where: str
) -> None:
    register = memory_register(
        {Orders: ORDERS, Complaints: [complaint("C-1"), complaint("C-2", **cells)]}
    )
    before = by_id(register)
    with pytest.raises(ComplaintInputError, match=where):
        run(register)
    assert register.saves == 0
    assert by_id(register) == before
    assert SlaBreaches.sheet not in register.sheets


def test_a_working_hours_setting_that_makes_no_sense_names_its_cell(memory_register) -> None:
    register = memory_register(
        {
            Orders: ORDERS,
            Complaints: [complaint("C-1")],
            Settings: [{Settings.key: Setting.WORKING_HOURS.key, Settings.value: "all day"}],
        }
    )
    with pytest.raises(PolicyError, match=r"'working hours' at Settings!B2 \(Value\)"):
        run(register)
    assert register.saves == 0


def test_the_kpi_sheet_shows_the_share_of_complaints_within_sla(memory_register) -> None:
    from orderdesk.actions.kpi import refresh_kpis
    from orderdesk.schema import KPI

    register = memory_register(
        {
            Orders: ORDERS,
            Complaints: [
                complaint(
                    "C-1",
                    acknowledged=dt.datetime(2026, 11, 30, 9, 20),
                    proposed=dt.datetime(2026, 12, 1, 16, 0),
                ),
                complaint("C-2", acknowledged=dt.datetime(2026, 11, 30, 11, 0)),
                complaint(
                    "C-3",
                    acknowledged=dt.datetime(2026, 11, 30, 9, 0),
                    proposed=dt.datetime(2026, 11, 30, 10, 0),
                ),
                complaint("C-4", received=dt.datetime(2026, 12, 2, 11, 30)),  # still running
            ],
        }
    )
    run(register)
    assert [r["sla"] for r in register.read(Complaints).records()][3] == "running"
    refresh_kpis(register, on=TODAY)
    summary = register.sheets[KPI.sheet].blocks[0].frame
    row = summary[summary[KPI.kpi] == "Complaints within SLA %"]
    # C-1 and C-3 in time, C-2 late; C-4 not judged yet
    assert float(row[KPI.value].iloc[0]) == pytest.approx(200 / 3)
