"""The trend chart: incidents per company per period, stacked bars, flagged periods outlined.

Rendered to PNG with Altair and vl-convert, which bundles Vega and its fonts:
no browser, no network (external data URLs are refused), so it works in a
mail job on a locked-down machine. `trends --chart` and the digest both call
`incidents_chart`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import vl_convert

from reports.trends import TrendTable, period_label

OTHERS = "other companies"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chart_rows(
    table: TrendTable, start: date | None, end: date | None, top: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows per company (the `top` busiest, the rest folded) and period in [start, end]; axis labels."""
    periods = [p for p in table.periods if (start is None or p >= start) and (end is None or p <= end)]
    keep = set(periods)
    cells = [c for c in table.cells if c.period in keep]
    totals: dict[str, int] = {}
    for cell in cells:
        totals[cell.company] = totals.get(cell.company, 0) + cell.count
    leaders = {c for c, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top] if n}
    rows: dict[tuple[str, date], dict[str, Any]] = {}
    for cell in cells:
        if not cell.count:
            continue
        name = cell.company if cell.company in leaders else OTHERS
        row = rows.setdefault(
            (name, cell.period),
            {
                "company": name,
                "period": cell.label,
                "start": cell.period.isoformat(),
                "incidents": 0,
                "flagged": False,
            },
        )
        row["incidents"] += cell.count
        row["flagged"] = row["flagged"] or cell.flagged
    return sorted(rows.values(), key=lambda r: (r["start"], r["company"])), [period_label(p, table.by) for p in periods]


def incidents_chart(
    table: TrendTable,
    *,
    start: date | None = None,
    end: date | None = None,
    top: int = 8,
    title: str | None = None,
) -> bytes:
    """PNG of the stacked bars for the periods of `table` in [start, end]; ▲ over flagged periods."""
    rows, labels = chart_rows(table, start, end, top)
    empty = {"company": OTHERS, "period": labels[0] if labels else "", "incidents": 0, "flagged": False}
    x = alt.X(
        "period:O",
        sort=labels,
        scale=alt.Scale(domain=labels) if labels else alt.Undefined,
        title=None,
        axis=alt.Axis(labelAngle=-45, labelOverlap="greedy"),
    )
    bars = (
        alt.Chart(alt.Data(values=rows or [empty]))
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(incidents):Q", title="incidents", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("company:N", scale=alt.Scale(scheme="tableau10"), legend=alt.Legend(title=None)),
        )
    )
    flags = (
        alt.Chart(alt.Data(values=flag_marks(rows)))
        .mark_text(text="▲", dy=-9, fontSize=13, color="#b91c1c")
        .encode(x=x, y=alt.Y("total:Q"))
    )
    heading = title or f"Incidents per company per {table.by}"
    chart = (
        alt.layer(bars, flags)
        .properties(width=560, height=240, title=alt.Title(heading, subtitle="▲ flagged as rising", anchor="start"))
        .configure_view(stroke=None)
        .configure(font="sans-serif", background="white")
    )
    return render_png(chart.to_dict())


def flag_marks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One mark per flagged period, placed on top of that period's stacked bar."""
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["period"]] = totals.get(row["period"], 0) + row["incidents"]
    flagged = dict.fromkeys(row["period"] for row in rows if row["flagged"])
    return [{"period": period, "total": totals[period]} for period in flagged]


def render_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """Vega-Lite to PNG, offline: external data URLs are refused."""
    png = vl_convert.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])
    if not png.startswith(PNG_SIGNATURE):  # pragma: no cover - vl-convert raises on its own errors
        raise RuntimeError("vl-convert returned something that is not a PNG")
    return bytes(png)
