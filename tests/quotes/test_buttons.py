"""The Quotes ribbon group: every button has a handler, and a handler acts on the selected row
with the signed-in user and the Decision Note typed on the row."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from addin.handlers import ButtonContext, load_all
from orderdesk.actions.quotes import Refused
from orderdesk.adapters.file_register import FileRegister
from orderdesk.ports import Selection
from orderdesk.schema import ApprovalLog, QuoteLines, Quotes
from tests.quotes.conftest import CIF, cells, row_of, set_cell

RIBBON = Path(__file__).parents[2] / "addin" / "ribbon.xml"
NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
QUOTE_BUTTONS = {"odPriceQuote", "odRevise", "odApprove", "odReject", "odVerifyLog"}


def test_the_quotes_group_has_its_buttons_and_each_a_handler() -> None:
    group = next(g for g in ET.parse(RIBBON).iter(f"{NS}group") if g.get("id") == "odGroupQuotes")
    ids = {b.get("id") for b in group.iter(f"{NS}button")}
    assert ids == QUOTE_BUTTONS
    assert set(load_all()) >= QUOTE_BUTTONS


def click(path: Path, button: str, user: str, key: tuple | None = (CIF, 1), table=Quotes):
    reg = FileRegister(path, user=user)
    sel = Selection(table, (key,)) if key else None
    return load_all()[button](ButtonContext(reg, sel))


def test_approving_from_excel_uses_the_selected_row_and_its_note(quote_register: Path) -> None:
    assert click(quote_register, "odApprove", "lwei", key=None).summary.startswith("Select a quote")
    out = click(quote_register, "odPriceQuote", "lwei", key=(CIF, 1, 1), table=QuoteLines)
    assert out.summary == "priced 1 of 1 quote version(s)"
    set_cell(
        quote_register,
        Quotes,
        Quotes.decision_note,
        "Volumes as agreed in Hamburg",
        quote_id=CIF,
        version=1,
    )
    out = click(quote_register, "odApprove", "LWEI")
    assert "approved at level 1 (sales manager) by lwei" in out.summary
    # The note stays on the row; the next approver does not sign it again under their name.
    out = click(quote_register, "odApprove", "zhangmin")
    assert "approved at level 2" in out.summary
    log = cells(quote_register, ApprovalLog)
    assert [r[ApprovalLog.comment] for r in log] == ["Volumes as agreed in Hamburg", None]
    with pytest.raises(Refused, match="a rejection needs a comment"):
        click(quote_register, "odReject", "chenjing")
    set_cell(
        quote_register, Quotes, Quotes.decision_note, "Deposit too low", quote_id=CIF, version=1
    )
    out = click(quote_register, "odReject", "chenjing")
    assert "rejected at level 3" in out.summary
    out = click(quote_register, "odRevise", "lwei")
    assert "version 2 made from version 1" in out.summary
    assert row_of(quote_register, Quotes, quote_id=CIF, version=2)[Quotes.decision_note] is None
    out = click(quote_register, "odVerifyLog", "lwei", key=None)
    assert out.findings == 0 and "chain intact up to Seq 4" in out.summary
