"""The one-page KPI dashboard as a PNG (for an e-mail or the README): the summary tiles with
their early-warning colours and the same four charts as the KPI sheet, from the same report.

Drawn with matplotlib's Agg canvas on a Figure of its own (no pyplot, no global state), returned
as bytes: writing the file is the caller's business.
"""

from __future__ import annotations

import io
import math

import matplotlib as mpl
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from orderdesk.domain.kpi import base as B
from orderdesk.domain.kpi.bands import STATE_COLOURS, State
from orderdesk.domain.kpi.money import pareto_chart
from orderdesk.domain.kpi.report import KpiReport, shown
from orderdesk.domain.rtl import visual
from orderdesk.schema import KPI, Customers, Orders

INK, MUTED, GRID = "#1F2933", "#616E7C", "#E4E7EB"
BLUE, ORANGE, GREY = "#1F4E78", "#C05621", "#CBD2D9"
# Latin first; Chinese (and other CJK) customer names fall back to Noto CJK where installed.
WANTED_FONTS = ("DejaVu Sans", "Noto Sans CJK SC", "Noto Sans Arabic")


def _fonts() -> list[str]:
    """The wanted fonts this machine has (matplotlib warns on every glyph for a missing one)."""
    have = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in WANTED_FONTS if f in have] or ["sans-serif"]


def _tiles(ax: Axes, report: KpiReport) -> None:
    ax.set_axis_off()
    rows = report.summary.to_dict("records")
    cols = 5
    nrows = math.ceil(len(rows) / cols)
    w, h, gap = 1 / cols, 1 / nrows, 0.008
    for i, r in enumerate(rows):
        x, y = (i % cols) * w, 1 - (i // cols + 1) * h
        state = r[KPI.state]
        face = "#" + STATE_COLOURS[State(state)] if state in STATE_COLOURS else "#F5F7FA"
        ax.add_patch(
            mpl.patches.FancyBboxPatch(
                (x + gap, y + gap),
                w - 2 * gap,
                h - 2 * gap,
                boxstyle="round,pad=0,rounding_size=0.01",
                facecolor=face,
                edgecolor=GRID,
                transform=ax.transAxes,
            )
        )
        ax.text(
            x + 0.012,
            y + h - 0.05,
            r[KPI.kpi],
            fontsize=8.5,
            color=MUTED,
            va="top",
            transform=ax.transAxes,
        )
        unit = r[B.UNIT]
        ax.text(
            x + 0.012,
            y + 0.045,
            shown(r[KPI.value], unit, short=True),
            fontsize=17,
            weight="bold",
            color=INK,
            transform=ax.transAxes,
        )
        tag = state if state else (unit if unit not in ("%", "days") else "")
        ax.text(
            x + w - 0.012,
            y + 0.05,
            tag,
            fontsize=8,
            color=MUTED,
            ha="right",
            transform=ax.transAxes,
        )


def _style(ax: Axes, title: str) -> None:
    ax.set_title(title, loc="left", fontsize=11, color=INK, weight="bold")
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8, colors=MUTED)


def _no_data(ax: Axes) -> None:
    ax.text(
        0.5,
        0.5,
        "no data in the window",
        ha="center",
        va="center",
        color=MUTED,
        transform=ax.transAxes,
    )


def _months(ax: Axes, report: KpiReport, series: list[str], title: str, percent: bool) -> None:
    _style(ax, title)
    m = report.by_month
    if m.empty:
        _no_data(ax)
        return
    x = np.arange(len(m))
    crowded = len(m) > 12  # label every point of a year; of a longer span only the last one
    for name, colour in zip(series, (BLUE, ORANGE), strict=False):
        values = m[name].astype("float64").to_numpy()
        ax.plot(x, values, marker="o", markersize=3 if crowded else 5, color=colour, label=name)
        for xi, v in zip(x, values, strict=True):
            if np.isnan(v) or (crowded and xi != x[-1]):
                continue
            label = f"{v:.0%}" if percent else f"{v:.0f}"
            ax.annotate(
                label,
                (xi, v),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
                color=colour,
            )
    step = max(1, int(np.ceil(len(m) / 12)))
    ax.set_xticks(x[::step], m[B.MONTH].tolist()[::step], rotation=45 if step > 1 else 0)
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylim(0, 1.08)
    else:
        ax.set_ylabel("days", fontsize=8, color=MUTED)
        ax.set_ylim(bottom=0)
    if len(series) > 1:
        ax.legend(fontsize=8, frameon=False, loc="lower right")


