from __future__ import annotations

import pytest

from tests.tracking.registers import TODAY


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERDESK_TODAY", TODAY)
    for var in (
        "ORDERDESK_MAEU_KEY",
        "ORDERDESK_MSCU_KEY",
        "ORDERDESK_HLCU_KEY",
        "ORDERDESK_DHL_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
