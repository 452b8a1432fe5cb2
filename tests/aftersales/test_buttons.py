"""The After-sales buttons clicked in (fake) Excel: the same actions through the live adapter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orderdesk_addin

from orderdesk.actions.aftersales_feedback import ask_feedback
from orderdesk.actions.base import Outcome
from orderdesk.actions.context import RunContext
from orderdesk.adapters.file_register import FileRegister
from orderdesk.schema import Complaints, Customers, Feedback, Lessons, Orders, SlaBreaches
from tests.addin.fake_excel import FakeBook
from tests.aftersales.test_lessons import LESSONS

FRIDAY_1730 = dt.datetime(2026, 11, 27, 17, 30)


def test_complaint_and_lessons_clicked_in_excel(make_register, monkeypatch) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", "2026-12-04")
    path = make_register(
        {
            Orders: [{Orders.order_id: "SO-1"}],
            Complaints: [
                {
                    Complaints.complaint_id: "C-1",
                    Complaints.order_id: "SO-1",
                    Complaints.sku: "MUG-01",
                    Complaints.date: FRIDAY_1730.date(),
                    Complaints.complaint_class: "quality",
                    Complaints.received: FRIDAY_1730,
                    Complaints.acknowledged: dt.datetime(2026, 11, 30, 10, 30),
                    Complaints.description: "glaze cracks on mugs",
                }
            ],
            Lessons: LESSONS,
        }
    )
    book = FakeBook.from_xlsx(path)
    outcome = orderdesk_addin.run("odComplaint", book=book)
    assert outcome is not None, book.app.alerts
    prompt, title, _ = book.app.alerts[0]
    assert title == "OrderDesk · Complaint"
    assert prompt.startswith("1 complaint(s) on the clock, 2 SLA breach(es)")
    sla = book.sheets[Complaints.sheet].column(str(Complaints.sla))
    assert sla[2].startswith("acknowledgement late 1.0 h")
    breaches = book.sheets[SlaBreaches.sheet].cells.values()
    assert list(breaches).count("C-1") == 2  # acknowledgement late, solution overdue

    outcome = orderdesk_addin.run("odLessons", book=book)
    assert outcome is not None
    assert "Select a complaint or an order" in book.app.alerts[1][0]


def test_import_surveys_button_takes_the_picked_forms_or_none(make_register) -> None:
    from openpyxl import load_workbook
    from orderdesk_addin.buttons_aftersales import import_surveys_button
    from orderdesk_addin.handlers import ButtonContext

    path = make_register(
        {
            Customers: [
                {
                    Customers.customer_id: "CU-US",
                    Customers.name: "Lakeside Kitchens Inc.",
                    Customers.country: "US",
                }
            ],
            Orders: [{Orders.order_id: "SO-1", Orders.customer: "CU-US", Orders.stage: "closed"}],
        }
    )
    ask_feedback(RunContext.of(FileRegister(path)))
    form = path.parent / "Surveys" / "Survey-SO-1.xlsx"
    wb = load_workbook(form)
    wb["Survey"]["C7"] = 4
    wb.save(form)

    def click(picked: list[Path] | None) -> Outcome:
        ctx = ButtonContext(FileRegister(path), None, pick_files=lambda *_: picked)
        return import_surveys_button(ctx)

    cancelled = click([])
    assert "no survey picked" in cancelled.summary
    assert FileRegister(path).read(Feedback).frame.empty
    got = click([form])
    assert got.data["answers"] == 1
    assert list(FileRegister(path).read(Feedback).frame[Feedback.score]) == [4]
