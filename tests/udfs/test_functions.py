"""What each worksheet function gives a user, checked against hand calculations. Arguments are
passed as xlwings hands them over with ndim=2: a 2-D list for a range, a value for a cell."""

from __future__ import annotations

import datetime as dt

import orderdesk_udfs as od
import pytest

USD_PER_EUR, CNY_PER_EUR = 1.0857, 7.8561  # the ECB's published fixing of 7 March 2025
USD_CNY = CNY_PER_EUR / USD_PER_EUR


def col(*values):
    return [[v] for v in values]


# --- FX ----------------------------------------------------------------------------------------


def test_fx_is_the_ecb_cross_rate_of_the_day():
    assert od.OD_FX(100, "USD", "CNY", "2025-03-07") == pytest.approx(100 * USD_CNY, rel=1e-12)
    assert od.OD_FX_RATE("USD", "CNY", "2025-03-07") == pytest.approx(USD_CNY, rel=1e-12)
    assert od.OD_FX_RATE("EUR", "USD", "2025-03-07") == pytest.approx(USD_PER_EUR)
    assert od.OD_FX(100, "usd ", "usd", "2025-03-07") == 100


def test_a_day_without_a_fixing_uses_the_one_before_and_says_which():
    assert od.OD_FX(100, "USD", "CNY", "2025-03-08") == od.OD_FX(100, "USD", "CNY", "2025-03-07")
    assert od.OD_FX_DATE("USD", "CNY", "2025-03-09") == dt.datetime(2025, 3, 7)
    assert od.OD_FX_DATE("USD", "CNY", dt.datetime(2025, 3, 7)) == dt.datetime(2025, 3, 7)


def test_fx_dates_as_excel_serials_and_text():
    assert od.OD_FX(100, "USD", "CNY", 45723) == od.OD_FX(100, "USD", "CNY", "7 Mar 2025")


def test_fx_errors_read_like_the_problem():
    assert od.OD_FX(100, "USD", "XYZ") == "Error: to_ccy 'XYZ' is not an ISO 4217 currency code"
    assert od.OD_FX(100, "USD", "VND") == "Error: no ECB reference rate for VND"
    assert od.OD_FX(100, "USD", "CNY", "1990-01-01") == (
        "Error: no ECB rate for USD before 1999-01-04"
    )
    assert od.OD_FX("ten", "USD", "CNY") == "Error: amount 'ten' is not a number"
    assert od.OD_FX(100, "USD", "CNY", "2025-02-30") == (
        "Error: on_date '2025-02-30' is not a real date"
    )


def test_fx_over_a_column_of_dates_and_currencies():
    out = od.OD_FX(
        col(100, 200, None, 50),
        col("USD", "EUR", "USD", "GBP"),
        "CNY",
        col("2025-03-07", "2025-03-07", "2025-03-07", "1990-01-01"),
    )
    assert out[0][0] == pytest.approx(100 * USD_CNY)
    assert out[1][0] == pytest.approx(200 * CNY_PER_EUR)
    assert out[2][0] == ""
    assert out[3][0] == "Error: no ECB rate for GBP before 1999-01-04"


# --- payment, penalty, price ---------------------------------------------------------------------


def test_deposit_and_balance():
    assert od.OD_DEPOSIT_DUE(12500, "TT30-70 BS") == 3750
    assert od.OD_DEPOSIT_DUE(12500, "T/T 30/70 balance against B/L copy") == 3750
    assert od.OD_DEPOSIT_DUE(12500, "L/C at sight") == 0
    assert od.OD_BALANCE_DUE(12500, "TT30-70 BS") == 8750
    assert od.OD_BALANCE_DUE(12500, "TT30-70 BS", 5000) == 7500
    assert od.OD_BALANCE_DUE(12500, "TT30-70 BS", 13000) == 0
    assert od.OD_DEPOSIT_DUE(12500, "soon") == (
        "Error: payment_terms 'soon' is not a payment term OrderDesk reads (e.g. TT30-70 BS)"
    )


def test_late_penalty_per_day_and_its_cap():
    assert od.OD_LATE_PENALTY(20000, "2026-03-01", "2026-03-05") == 400  # 4 days × 0.5%
    assert od.OD_LATE_PENALTY(20000, "2026-03-01", "2026-03-31") == 1000  # capped at 5%
    assert od.OD_LATE_PENALTY(20000, "2026-03-05", "2026-03-01") == 0  # early
    assert od.OD_LATE_PENALTY(20000, "2026-03-01", "2026-03-05", "1%") == 800
    assert od.OD_LATE_PENALTY(20000, 46082, 46086, 0.01, "2%") == 400  # serials; cap 2%


def test_price_and_margin():
    assert od.OD_PRICE(8.2, 0.18) == pytest.approx(10.0)
    assert od.OD_PRICE("8.20", "18%") == pytest.approx(10.0)
    assert od.OD_PRICE(8.2, 0.18, 0.02) == pytest.approx(8.2 * 1.02 / 0.82)
    assert od.OD_PRICE(8.2, 1) == ("Error: a target margin must be from 0% to below 100%, not 100%")
    assert od.OD_MARGIN(10, 8.2) == pytest.approx(0.18)
    assert od.OD_MARGIN(0, 8.2) == "Error: margin of a zero price"


