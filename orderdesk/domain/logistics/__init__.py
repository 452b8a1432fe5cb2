"""Logistics planning (issue 22): load plans, the mode decision, forwarders' quotes, contingency
routes. Pure: frames, floats and dates in, frames out; no register, no files."""

from __future__ import annotations

from orderdesk.errors import OrderDeskError


class LogisticsError(OrderDeskError, ValueError):
    """An argument that makes no sense for a load plan or a mode (the message says which)."""


__all__ = ["LogisticsError"]
