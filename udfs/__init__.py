"""OrderDesk worksheet functions (import name `orderdesk_udfs`), loaded by xlwings' UDF server.

Each `OD_…` function is a thin wrapper over a domain function: `_cells` reads the arguments (a
single cell or a whole range each), the domain computes, and the result comes back as a single
value or a spilled range of the argument's shape. The first paragraph of each docstring is the
description Excel shows in Insert Function; `doc=` on each argument is its help line. No function
reads the network or a file (ECB rates, HS 2022 and the rest ship inside packages).

The functions' parameters carry no type hints on purpose: xlwings reads a hint as the argument's
converter, and every argument here arrives as a plain 2-D list (`ndim=2`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xlwings as xw

from orderdesk.domain import trade
from orderdesk.domain import values as V
from orderdesk.domain.lc.planner import last_presentation
from orderdesk.domain.logistics.load import (  # logistics (issue 22)
    STANDARD_CONTAINERS,
    chargeable_kg,
    container_fit_text,
)
from orderdesk.domain.reference import codes, fx
from orderdesk.domain.reference.incoterms import incoterm, incoterm_ok
from orderdesk.domain.words import amount_in_words
from orderdesk.ports import today
from orderdesk.schema import Setting

from . import _cells as C
from . import _check
from ._cells import Arg, Columns, guarded

CATEGORY = "OrderDesk"
CELL_OR_RANGE = "a cell or a range"


def _fx_column(cols: Columns, column: str) -> Any:
    """Look up the ECB rates of all computable rows at once and put `column` into the cells."""
    t = cols.typed
    if cols.rows:
        amount = t["amount"] if "amount" in t else [1.0] * len(cols.rows)
        res = fx.convert_vector(
            np.asarray(amount, dtype=float), t["from_ccy"], t["to_ccy"], t["on_date"]
        )
        ok = res["rate"].notna().to_numpy()
        values = res[column].tolist()
        reasons: dict[tuple[Any, ...], str] = {}
        for k, i in enumerate(cols.rows):
            if ok[k]:
                cols.out[i] = C.cell(values[k])
                continue
            key = (t["from_ccy"][k], t["to_ccy"][k], t["on_date"][k])
            if key not in reasons:
                reasons[key] = fx.no_rate_reason(*key)
            cols.out[i] = C.error(reasons[key])
    return cols.cells()


def _fx_args(from_ccy: Any, to_ccy: Any, on_date: Any) -> list[Arg]:
    return [
        Arg("from_ccy", from_ccy, C.currency),
        Arg("to_ccy", to_ccy, C.currency),
        Arg("on_date", on_date, C.day, default=today()),
    ]


# --- money and FX -----------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("amount", ndim=2, doc="The amount(s) to convert: " + CELL_OR_RANGE)
@xw.arg("from_ccy", ndim=2, doc="The currency of the amount, e.g. USD")
@xw.arg("to_ccy", ndim=2, doc="The currency to convert into, e.g. CNY")
@xw.arg("on_date", ndim=2, doc="The day of the rate (default: the latest ECB fixing)")
@guarded
def OD_FX(amount, from_ccy, to_ccy, on_date=None):
    """Converts an amount at the ECB euro reference rate of a day (cross rates through EUR; on a
    day without a fixing, the fixing before it).

    =OD_FX(100,"USD","CNY","2025-03-07") · =OD_FX(B2:B500,"USD","EUR",C2:C500)
    """
    args = [Arg("amount", amount, C.real), *_fx_args(from_ccy, to_ccy, on_date)]
    return _fx_column(Columns(*args), "amount")


@xw.func(category=CATEGORY)
@xw.arg("from_ccy", ndim=2, doc="The currency converted from, e.g. USD")
@xw.arg("to_ccy", ndim=2, doc="The currency converted into, e.g. CNY")
@xw.arg("on_date", ndim=2, doc="The day of the rate (default: the latest ECB fixing)")
@guarded
def OD_FX_RATE(from_ccy, to_ccy, on_date=None):
    """The ECB reference rate: units of to_ccy for one from_ccy on a day (through EUR; on a day
    without a fixing, the fixing before it; OD_FX_DATE tells which day that was).

    =OD_FX_RATE("USD","CNY","2025-03-07")
    """
    return _fx_column(Columns(*_fx_args(from_ccy, to_ccy, on_date)), "rate")


@xw.func(category=CATEGORY)
@xw.arg("from_ccy", ndim=2, doc="The currency converted from, e.g. USD")
@xw.arg("to_ccy", ndim=2, doc="The currency converted into, e.g. CNY")
@xw.arg("on_date", ndim=2, doc="The day asked for (default: the latest ECB fixing)")
@guarded
def OD_FX_DATE(from_ccy, to_ccy, on_date=None):
    """The date of the ECB fixing that OD_FX and OD_FX_RATE use for that day (the day itself, or
    the last fixing before a weekend or holiday). Format the cell as a date.

    =OD_FX_DATE("USD","CNY","2025-03-08") gives 2025-03-07
    """
    return _fx_column(Columns(*_fx_args(from_ccy, to_ccy, on_date)), "fixing")


@xw.func(category=CATEGORY)
@xw.arg("total", ndim=2, doc="The order total(s): " + CELL_OR_RANGE)
@xw.arg("payment_terms", ndim=2, doc="The payment terms, e.g. TT30-70 BS or T/T 30/70")
@guarded
def OD_DEPOSIT_DUE(total, payment_terms):
    """The deposit the payment terms ask for before production (e.g. 30% of the total for
    T/T 30/70; 0 for L/C, D/P and open account).

    =OD_DEPOSIT_DUE(12500,"TT30-70 BS") gives 3750
    """
    return Columns(
        Arg("total", total, C.number), Arg("payment_terms", payment_terms, C.terms)
    ).each(trade.deposit_due)


@xw.func(category=CATEGORY)
@xw.arg("total", ndim=2, doc="The order total(s): " + CELL_OR_RANGE)
@xw.arg("payment_terms", ndim=2, doc="The payment terms, e.g. TT30-70 BS or T/T 30/70")
@xw.arg("paid", ndim=2, doc="Paid so far (optional): then the result is what is still unpaid")
@guarded
def OD_BALANCE_DUE(total, payment_terms, paid=None):
    """The balance after the deposit; with the amount paid so far, what is still unpaid (never
    below 0).

    =OD_BALANCE_DUE(12500,"TT30-70 BS") gives 8750 · =OD_BALANCE_DUE(12500,"TT30-70 BS",5000)
    """
    return Columns(
        Arg("total", total, C.number),
        Arg("payment_terms", payment_terms, C.terms),
        Arg("paid", paid, C.number, default=None),
    ).each(trade.balance_due)


@xw.func(category=CATEGORY)
@xw.arg("order_value", ndim=2, doc="The order value(s): " + CELL_OR_RANGE)
@xw.arg("promised", ndim=2, doc="The promised date")
@xw.arg("actual", ndim=2, doc="The actual date (shipment or delivery)")
@xw.arg("rate_per_day", ndim=2, doc="Penalty per day late, e.g. 0.5% (default 0.5%)")
@xw.arg("cap", ndim=2, doc="Maximum penalty as a share of the value, e.g. 5% (default 5%)")
@guarded
def OD_LATE_PENALTY(order_value, promised, actual, rate_per_day=None, cap=None):
    """The late-delivery penalty: a rate per day late of the order value, capped at a share of it
    (defaults 0.5% per day, at most 5%, as the register's Settings).

    =OD_LATE_PENALTY(20000,"2026-03-01","2026-03-05") gives 400
    """
    return Columns(
        Arg("order_value", order_value, C.number),
        Arg("promised", promised, C.day),
        Arg("actual", actual, C.day),
        Arg("rate_per_day", rate_per_day, C.percent, Setting.LATE_PENALTY_PER_DAY.default),
        Arg("cap", cap, C.percent, Setting.LATE_PENALTY_CAP.default),
    ).each(trade.late_penalty)


@xw.func(category=CATEGORY)
@xw.arg("on_board_date", ndim=2, doc="The on-board (B/L) date(s): " + CELL_OR_RANGE)
@xw.arg("presentation_days", ndim=2, doc="Days to present, field 48 (default 21)")
@xw.arg("expiry", ndim=2, doc="The credit's expiry date, field 31D (optional)")
@guarded
def OD_LC_LAST_PRESENTATION(on_board_date, presentation_days=None, expiry=None):
    """The last day to present the documents under a letter of credit: the on-board date plus
    the presentation period (21 days when not given, UCP 600 art. 14(c)), never after the
    expiry date.

    =OD_LC_LAST_PRESENTATION("2026-11-02",21,"2026-11-20") gives 2026-11-20
    """
    return Columns(
        Arg("on_board_date", on_board_date, C.day),
        Arg("presentation_days", presentation_days, C.whole, default=None),
        Arg("expiry", expiry, C.day, default=None),
    ).each(last_presentation)


@xw.func(category=CATEGORY)
@xw.arg("unit_cost", ndim=2, doc="The unit cost(s): " + CELL_OR_RANGE)
@xw.arg("target_margin", ndim=2, doc="Gross margin on the price, e.g. 18%")
@xw.arg("fx_buffer", ndim=2, doc="Added to the cost against FX moves, e.g. 2% (default 0)")
@guarded
def OD_PRICE(unit_cost, target_margin, fx_buffer=None):
    """The price that earns a target gross margin on the price: cost x (1 + FX buffer) /
    (1 - margin).

    =OD_PRICE(8.20,18%) gives 10.00 · =OD_PRICE(8.20,18%,2%)
    """
    return Columns(
        Arg("unit_cost", unit_cost, C.number),
        Arg("target_margin", target_margin, C.percent),
        Arg("fx_buffer", fx_buffer, C.percent, default=0),
    ).each(trade.price_for_margin)


@xw.func(category=CATEGORY)
@xw.arg("price", ndim=2, doc="The selling price(s): " + CELL_OR_RANGE)
@xw.arg("cost", ndim=2, doc="The cost(s) in the same currency")
@guarded
def OD_MARGIN(price, cost):
    """The gross margin on the price: (price - cost) / price, as a fraction (format as %).

    =OD_MARGIN(10,8.2) gives 0.18
    """
    return Columns(Arg("price", price, C.number), Arg("cost", cost, C.number)).each(trade.margin)


# --- packing ----------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("qty", ndim=2, doc="The quantity (or quantities): " + CELL_OR_RANGE)
@xw.arg("per_carton", ndim=2, doc="Units per carton")
@guarded
def OD_CARTONS(qty, per_carton):
    """Cartons needed for a quantity (a part-filled last carton is still a carton).

    =OD_CARTONS(1000,24) gives 42
    """
    return Columns(Arg("qty", qty, C.number), Arg("per_carton", per_carton, C.number)).each(
        trade.cartons
    )


@xw.func(category=CATEGORY)
@xw.arg("length_cm", ndim=2, doc="Carton length in cm: " + CELL_OR_RANGE)
@xw.arg("width_cm", ndim=2, doc="Carton width in cm")
@xw.arg("height_cm", ndim=2, doc="Carton height in cm")
@xw.arg("cartons", ndim=2, doc="Number of cartons")
@guarded
def OD_CBM(length_cm, width_cm, height_cm, cartons):
    """The volume in cubic metres of a number of cartons of one size.

    =OD_CBM(60,40,35,42) gives 3.528
    """
    return Columns(
        Arg("length_cm", length_cm, C.number),
        Arg("width_cm", width_cm, C.number),
        Arg("height_cm", height_cm, C.number),
        Arg("cartons", cartons, C.number),
    ).each(trade.cbm)


# --- logistics (issue 22) -----------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("gross_kg", ndim=2, doc="Gross weight in kg: " + CELL_OR_RANGE)
@xw.arg("cbm", ndim=2, doc="Volume in m³")
@xw.arg("mode", ndim=2, doc="air (1:6000), express (1:5000) or lcl (W/M, 1 m³ = 1,000 kg)")
@guarded
def OD_CHARGEABLE_KG(gross_kg, cbm, mode):
    """The chargeable weight in kg: the greater of the gross and the volumetric weight (air
    1:6000, express 1:5000; LCL per W/M, 1 m³ = 1,000 kg).

    =OD_CHARGEABLE_KG(100,1.2,"air") gives 200
    """
    return Columns(
        Arg("gross_kg", gross_kg, C.real),
        Arg("cbm", cbm, C.real),
        Arg("mode", mode, C.text),
    ).each(chargeable_kg)


@xw.func(category=CATEGORY)
@xw.arg("cbm", ndim=2, doc="Volume in m³: " + CELL_OR_RANGE)
@xw.arg("gross_kg", ndim=2, doc="Gross weight in kg")
@guarded
def OD_CONTAINER_FIT(cbm, gross_kg):
    """The container a load needs (standard 20', 40', 40'HC; 90 % of the volume usable), with its
    fill by volume and by weight and what binds.

    =OD_CONTAINER_FIT(12,27000) gives 1 × 20' (volume 36%, weight 96%, weight-bound)
    """
    return Columns(Arg("cbm", cbm, C.real), Arg("gross_kg", gross_kg, C.real)).each(
        lambda v, kg: container_fit_text(v, kg, STANDARD_CONTAINERS)
    )


# --- codes --------------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("term", ndim=2, doc="The Incoterm(s), e.g. FOB or CIF Rotterdam: " + CELL_OR_RANGE)
@xw.arg("mode", ndim=2, doc="Transport mode (optional): sea, inland waterway, air, road, ...")
@guarded
def OD_INCOTERM_OK(term, mode=None):
    """TRUE for an Incoterms 2020 rule (that fits the transport mode when given: FAS, FOB, CFR
    and CIF only by sea or inland waterway).

    =OD_INCOTERM_OK("FOB") is TRUE · =OD_INCOTERM_OK("FOB","air") is FALSE
    """
    return Columns(Arg("term", term, C.text), Arg("mode", mode, C.mode, default=None)).each(
        incoterm_ok
    )


INCOTERM_SPLIT_HEADER = (
    "export clearance",
    "main carriage",
    "insurance",
    "import clearance",
    "unloading at destination",
    "risk passes",
)


@xw.func(category=CATEGORY)
@xw.arg("term", ndim=2, doc="The Incoterm(s), one per row: " + CELL_OR_RANGE)
@xw.arg("with_header", ndim=2, doc="TRUE to add a header row (default FALSE)")
@guarded
def OD_INCOTERM_SPLIT(term, with_header=None):
    """Who pays and bears what under an Incoterm: export clearance, main carriage, insurance,
    import clearance, unloading at destination (seller or buyer), and where the risk passes.
    One row of six cells per term.

    =OD_INCOTERM_SPLIT("CIF",TRUE)
    """
    terms = C.grid(term)
    if terms.shape[0] > 1 and terms.shape[1] > 1:
        return C.error("term: give one column (or one row) of terms")
    rows: list[list[Any]] = []
    for value in terms.ravel():
        rule = incoterm(C.text(value))
        if V.is_blank(value):
            rows.append([C.BLANK] * len(INCOTERM_SPLIT_HEADER))
        elif rule is None:
            bad = C.error(f"term '{C.text(value)}' is not an Incoterms 2020 rule")
            rows.append([bad] + [C.BLANK] * (len(INCOTERM_SPLIT_HEADER) - 1))
        else:
            split = rule.split()
            rows.append([split[k] for k in INCOTERM_SPLIT_HEADER])
    flag = C.grid(with_header)[0, 0]
    try:
        header = not V.is_blank(flag) and V.parse_bool(flag)
    except V.Unreadable as exc:
        return C.error(f"with_header {exc}")
    if header:
        rows.insert(0, list(INCOTERM_SPLIT_HEADER))
    return rows


@xw.func(category=CATEGORY)
@xw.arg("code", ndim=2, doc="HS code(s), 6 digits or more, e.g. 851713: " + CELL_OR_RANGE)
@guarded
def OD_HS_OK(code):
    """TRUE when the first six digits are a subheading of HS 2022 (851712 is not: HS 2022 split
    it into 851713 and 851714).

    =OD_HS_OK("8517.13") is TRUE · =OD_HS_OK("851712") is FALSE
    """
    return Columns(Arg("code", code, C.raw)).each(codes.is_hs_code)


def _hs_description(code: Any) -> str:
    found = codes.hs_description(code)
    if found is None:
        raise C.ArgumentError(f"'{codes.normalise_hs(code)}' is not an HS 2022 subheading")
    return found


@xw.func(category=CATEGORY)
@xw.arg("code", ndim=2, doc="HS code(s), 6 digits or more: " + CELL_OR_RANGE)
@guarded
def OD_HS_DESC(code):
    """The HS 2022 description of a subheading (national 8 or 10 digit codes: by their first six
    digits).

    =OD_HS_DESC("851713")
    """
    return Columns(Arg("code", code, C.raw)).each(_hs_description)


@xw.func(category=CATEGORY)
@xw.arg("container_no", ndim=2, doc="Container number(s), e.g. MSCU1234566: " + CELL_OR_RANGE)
@guarded
def OD_CONTAINER_OK(container_no):
    """TRUE for a container number of ISO 6346 form with a correct check digit.

    =OD_CONTAINER_OK("MSCU1234566")
    """
    return Columns(Arg("container_no", container_no, C.raw)).each(codes.is_container_no)


@xw.func(category=CATEGORY)
@xw.arg("iban", ndim=2, doc="IBAN(s), with or without spaces: " + CELL_OR_RANGE)
@guarded
def OD_IBAN_OK(iban):
    """TRUE for a valid IBAN (country format and check digits).

    =OD_IBAN_OK("DE89 3704 0044 0532 0130 00") is TRUE
    """
    return Columns(Arg("iban", iban, C.raw)).each(codes.is_iban)


# --- words --------------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("amount", ndim=2, doc="The amount(s): " + CELL_OR_RANGE)
@xw.arg("ccy", ndim=2, doc="ISO currency code, e.g. USD")
@xw.arg("lang", ndim=2, doc="Language: en (default), zh-CN, es, de, fr, pt, ar, ja")
@guarded
def OD_WORDS(amount, ccy, lang=None):
    """An amount in words as invoices write it, in the customer's language (Chinese in capital
    numerals).

    =OD_WORDS(1234.56,"USD") · =OD_WORDS(1234.56,"CNY","zh-CN")
    """
    return Columns(
        Arg("amount", amount, C.number),
        Arg("ccy", ccy, C.currency),
        Arg("lang", lang, C.language, default="en"),
    ).each(amount_in_words)


# --- execution (issue 20) ----------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg("product", ndim=2, doc="The SKU(s) from the Products sheet: " + CELL_OR_RANGE)
@xw.arg("qty", ndim=2, doc="The quantity (or quantities)")
@xw.arg("from_date", ndim=2, doc="Production can start from this day (default: today)")
@guarded
def OD_EARLIEST_SHIP(product, qty, from_date=None, caller=None):
    """The earliest day an order of the product could ship: the suppliers' lead time (plus the
    custom or tooling days) and the first week with room in its product line's capacity, as
    Can we take it? decides. Format the cell as a date.

    =OD_EARLIEST_SHIP("HW-1001",20000) · =OD_EARLIEST_SHIP(A2:A20,B2:B20,"2026-12-01")
    """
    from orderdesk.adapters.live_register import LiveRegister

    from . import _execution

    book = getattr(getattr(caller, "sheet", None), "book", None)
    if book is None:
        return C.error("works only in a cell of the register workbook")
    register = LiveRegister(book)
    return _execution.earliest_ship(register, product, qty, from_date)


# --- validation ---------------------------------------------------------------------------------


@xw.func(category=CATEGORY)
@xw.arg(
    "table_with_header",
    ndim=2,
    doc="An Orders or OrderLines table with its header row, e.g. tblOrders[#All]",
)
@guarded
def OD_CHECK(table_with_header):
    """One validation status per row of an Orders or OrderLines table (OK, 1 error, 2 warnings),
    by the rules of the Validate button; rules needing other sheets are skipped. The first cell
    is a heading, so the column lines up beside the table.

    =OD_CHECK(tblOrders[#All])
    """
    return _check.check(table_with_header)
