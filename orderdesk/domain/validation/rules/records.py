"""References to records that must exist: the customer of an order, the SKU and supplier of a
line, the order of a line, shipment or invoice."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from orderdesk.domain.validation.registry import ERROR, Hits, Rule, add_rule, hits
from orderdesk.domain.validation.view import Tables, order_id_column
from orderdesk.schema import (
    Column,
    Customers,
    Invoices,
    LCs,
    OrderLines,
    Orders,
    Products,
    Shipments,
    Suppliers,
)


@dataclass(frozen=True)
class Reference:
    code: str
    column: Column  # where the reference is written
    target: Column  # the key column it must be found in


REFERENCES: tuple[Reference, ...] = (
    Reference("CUSTOMER-UNKNOWN", Orders.customer, Customers.customer_id),
    Reference("CUSTOMER-UNKNOWN", Invoices.customer, Customers.customer_id),
    Reference("SKU-UNKNOWN", OrderLines.sku, Products.sku),
    Reference("SUPPLIER-UNKNOWN", OrderLines.supplier, Suppliers.supplier_id),
    Reference("SUPPLIER-UNKNOWN", Products.default_supplier, Suppliers.supplier_id),
    Reference("ORDER-UNKNOWN", OrderLines.order_id, Orders.order_id),
    Reference("ORDER-UNKNOWN", Shipments.order_id, Orders.order_id),
    Reference("ORDER-UNKNOWN", Invoices.order_id, Orders.order_id),
    Reference("ORDER-UNKNOWN", LCs.order_id, Orders.order_id),
)


def _rule_for(ref: Reference) -> Rule:
    table, target = ref.column.table, ref.target.table

    def run(t: Tables) -> Iterator[Hits]:
        known = t.first_rows(target, ref.target)
        bad = t[table].frame[str(ref.column)].notna() & ~t.known(table, ref.column, known)
        if order_id_column(table) is not None and ref.target is not Orders.order_id:
            bad &= t.active(table)
        yield hits(table, ref.column, bad, f"no such {ref.target} on the {target.sheet} sheet")

    run.__name__ = f"{ref.code.lower()}_{table.__name__}"
    return Rule(
        ref.code, ERROR, (table, target), run, f"{table.sheet} {ref.column} not in {target.sheet}"
    )


for _ref in REFERENCES:
    add_rule(_rule_for(_ref))
