"""Ribbon: Sync bank and Export settlement (the Finance group)."""

from __future__ import annotations

from orderdesk.actions.bank import sync_bank_configured
from orderdesk.actions.base import Outcome
from orderdesk.actions.settlement import export_settlement_last_month

from .handlers import ButtonContext, handles


@handles("odSyncBank")
def sync_bank_button(ctx: ButtonContext) -> Outcome:
    """Statement files in Settings' statement folder, and the bank API if set up."""
    return sync_bank_configured(ctx.run())


@handles("odExportSettlement")
def export_settlement_button(ctx: ButtonContext) -> Outcome:
    """Last month's settlement journal, as Settlement-YYYY-MM.xlsx beside the workbook."""
    return export_settlement_last_month(ctx.run())
