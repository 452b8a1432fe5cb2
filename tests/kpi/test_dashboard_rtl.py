"""An Arabic customer's name on the dashboard's profit Pareto is drawn joined and right to left.

matplotlib draws glyphs left to right and joins nothing: the label must reach it shaped (Arabic
presentation forms) and in display order. Checked without the libraries that do it: Unicode's
compatibility decomposition (NFKC) turns the presentation forms back into letters, and the
drawn string read backwards must then be the name as typed.
"""

from __future__ import annotations

import unicodedata

from matplotlib.text import Text

from orderdesk.adapters.file_register import FileRegister
from orderdesk.domain.rtl import visual
from orderdesk.schema import Customers

from . import history as H

NAME = "شركة الرياض"  # "Riyadh Company": 11 characters, fits a label uncut


def _is_presentation_form(ch: str) -> bool:
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff"


def _drawn_as_typed(drawn: str, typed: str) -> bool:
    return unicodedata.normalize("NFKC", drawn[::-1]) == typed


def test_an_arabic_customer_name_is_drawn_shaped_and_right_to_left(make_register):
    from orderdesk.actions.context import RunContext
    from orderdesk.actions.kpi import load_bands, read_kpi_inputs
    from orderdesk.domain import kpi as K
    from orderdesk.domain.kpi.dashboard import dashboard

    tables = H.tables()
    customers = [dict(c) for c in tables[Customers]]
    customers[0][Customers.name] = NAME
    path = make_register({**tables, Customers: customers})
    register = FileRegister(path)
    ctx = RunContext.of(register, today=H.TODAY)  # the day the hand-made tables are for
    inputs, _ = read_kpi_inputs(ctx)
    report = K.kpi_report(inputs, load_bands(ctx)[0], K.Window(None, H.TODAY), H.TODAY)
    labels = {t.get_text() for t in dashboard(report).findobj(Text)}
    arabic = [s for s in labels if any(_is_presentation_form(c) for c in s)]
    assert len(arabic) == 1, labels
    drawn = arabic[0]
    assert all(_is_presentation_form(c) or c == " " for c in drawn)  # every letter joined
    assert _drawn_as_typed(drawn, NAME)
    assert NAME not in labels  # not handed over in typing order


def test_the_check_fails_on_a_name_handed_over_as_typed():
    assert not _drawn_as_typed(NAME, NAME)  # typed order, unshaped: not what a reader sees
    assert not any(_is_presentation_form(c) for c in NAME)


def test_digits_and_latin_inside_keep_their_order_and_latin_labels_are_untouched():
    assert visual("Lakeshore Home Goods Inc.") == "Lakeshore Home Goods Inc."
    drawn = visual("فرع 2026")  # "branch 2026"
    assert "2026" in drawn and unicodedata.normalize("NFKC", drawn).startswith("2026")