def _pareto(ax: Axes, report: KpiReport) -> None:
    chart = pareto_chart(report.pareto)
    _style(ax, chart.title)
    p = chart.rows
    if p.empty:
        _no_data(ax)
        return
    names = p[str(Customers.name)].where(p[str(Customers.name)].notna(), p[str(Orders.customer)])
    labels = [visual(str(s) if len(str(s)) <= 18 else str(s)[:17] + "…") for s in names]
    x = np.arange(len(p))
    ax.bar(x, p[B.GROSS_PROFIT], color=BLUE)
    ax.set_xticks(x, labels, rotation=35, ha="right")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(f"gross profit ({report.base_currency})", fontsize=8, color=MUTED)
    twin = ax.twinx()
    twin.plot(x, p[B.CUMULATIVE], color=ORANGE, marker="o", linewidth=1.8)
    twin.axhline(0.8, color=ORANGE, linestyle="--", linewidth=0.8)
    twin.set_ylim(0, 1.05)
    twin.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    twin.tick_params(labelsize=8, colors=MUTED)
    twin.spines["top"].set_visible(False)


def _aging(ax: Axes, report: KpiReport) -> None:
    _style(ax, f"Receivables aging ({report.base_currency})")
    a = report.aging
    x = np.arange(len(a))
    colours = [BLUE, "#D69E2E", ORANGE, "#C53030", "#822727"][: len(a)]
    bars = ax.bar(x, a[B.OPEN_AMOUNT], color=colours)
    ax.set_xticks(x, a[B.BUCKET].tolist())
    ax.set_xlabel("days overdue", fontsize=8, color=MUTED)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    for bar, v in zip(bars, a[B.OPEN_AMOUNT], strict=True):
        ax.annotate(
            f"{v:,.0f}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            textcoords="offset points",
            xytext=(0, 3),
            ha="center",
            fontsize=8,
            color=INK,
        )


def dashboard(report: KpiReport, company: str = "", dpi: int = 100) -> Figure:
    """The dashboard as a matplotlib Figure (1600 × 1100 px at the default dpi)."""
    fig = Figure(figsize=(16, 11), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(
        3,
        2,
        height_ratios=[0.85, 1, 1],
        hspace=0.55,
        wspace=0.18,
        left=0.05,
        right=0.95,
        top=0.9,
        bottom=0.1,
    )
    title = "OrderDesk KPIs" + (f" — {company}" if company else "")
    fig.text(0.05, 0.965, title, fontsize=18, weight="bold", color=INK)
    fig.text(
        0.05,
        0.935,
        f"{report.window.describe()} · as of {report.today.isoformat()} · "
        f"amounts in {report.base_currency} · tiles green, amber or red against each KPI's "
        "band (Settings → KPI early-warning bands); grey: no band",
        fontsize=10,
        color=MUTED,
    )
    _tiles(fig.add_subplot(grid[0, :]), report)
    _months(fig.add_subplot(grid[1, 0]), report, [B.OTIF_PCT], "OTIF by month", percent=True)
    _months(
        fig.add_subplot(grid[1, 1]),
        report,
        [B.CYCLE_MEDIAN, B.CYCLE_P90],
        "Order cycle time by month",
        percent=False,
    )
    _pareto(fig.add_subplot(grid[2, 0]), report)
    _aging(fig.add_subplot(grid[2, 1]), report)
    return fig


def render_png(report: KpiReport, company: str = "", dpi: int = 100) -> bytes:
    """The dashboard as PNG bytes."""
    with mpl.rc_context({"font.family": _fonts(), "axes.unicode_minus": False}):
        fig = dashboard(report, company, dpi)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
