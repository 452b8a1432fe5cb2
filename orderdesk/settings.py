"""The company's policy as the register's Settings sheet states it, typed, with cell references.

Scalar settings live in the key/value table; `Policy.get(Setting.X)` reads one (falling back to
the schema default when the row is missing) and `Policy.ref(Setting.X)` names its cell for
messages. A value that cannot be read is an error naming the cell, never a silent default.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from orderdesk.domain import values as V
from orderdesk.ports import CellRef, Register, RegisterError, TableData
from orderdesk.schema import ColType, Setting, SettingKey, Settings, norm_header


class PolicyError(RegisterError):
    """A Settings value that cannot be used; the message names the cell."""


class Policy:
    def __init__(self, data: TableData) -> None:
        self.data = data
        self._rows: dict[str, int] = {}
        frame = data.frame
        for row, key in zip(frame.index, frame[Settings.key], strict=True):
            if isinstance(key, str):
                self._rows.setdefault(norm_header(key), int(row))

    def ref(self, key: SettingKey) -> CellRef | None:
        row = self._rows.get(norm_header(key.key))
        return None if row is None else self.data.ref(row, Settings.value)

    def raw(self, key: SettingKey) -> Any:
        row = self._rows.get(norm_header(key.key))
        if row is None:
            return None
        value = self.data.frame.at[row, Settings.value]
        return None if V.is_blank(value) else value

    def get(self, key: SettingKey) -> Any:
        raw = self.raw(key)
        if raw is None:
            return key.default
        try:
            return _parse(key.type, raw)
        except V.Unreadable as exc:
            raise PolicyError(f"Settings: '{key.key}' at {self.ref(key)}: {exc}") from exc

    def decimal(self, key: SettingKey) -> Decimal:
        return Decimal(str(self.get(key)))

    @property
    def base_currency(self) -> str:
        return str(self.get(Setting.BASE_CURRENCY)).upper()


def _parse(kind: ColType, raw: Any) -> Any:
    if kind is ColType.PERCENT:
        return V.parse_percent(raw)
    if kind in (ColType.MONEY, ColType.NUMBER, ColType.RATE):
        return V.parse_decimal(raw)
    if kind is ColType.INT:
        return V.parse_int(raw)
    if kind is ColType.BOOL:
        return V.parse_bool(raw)
    if kind is ColType.DATE:
        return V.parse_date(raw)
    text = V.clean_text(raw)
    return text.upper() if kind is ColType.CODE and text else text


def load_policy(register: Register) -> Policy:
    return Policy(register.read(Settings))
