"""The ribbon definition: it parses, every onAction is a Sub of the add-in's VBA that takes the
control, every button has a Python handler and every handler a button."""

from __future__ import annotations

import pytest
from orderdesk_addin import handlers, ribbon

RIBBON_HEAD = (
    '<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui"><ribbon><tabs>'
    '<tab id="odTab" label="OrderDesk">'
)
RIBBON_TAIL = "</tab></tabs></ribbon></customUI>"
GROUP_IDS: tuple[str, ...] = (
    "Orders",
    "Quotes",
    "Documents",
    "SuppliersKpis",
    "Execution",
    "Sync",
    "Finance",
    "Logistics",
)
GROUP_IDS += ("AfterSales",)  # after-sales (issue 21)


def ribbon_xml(tmp_path, orders_group: str) -> object:
    groups = [f'<group id="odGroupOrders" label="Orders">{orders_group}</group>']
    for gid, label in zip(GROUP_IDS[1:], ribbon.GROUPS[1:], strict=True):
        groups.append(f'<group id="odGroup{gid}" label="{label.replace("&", "&amp;")}"/>')
    path = tmp_path / "ribbon.xml"
    path.write_text(RIBBON_HEAD + "".join(groups) + RIBBON_TAIL, encoding="utf-8")
    return path


def test_the_shipped_ribbon_is_consistent_with_the_vba():
    assert ribbon.problems() == []
    groups = ribbon.read()
    assert [g.label for g in groups] == list(ribbon.GROUPS)


def test_every_button_has_a_handler_and_every_handler_a_button():
    ids = [c.id for c in ribbon.controls()]
    assert ribbon.handler_problems(handlers.load_all(), ids) == []
    assert "odAbout" in ids


def test_the_consistency_check_names_what_is_missing():
    found = ribbon.handler_problems({"odA": object(), "odOrphan": object()}, ["odA", "odNew"])
    assert found == [
        "button 'odNew' has no handler (@handles('odNew') in addin/buttons_*.py)",
        "handler 'odOrphan' has no button in ribbon.xml",
    ]


def test_buttons_inside_menus_count_too(tmp_path):
    path = ribbon_xml(
        tmp_path,
        '<menu id="odDocs" label="Documents">'
        '<button id="odPI" label="Proforma" onAction="Ribbon.OnAction"/>'
        '<button id="odCI" label="Commercial invoice" onAction="Ribbon.OnAction"/></menu>'
        '<button id="odX" label="Validate" size="large" onAction="Ribbon.OnAction"/>',
    )
    assert ribbon.problems(path) == []
    controls = ribbon.controls(path)
    assert [(c.id, c.menu, c.size) for c in controls] == [
        ("odPI", "Documents", "normal"),
        ("odCI", "Documents", "normal"),
        ("odX", None, "large"),
    ]
    assert ribbon.labels(path)["odCI"] == "Commercial invoice"


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        ('<button id="odA" label="A" onAction="Ribbon.Missing"/>', "is not a Sub of the add-in"),
        (
            '<button id="odA" label="A" onAction="xlwings.ImportPythonUDFs"/>',
            "must take one argument As IRibbonControl",
        ),
        ('<button id="odA" label="" onAction="Ribbon.OnAction"/>', "no label"),
        (
            '<button id="odA" label="A" onAction="Ribbon.OnAction"/>'
            '<button id="odA" label="B" onAction="Ribbon.OnAction"/>',
            "id 'odA' is used more than once",
        ),
        ('<button id="od-A" label="A" onAction="Ribbon.OnAction"/>', "letters, digits and _"),
        ("<button", "not well-formed XML"),
    ],
)
def test_problems_are_found_and_named(tmp_path, xml, problem):
    found = ribbon.problems(ribbon_xml(tmp_path, xml))
    assert any(problem in p for p in found), found


def test_a_wrong_tab_or_groups_are_problems(tmp_path):
    path = tmp_path / "ribbon.xml"
    path.write_text(
        '<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui"><ribbon><tabs>'
        '<tab id="t" label="Orders"><group id="g" label="Misc"/></tab></tabs></ribbon></customUI>',
        encoding="utf-8",
    )
    found = ribbon.problems(path)
    assert any("one tab labelled 'OrderDesk'" in p for p in found)
    assert any("groups must be" in p for p in found)


def test_the_build_refuses_an_inconsistent_ribbon(monkeypatch, capsys):
    from orderdesk.cli import main

    monkeypatch.setitem(handlers.HANDLERS, "odNoButton", lambda ctx: None)
    assert main(["addin", "build", "--out", "/nonexistent/never.xlam"]) == 2
    assert "handler 'odNoButton' has no button" in capsys.readouterr().err
