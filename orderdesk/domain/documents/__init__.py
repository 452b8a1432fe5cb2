"""Trade documents: proforma invoice, commercial invoice, packing list, order confirmation and
sales contract, in the customer's language (see docs/documents.md)."""