def test_cartons_and_cbm():
    assert od.OD_CARTONS(1000, 24) == 42
    assert od.OD_CARTONS(960, 24) == 40
    assert od.OD_CARTONS(1000, 0) == "Error: units per carton must be above 0"
    assert od.OD_CBM(60, 40, 35, 42) == pytest.approx(3.528)


# --- codes ---------------------------------------------------------------------------------------


def test_hs_2022():
    assert od.OD_HS_OK("851712") is False  # HS 2022 split it into 851713 and 851714
    assert od.OD_HS_OK("851713") is True
    assert od.OD_HS_OK("8517.13.00") is True  # a national code: its first six digits decide
    assert od.OD_HS_DESC("851713").lower().startswith("telephone sets; smartphones")
    assert od.OD_HS_DESC("851712") == "Error: '851712' is not an HS 2022 subheading"


def test_container_numbers_follow_the_iso_6346_check_digit():
    # MSCU123456: 24·1 + 30·2 + 13·4 + 32·8 + 1·16 + 2·32 + 3·64 + 4·128 + 5·256 + 6·512
    # = 5528; 5528 mod 11 = 6 → check digit 6
    assert od.OD_CONTAINER_OK("MSCU1234566") is True
    assert od.OD_CONTAINER_OK("MSCU 123456-6") is True
    assert od.OD_CONTAINER_OK("MSCU1234567") is False
    assert od.OD_CONTAINER_OK("MSC1234566") is False


def test_iban():
    assert od.OD_IBAN_OK("DE89 3704 0044 0532 0130 00") is True
    assert od.OD_IBAN_OK("DE89 3704 0044 0532 0130 01") is False


def test_incoterms():
    assert od.OD_INCOTERM_OK("FOB") is True
    assert od.OD_INCOTERM_OK(" cif rotterdam ") is True
    assert od.OD_INCOTERM_OK("FOB", "air") is False  # sea and inland waterway only
    assert od.OD_INCOTERM_OK("CIP", "air") is True
    assert od.OD_INCOTERM_OK("FOQ") is False
    assert od.OD_INCOTERM_OK("FOB", "truck") == (
        "Error: mode 'truck' is not a transport mode "
        "(sea, inland waterway, air, road, rail, multimodal)"
    )


def test_incoterm_split_one_row_per_term():
    header, cif = od.OD_INCOTERM_SPLIT("CIF", True)
    assert header == [
        "export clearance",
        "main carriage",
        "insurance",
        "import clearance",
        "unloading at destination",
        "risk passes",
    ]
    assert cif == [
        "seller",
        "seller",
        "seller",
        "buyer",
        "buyer",
        "on board the vessel at the port of loading",
    ]
    rows = od.OD_INCOTERM_SPLIT(col("EXW", "DDP", None, "FOQ"))
    assert rows[0][0] == "buyer" and rows[0][2] == "buyer (own choice)"
    assert rows[1][3] == "seller"  # DDP: the seller clears import
    assert rows[2] == [""] * 6
    assert rows[3][0] == "Error: term 'FOQ' is not an Incoterms 2020 rule"
    assert od.OD_INCOTERM_SPLIT([["CIF", "FOB"], ["EXW", "DAP"]]).startswith("Error: term")


# --- words -------------------------------------------------------------------------------------


def test_amounts_in_words():
    assert od.OD_WORDS(1234.56, "USD") == (
        "one thousand, two hundred and thirty-four US dollars, fifty-six cents only"
    )
    assert od.OD_WORDS(1234.56, "CNY", "zh-CN") == "人民币壹仟贰佰叁拾肆元伍角陆分"
    assert od.OD_WORDS(5, "XYZ") == "Error: ccy 'XYZ' is not an ISO 4217 currency code"
    assert od.OD_WORDS(5, "USD", "xx").startswith("Error: lang 'xx' is not one of the languages")


# --- ranges ------------------------------------------------------------------------------------


def test_a_column_in_a_column_out_with_blanks_and_errors_in_place():
    assert od.OD_CARTONS(col(1000, None, "1,200", "abc"), 24) == [
        [42],
        [""],
        [50],
        ["Error: qty 'abc' is not a number"],
    ]


def test_a_row_stays_a_row_and_single_cells_stretch():
    assert od.OD_CARTONS([[1000, 48]], 24) == [[42, 2]]
    assert od.OD_CARTONS(1000, col(24, 50)) == [[42], [20]]


def test_ranges_of_different_sizes_are_refused():
    assert od.OD_MARGIN(col(1, 2), col(1, 2, 3)) == (
        "Error: the ranges have different sizes (2x1 and 3x1)"
    )


def test_a_blank_required_argument_leaves_the_cell_blank_whatever_else_is_wrong():
    assert od.OD_DEPOSIT_DUE(col(None, 100), col("soon", "TT30-70 BS")) == [[""], [30]]


def test_a_column_of_10000_is_one_call():
    out = od.OD_CARTONS(col(*range(10_000)), 24)
    assert len(out) == 10_000 and out[9_999] == [417]  # ceil(9999 / 24)
