"""Commands for the register itself: new-register and demo."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.base import Outcome
from orderdesk.actions.register import new_register
from orderdesk.cli.app import JsonOpt, app, close_registers, emit, out
from orderdesk.demo import DemoContext, steps
from orderdesk.sample import SAMPLE_AS_OF

DETAILS_SHOWN = 4  # detail lines shown under a demo step that has findings


@app.command("new-register")
def new_register_cmd(
    path: Annotated[Path, typer.Argument(help="Where to write the register (.xlsx).")],
    sample_orders: Annotated[
        int, typer.Option("--sample-orders", min=0, help="Fill with N orders of sample trade data.")
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sample data.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write a new register: every sheet, table, dropdown and hint; optionally sample data."""
    outcome = new_register(path, sample_orders=sample_orders, seed=seed, force=force)
    outcome.findings = 0
    emit(outcome, as_json)


@app.command("demo")
def demo_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the demo files.")] = Path(
        "demo-out"
    ),
    orders: Annotated[int, typer.Option("--orders", min=10, help="Sample orders.")] = 120,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    as_json: JsonOpt = False,
) -> None:
    """Make a sample register in OUT and run every action on it, with a line on what each did."""
    # The sample is dated; the demo runs "as of" that day so that what is late, due or at risk
    # reads the same whenever it is run (an explicit ORDERDESK_TODAY wins).
    os.environ.setdefault("ORDERDESK_TODAY", SAMPLE_AS_OF.isoformat())
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    ctx = DemoContext(
        out=out_dir, register=out_dir / "SampleRegister.xlsx", seed=seed, orders=orders
    )
    results = []
    for step in steps():
        t0 = time.perf_counter()
        try:
            outcome = step.run(ctx)
        finally:
            close_registers()
        took = time.perf_counter() - t0
        results.append(
            {
                "step": step.title,
                "summary": outcome.summary,
                "findings": outcome.findings,
                "seconds": round(took, 2),
            }
        )
        if not as_json:
            out.print(f"• {step.title}: {outcome.summary}  ({took:.1f} s)", markup=False)
            shown = outcome.details[:DETAILS_SHOWN] if outcome.findings else []
            for line in shown:
                out.print(f"    {line}", markup=False)
            if outcome.findings and len(outcome.details) > len(shown):
                out.print(f"    … {len(outcome.details) - len(shown)} more", markup=False)
    summary = (
        f"demo done as of {os.environ['ORDERDESK_TODAY']}: {len(results)} steps, "
        f"files in {out_dir}/"
    )
    emit(Outcome(summary, data={"steps": results, "out": str(out_dir)}), as_json)


from orderdesk.demo import demo_step  # noqa: E402


@demo_step(10, "New register")
def _demo_new_register(ctx: DemoContext) -> Outcome:
    return new_register(ctx.register, sample_orders=ctx.orders, seed=ctx.seed, force=True)
