"""The ribbon definition read as data: its controls, and the checks CI runs on it.

Every control with an `onAction` is a button (or a menu item, split button, toggle…) whose id
names a Python handler; its callback must be a `Sub` of the add-in's VBA that takes the ribbon
control. These checks keep the XML, the VBA and the Python in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as ET

from .build import RIBBON_XML, SOURCES, VBA_DIR, module_text

CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
_NS = {"ui": CUSTOM_UI_NS}
TAB_LABEL = "OrderDesk"
GROUPS: tuple[str, ...] = (
    "Orders",
    "Quotes",
    "Documents",
    "Suppliers & KPIs",
    "Execution",  # execution (issue 20)
    "Sync",
    "Finance",
    "Logistics",  # logistics (issue 22)
)
GROUPS += ("After-sales",)  # after-sales (issue 21)
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Control:
    id: str
    label: str
    group: str  # the group's label
    kind: str  # the element: button, toggleButton, …
    on_action: str
    image: str | None = None
    size: str = "normal"
    menu: str | None = None  # the label of the menu it sits in, if any


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    controls: tuple[Control, ...]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def read(path: Path = RIBBON_XML) -> list[Group]:
    """The tab's groups and their action controls, in order. Raises ValueError when the XML does
    not parse or is not a customUI document."""
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError as exc:
        raise ValueError(f"{path.name}: not well-formed XML ({exc})") from exc
    if root.tag != f"{{{CUSTOM_UI_NS}}}customUI":
        raise ValueError(f"{path.name}: the root must be customUI in namespace {CUSTOM_UI_NS}")
    groups = []
    for g in root.iterfind(".//ui:tab/ui:group", _NS):
        found: list[Control] = []
        _walk(g, g.get("label", ""), None, found)
        groups.append(Group(g.get("id", ""), g.get("label", ""), tuple(found)))
    return groups


def _walk(el: Any, group: str, menu: str | None, found: list[Control]) -> None:
    for child in el:
        if child.get("onAction") is not None:
            found.append(
                Control(
                    id=child.get("id", ""),
                    label=child.get("label", ""),
                    group=group,
                    kind=_local(child.tag),
                    on_action=child.get("onAction", ""),
                    image=child.get("imageMso"),
                    size=child.get("size", "normal"),
                    menu=menu,
                )
            )
        _walk(child, group, child.get("label") if _local(child.tag) == "menu" else menu, found)


def controls(path: Path = RIBBON_XML) -> list[Control]:
    return [c for g in read(path) for c in g.controls]


def labels(path: Path = RIBBON_XML) -> dict[str, str]:
    """Button id → label (for progress and alert titles)."""
    return {c.id: c.label for c in controls(path)}


def _vba_subs() -> dict[tuple[str, str], str]:
    """(module, sub) → its parameter list, for every Sub in the add-in's VBA."""
    subs: dict[tuple[str, str], str] = {}
    pattern = re.compile(r"^(?:Public\s+|Private\s+)?Sub\s+(\w+)\s*\(([^)]*)\)", re.M | re.I)
    for source in SOURCES:
        text = module_text(source, VBA_DIR)
        for m in pattern.finditer(text):
            subs[(source.name.lower(), m.group(1).lower())] = m.group(2)
    return subs


def problems(path: Path = RIBBON_XML) -> list[str]:
    """What is wrong with the ribbon definition itself (empty when it is fine)."""
    out: list[str] = []
    try:
        groups = read(path)
    except ValueError as exc:
        return [str(exc)]
    root = ET.fromstring(path.read_bytes())
    tabs = root.findall(".//ui:tab", _NS)
    if [t.get("label") for t in tabs] != [TAB_LABEL]:
        out.append(
            f"one tab labelled {TAB_LABEL!r} expected, found {[t.get('label') for t in tabs]}"
        )
    if tuple(g.label for g in groups) != GROUPS:
        out.append(f"groups must be {GROUPS}, found {tuple(g.label for g in groups)}")
    ids = [el.get("id") for el in root.iter() if el.get("id") is not None]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        out.append(f"id {dup!r} is used more than once")
    subs = _vba_subs()
    for c in (c for g in groups for c in g.controls):
        where = f"{c.kind} {c.id or '(no id)'} ({c.group})"
        if not _ID.match(c.id):
            out.append(f"{where}: the id must be letters, digits and _")
        if not c.label:
            out.append(f"{where}: no label")
        module, _, sub = c.on_action.rpartition(".")
        params = subs.get((module.lower(), sub.lower()))
        if params is None:
            out.append(f"{where}: onAction {c.on_action!r} is not a Sub of the add-in's VBA")
        elif not re.fullmatch(r"\s*(ByRef\s+)?\w+\s+As\s+IRibbonControl\s*", params, re.I):
            out.append(f"{where}: {c.on_action} must take one argument As IRibbonControl")
    return out


def handler_problems(handlers: Mapping[str, object], ids: Iterable[str]) -> list[str]:
    """Every button needs a handler, and every handler a button."""
    ids = list(ids)
    out = [
        f"button {i!r} has no handler (@handles({i!r}) in addin/buttons_*.py)"
        for i in ids
        if i not in handlers
    ]
    out += [
        f"handler {h!r} has no button in ribbon.xml" for h in sorted(handlers) if h not in set(ids)
    ]
    return out
