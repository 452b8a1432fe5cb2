"""The ribbon's Import L/C and Check L/C buttons reach the same actions as `orderdesk lc`: the
L/C folder beside the workbook is imported, the selected order's credit checked."""

from __future__ import annotations

from orderdesk.adapters.file_register import FileRegister
from orderdesk.ports import Selection
from orderdesk.schema import LCs, Orders

from . import messages as M
from .conftest import ORDER
from .test_check import _sheet_rows

try:  # installed as orderdesk_addin; from a checkout, the addin folder itself
    from orderdesk_addin.handlers import ButtonContext, load_all
except ModuleNotFoundError:
    from addin.handlers import ButtonContext, load_all


def _press(button: str, reg, selection: Selection | None = None):
    register = FileRegister(reg, user="clerk", selection=selection)
    return load_all()[button](ButtonContext(register, selection))


def test_import_then_check_from_the_ribbon(lc_register):
    reg = lc_register()
    folder = reg.parent / "letters-of-credit"  # Settings → 'lc folder', beside the workbook
    folder.mkdir()
    (folder / "MT700_over.txt").write_text(M.enveloped(M.with_(_32B="USD24000,00")), "utf-8")
    imported = _press("odDocImportLc", reg)
    assert imported.findings == 0, imported.details
    assert [r[LCs.order_id] for r in _sheet_rows(reg, LCs)] == [ORDER]
    checked = _press("odDocCheckLc", reg, Selection(Orders, ((ORDER,),)))
    said = checked.summary + "\n".join(checked.details)
    assert checked.findings > 0 and "UCP 600 art. 18(b)" in said


def test_check_from_the_ribbon_on_the_clean_credit_finds_nothing(lc_register):
    reg = lc_register()
    folder = reg.parent / "letters-of-credit"
    folder.mkdir()
    (folder / "MT700.txt").write_text(M.clean(), "utf-8")
    assert _press("odDocImportLc", reg).findings == 0
    checked = _press("odDocCheckLc", reg, Selection(Orders, ((ORDER,),)))
    assert checked.findings == 0, checked.details
