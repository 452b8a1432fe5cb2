"""A small register of customers and products, typed here by hand (not from the sample), and the
command line run in-process on it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from orderdesk.cli import main
from orderdesk.schema import Customers, Products, Setting, Settings, Table

CUSTOMERS = [
    {Customers.customer_id: "CU-DE", Customers.name: "Müller & Söhne Haushaltswaren GmbH",
     Customers.aliases: "MUELLER UND SOEHNE HAUSHALTSWAREN GMBH", Customers.country: "DE",
     Customers.language: "de", Customers.email: "j.weiss@mueller-soehne.de",
     Customers.vat_no: "DE174833788", Customers.currency: "EUR", Customers.contact: "Jürgen Weiß"},
    {Customers.customer_id: "CU-US", Customers.name: "Lakeshore Home Goods Inc.",
     Customers.country: "US", Customers.language: "en",
     Customers.email: "k.mitchell@lakeshorehome.com", Customers.currency: "USD"},
    {Customers.customer_id: "CU-ES", Customers.name: "Distribuciones Iberia Hogar S.A.",
     Customers.aliases: "IBERIA HOGAR", Customers.country: "ES", Customers.language: "es",
     Customers.email: "jramirez@iberiahogar.es", Customers.vat_no: "ESB42206417"},
    {Customers.customer_id: "CU-FR", Customers.name: "Éclairages Dubois SAS",
     Customers.country: "FR", Customers.language: "fr", Customers.email: "a.dubois@eclairages-dubois.fr"},
    {Customers.customer_id: "CU-SG", Customers.name: "新加坡丰源贸易私人有限公司",
     Customers.aliases: "FENGYUAN TRADING PTE LTD", Customers.country: "SG",
     Customers.language: "zh-CN", Customers.email: "zq.chen@fengyuan.com.sg"},
]  # fmt: skip
PRODUCTS = [
    {Products.sku: "KW-2001", Products.description: "Stainless steel stock pot 24 cm with lid",
     Products.description_zh: "不锈钢汤锅 24cm 带盖", Products.category: "kitchenware", Products.unit: "PCS"},
    {Products.sku: "KW-2004", Products.description: "Chef's knife 8\"",
     Products.description_zh: "8寸厨师刀", Products.category: "kitchenware", Products.unit: "PCS"},
    {Products.sku: "HW-1001", Products.description: "Stainless steel butt hinge 4\"",
     Products.description_zh: "不锈钢合页 4寸", Products.category: "hardware", Products.unit: "PCS"},
    {Products.sku: "LI-6001", Products.description: "LED bulb A60 9 W E27",
     Products.description_zh: "9W LED球泡 E27", Products.category: "lighting", Products.unit: "PCS"},
    {Products.sku: "LI-6005", Products.description: "Dimmable LED desk lamp",
     Products.description_zh: "可调光LED台灯", Products.category: "lighting", Products.unit: "PCS"},
    {Products.sku: "TX-3003", Products.description: "Cotton terry bath towel 70×140 cm",
     Products.description_zh: "纯棉浴巾 70×140", Products.category: "textiles", Products.unit: "PCS"},
    {Products.sku: "EL-4001", Products.description: "USB-C PD charger 20 W",
     Products.description_zh: "20W USB-C快充充电器", Products.category: "electronics", Products.unit: "PCS"},
]  # fmt: skip


@pytest.fixture
def register(make_register: Callable[..., Path]) -> Path:
    return make_register({Customers: CUSTOMERS, Products: PRODUCTS})


def run(*args: str | Path) -> tuple[int, dict[str, Any], str]:
    """`orderdesk intake …` in-process: exit code, the --json result (or {}), stderr."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["intake", *map(str, args), "--json"])
    text = out.getvalue()
    return code, (json.loads(text) if text.strip() else {}), err.getvalue()


def rows(path: Path, table: type[Table]) -> list[dict[str, Any]]:
    """A table's rows as openpyxl (not OrderDesk's reader) sees them, by header."""
    ws = load_workbook(path)[table.sheet]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    head = values[0]
    return [
        {str(h): v for h, v in zip(head, r, strict=False) if h}
        for r in values[1:]
        if any(v is not None for v in r)
    ]


def set_setting(path: Path, key: str, value: object) -> None:
    wb = load_workbook(path)
    ws = wb[Settings.sheet]
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value == key:
            row[1].value = value
    wb.save(path)


__all__ = ["CUSTOMERS", "PRODUCTS", "Setting", "rows", "run", "set_setting"]
