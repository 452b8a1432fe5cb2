"""Pricing: the cost build-up per Incoterm, worked out by hand to the cent and read back from
the saved workbook."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from orderdesk.adapters import grid as G
from orderdesk.domain.quotes.models import PricingPolicy
from orderdesk.domain.quotes.pricing import build_up
from orderdesk.domain.reference.fx import ecb_table
from orderdesk.schema import CostDrivers, Products, QuoteLines, Quotes
from tests.quotes.conftest import CIF, EXW, QUOTE_DAY, data, drivers, row_of, run, set_cell

# ECB euro reference rates published for 2026-10-14 (the quote date): 1 EUR = 1.1195 USD,
# 1 EUR = 7.4925 CNY. Cross rate CNY → USD = 1.1195 / 7.4925.
USD_PER_EUR, CNY_PER_EUR = Decimal("1.1195"), Decimal("7.4925")
CNY_USD = USD_PER_EUR / CNY_PER_EUR
CENT = Decimal("0.01")


def cents(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def test_the_published_fixings_are_the_ones_used() -> None:
    day = ecb_table().loc[str(QUOTE_DAY)]
    assert (float(day["USD"]), float(day["CNY"])) == (float(USD_PER_EUR), float(CNY_PER_EUR))


def test_cif_price_has_freight_and_insurance_exw_has_neither(quote_register: Path, capsys) -> None:
    code, out, _ = run(capsys, "quote", "price", quote_register)
    assert code == 0, out

    # By hand. HW-0001: material 20.00 CNY × steel index 1.05 = 21.00, labour 6.00,
    # packaging 1.50 → 28.50 CNY a piece. Carton 50 × 40 × 30 cm for 20 pieces: 0.003 m³ a piece.
    product_cny = Decimal("20.00") * Decimal("1.05") + Decimal("6.00") + Decimal("1.50")
    unit_cbm = Decimal("0.5") * Decimal("0.4") * Decimal("0.3") / 20
    inland_cny = Decimal(85) * unit_cbm  # inland per CBM 85 CNY → 0.255 CNY
    freight_usd = Decimal(2680) / Decimal(67) * unit_cbm  # 40 USD per CBM → 0.12 USD
    buffer, margin, share = Decimal("0.02"), Decimal("0.18"), Decimal("1.1") * Decimal("0.003")

    # CIF: converted costs carry the 2 % FX buffer, the USD freight does not; insurance is
    # 0.3 % of 110 % of the CIF price itself: P = (K_cny→usd × 1.02 + F) / (1 − 0.18 − 0.0033).
    k_fx = (product_cny + inland_cny) * CNY_USD  # 4.29646 USD
    cif = cents((k_fx * (1 + buffer) + freight_usd) / (1 - margin - share))
    assert cif == Decimal("5.51")
    cif_insurance = share * cif  # 0.018183
    cif_cost = k_fx + freight_usd + cif_insurance  # 4.434642

    line = row_of(quote_register, QuoteLines, quote_id=CIF, line_no=1)
    assert Decimal(repr(line[QuoteLines.suggested_price])) == cif
    assert line[QuoteLines.main_freight] == pytest.approx(float(freight_usd), abs=5e-5)
    assert line[QuoteLines.insurance] == pytest.approx(float(cif_insurance), abs=5e-5)
    assert line[QuoteLines.inland_freight] == pytest.approx(float(inland_cny * CNY_USD), abs=5e-5)
    assert line[QuoteLines.unit_cost] == pytest.approx(float(cif_cost), abs=5e-5)
    assert line[QuoteLines.margin_pct] == pytest.approx(float((cif - cif_cost) / cif), abs=5e-5)
    assert line[QuoteLines.below_floor] == "no"
    header = row_of(quote_register, Quotes, quote_id=CIF, version=1)
    assert header[Quotes.total] == pytest.approx(5510.00)  # 1,000 × 5.51
    assert header[Quotes.status] == "priced"
    assert header[Quotes.fx_date] == dt.datetime(2026, 10, 14)

    # EXW: the buyer collects at the works; no inland freight, no main freight, no insurance.
    exw = cents(product_cny * CNY_USD * (1 + buffer) / (1 - margin))
    assert exw == Decimal("5.30")
    line = row_of(quote_register, QuoteLines, quote_id=EXW, line_no=1)
    assert Decimal(repr(line[QuoteLines.suggested_price])) == exw
    assert (line[QuoteLines.inland_freight], line[QuoteLines.main_freight]) == (0, 0)
    assert line[QuoteLines.insurance] == 0
    assert line[QuoteLines.unit_cost] == pytest.approx(float(product_cny * CNY_USD), abs=5e-5)
    assert "suggested 5.51 USD" in out and "suggested 5.30 USD" in out


def _frames(term: str, mode: str = "sea", price: float | None = None):
    tables = data()

    def frame(table, rows):
        return G.build(_grid(table, rows), table).frame

    quote = dict(tables[Quotes][0], **{Quotes.incoterm: term, Quotes.transport_mode: mode})
    line = dict(tables[QuoteLines][0], **{QuoteLines.unit_price: price})
    return (
        frame(QuoteLines, [line]),
        frame(Quotes, [quote]),
        frame(Products, tables[Products]),
        frame(CostDrivers, drivers()),
    )


def _grid(table, rows):
    cols = table.columns()
    return [[str(c) for c in cols], *[[r.get(c) for c in cols] for r in rows]]


@pytest.mark.parametrize(
    ("term", "inland", "freight", "insured"),
    [
        ("EXW", False, False, False),
        ("FCA", True, False, False),
        ("FAS", True, False, False),
        ("FOB", True, False, False),
        ("CFR", True, True, False),
        ("CPT", True, True, False),
        ("CIF", True, True, True),
        ("CIP", True, True, True),
        ("DAP", True, True, False),
        ("DPU", True, True, False),
        ("DDP", True, True, False),
    ],
)
def test_each_incoterm_carries_its_share_of_delivery(term, inland, freight, insured) -> None:
    lines, quotes, products, drv = _frames(term)
    out = build_up(lines, quotes, products, drv, PricingPolicy()).frame.iloc[0]
    assert bool(out[str(QuoteLines.inland_freight)] > 0) is inland
    assert bool(out[str(QuoteLines.main_freight)] > 0) is freight
    assert bool(out[str(QuoteLines.insurance)] > 0) is insured


def test_air_freight_is_charged_on_the_larger_of_actual_and_volumetric_weight() -> None:
    lines, quotes, products, drv = _frames("CPT", mode="air")
    out = build_up(lines, quotes, products, drv, PricingPolicy()).frame.iloc[0]
    # HW-0001: 12 kg a carton of 20 = 0.6 kg; volumetric 0.003 m³ × 167 = 0.501 kg → 0.6 kg
    # at 4.20 USD a kg = 2.52 USD.
    assert out[str(QuoteLines.main_freight)] == pytest.approx(2.52)


def test_offered_price_below_the_floor_is_flagged(quote_register: Path, capsys) -> None:
    wb = load_workbook(quote_register)
    ws = wb[QuoteLines.sheet]
    col = [c.value for c in ws[1]].index(str(QuoteLines.unit_price)) + 1
    ws.cell(row=2, column=col, value=4.60)  # the CIF line
    wb.save(quote_register)
    code, out, _ = run(capsys, "quote", "price", quote_register, "--quote", CIF)
    assert code == 1, out
    line = row_of(quote_register, QuoteLines, quote_id=CIF, line_no=1)
    # At 4.60: cost 4.416459 + insurance 0.0033 × 4.60 = 4.43164; margin 3.7 % < floor 8 %.
    assert line[QuoteLines.margin_pct] == pytest.approx(0.0366, abs=1e-4)
    assert line[QuoteLines.below_floor] == "yes"
    assert "BELOW FLOOR" in out
    assert row_of(quote_register, Quotes, quote_id=CIF, version=1)[Quotes.total] == 4600


def test_a_missing_cost_names_the_cell_and_prices_nothing_wrong(quote_register, capsys) -> None:
    wb = load_workbook(quote_register)
    ws = wb[Products.sheet]
    headers = [c.value for c in ws[1]]
    col = headers.index(str(Products.material_cost)) + 1
    ws.cell(row=2, column=col).value = None  # HW-0001
    wb.save(quote_register)
    code, out, _ = run(capsys, "quote", "price", quote_register, "--quote", CIF)
    assert code == 1
    letter = G.column_letter(col)
    assert f"Products!{letter}2 (Material Cost): blank" in out
    assert f"quote {CIF} v1 line 1" in out
    line = row_of(quote_register, QuoteLines, quote_id=CIF, line_no=1)
    assert line[QuoteLines.suggested_price] is None
    assert row_of(quote_register, Quotes, quote_id=CIF, version=1)[Quotes.status] == "draft"


def test_reprice_lists_quotes_whose_costs_moved(quote_register, capsys) -> None:
    assert run(capsys, "quote", "price", quote_register)[0] == 0
    code, out, _ = run(capsys, "quote", "reprice", quote_register)
    assert code == 0 and "no open quote moved" in out
    wb = load_workbook(quote_register)
    ws = wb["Settings"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "steel":
                ws.cell(row=cell.row, column=cell.column + 1, value=1.20)
    wb.save(quote_register)
    code, out, _ = run(capsys, "quote", "reprice", quote_register, "--json")
    assert code == 1
    import json

    lines = {(r["quote"], r["line"]): r for r in json.loads(out)["lines"]}
    # Steel up from 1.05 to 1.20: material 24.00 CNY, product 31.50 + inland 0.255 CNY.
    k_fx = (Decimal("31.50") + Decimal("0.255")) * CNY_USD
    new_cif = cents(
        (k_fx * Decimal("1.02") + Decimal("0.12")) / (1 - Decimal("0.18") - Decimal("0.0033"))
    )
    assert Decimal(repr(lines[(CIF, 1)]["new_suggested"])) == new_cif
    old = Decimal("5.51")
    at_old = (old - k_fx - Decimal("0.12") - Decimal("0.0033") * old) / old
    assert lines[(CIF, 1)]["margin_at_old_price"] == pytest.approx(float(at_old), abs=1e-4)
    assert (EXW, 1) in lines


def test_a_product_without_a_material_index_is_priced_at_its_material_cost() -> None:
    lines, quotes, products, drv = _frames("EXW")
    products[str(Products.material_index)] = None
    out = build_up(lines, quotes, products, drv, PricingPolicy())
    assert out.problems == []
    # 20.00 CNY at 1.1195 / 7.4925 USD per CNY, no index applied.
    material = Decimal("20.00") * CNY_USD
    assert out.frame.iloc[0][str(QuoteLines.material)] == pytest.approx(float(material), abs=5e-5)


def test_a_loss_making_price_reads_back_as_a_negative_margin(quote_register, capsys) -> None:
    from orderdesk.adapters.file_register import FileRegister

    set_cell(quote_register, QuoteLines, QuoteLines.unit_price, 4.00, quote_id=CIF, line_no=1)
    assert run(capsys, "quote", "price", quote_register, "--quote", CIF)[0] == 1
    lines = FileRegister(quote_register).read(QuoteLines)
    assert lines.issues == []
    # (4.00 − 4.416459 − 0.0033 × 4.00) / 4.00 = −10.7 %
    margin = lines.frame[lines.frame[QuoteLines.quote_id] == CIF][QuoteLines.margin_pct].iloc[0]
    assert margin == pytest.approx(-0.1074, abs=1e-4)
