"""Commands for tracking: `orderdesk sync tracking PATH [--sandbox]` and `orderdesk sandbox`."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.tracking import SyncOptions, read_carriers, sync_tracking
from orderdesk.adapters.file_register import FileRegister
from orderdesk.cli.app import (
    AllowLossOpt,
    JsonOpt,
    Usage,
    UserOpt,
    WorkbookArg,
    app,
    emit,
    err,
    open_register,
    out,
    run_context,
    sync_app,
)
from orderdesk.demo import DemoContext, demo_step
from orderdesk.sandbox import dcsa, dhl
from orderdesk.sandbox.base import Faults
from orderdesk.sandbox.server import Sandbox, discover

SANDBOX_KEY = "sandbox-key"  # what the sandbox is sent when a carrier's key variable is unset


def carrier_urls(root: str, apis: Mapping[str, str]) -> dict[str, str]:
    """Carrier code → its base URL in a running sandbox (Settings stay as they are)."""
    return {
        code: (dhl.carrier_url(root, code) if api == "dhl" else dcsa.carrier_url(root, code))
        for code, api in apis.items()
    }


def sandbox_options(box: Sandbox, register: FileRegister, **changes: Any) -> SyncOptions:
    carriers, _ = read_carriers(register)
    urls = carrier_urls(box.url, {c.code: c.api for c in carriers.values()})
    return dataclasses.replace(SyncOptions(base_urls=urls, fallback_key=SANDBOX_KEY), **changes)


def parse_fault(text: str) -> tuple[str, Faults]:
    """'dcsa/MSCU:status=500,fail_first=2' → ("dcsa/MSCU", Faults(status=500, fail_first=2))."""
    route, _, spec = text.partition(":")
    if not route.strip():
        raise Usage(f"--fault '{text}': say which route, e.g. dhl:status=500 or dcsa/MSCU:delay=3")
    apis = sorted(discover())
    if route.strip().strip("/").split("/")[0] not in apis:
        raise Usage(
            f"--fault '{text}': no sandbox API '{route.strip()}'; there are {', '.join(apis)} "
            "(a carrier's route: dcsa/MSCU)"
        )
    fields = {f.name: f for f in dataclasses.fields(Faults)}
    values: dict[str, object] = {}
    for item in filter(None, (p.strip() for p in spec.split(","))):
        name, _, raw = item.partition("=")
        name = name.strip().replace("-", "_")
        if name not in fields:
            raise Usage(f"--fault '{text}': no fault '{name}'; there are {', '.join(fields)}")
        kind = str(fields[name].type)
        try:
            if "bool" in kind:
                values[name] = raw.strip().lower() in ("", "1", "true", "yes")
            elif "float" in kind:
                values[name] = float(raw)
            else:
                values[name] = int(raw)
        except ValueError as exc:
            raise Usage(f"--fault '{text}': '{raw}' is not a number for {name}") from exc
    return route.strip().strip("/"), Faults(**values)  # type: ignore[arg-type]


def fault_text(faults: Faults) -> str:
    """'status=500, fail_first=2': what differs from a well-behaved API."""
    well = Faults()
    changed = [
        f"{f.name}={getattr(faults, f.name)}"
        for f in dataclasses.fields(Faults)
        if getattr(faults, f.name) != getattr(well, f.name)
    ]
    return ", ".join(changed) or "none"


FaultOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--fault",
        metavar="ROUTE:NAME=VALUE",
        help="Make a route misbehave: ROUTE:name=value,… e.g. dhl:status=500, "
        "dcsa/MSCU:throttle_every=3,retry_after=2, dcsa:page_size=2 (repeatable).",
    ),
]


@sync_app.command("tracking")
def sync_tracking_cmd(
    path: WorkbookArg,
    sandbox: Annotated[
        bool,
        typer.Option("--sandbox", help="Ask the local sandbox instead of the carriers' APIs."),
    ] = False,
    include_delivered: Annotated[
        bool, typer.Option("--include-delivered", help="Ask again about delivered shipments.")
    ] = False,
    fault: FaultOpt = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
    allow_loss: AllowLossOpt = False,
) -> None:
    """Ask the carriers where each shipment is; write status, dates and events; flag late orders.

    Exit code 1 when an order is delayed, a shipment could not be tracked, or a carrier's row
    in Settings cannot be used."""
    if fault and not sandbox:
        raise Usage("--fault needs --sandbox")
    register = open_register(path, user=user, allow_loss=allow_loss)
    if not sandbox:
        options = SyncOptions(include_delivered=include_delivered)
        emit(sync_tracking(run_context(register), options=options), as_json)
    faults = dict(parse_fault(f) for f in fault or [])
    with Sandbox(path, faults=faults) as box:
        options = sandbox_options(box, register, include_delivered=include_delivered)
        outcome = sync_tracking(run_context(register), options=options)
    emit(outcome, as_json)


@app.command("sandbox")
def sandbox_cmd(
    path: Annotated[
        Path,
        typer.Argument(metavar="PATH", help="The register whose shipments the sandbox serves."),
    ],
    port: Annotated[
        int,
        typer.Option(
            "--port", min=0, max=65535, metavar="PORT", help="Port on 127.0.0.1 (0: any free port)."
        ),
    ] = 8765,
    fault: FaultOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the local sandbox (DCSA Track & Trace, DHL Unified, …) until Ctrl-C.

    With --json, the first line printed is a JSON object with the sandbox's address and the
    base URL of each carrier (for scripts that start it in the background)."""
    faults = dict(parse_fault(f) for f in fault or [])
    register = open_register(path)
    log = None if as_json else (lambda line: out.print(line, markup=False))
    box = Sandbox(path, port=port, faults=faults, log=log)
    try:
        box.start()
    except OSError as exc:  # the port is taken, or not ours to use
        raise Usage(
            f"--port {port}: 127.0.0.1:{port} cannot be served ({exc.strerror or exc}); "
            "choose another port, or 0 for any free one"
        ) from None
    with box:
        carriers, _ = read_carriers(register)
        urls = carrier_urls(box.url, {c.code: c.api for c in carriers.values()})
        if as_json:
            info = {
                "url": box.url,
                "carriers": dict(sorted(urls.items())),
                "faults": {r: fault_text(f) for r, f in faults.items()},
            }
            out.print(json.dumps(info), markup=False)
        else:
            out.print(f"OrderDesk sandbox on {box.url}  (Ctrl-C stops it)", markup=False)
            for code, url in sorted(urls.items()):
                out.print(f"  {code} ({carriers[code].api}): {url}", markup=False)
            for route, f in sorted(faults.items()):
                out.print(f"  fault on {route}: {fault_text(f)}", markup=False)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            err.print("sandbox stopped", markup=False)


@demo_step(70, "Sync tracking (sandbox)")
def _demo_tracking(ctx: DemoContext) -> Outcome:
    register = open_register(ctx.register)
    with Sandbox(ctx.register) as box:
        return sync_tracking(
            run_context(register, show_progress=False), options=sandbox_options(box, register)
        )
