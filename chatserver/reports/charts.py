"""Small server-rendered SVG bar charts (no JavaScript, no external library): the
dashboard's chats and ratings per day, and the reports' chats by hour and weekday."""

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

WIDTH, HEIGHT, PAD = 640, 200, 28


def bar_chart(
    series: Sequence[tuple[date, float]],
    title: str,
    *,
    unit: str = "chats",
    top: float | None = None,
    scale_label: str | None = None,
    notes: list[str] | None = None,
) -> str:
    """Bars per day; ``top`` fixes the scale (a rating's 5), ``scale_label`` names the top
    of the axis (by default "N chats"), ``notes`` adds to each bar's tooltip (how many
    ratings an average is of)."""
    return labelled_bar_chart(
        [(f"{day:%d %b}", value) for day, value in series],
        title,
        unit=unit,
        top=top,
        scale_label=scale_label,
        notes=notes,
    )


def labelled_bar_chart(
    series: Sequence[tuple[str, float]],
    title: str,
    *,
    unit: str = "chats",
    top: float | None = None,
    scale_label: str | None = None,
    notes: list[str] | None = None,
) -> str:
    """Bars named by ``series``' labels; the first and last label are written under the
    axis, every bar's in its tooltip (the other arguments as in ``bar_chart``)."""
    top = top or max([count for _label, count in series] + [1])
    scale_label = scale_label or f"{top:g} {unit}"
    slot = (WIDTH - 2 * PAD) / max(1, len(series))
    bars = []
    for index, (name, count) in enumerate(series):
        height = (HEIGHT - 2 * PAD) * count / top
        x = PAD + index * slot
        y = HEIGHT - PAD - height
        shown = f"{count:g}" if isinstance(count, int) else f"{count:.1f}"
        label = f"{name}: {shown} {unit}" + (f" ({notes[index]})" if notes else "")
        bars.append(
            f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(1.0, slot - 2):.1f}" '
            f'height="{height:.1f}" fill="#00594f"><title>{escape(label)}</title></rect>'
        )
    first, last = (series[0][0], series[-1][0]) if series else ("", "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart">'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#505a5f"/>'
        f'<text x="{PAD}" y="{PAD - 10}" font-size="12">{escape(scale_label)}</text>'
        f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="12">{escape(first)}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" font-size="12" text-anchor="end">'
        f"{escape(last)}</text>" + "".join(bars) + "</svg>"
    )
