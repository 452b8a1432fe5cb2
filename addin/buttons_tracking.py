"""Ribbon: Sync tracking (the Sync group)."""

from __future__ import annotations

from orderdesk.actions.base import Outcome
from orderdesk.actions.tracking import sync_tracking

from .handlers import ButtonContext, handles


@handles("odSyncTracking")
def sync_tracking_button(ctx: ButtonContext) -> Outcome:
    """Selected rows of Shipments (or Orders) are synced; with no selection, every shipment."""
    return sync_tracking(ctx.run())
