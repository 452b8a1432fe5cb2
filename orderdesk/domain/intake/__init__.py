"""Intake: a customer's purchase order, however it arrives, read into a checked order.

Pure: the readers (`orderdesk.adapters.intake`) hand over a `Source` (lines of cells, each with
where it sits); `read_po` finds the order's labelled fields and its lines; `interpret` matches
the customer and the products and types every value with its source and confidence; `gaps` and
`questions` say what is left for the customer; `learn` turns people's corrections into lessons
for the next order.
"""

from orderdesk.domain.intake.extract import Read, ReadLine, ReadPO, read_po
from orderdesk.domain.intake.match import (
    CustomerRef,
    Lesson,
    Match,
    ProductRef,
    match_customer,
    match_product,
)
from orderdesk.domain.intake.order import (
    DATE_ORDER,
    Gap,
    Imported,
    OrderLine,
    Value,
    gaps,
    interpret,
    learn,
)
from orderdesk.domain.intake.questions import questions
from orderdesk.domain.intake.rows import NewOrder, new_order
from orderdesk.domain.intake.source import Cell, IntakeError, Line, Source, Where

__all__ = [
    "DATE_ORDER",
    "Cell",
    "CustomerRef",
    "Gap",
    "Imported",
    "IntakeError",
    "Lesson",
    "Line",
    "Match",
    "NewOrder",
    "OrderLine",
    "ProductRef",
    "Read",
    "ReadLine",
    "ReadPO",
    "Source",
    "Value",
    "Where",
    "gaps",
    "interpret",
    "learn",
    "match_customer",
    "match_product",
    "new_order",
    "questions",
    "read_po",
]
