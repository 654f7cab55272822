"""Server-drawn SVG charts: no JavaScript, no inline styles, same input -> same bytes.

Each chart is an <svg role="img"> named by its <title> and <desc>; pages put a table with the
same numbers next to it for screen readers. The viewBox is small (400 wide) so that text stays
readable when the chart is scaled down to a phone; CSS caps its width on large screens.
"""

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from backward_walk.text import Text

WIDTH, HEIGHT = 400, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 14, 36, 56
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
FONT = 16  # viewBox units: about 14.5 px when the chart is 360 px wide on a phone
INK = "#111111"
GRID = "#c8c8c8"
BAR = "#0b4f6c"  # 9.6:1 on white
# Colour, dash and marker differ per series, so the lines differ without colour too.
LINE_STYLES = (
    ("#0b4f6c", "", "circle"),  # 9.6:1 on white
    ("#b3261e", "6 4", "square"),  # 6.4:1 on white
    ("#5a3e8c", "2 3", "diamond"),  # 8.2:1 on white
)
EMPTY_TEXT = _("Nothing logged yet.")


def _e(text) -> str:
    return str(escape(str(text)))


def _n(value: float) -> str:
    """Coordinates with one decimal, trailing zeros dropped: stable, short output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _check_id(chart_id: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9-]*", chart_id):
        raise ValueError(f"chart_id must be a lower-case slug, not {chart_id!r}")
    return chart_id


def nice_max(value: float) -> tuple[float, float]:
    """A round axis top at or above value, and the tick step (4 or 5 ticks)."""
    if value <= 0:
        return 10, 2.5
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step * 4 >= value:
            return step * 4, step
    return 10 * magnitude * 4, 10 * magnitude  # pragma: no cover - the loop always returns


def _open(chart_id: str, title: str, desc: str, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'class="chart chart-{kind}" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{chart_id}-title">{_e(title)}</title>',
        f'<desc id="{chart_id}-desc">{_e(desc)}</desc>',
    ]


def _empty(parts: list[str], text: Text) -> SafeString:
    parts.append(
        f'<text x="{WIDTH // 2}" y="{HEIGHT // 2}" text-anchor="middle" font-size="{FONT + 2}" '
        f'fill="{INK}">{_e(text)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every text above went through _e()


def _y_axis(parts: list[str], top: float, step: float, y_label: str, fmt) -> None:
    ticks = round(top / step)
    for i in range(ticks + 1):
        value = step * i
        y = TOP + PLOT_H - PLOT_H * value / top
        parts.append(
            f'<line x1="{LEFT}" y1="{_n(y)}" x2="{WIDTH - RIGHT}" y2="{_n(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{_n(y + 5)}" text-anchor="end" font-size="{FONT}" '
            f'fill="{INK}">{_e(fmt(value))}</text>'
        )
    parts.append(
        f'<text x="14" y="{_n(TOP + PLOT_H / 2)}" text-anchor="middle" font-size="{FONT}" '
        f'fill="{INK}" transform="rotate(-90 14 {_n(TOP + PLOT_H / 2)})">{_e(y_label)}</text>'
    )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + PLOT_H}" x2="{WIDTH - RIGHT}" y2="{TOP + PLOT_H}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )


def _number(value: float) -> str:
    """A label's number as the page's language writes it (6.5, 6,5)."""
    return str(int(value)) if float(value).is_integer() else number_format(f"{value:.1f}")


def bar_chart(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    desc: str,
    y_label: str,
    x_label: str = "",
    chart_id: str = "bar-chart",
    unit: str = "",
    empty_text: Text = EMPTY_TEXT,
) -> SafeString:
    """Vertical bars, one per (label, value), with the value written above each bar."""
    chart_id = _check_id(chart_id)
    parts = _open(chart_id, title, desc, "bar")
    if not points:
        return _empty(parts, empty_text)
    top, step = nice_max(max(value for _, value in points))
    _y_axis(parts, top, step, y_label, _number)
    slot = PLOT_W / len(points)
    bar_w = min(slot * 0.7, 40)
    # Label every k-th bar so the x labels ("28 Sep", about 56 units wide) never overlap.
    every = max(1, math.ceil(60 / slot))
    for i, (label, value) in enumerate(points):
        x = LEFT + slot * i + (slot - bar_w) / 2
        h = PLOT_H * value / top
        y = TOP + PLOT_H - h
        centre = x + bar_w / 2
        tip = f"{label}: {_number(value)}{' ' + unit if unit else ''}"
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w)}" height="{_n(h)}" fill="{BAR}">'
            f"<title>{_e(tip)}</title></rect>"
        )
        if slot >= 24:
            parts.append(
                f'<text x="{_n(centre)}" y="{_n(y - 5)}" text-anchor="middle" '
                f'font-size="{FONT - 1}" fill="{INK}">{_e(_number(value))}</text>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{_n(centre)}" y="{TOP + PLOT_H + 22}" text-anchor="middle" '
                f'font-size="{FONT - 1}" fill="{INK}">{_e(label)}</text>'
            )
    if x_label:
        parts.append(
            f'<text x="{_n(LEFT + PLOT_W / 2)}" y="{HEIGHT - 8}" text-anchor="middle" '
            f'font-size="{FONT}" fill="{INK}">{_e(x_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every text above went through _e()


def short_date(day: date) -> str:
    return f"{day.day} {day:%b}"


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    tip = f"<title>{_e(tip)}</title>"
    if shape == "square":
        return (
            f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" fill="{colour}">'
            f"{tip}</rect>"
        )
    if shape == "diamond":
        points = f"{_n(x)},{_n(y - 5)} {_n(x + 5)},{_n(y)} {_n(x)},{_n(y + 5)} {_n(x - 5)},{_n(y)}"
        return f'<polygon points="{points}" fill="{colour}">{tip}</polygon>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{colour}">{tip}</circle>'


def line_chart(
    series: Mapping[str, Sequence[tuple[date, float | None]]],
    *,
    title: str,
    desc: str,
    y_label: str,
    y_max: float = 10,
    chart_id: str = "line-chart",
    x_format: Callable[[date], str] = short_date,
    empty_text: Text = EMPTY_TEXT,
) -> SafeString:
    """One line per series over dates; a None value leaves a gap. A legend names each line."""
    chart_id = _check_id(chart_id)
    parts = _open(chart_id, title, desc, "line")
    dates = sorted({d for points in series.values() for d, v in points if v is not None})
    if not dates:
        return _empty(parts, empty_text)
    step = 2 if y_max <= 10 else nice_max(y_max)[1]
    _y_axis(parts, y_max, step, y_label, _number)
    first, span = dates[0], (dates[-1] - dates[0]).days

    def x_of(day: date) -> float:
        if span == 0:
            return LEFT + PLOT_W / 2
        return LEFT + 8 + (PLOT_W - 16) * (day - first).days / span

    def y_of(value: float) -> float:
        return TOP + PLOT_H - PLOT_H * min(max(value, 0), y_max) / y_max

    tick_days = [dates[0]] if span == 0 else [dates[0], dates[-1]]
    if span >= 21:  # room for two more labels in between
        tick_days[1:1] = [first + timedelta(days=round(span * k / 3)) for k in (1, 2)]
    for day in tick_days:
        anchor = "middle"
        if span and day == dates[0]:
            anchor = "start"
        elif span and day == dates[-1]:
            anchor = "end"
        x = x_of(day)
        x = x - 8 if anchor == "start" else x + 8 if anchor == "end" else x
        parts.append(
            f'<text x="{_n(x)}" y="{TOP + PLOT_H + 22}" text-anchor="{anchor}" '
            f'font-size="{FONT - 1}" fill="{INK}">{_e(x_format(day))}</text>'
        )
    legend_x = LEFT
    for i, (name, points) in enumerate(series.items()):
        colour, dash, shape = LINE_STYLES[i % len(LINE_STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path, pen_down = [], False
        for day, value in sorted(points, key=lambda p: p[0]):
            if value is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{_n(x_of(day))} {_n(y_of(value))}")
            pen_down = True
        if path:
            parts.append(
                f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f'{dash_attr} stroke-linejoin="round"/>'
            )
        for day, value in points:
            if value is not None:
                tip = f"{name}, {x_format(day)}: {_number(value)}"
                parts.append(_marker(shape, x_of(day), y_of(value), colour, tip))
        # Legend: a sample of the line and its marker, then the name.
        parts.append(
            f'<line x1="{legend_x}" y1="14" x2="{legend_x + 26}" y2="14" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker(shape, legend_x + 13, 14, colour, name))
        parts.append(
            f'<text x="{legend_x + 32}" y="20" font-size="{FONT}" fill="{INK}">{_e(name)}</text>'
        )
        legend_x += 32 + 9 * len(name) + 20
    parts.append("</svg>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every text above went through _e()
