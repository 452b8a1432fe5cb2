"""The sentences of the completeness questions, in English; translations live in the gettext
domain "questions" (orderdesk/locale/<lang>/LC_MESSAGES/questions.po, compiled with Babel).

Each sentence is whole, with named placeholders, so a translator can move words where their
language wants them. Field names are written as a noun phrase that fits every sentence it goes
into ("the shipping marks", German "die Versandmarkierungen", accusative where German needs it).
Counting variants (one, two, several) are separate sentences rather than plural forms: English
says "Please confirm both" for two, which plural forms cannot express.
"""

from __future__ import annotations

from orderdesk.schema import OrderLines, Orders


def N_(message: str) -> str:
    """Mark a string for extraction (pybabel extract); it is translated where it is used."""
    return message


# --- the letter around the questions ---------------------------------------------------------

GREETING_NAMED = N_("Dear {name},")
GREETING = N_("Dear Sir or Madam,")
INTRO_PO = N_(
    "Thank you for your order {order} (your PO {po}). Before we can proceed, we need a few "
    "details from you:"
)
INTRO = N_(
    "Thank you for your order {order}. Before we can proceed, we need a few details from you:"
)
THANKS = N_("Thank you in advance.")
REGARDS = N_("Best regards,")
NOTHING = N_("We have everything we need for order {order}.")

# --- what is missing, grouped ----------------------------------------------------------------

ORDER_MISSING = (
    N_("This order is missing {fields}. Please let us know."),
    N_("This order is missing {fields}. Please confirm both."),
    N_("This order is missing {fields}. Please send us these details."),
)
LINE_MISSING = (
    N_("Line {line} ({product}) is missing {fields}. Please let us know."),
    N_("Line {line} ({product}) is missing {fields}. Please confirm both."),
    N_("Line {line} ({product}) is missing {fields}. Please send us these details."),
)
LINES_MISSING = N_(
    "Lines {lines} are missing {fields}. Please let us know for each of these lines."
)

# --- what is there but doubtful --------------------------------------------------------------

ORDER_UNCLEAR = N_("We could not interpret {field} “{value}”. Please confirm it.")
LINE_UNCLEAR = N_(
    "Line {line} ({product}): we could not interpret {field} “{value}”. Please confirm it."
)
INCOTERM_MODE = N_(
    "{term} applies to sea and inland waterway transport only, but this order is to be shipped "
    "{by_mode}. Please confirm the Incoterm ({alternative} would fit) or the mode of transport."
)
DELIVERY_BEFORE_SHIP = N_(
    "The requested delivery date, {requested}, is before the earliest date we can ship, {ship}. "
    "Please confirm a later delivery date."
)
DELIVERY_BEFORE_ORDER = N_(
    "The requested delivery date, {requested}, is before the order date, {ordered}. Please "
    "confirm the delivery date."
)
DEPOSIT = N_(
    "The deposit of {deposit} does not match the payment terms {terms}, which provide for a "
    "deposit of {expected}. Please confirm the deposit and the payment terms."
)
PO_DUPLICATE = N_(
    "Your purchase order number {po} also appears on our order {other}. Please confirm the "
    "purchase order number for this order."
)
LC_BANK = N_(
    "We can only accept letters of credit issued or confirmed by one of these banks: {banks}. "
    "{bank} is not among them. Please confirm which bank will issue or confirm the letter of "
    "credit."
)
QUANTITY = N_("Line {line} ({product}) has a quantity of {qty}. Please confirm the quantity.")

# How an order is to travel, as the Incoterm sentence says it ("to be shipped by air").
BY_MODE = {
    "air": N_("by air"),
    "road": N_("by road"),
    "rail": N_("by rail"),
    "multimodal": N_("by multimodal transport"),
}

# --- the fields a customer can answer for ------------------------------------------------------
# Only these become questions: HS codes, cartons, suppliers and the like are the desk's own work.

NAMED_PLACE_FOR = N_("the named place for {incoterm}")

ORDER_FIELDS: dict[str, str] = {  # header → the field as a noun phrase
    Orders.customer_po: N_("your purchase order number"),
    Orders.incoterm: N_("the Incoterm"),
    Orders.named_place: N_("the named place for the Incoterm"),
    Orders.transport_mode: N_("the mode of transport"),
    Orders.payment_terms: N_("the payment terms"),
    Orders.currency: N_("the currency"),
    Orders.requested_delivery: N_("the requested delivery date"),
    Orders.ship_to: N_("the consignee's name and address"),
    Orders.ship_to_country: N_("the destination country"),
    Orders.port_of_discharge: N_("the port of discharge"),
    Orders.shipping_marks: N_("the shipping marks"),
    Orders.forwarder: N_("the preferred forwarder"),
    Orders.lc_bank: N_("the bank that will issue the letter of credit"),
}

LINE_FIELDS: dict[str, str] = {
    OrderLines.spec: N_("the specification"),
    OrderLines.qty: N_("the quantity"),
    OrderLines.unit: N_("the unit of measure"),
}

# Fields Import PO asks about besides (an order read from a customer's purchase order).
INTAKE_FIELDS: dict[str, str] = {
    Orders.order_date: N_("the date of your purchase order"),
    OrderLines.sku: N_("the product"),
    OrderLines.unit_price: N_("the unit price"),
}
