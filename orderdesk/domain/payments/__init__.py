"""Money in: bank entries, which invoice a receipt paid, what is still open, and the journal.

- `entries`: `BankEntry` (one booked bank transaction, whatever it came from) and Match Status.
- `identity`: which entries are one transaction — the key each lands under, re-imports,
  overlapping statements, probable duplicates, registers keyed the way of old.
- `names`: normalised payer names and reference tokens found in remittance text.
- `matching`: receipts ↔ open invoices, vectorised, each match with a confidence and reasons.
- `ledger`: applied allocations → invoices' paid, outstanding and status; customers' days late.
- `reconcile`: one Sync bank — new entries admitted, outgoing ones and reversals marked, receipts
  matched against what is open, invoices' and customers' state — for the action to write.
- `settlement`: balanced journal lines for a period's receipts, bank charges and FX differences.
"""
