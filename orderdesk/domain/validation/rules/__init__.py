"""The rules, one module per kind. Importing this package registers them all."""

from orderdesk.domain.validation.rules import (  # noqa: F401
    cells,
    codes,
    complaints,  # after-sales (issue 21)
    consistency,
    letters_of_credit,
    milestones,  # execution (issue 20)
    quote_approval,
    records,
    required,
    risk,
    supplier_standing,
)
