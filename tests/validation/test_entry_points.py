"""The other ways in: the domain functions a worksheet function calls, the ribbon buttons, the demo."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import orderdesk.cli  # noqa: F401  (imports the command modules, which add the demo steps)
from orderdesk.adapters.file_register import FileRegister
from orderdesk.demo import DemoContext, steps
from orderdesk.domain.validation import ValidationContext, row_statuses, validate
from orderdesk.ports import Selection
from orderdesk.schema import Orders
from tests.validation.test_rules import SO1, SO3, both, line, order
from tests.validation.workbook import issues

RIBBON = Path(__file__).resolve().parents[2] / "addin" / "ribbon.xml"


def test_an_orders_block_alone_is_validated_with_the_rules_it_supports(
    broken: Callable[..., Path],
) -> None:
    """What OD_CHECK does: only the Orders table, a context built by hand. Rules that need
    other tables (lines, customers) are skipped, not failed."""
    path = broken(
        both(
            order(SO1, currency="EUX", deposit_pct=0.2, customer_po="PO 9"),
            order(SO3, customer="CU-ES", customer_po="po-9", incoterm="CIF"),
            line(0, qty=-1),  # on OrderLines: not part of the block
        )
    )
    orders = FileRegister(path).read(Orders)
    found = validate({Orders: orders}, ValidationContext(today=dt.date(2026, 3, 10)))
    assert sorted((f.rule, f.cell.row) for f in found) == [
        ("CURRENCY-UNKNOWN", 2),
        ("DEPOSIT-TERMS", 2),
        ("INCOTERM-PLACE", 4),
        ("PO-DUPLICATE", 2),
        ("PO-DUPLICATE", 4),
    ]
    assert row_statuses(found, orders) == {
        2: "1 error, 2 warnings",
        3: "OK",
        4: "1 error, 1 warning",
        5: "OK",
    }


def test_the_ribbon_buttons_have_handlers_and_call_the_actions(
    broken: Callable[..., Path],
) -> None:
    # The add-in's package (installed as orderdesk_addin), imported from the source tree.
    from addin.handlers import ButtonContext, load_all

    handlers = load_all()
    ids = {b.get("id") for b in ET.parse(RIBBON).iter() if b.tag.endswith("button")}
    assert {"odValidate", "odQuestions"} <= ids
    assert {"odValidate", "odQuestions"} <= set(handlers)

    path = broken(order(SO1, shipping_marks=None, stage="ready to ship", currency="EUX"))
    register = FileRegister(path, selection=Selection(Orders, (("SO-2026-0001",),)))
    outcome = handlers["odValidate"](ButtonContext(register, register.selection()))
    assert outcome.findings >= 1
    assert {r["Order ID"] for r in issues(path)} == {"SO-2026-0001"}
    asked = handlers["odQuestions"](ButtonContext(FileRegister(path), None))
    assert "SO-2026-0001" in asked.summary or any("SO-2026-0001" in d for d in asked.details)


def test_the_demo_steps_validate_and_write_the_questions(
    broken: Callable[..., Path], tmp_path: Path
) -> None:
    path = broken(order(SO1, ship_to=None))
    ours = {s.order: s for s in steps() if s.order in (20, 25)}
    assert [ours[20].title, ours[25].title] == ["Validate", "Questions"]
    ctx = DemoContext(out=tmp_path, register=path)
    validated = ours[20].run(ctx)
    assert validated.findings == 1
    asked = ours[25].run(ctx)
    letters = (tmp_path / "questions.txt").read_text(encoding="utf-8")
    assert "necesitamos que nos indique el nombre y la dirección del destinatario" in letters
    assert "questions.txt" in asked.summary
