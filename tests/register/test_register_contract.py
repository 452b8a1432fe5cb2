"""The `Register` port's promises (its docstrings in `orderdesk/ports.py`), checked once against
both the file register and the in-memory one that the fast tests use instead of a workbook.

Each check takes a `Shelf`: how to open a register on some data, reopen what was saved, and see
which cells are marked — the only places the two differ. The file shelf looks at the saved
workbook through openpyxl (an independent reader); a broken register is caught by the same
checks (`test_the_contract_catches_a_broken_register`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from orderdesk.adapters import xlsx
from orderdesk.adapters.file_register import FileRegister
from orderdesk.adapters.memory_register import MemoryRegister
from orderdesk.defaults import policy_rows
from orderdesk.ports import (
    Block,
    ChangedOnDisk,
    Key,
    PivotSpec,
    Register,
    RegisterError,
    Selection,
    SheetContent,
)
from orderdesk.schema import KPI, Column, Customers, Orders, Table

Data = Mapping[type[Table], Sequence[Mapping[Column, Any]]]
RED = "FFC7CE"


def _order(n: int, **more: Any) -> dict[Column, Any]:
    return {
        Orders.order_id: f"SO-{n}",
        Orders.customer: "CU-1",
        Orders.order_date: dt.date(2026, 3, n),
        Orders.stage: "confirmed",
        Orders.currency: "USD",
        Orders.order_total: 1000.5 * n,
        **more,
    }


ORDERS = [_order(1), _order(2), _order(3)]


@dataclass
class Shelf:
    """Where registers come from, for one implementation of the port."""

    name: str
    open: Callable[..., Register]  # open(data, *, selection=None, user=None, missing=())
    reopen: Callable[[Register], Register]  # a fresh register on what was last saved
    marked: Callable[[Register, type[Table], str], set[tuple[Key, str]]]  # after a save


def file_shelf(tmp_path: Path) -> Shelf:
    count = iter(range(1000))

    def open_(data: Data, *, selection=None, user=None, missing=()) -> Register:
        path = tmp_path / f"Register{next(count)}.xlsx"
        wb = xlsx.new_workbook({**policy_rows(), **data})
        for sheet in missing:
            del wb[sheet]
        wb.save(path)
        return FileRegister(path, selection=selection, user=user)

    def reopen(reg: Register) -> Register:
        return FileRegister(reg.source)

    def marked(reg: Register, table: type[Table], colour: str) -> set[tuple[Key, str]]:
        ws = openpyxl.load_workbook(reg.source)[table.sheet]
        header = [c.value for c in ws[1]]
        keys = table.keys()
        key_at = [header.index(str(k)) for k in keys]
        out = set()
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.fill.fill_type == "solid" and str(cell.fill.fgColor.rgb).endswith(colour):
                    key = tuple(str(row[i].value) for i in key_at)
                    out.add((key, header[cell.column - 1]))
        return out

    return Shelf("file", open_, reopen, marked)


def memory_shelf(kind: type[MemoryRegister] = MemoryRegister) -> Shelf:
    def open_(data: Data, *, selection=None, user=None, missing=()) -> Register:
        return kind(
            {**policy_rows(), **data}, selection=selection, user=user or "tester", missing=missing
        )

    def reopen(reg: Register) -> Register:
        assert isinstance(reg, MemoryRegister)
        return reg.reopen()

    def marked(reg: Register, table: type[Table], colour: str) -> set[tuple[Key, str]]:
        assert isinstance(reg, MemoryRegister)
        return {c for c, col in reg.reopen().marks_of(table).items() if col == colour}

    return Shelf("memory", open_, reopen, marked)


# --- the promises ----------------------------------------------------------------------------


def reads_typed_rows_indexed_by_sheet_row(shelf: Shelf) -> None:
    frame = shelf.open({Orders: ORDERS}).read(Orders).frame
    assert list(frame.index) == [2, 3, 4]
    assert frame.loc[3, Orders.order_id] == "SO-2"
    assert frame.loc[3, Orders.order_date] == pd.Timestamp("2026-03-02")
    assert frame.loc[4, Orders.order_total] == pytest.approx(3001.5)
    assert pd.isna(frame.loc[2, Orders.check])


def a_missing_sheet_is_refused_unless_optional(shelf: Shelf) -> None:
    reg = shelf.open({Orders: ORDERS}, missing=[Customers.sheet])
    with pytest.raises(RegisterError, match=f"no sheet '{Customers.sheet}'"):
        reg.read(Customers)
    data = reg.read(Customers, optional=True)
    assert not data.found and data.frame.empty
    assert shelf.open({}).read(Customers).found


def update_writes_owned_cells_by_key(shelf: Shelf) -> None:
    reg = shelf.open({Orders: ORDERS})
    assert (
        reg.update(Orders, {("SO-3",): {Orders.check: "ok"}, ("SO-1",): {Orders.check: "late"}})
        == 2
    )
    assert reg.read(Orders).frame[Orders.check].fillna("").tolist() == ["late", "", "ok"]
    reg.save()
    after = shelf.reopen(reg).read(Orders).frame
    assert after[Orders.check].fillna("").tolist() == ["late", "", "ok"]
    assert after[Orders.order_id].tolist() == ["SO-1", "SO-2", "SO-3"]


def update_refuses_the_users_columns_and_unknown_keys(shelf: Shelf) -> None:
    reg = shelf.open({Orders: ORDERS})
    with pytest.raises(RegisterError, match="Stage"):
        reg.update(Orders, {("SO-1",): {Orders.stage: "shipped"}})
    with pytest.raises(RegisterError, match="SO-9"):
        reg.update(Orders, {("SO-9",): {Orders.check: "ok"}})
    assert reg.read(Orders).frame[Orders.stage].tolist() == ["confirmed"] * 3


def append_adds_rows_below_the_last(shelf: Shelf) -> None:
    reg = shelf.open({Orders: ORDERS})
    assert reg.append(Orders, [_order(4), _order(5)]) == 2
    assert reg.append(Orders, []) == 0
    reg.save()
    frame = shelf.reopen(reg).read(Orders).frame
    assert frame[Orders.order_id].tolist() == ["SO-1", "SO-2", "SO-3", "SO-4", "SO-5"]
    assert frame.loc[6, Orders.order_date] == pd.Timestamp("2026-03-05")
    empty = shelf.open({})
    empty.append(Customers, [{Customers.customer_id: "CU-1", Customers.name: "Acme"}])
    empty.save()
    customers = shelf.reopen(empty).read(Customers).frame
    assert customers[Customers.name].to_dict() == {2: "Acme"}  # right under the header


def write_sheet_replaces_an_owned_sheet_only(shelf: Shelf) -> None:
    reg = shelf.open({})
    with pytest.raises(RegisterError, match=Orders.sheet):
        reg.write_sheet(SheetContent(Orders.sheet, []))
    rows = pd.DataFrame({str(KPI.kpi): ["OTIF %", "DSO"], str(KPI.value): [80.0, 41.5]})
    frame = rows.reindex(columns=[str(c) for c in KPI.columns()])
    reg.write_sheet(SheetContent(KPI.sheet, [Block(KPI.table_name, frame)]))
    report = reg.save()
    assert KPI.sheet in report.sheets
    kpi = shelf.reopen(reg).read(KPI).frame
    assert kpi[KPI.kpi].tolist() == ["OTIF %", "DSO"]
    assert kpi[KPI.value].tolist() == [80.0, 41.5]


def set_marks_marks_exactly_the_cells_given(shelf: Shelf) -> None:
    reg = shelf.open({Orders: ORDERS})
    reg.set_marks(Orders, [(("SO-1",), Orders.currency), (("SO-2",), Orders.stage)], RED)
    reg.save()
    assert shelf.marked(reg, Orders, RED) == {(("SO-1",), "Currency"), (("SO-2",), "Stage")}
    again = shelf.reopen(reg)
    again.set_marks(Orders, [(("SO-2",), Orders.stage), (("SO-3",), Orders.customer)], RED)
    again.save()
    assert shelf.marked(again, Orders, RED) == {(("SO-2",), "Stage"), (("SO-3",), "Customer")}


def selection_and_user_are_as_given(shelf: Shelf) -> None:
    chosen = Selection(Orders, (("SO-2",),))
    reg = shelf.open({Orders: ORDERS}, selection=chosen, user="mei")
    assert reg.selection() == chosen and reg.user == "mei"
    assert shelf.open({}).selection() is None


def meta_is_kept_with_the_next_save(shelf: Shelf) -> None:
    reg = shelf.open({})
    assert reg.meta("fx:last") is None
    reg.set_meta("fx:last", {"on": "2026-03-02", "rates": [1, 2.5]})
    assert reg.meta("fx:last") == {"on": "2026-03-02", "rates": [1, 2.5]}
    assert shelf.reopen(reg).meta("fx:last") is None  # not saved yet
    reg.save()
    assert shelf.reopen(reg).meta("fx:last") == {"on": "2026-03-02", "rates": [1, 2.5]}


def a_save_by_someone_else_makes_what_was_read_stale(shelf: Shelf) -> None:
    mine = shelf.open({Orders: ORDERS})
    mine.read(Orders)
    mine.check_unchanged()
    theirs = shelf.reopen(mine)
    theirs.update(Orders, {("SO-1",): {Orders.check: "theirs"}})
    theirs.save()
    with pytest.raises(ChangedOnDisk):
        mine.check_unchanged()
    mine.update(Orders, {("SO-2",): {Orders.check: "mine"}})
    with pytest.raises(ChangedOnDisk):
        mine.save()
    assert shelf.reopen(mine).read(Orders).frame[Orders.check].fillna("").tolist() == [
        "theirs",
        "",
        "",
    ]


def an_unsaved_change_is_not_kept(shelf: Shelf) -> None:
    reg = shelf.open({Orders: ORDERS})
    reg.update(Orders, {("SO-1",): {Orders.check: "ok"}})
    reg.append(Orders, [_order(4)])
    assert shelf.reopen(reg).read(Orders).frame[Orders.order_id].tolist() == [
        "SO-1",
        "SO-2",
        "SO-3",
    ]
    assert pd.isna(shelf.reopen(reg).read(Orders).frame.loc[2, Orders.check])


# pivots (issue 25)
def add_pivots_makes_them_once(shelf: Shelf) -> None:
    spec = PivotSpec(
        "ptStages",
        Orders,
        "Orders by stage",
        rows=(Orders.stage,),
        values=((Orders.order_id, "count"),),
    )
    reg = shelf.open({Orders: ORDERS})
    assert reg.add_pivots("Pivots", [spec], heading="Pivots") == ["ptStages"]
    assert reg.add_pivots("Orders", [spec]) == []  # a sheet that exists is not touched
    reg.save()
    again = shelf.reopen(reg)
    assert again.add_pivots("Pivots", [spec]) == []  # made once; the user's from then on
    assert again.read(Orders).frame[Orders.order_id].tolist() == ["SO-1", "SO-2", "SO-3"]


PROMISES = [
    reads_typed_rows_indexed_by_sheet_row,
    a_missing_sheet_is_refused_unless_optional,
    update_writes_owned_cells_by_key,
    update_refuses_the_users_columns_and_unknown_keys,
    append_adds_rows_below_the_last,
    write_sheet_replaces_an_owned_sheet_only,
    set_marks_marks_exactly_the_cells_given,
    selection_and_user_are_as_given,
    meta_is_kept_with_the_next_save,
    a_save_by_someone_else_makes_what_was_read_stale,
    an_unsaved_change_is_not_kept,
    add_pivots_makes_them_once,
]


@pytest.fixture(params=["file", "memory"])
def shelf(request: pytest.FixtureRequest, tmp_path: Path) -> Shelf:
    return file_shelf(tmp_path) if request.param == "file" else memory_shelf()


@pytest.mark.parametrize("promise", PROMISES, ids=lambda p: p.__name__)
def test_the_register_keeps_its_promise(shelf: Shelf, promise: Callable[[Shelf], None]) -> None:
    promise(shelf)


# --- the negative case: registers that break one promise each ------------------------------


class WritesUserColumns(MemoryRegister):
    def update(self, table, changes):  # type: ignore[no-untyped-def]  # the refusal left out
        grid, found, header = self._where(table)
        rows = self._row_index(table, grid, found, header)
        for key, values in changes.items():
            for col, value in values.items():
                self._put(table.sheet, grid, rows[key], found[col], value, col)
        return sum(len(v) for v in changes.values())


class KeepsOldMarks(MemoryRegister):
    def set_marks(self, table, cells, colour):  # type: ignore[no-untyped-def]  # never clears
        before = self.marks_of(table)
        super().set_marks(table, cells, colour)
        self._marks[table.__name__] = {**before, **self._marks[table.__name__]}


class SavesAtOnce(MemoryRegister):
    def set_meta(self, key, value):  # type: ignore[no-untyped-def]  # written through at once
        super().set_meta(key, value)
        self.save()


class NeverStale(MemoryRegister):
    def check_unchanged(self) -> None:
        pass


@pytest.mark.parametrize(
    ("kind", "promise"),
    [
        (WritesUserColumns, update_refuses_the_users_columns_and_unknown_keys),
        (KeepsOldMarks, set_marks_marks_exactly_the_cells_given),
        (SavesAtOnce, meta_is_kept_with_the_next_save),
        (NeverStale, a_save_by_someone_else_makes_what_was_read_stale),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_the_contract_catches_a_broken_register(
    kind: type[MemoryRegister], promise: Callable[[Shelf], None]
) -> None:
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        promise(memory_shelf(kind))
