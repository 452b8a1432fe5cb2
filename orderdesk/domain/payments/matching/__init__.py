"""Receipts ↔ open invoices: which invoice(s) did this money pay, how sure are we, and why.

Vectorised in stages, each a handful of joins over whole frames, one module each:

1. `candidates` (looked up in the `index`, built once per register state): invoice, order and
   customer-PO numbers found in the remittance text (and the EndToEndId, where customers also
   put them); the customer found from the payer's name (its name or one of its aliases,
   normalised) or from an account that paid the customer before; and, for a receipt with
   neither, the open invoices of exactly that amount.
2. `hypotheses`: one invoice; the invoices named in the remittance together; the open invoices
   of a named order together; a customer's oldest open invoices together. The amount either
   fits exactly, short by bank charges within the tolerance, at the ECB rate of the value date
   within the FX tolerance (receipt in another currency), as the deposit share of the payment
   terms, as part of the outstanding, or not at all.
3. `scoring`: each hypothesis's confidence, made of its evidence, and the best per receipt; at
   or above the threshold it is applied, below it is a suggestion for a person. The `matcher`
   applies receipts in value-date order, one per invoice per round, and matches the rest again
   against what is then still open: two instalments for one invoice settle it, an invoice is
   never paid twice, and running the match again on its own result changes nothing.
4. `reasons`: the Match of each receipt, its allocations in Decimal, and the words a person
   reads in Match Reasons.

Evidence points (summed, capped at 1): invoice number 0.60, order or PO number 0.50; payer is
the customer 0.30 (name, alias or known account) or 0.20 (first letters only); amount exact 0.35,
bank charges / FX / deposit 0.30, part payment 0.25 with an invoice number (0.10 with an order
number, nothing otherwise), more than is open −0.30; only invoice (set) of the customer with
that amount +0.20 (+0.10 for a run of oldest invoices); payer is a different known customer
−0.30; the named invoice only part-paid while another of the payer's is exactly the amount −0.30
(and that other one −0.15); another hypothesis as good −0.15. So an invoice number with the
exact amount is 0.95, the customer's name with the only invoice of that amount 0.85, an amount
alone at most 0.55.
"""

from orderdesk.domain.payments.matching.matcher import Matcher
from orderdesk.domain.payments.matching.model import (
    CENT,
    Allocation,
    Fit,
    Kind,
    Match,
    MatchPolicy,
    RatesFn,
)

__all__ = ["CENT", "Allocation", "Fit", "Kind", "Match", "MatchPolicy", "Matcher", "RatesFn"]
