"""`orderdesk addin …` (build, generate, install, uninstall, picture) and `orderdesk about`."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

from orderdesk.actions.about import about
from orderdesk.actions.base import Outcome
from orderdesk.cli.app import JsonOpt, Usage, UserOpt, WorkbookArg, app, emit, open_register
from orderdesk.demo import DemoContext, demo_step

addin_app = typer.Typer(help="The Excel add-in (OrderDesk.xlam) and its worksheet functions.")
app.add_typer(addin_app, name="addin")


def _checks() -> list[str]:
    from orderdesk_addin import handlers, ribbon

    problems = ribbon.problems()
    if not problems:
        ids = [c.id for c in ribbon.controls()]
        problems += ribbon.handler_problems(handlers.load_all(), ids)
    return problems


def build_addin(out: Path | None = None) -> Outcome:
    """Check the ribbon against the VBA and the handlers, then write the add-in."""
    from orderdesk_addin import build, ribbon

    problems = _checks()
    if problems:
        raise Usage("the add-in was not built:\n  " + "\n  ".join(problems))
    path = build.build(out or build.BUILT)
    data = path.read_bytes()
    buttons = len(ribbon.controls())
    return Outcome(
        f"wrote {path} ({len(data):,} bytes): {len(build.SOURCES)} VBA modules, "
        f"{buttons} ribbon buttons",
        data={"path": str(path), "sha256": hashlib.sha256(data).hexdigest(), "buttons": buttons},
    )


@addin_app.command("build")
def build_cmd(
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write it (default: the package's copy).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Build OrderDesk.xlam from addin/ (ribbon.xml, vba/): the same bytes every time."""
    emit(build_addin(out), as_json)


@addin_app.command("generate")
def generate_cmd(as_json: JsonOpt = False) -> None:
    """Regenerate the VBA wrappers and help of the OD_ functions from orderdesk_udfs (after
    adding or changing a worksheet function; then build)."""
    from orderdesk_addin import build

    paths = build.generate()
    emit(Outcome(f"wrote {len(paths)} modules", details=[str(p) for p in paths]), as_json)


@addin_app.command("install")
def install_cmd(as_json: JsonOpt = False) -> None:
    """Put the add-in where Excel opens it at start and write the user config (Windows, macOS)."""
    from orderdesk_addin.install import install

    emit(install(), as_json)


@addin_app.command("uninstall")
def uninstall_cmd(as_json: JsonOpt = False) -> None:
    """Remove the add-in and OrderDesk's entries in the user config."""
    from orderdesk_addin.install import uninstall

    emit(uninstall(), as_json)


@addin_app.command("picture")
def picture_cmd(
    out: Annotated[Path, typer.Option("--out", help="The SVG to write (a PNG goes beside it).")],
    as_json: JsonOpt = False,
) -> None:
    """Draw the ribbon tab from ribbon.xml for the docs (an SVG, and a PNG beside it)."""
    from orderdesk_addin import picture

    svg = picture.write_svg(out)
    png = picture.write_png(out.with_suffix(".png"))
    emit(Outcome("drew the OrderDesk ribbon tab", details=[str(svg), str(png)]), as_json)


@app.command("about")
def about_cmd(
    workbook: WorkbookArg,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """About / Check setup: versions, the register tables found, every setting readable.

    Exit code 1 when a table, a column or a setting is missing or cannot be read."""
    register = open_register(workbook, user=user)
    emit(about(register), as_json)


@demo_step(90, "Add-in build")
def _demo_addin(ctx: DemoContext) -> Outcome:
    return build_addin(ctx.out / "OrderDesk.xlam")
