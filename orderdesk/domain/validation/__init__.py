"""Order validation: rules with stable codes over the register's tables, findings that name their
cell, and the per-row status of the Check column.

    findings = validate({Orders: orders, OrderLines: lines, ...}, context)
    statuses = row_statuses(findings, orders)   # {sheet row: "OK" | "1 error, 2 warnings"}

`validate` runs every registered rule whose tables are given and skips the others, so the same
call serves a worksheet function over one Orders block and the Validate button over the whole
register. Rule codes are listed in docs/validation.md (and by `rule_codes()`).
"""

from orderdesk.domain.validation import rules as _rules  # noqa: F401  (registers the rules)
from orderdesk.domain.validation.model import (
    AcceptedBank,
    CreditBand,
    Finding,
    Severity,
    ValidationContext,
)
from orderdesk.domain.validation.policy import accepted_banks, context_from, credit_bands
from orderdesk.domain.validation.registry import (
    RULES,
    Hits,
    Rule,
    row_statuses,
    rule_codes,
    status_text,
    validate,
)
from orderdesk.domain.validation.view import CONTEXT_ONLY

__all__ = [
    "CONTEXT_ONLY",
    "RULES",
    "AcceptedBank",
    "CreditBand",
    "Finding",
    "Hits",
    "Rule",
    "Severity",
    "ValidationContext",
    "accepted_banks",
    "context_from",
    "credit_bands",
    "row_statuses",
    "rule_codes",
    "status_text",
    "validate",
]
