"""Lessons: the lesson sharing the product and the cause ranks first, in English and Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from orderdesk.actions.aftersales_lessons import NoSuchComplaint, find_lessons
from orderdesk.actions.base import NoSuchOrder
from orderdesk.actions.context import RunContext
from orderdesk.domain.aftersales.lessons import Lesson, Query, search, tokens
from orderdesk.schema import Complaints, Lessons, OrderLines, Orders, Products


def lesson(lid: str, title: str, sku: str, klass: str, worked: str = "") -> dict:
    return {
        Lessons.lesson_id: lid,
        Lessons.title_text: title,
        Lessons.what_worked: worked,
        Lessons.sku: sku,
        Lessons.complaint_class: klass,
    }


LESSONS = [
    # the same words as the complaint, another product: reads most alike
    lesson("L-1", "Glaze cracks on bowls after dishwasher test", "BOWL-02", "quality"),
    lesson("L-2", "Mugs shipped late: kiln breakdown at the factory", "MUG-01", "delay"),
    lesson(
        "L-3",
        "Crazing on stoneware mugs",
        "MUG-01",
        "quality",
        "Ask the factory for the kiln curve and a dishwasher test report",
    ),
    lesson("L-4", "Bank charges deducted from the deposit", "", ""),
    lesson("L-5", "碗的釉面开裂，洗碗机测试后", "BOWL-02", "quality"),
    lesson("L-6", "马克杯延迟发货：工厂窑炉故障", "MUG-01", "delay"),
    lesson("L-7", "马克杯釉面龟裂", "MUG-01", "quality", "要求工厂提供窑温曲线"),
]


def register_with(memory_register, description: str):  # type: ignore[no-untyped-def]
    return memory_register(
        {
            Orders: [{Orders.order_id: "SO-1"}],
            OrderLines: [
                {OrderLines.order_id: "SO-1", OrderLines.line_no: 1, OrderLines.sku: "MUG-01"}
            ],
            Products: [
                {
                    Products.sku: "MUG-01",
                    Products.description: "Stoneware mug",
                    Products.category: "x",
                }
            ],
            Complaints: [
                {
                    Complaints.complaint_id: "C-1",
                    Complaints.order_id: "SO-1",
                    Complaints.sku: "MUG-01",
                    Complaints.date: dt.date(2026, 11, 27),
                    Complaints.complaint_class: "quality",
                    Complaints.description: description,
                }
            ],
            Lessons: LESSONS,
        }
    )


@pytest.mark.parametrize(
    ("description", "first"),
    [("Glaze cracks on the mugs after the dishwasher", "L-3"), ("马克杯洗碗机后釉面开裂", "L-7")],
)
def test_the_lesson_sharing_product_and_cause_ranks_first(
    memory_register, description: str, first: str
) -> None:
    outcome = find_lessons(
        RunContext.of(register_with(memory_register, description)), complaint="c-1"
    )
    ranked = [x["lesson"] for x in outcome.data["lessons"]]
    assert ranked[0] == first
    assert len(ranked) == 5
    assert outcome.details[0].startswith(f"1. {first} ")
    assert "same product, same class" in outcome.details[0]


def test_text_alone_ranks_by_similarity_in_both_languages() -> None:
    pool = [Lesson(r[Lessons.lesson_id], r[Lessons.title_text]) for r in LESSONS]
    assert search(pool, Query("glaze cracks dishwasher"))[0].lesson_id == "L-1"
    assert search(pool, Query("釉面开裂"))[0].lesson_id == "L-5"
    assert search(pool, Query("延迟发货"))[0].lesson_id == "L-6"
    assert search(pool, Query("nothing alike at all"), 5) == []  # no shared word: nothing shown


def test_chinese_is_cut_into_bigrams() -> None:
    assert {"釉面", "开裂"} <= set(tokens("釉面开裂"))


def test_an_order_finds_lessons_by_its_products(memory_register) -> None:
    outcome = find_lessons(RunContext.of(register_with(memory_register, "cracks")), order="SO-1")
    assert next(x["lesson"] for x in outcome.data["lessons"]) in {"L-3", "L-7"}


def test_unknown_complaint_or_order_is_a_usage_error(memory_register) -> None:
    register = register_with(memory_register, "x")
    with pytest.raises(NoSuchComplaint, match="no such complaint: C-404"):
        find_lessons(RunContext.of(register), complaint="C-404")
    with pytest.raises(NoSuchOrder):
        find_lessons(RunContext.of(register), order="SO-404")
