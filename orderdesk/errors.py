"""The one exception root: what is the user's input or an outside system's answer.

`OrderDeskError` and its subclasses mean "OrderDesk cannot do this with what it was given": an
unreadable cell, a Settings value that makes no sense, a broken statement file, a carrier that
answered 500, a PDF font that cannot draw a character. Their message says what and where, in
words the user understands, and the three entry points treat them alike: the CLI exits 2, the
ribbon shows the message as it is, a worksheet function returns it as a short error value.

Anything else that escapes an action is a bug, and is reported as one everywhere (exit 3 with the
traceback; the ribbon's alert names the log file; a UDF's error value says "internal error").
Never catch `ValueError` or `Exception` at an entry point to mean "the user's fault".

The module imports nothing, so every layer (domain included) can derive from it.
"""

from __future__ import annotations


class OrderDeskError(Exception):
    """The user's input or an outside system's answer cannot be used; the message says what and
    where. Not a bug."""


class RegisterError(OrderDeskError):
    """The register cannot be read or written as asked; the message says what and where.
    (Here rather than in `ports`, so that naming it imports no pandas: `orderdesk --help` stays
    instant.)"""
