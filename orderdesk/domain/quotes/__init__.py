"""Quotes: cost build-up and pricing, versions, three-level approval and its hash-chained log.

- `pricing`: the cost build-up per quote line (material, labour, packaging, inland freight, main
  freight and insurance as the Incoterm requires) and the suggested price for a target margin.
- `versions`: a sent quote is never edited in place; revisions, diffs and the content digest.
- `approval`: who may decide at which level, and the approval state of every quote version.
- `checks`: what each approval level checks and shows to its approver.
- `chain`: the ApprovalLog's SHA-256 hash chain and its verification.
"""
