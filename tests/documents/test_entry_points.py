"""The ribbon's Documents menu and the demo step reach the same action as the command line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from orderdesk.adapters.file_register import FileRegister
from orderdesk.demo import DemoContext, steps
from orderdesk.ports import Selection
from orderdesk.schema import Orders

from .helpers import documents_rows

try:  # installed as orderdesk_addin; from a checkout, the addin folder itself
    from orderdesk_addin.handlers import ButtonContext, load_all
except ModuleNotFoundError:
    from addin.handlers import ButtonContext, load_all

RIBBON = Path(__file__).parents[2] / "addin" / "ribbon.xml"
NS = "{http://schemas.microsoft.com/office/2006/01/customui}"


def _document_buttons() -> list[str]:
    root = ET.parse(RIBBON).getroot()
    group = next(g for g in root.iter(f"{NS}group") if g.get("id") == "odGroupDocuments")
    return [b.get("id") for b in group.iter(f"{NS}button")]


def test_every_documents_button_has_a_handler():
    handlers = load_all()
    ids = _document_buttons()
    assert ids and all(i.startswith("odDoc") for i in ids)
    assert all(i in handlers for i in ids)
    assert {h for h in handlers if h.startswith("odDoc")} == set(ids)


def test_ribbon_button_makes_documents_for_the_selected_orders(trade_register):
    reg = trade_register()
    selection = Selection(Orders, (("SO-2026-0042",), ("SO-2026-0044",)))
    register = FileRegister(reg, user="clerk", selection=selection)
    outcome = load_all()["odDocPI"](ButtonContext(register, selection))
    assert outcome.findings == 0, outcome.details
    assert sorted(d["order"] for d in outcome.data["documents"]) == ["SO-2026-0042", "SO-2026-0044"]
    assert Path(outcome.data["out"]) == reg.parent.resolve() / "Documents"  # beside the workbook
    assert {r["by"] for r in documents_rows(reg)} == {"clerk"}


def test_all_that_fit_keeps_to_the_order_stage(trade_register):
    reg = trade_register()
    selection = Selection(Orders, (("SO-2026-0043",),))  # ready to ship
    outcome = load_all()["odDocAll"](
        ButtonContext(FileRegister(reg, selection=selection), selection)
    )
    assert sorted(d["kind"] for d in outcome.data["documents"]) == ["ci", "pl"]


def test_demo_step_40_makes_the_ready_documents(trade_register, tmp_path):
    import orderdesk.cli  # noqa: F401  (command modules register their demo steps)

    step = next(s for s in steps() if s.order == 40)
    reg = trade_register()
    outcome = step.run(DemoContext(out=tmp_path, register=reg))
    assert outcome.summary.startswith("made ")
    assert list((tmp_path / "documents").glob("*.pdf"))
    assert len(documents_rows(reg)) == len(outcome.data["documents"])
