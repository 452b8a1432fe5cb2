"""One context per action run: what every action needs, built once by its edge.

An action used to get "today" four ways (`now=`, `on=`, `fx_on=`, `ORDERDESK_TODAY`), read the
Settings sheet several times per click (each a call into Excel in the live adapter) and take its
test doubles as a different keyword each. A `RunContext` is built once by the edge that starts
the run — a CLI command, a ribbon button, a demo step, a test — and passed to the action:

- `register`: the workbook of this run;
- `today`: the one date the run reasons about (`ORDERDESK_TODAY` pins it, for demos and tests);
- `progress`: the terminal's bar or Excel's status bar;
- `policy`: the Settings sheet, read on first use and then kept for the run;
- `rates`: the exchange rates (ECB reference rates, shipped with the package);
- `tables(...)`: the tables an action reads, each once per run;
- `clients`: outside systems (a carrier, a bank API) by name — the one place a test injects a
  double, e.g. `RunContext.of(register, clients={"psd2": fake})`.

Actions read the register through `ctx.register`, never open another one, and never call
`ports.today()` themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from orderdesk.actions.base import NO_PROGRESS, Progress

if TYPE_CHECKING:  # naming them imports nothing heavy at run time (`orderdesk --help` is instant)
    from orderdesk.domain.payments.matching import RatesFn
    from orderdesk.ports import Register, TableData
    from orderdesk.schema import Table
    from orderdesk.settings import Policy


def _ecb_rates() -> RatesFn:
    from orderdesk.domain.reference import fx

    return fx.rates_vector


@dataclass
class RunContext:
    """Everything one action run needs; see the module docstring. Build it with `of`."""

    register: Register
    today: dt.date
    progress: Progress = NO_PROGRESS
    rates: RatesFn = field(default_factory=_ecb_rates)
    clients: Mapping[str, Any] = field(default_factory=dict)
    _policy: Policy | None = field(default=None, repr=False)
    _read: dict[tuple[type[Table], bool], TableData] = field(default_factory=dict, repr=False)

    @classmethod
    def of(
        cls,
        register: Register,
        *,
        today: dt.date | None = None,
        progress: Progress = NO_PROGRESS,
        rates: RatesFn | None = None,
        clients: Mapping[str, Any] | None = None,
        policy: Policy | None = None,
    ) -> RunContext:
        """The context of a run on `register`; `today` defaults to `ports.today()` (the one
        place that reads `ORDERDESK_TODAY`)."""
        from orderdesk import ports

        return cls(
            register=register,
            today=today or ports.today(),
            progress=progress,
            rates=rates or _ecb_rates(),
            clients=dict(clients or {}),
            _policy=policy,
        )

    @property
    def policy(self) -> Policy:
        """The Settings sheet, read once per run (a second use costs no read, and no call into
        Excel in the live adapter)."""
        if self._policy is None:
            from orderdesk.settings import load_policy

            self._policy = load_policy(self.register)
        return self._policy

    def tables(self, *tables: type[Table], optional: bool = False) -> dict[type[Table], TableData]:
        """The tables an action works on, each read once per run: the one way an action reads
        a set of tables (KPI inputs, scoring inputs, what Validate checks). A table asked for
        again is not read again; `optional` as `register.read` takes it."""
        for table in tables:
            if (table, optional) not in self._read:
                self._read[(table, optional)] = self.register.read(table, optional=optional)
        return {t: self._read[(t, optional)] for t in tables}

    def now(self) -> dt.datetime:
        """The moment written to the register (a sync time, a decision's time): this run's day
        at the clock's time, local and naive, to the second."""
        return dt.datetime.combine(self.today, dt.datetime.now().time()).replace(microsecond=0)

    def client(self, name: str, default: Any = None) -> Any:
        """The outside client registered under `name` (a test double in tests), else `default`."""
        return self.clients.get(name, default)
