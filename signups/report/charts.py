"""The report's bar charts: geometry for the SVG the template draws on the server."""

from __future__ import annotations

from dataclasses import dataclass

from signups.report.figures import Cell, Table

# Vertical room for one bar with its label above it, in pixels.
BAR_PITCH = 36
# The longest bar's share of the chart's width, in percent: the rest holds its figure.
LONGEST_BAR = 70


@dataclass(frozen=True)
class Bar:
    label: Cell
    value: int | float
    # Percent of the chart's width.
    width: float
    # Top of the bar's label, in pixels.
    y: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * BAR_PITCH


def chart_of(table: Table) -> Chart | None:
    """The table's chart column as bars, scaled to the longest; None for no chart."""
    if table.chart_column is None or not table.rows:
        return None
    values = [row[table.chart_column] or 0 for row in table.rows]
    longest = max(values) or 1
    return Chart(
        [
            Bar(
                label=row[0],
                value=value,
                width=round(LONGEST_BAR * value / longest, 2),
                y=index * BAR_PITCH,
            )
            for index, (row, value) in enumerate(zip(table.rows, values, strict=True))
        ]
    )
