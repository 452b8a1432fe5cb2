"""The intake domain's own checks, each with the case that must fail it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orderdesk.domain.intake import CustomerRef, ProductRef, match_product
from orderdesk.domain.intake.order import parse_number, parse_when
from orderdesk.domain.values import Unreadable

PRODUCTS = [
    ProductRef("TX-3003", "Cotton terry bath towel 70×140 cm"),
    ProductRef("TX-3004", "Cotton hand towel 50×90 cm"),
    ProductRef("KW-2004", "Chef's knife 8\"", "8寸厨师刀"),
]


@pytest.mark.parametrize(
    ("text", "mark", "value", "sure"),
    [
        ("1.200", ",", Decimal(1200), True),  # German thousands
        ("1.200", ".", Decimal("1.2"), True),
        ("1.200", None, Decimal(1200), False),  # nothing on the order says which: not sure
        ("1 234,50", ",", Decimal("1234.50"), True),
        ("1\u202f234,50", ",", Decimal("1234.50"), True),  # French narrow no-break space
        ("USD 3.45", None, Decimal("3.45"), True),
    ],
)
def test_numbers_in_the_orders_locale(
    text: str, mark: str | None, value: Decimal, sure: bool
) -> None:
    got, confidence = parse_number(text, mark)
    assert got == value and (confidence >= 0.9) is sure


def test_dates_that_read_two_ways_are_not_sure_until_something_tells() -> None:
    assert parse_when("03/04/2026", None)[1] < 0.9
    assert parse_when("03/04/2026", False)[0].isoformat() == "2026-03-04"
    assert parse_when("03/04/2026", True)[0].isoformat() == "2026-04-03"
    assert parse_when("07.03.2026", None) == (parse_when("2026年3月7日", None)[0], 0.98)
    assert parse_when("7 de marzo de 2026", None)[0].isoformat() == "2026-03-07"
    with pytest.raises(Unreadable):
        parse_when("next month", None)


def test_a_product_by_sku_learned_part_or_a_clear_description() -> None:
    assert match_product("KW 2004", None, None, PRODUCTS).id == "KW-2004"
    assert match_product(None, "8寸 厨师刀", None, PRODUCTS).id == "KW-2004"
    assert match_product(None, "Cotton terry bath towel 70x140", None, PRODUCTS).id == "TX-3003"
    # Two towels fit a bare "cotton towel" alike: no guess.
    assert match_product(None, "cotton towel", None, PRODUCTS).id is None
    # An unknown part number of an unknown product: nothing.
    assert match_product("ZX-99", "Fleischgabel", None, PRODUCTS).id is None


def test_customer_refs_ignore_public_mail_domains() -> None:
    assert CustomerRef("C", "X", email="a@gmail.com; b@x-trading.example").domains == {
        "x-trading.example"
    }
