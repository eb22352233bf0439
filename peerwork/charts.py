"""A small bar chart drawn on the server as SVG: no script, and no inline style (the
Content-Security-Policy forbids both), its colours in static/css/charts.css.

`bar_chart(...)` lays the bars out; templates/fragments/bar_chart.html draws them, and always
the same numbers as a table under the chart, for screen readers and for anyone who would rather
read than look. A bar may be highlighted (drawn in red, and said in words in the table), for
example a week over the rota's workload limits.
"""

from collections.abc import Sequence
from dataclasses import dataclass

PLOT_HEIGHT = 160  # the plot, in the SVG's units
PLOT_TOP = 10
PLOT_LEFT = 40  # room for the axis numbers
PLOT_WIDTH = 576  # 24 hours of 24, or 12 weeks of 48
LABEL_ROOM = 30  # below the plot, for the bars' labels


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    highlighted: bool
    title: str  # the tooltip: "2 Nov: 3 call-outs"
    x: float
    y: float
    width: float
    height: float
    label_x: float
    show_label: bool


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    id: str  # unique on the page: the SVG's title and description are named by it
    title: str
    description: str
    label_heading: str  # the table's first column: "Week beginning", "Hour of the day"
    value_heading: str  # its second: "Call-outs"
    highlight_words: str  # what a highlighted bar means, in the key and the table
    bars: list[Bar]
    ticks: list[Tick]
    width: int
    height: int
    left: int
    plot_right: int
    plot_bottom: int
    label_y: int
    axis_x: int

    @property
    def any_highlighted(self) -> bool:
        return any(bar.highlighted for bar in self.bars)


def _step(largest: int) -> int:
    """A round gap between the axis' numbers: at most about four of them up to the tallest bar."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if largest <= step * 4:
            return step
    return (largest // 4000 + 1) * 1000


def bar_chart(
    *,
    id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    label_heading: str,
    value_heading: str,
    unit: tuple[str, str],
    highlighted: Sequence[bool] | None = None,
    highlight_words: str = "",
    label_every: int = 1,
    label_phrase: str = "{}",
) -> BarChart:
    """One bar per label, left to right. `unit` is the value's name, one and many ("call-out",
    "call-outs"), for the tooltips and the description. `label_every` writes every nth label
    under the axis (the first one first), so that narrow bars keep readable labels.
    `label_phrase` puts a label in the description's words: "in the week beginning {}"."""
    highlighted = list(highlighted) if highlighted is not None else [False] * len(values)
    tallest = max(values, default=0)
    step = _step(tallest)
    top = max(step * ((tallest + step - 1) // step), step)
    bottom = PLOT_TOP + PLOT_HEIGHT
    slot = PLOT_WIDTH / max(len(values), 1)
    width = round(slot * 0.7, 2)

    def y_of(value: int) -> float:
        return round(bottom - PLOT_HEIGHT * value / top, 2)

    def words(value: int) -> str:
        return f"{value} {unit[0] if value == 1 else unit[1]}"

    bars = []
    for index, (label, value, high) in enumerate(zip(labels, values, highlighted, strict=True)):
        x = round(PLOT_LEFT + index * slot + (slot - width) / 2, 2)
        bars.append(
            Bar(
                label=label,
                value=value,
                highlighted=high,
                title=f"{label}: {words(value)}" + (f" ({highlight_words})" if high else ""),
                x=x,
                y=y_of(value),
                width=width,
                height=round(bottom - y_of(value), 2),
                label_x=round(x + width / 2, 2),
                show_label=index % label_every == 0,
            )
        )
    busiest = max(bars, key=lambda bar: bar.value, default=None)
    description = f"{words(sum(values))} in all."
    if busiest is not None and busiest.value:
        description += f" The most, {words(busiest.value)}, {label_phrase.format(busiest.label)}."
    if any(highlighted):
        description += f" {sum(highlighted)} of them {highlight_words}."
    plot_right = PLOT_LEFT + PLOT_WIDTH
    return BarChart(
        id=id,
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=value_heading,
        highlight_words=highlight_words,
        bars=bars,
        ticks=[Tick(value=value, y=y_of(value)) for value in range(0, top + 1, step)],
        width=plot_right + 10,
        height=bottom + LABEL_ROOM,
        left=PLOT_LEFT,
        plot_right=plot_right,
        plot_bottom=bottom,
        label_y=bottom + 20,
        axis_x=PLOT_LEFT - 6,
    )
