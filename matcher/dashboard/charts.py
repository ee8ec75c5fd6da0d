"""Server-side SVG charts: plain markup, no script, no external library.

Pure: the caller passes every label already translated and formatted, and gets Markup
back. Colours and fonts come from CSS classes (static/css/passerelle.css, "Dashboard").
"""

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 560, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 76, 16, 16, 40


@dataclass(frozen=True)
class Series:
    """A line through (x, y) points in data units; css_class gives its colour and dash."""

    points: tuple[tuple[float, float], ...]
    css_class: str


def nice_ticks(top: float, count: int = 5) -> list[int]:
    """Return round tick values from 0 up to at least `top` (0, 500, 1000, 1500 ...)."""
    top = max(top, 1)
    raw = top / count
    magnitude = 10 ** (len(str(int(raw))) - 1)
    step = int(next(m * magnitude for m in (1, 2, 2.5, 5, 10)
                    if m * magnitude >= raw and float(m * magnitude).is_integer()))
    ticks = [0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def line_chart(series: list[Series], *, x_range: tuple[float, float],
               y_ticks: list[tuple[float, str]], x_ticks: list[tuple[float, str, bool]],
               title: str, description: str, chart_id: str) -> Markup:
    """Draw lines on a grid, with <title> and <desc> as the text alternative.

    x_ticks are (value, label, major): minor labels are hidden on narrow screens (CSS).
    """
    chart_id = escape(chart_id)
    x0, x1 = x_range
    y_top = max(value for value, _label in y_ticks) or 1
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def sx(x: float) -> float:
        return MARGIN_LEFT + plot_w * (x - x0) / ((x1 - x0) or 1)

    def sy(y: float) -> float:
        return MARGIN_TOP + plot_h * (1 - min(y, y_top) / y_top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        '<g class="chart-grid">',
    ]
    for value, label in y_ticks:
        y = sy(value)
        parts.append(f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{WIDTH - MARGIN_RIGHT}" '
                     f'y2="{y:.1f}"/>')
        parts.append(f'<text class="chart-y" x="{MARGIN_LEFT - 8}" y="{y + 5:.1f}">'
                     f'{escape(label)}</text>')
    for value, label, major in x_ticks:
        x = sx(value)
        parts.append(f'<line x1="{x:.1f}" y1="{MARGIN_TOP}" x2="{x:.1f}" '
                     f'y2="{HEIGHT - MARGIN_BOTTOM}"/>')
        css = "chart-x" if major else "chart-x chart-x-minor"
        parts.append(f'<text class="{css}" x="{x:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 24}">'
                     f'{escape(label)}</text>')
    parts.append("</g>")
    for line in series:
        if not line.points:
            continue
        points = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in line.points)
        parts.append(f'<polyline class="{escape(line.css_class)}" fill="none" '
                     f'points="{points}"/>')
    parts.append("</svg>")
    # Safe: every text and attribute above is escaped or a number formatted here.
    return Markup("".join(parts))  # noqa: S704


def bar(fraction: float) -> Markup:
    """Draw a small decorative bar filling `fraction` of its width (for a table cell)."""
    percent = max(0.0, min(1.0, fraction)) * 100
    return Markup(  # noqa: S704  (a constant and one number)
        '<svg class="bar" width="100%" height="14" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<rect class="bar-track" x="0" y="0" width="100%" height="14" rx="3"/>'
        f'<rect class="bar-fill" x="0" y="0" width="{percent:.1f}%" height="14" rx="3"/>'
        "</svg>")
