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
from orderdesk.cli.app import JsonOpt, Usage, app, close_registers, emit, out
from orderdesk.demo import DemoContext, steps
from orderdesk.sample import SAMPLE_AS_OF

DETAILS_SHOWN = 4  # detail lines shown under a demo step that has findings


@app.command("new-register")
def new_register_cmd(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="Where to write the register (.xlsx).")
    ],
    sample_orders: Annotated[
        int,
        typer.Option(
            "--sample-orders", min=0, metavar="N", help="Fill with N orders of sample trade data."
        ),
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Seed of the sample data.")] = 1,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Write a new register: every sheet, table, dropdown and hint; optionally sample data."""
    outcome = new_register(path, sample_orders=sample_orders, seed=seed, force=force)
    outcome.findings = 0
    emit(outcome, as_json)


@app.command("demo")
def demo_cmd(
    out_dir: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder for the demo files.")
    ] = Path("demo-out"),
    orders: Annotated[
        int, typer.Option("--orders", min=10, metavar="N", help="Orders in the sample register.")
    ] = 120,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Seed of the sample data.")] = 1,
    as_json: JsonOpt = False,
) -> None:
    """Make a sample register in DIR and run every action on it, with a line on what each did.

    Runs as of the sample's day (ORDERDESK_TODAY, unless set); a few minutes on two cores."""
    # The sample is dated; the demo runs "as of" that day so that what is late, due or at risk
    # reads the same whenever it is run (an explicit ORDERDESK_TODAY wins).
    os.environ.setdefault("ORDERDESK_TODAY", SAMPLE_AS_OF.isoformat())
    _fresh_demo_folder(out_dir)
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


# The demo replaces its folder; this file says a folder is one it made (and may replace).
DEMO_MARK = ".orderdesk-demo"


def _fresh_demo_folder(out_dir: Path) -> None:
    """An empty `out_dir`: a folder of an earlier demo is replaced, anything else is refused
    (`--out .` must never delete someone's work)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise Usage(f"--out {out_dir}: this is a file; give a folder for the demo's files")
    if out_dir.exists() and any(out_dir.iterdir()):
        # Folders of demos from before the mark: the sample register and the questions file.
        earlier = (out_dir / DEMO_MARK).exists() or all(
            (out_dir / name).exists() for name in ("SampleRegister.xlsx", "questions.txt")
        )
        if not earlier:
            raise Usage(
                f"--out {out_dir}: the folder is not empty and no demo made it; the demo "
                "replaces its folder, so give a new or empty one"
            )
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / DEMO_MARK).write_text("made by `orderdesk demo`; replaced by the next one\n")


from orderdesk.demo import demo_step  # noqa: E402


@demo_step(10, "New register")
def _demo_new_register(ctx: DemoContext) -> Outcome:
    return new_register(ctx.register, sample_orders=ctx.orders, seed=ctx.seed, force=True)
