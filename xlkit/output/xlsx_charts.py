"""Native charts stretched over a block of cells, so they print on the page and never cover a table.

A chart floats over the sheet. Anchored by both corners to cells that hold nothing, with its tables
written below that block, it covers no text in any program and prints where its cells print.

The sheets are built with openpyxl and saved with XlsxWriter (`xlsx_save`), which draws the charts: a
chart here is what XlsxWriter's `add_chart` needs (its own option names), with its ranges as cells of
the sheet it is placed on, kept with that sheet until the workbook is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

#: Column width (characters) of a chart sheet's grid.
GRID_WIDTH = 12
#: Fill colours that stay apart when printed in black and white (dark red, amber, mid blue).
DARK, LIGHT, BLUE, INK = "C00000", "FFC000", "5B9BD5", "404040"
FONT = "宋体"
EMU_PER_CM = 360000
PIXELS_PER_CM = 96 / 2.54


@dataclass
class Cells:
    """A range of the chart's own sheet (1-based, inclusive)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass
class Chart:
    """One chart: XlsxWriter's chart type and options, its series (ranges as `Cells`), a line drawn over it."""

    kind: str  # column, bar, line, pie
    series: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)  # set_title, set_x_axis, set_y_axis, set_legend …
    combined: Chart | None = None
    subtype: str | None = None


@dataclass
class Placed:
    chart: Chart
    row: int  # 1-based top-left cell
    column: int
    rows: int | None = None  # stretched over rows × columns cells …
    columns: int | None = None
    width_cm: float | None = None  # … or this size from its top-left cell
    height_cm: float | None = None


def charts_of(ws: Worksheet) -> list[Placed]:
    """The charts placed on `ws` so far (drawn when the workbook is saved with `xlsx_save`)."""
    return ws.__dict__.setdefault("_xlkit_charts", [])


def grid(ws: Worksheet, columns: int) -> None:
    """Give the first `columns` columns the grid width."""
    for index in range(1, columns + 1):
        ws.column_dimensions[get_column_letter(index)].width = GRID_WIDTH


def place(ws: Worksheet, chart: Chart, row: int, column: int, rows: int, columns: int) -> None:
    """Stretch `chart` over `rows` × `columns` cells from (row, column) (1-based).

    Anchored to both corners, the chart covers exactly those cells in Excel, WPS and LibreOffice
    alike (each measures a column's width its own way), so a table written below them stays clear.
    """
    charts_of(ws).append(Placed(chart, row, column, rows=rows, columns=columns))


def place_sized(ws: Worksheet, chart: Chart, row: int, column: int, width_cm: float, height_cm: float) -> None:
    """Put `chart` at (row, column), `width_cm` × `height_cm` large."""
    charts_of(ws).append(Placed(chart, row, column, width_cm=width_cm, height_cm=height_cm))


def _font(size: float, bold: bool = False) -> dict[str, Any]:
    return {"name": FONT, "size": size, "bold": bold}


def _labels(number_format: str, size: float = 8, position: str = "outside_end") -> dict[str, Any]:
    return {"value": True, "num_format": number_format, "position": position, "font": _font(size)}


def _column(header_row: int, last_row: int, column: int) -> dict[str, Cells]:
    """A series over a table column: its name in the header cell, values below it."""
    return {"name": Cells(header_row, column, header_row, column),
            "values": Cells(header_row + 1, column, last_row, column)}


def _finish(chart: Chart, title: str, y_title: str | None, legend: bool, y_axis: dict[str, Any] | None = None) -> None:
    chart.options["title"] = {"name": title, "name_font": _font(10, bold=True)}
    chart.options["x_axis"] = {"num_font": _font(8)}
    chart.options["y_axis"] = {"num_font": _font(8), "major_gridlines": {"visible": False}, **(y_axis or {})}
    if y_title:
        chart.options["y_axis"]["name"] = y_title
    chart.options["legend"] = {"position": "bottom", "font": _font(8)} if legend else {"none": True}


def bars(ws: Worksheet, chart_title: str, header_row: int, last_row: int, category_col: int,
         value_cols: Sequence[int], colours: Sequence[str] = (DARK, LIGHT), y_title: str | None = None,
         horizontal: bool = False) -> Chart:
    """Clustered bars with their values written on them, one series per column of the table."""
    chart = Chart("bar" if horizontal else "column")
    categories = Cells(header_row + 1, category_col, last_row, category_col)
    for column, colour in zip(value_cols, colours, strict=False):
        chart.series.append({**_column(header_row, last_row, column), "categories": categories,
                             "fill": {"color": f"#{colour}"}, "border": {"color": f"#{INK}", "width": 0.5},
                             "data_labels": _labels("0"), "gap": 60, "overlap": 0})
    _finish(chart, chart_title, y_title, legend=len(value_cols) > 1, y_axis={"num_format": "0", "min": 0})
    return chart


def lines(ws: Worksheet, chart_title: str, header_row: int, last_row: int, category_col: int,
          value_cols: Sequence[int], y_title: str | None = None) -> Chart:
    """One line per column, told apart by colour, dash and marker (readable in black and white)."""
    chart = Chart("line")
    categories = Cells(header_row + 1, category_col, last_row, category_col)
    looks = (("solid", "circle", DARK), ("dash", "square", BLUE), ("round_dot", "triangle", INK))
    for column, (dash, marker, colour) in zip(value_cols, looks, strict=False):
        chart.series.append({**_column(header_row, last_row, column), "categories": categories, "smooth": False,
                             "line": {"color": f"#{colour}", "dash_type": dash, "width": 1.75},
                             "marker": {"type": marker, "size": 5, "fill": {"color": f"#{colour}"},
                                        "border": {"color": f"#{colour}"}}})
    _finish(chart, chart_title, y_title, legend=True, y_axis={"num_format": "0", "min": 0})
    return chart


#: bars a rate chart labels level; more get their labels turned up the bar
LEVEL_LABELS_UP_TO = 8


def rate_with_target(ws: Worksheet, chart_title: str, header_row: int, last_row: int, category_col: int,
                     rate_col: int, target_col: int) -> Chart:
    """A rate per period as bars with their values on them, and its target as a dashed line across."""
    categories = Cells(header_row + 1, category_col, last_row, category_col)
    chart = Chart("column")
    chart.series.append({**_column(header_row, last_row, rate_col), "categories": categories,
                         "fill": {"color": f"#{BLUE}"}, "border": {"color": f"#{INK}", "width": 0.5},
                         # 99.6 % must not print as 100 %. Inside the bar's foot: above its top, the label of a
                         # bar near its target (96.3 % under a 100 % line) was struck through by the dashed line,
                         # and inside its top, a 0 % bar's label fell on the quarters' names below the axis
                         "data_labels": _labels("[>=1]0%;0.0%", 7, "inside_base"),
                         "gap": 50})
    if last_row - header_row > LEVEL_LABELS_UP_TO:
        # twelve quarters' bars are narrower than “100%”: side by side the labels ran into one another
        chart.series[0]["data_labels"]["font"] = {**_font(7), "rotation": -90}
    target = Chart("line")
    target.series.append({**_column(header_row, last_row, target_col), "categories": categories, "smooth": False,
                          "marker": {"type": "none"}, "line": {"color": f"#{DARK}", "dash_type": "dash", "width": 1.5}})
    chart.combined = target
    _finish(chart, chart_title, None, legend=True,
            y_axis={"num_format": "0%", "min": 0, "max": 1.1, "major_unit": 0.25})  # room above 100 % for its label
    return chart


def simple(ws: Worksheet, kind: str, chart_title: str, header_row: int, last_row: int, category_col: int,
           value_cols: Sequence[int], y_title: str | None = None, percent: bool = False) -> Chart:
    """A plain bar ("bar"/"col"), line or pie chart over a table (series named by the header row)."""
    categories = Cells(header_row + 1, category_col, last_row, category_col)
    chart = Chart({"col": "column", "bar": "bar"}.get(kind, kind))
    for column in value_cols:
        series: dict[str, Any] = {**_column(header_row, last_row, column), "categories": categories}
        if kind == "line":
            series |= {"smooth": False, "marker": {"type": "circle"}}
        elif kind == "pie":
            series["data_labels"] = {"percentage": True}
        else:
            series["gap"] = 60
        chart.series.append(series)
    chart.options["title"] = {"name": chart_title}
    if kind != "pie":
        chart.options["y_axis"] = {"major_gridlines": {"visible": False}}
        if y_title:
            chart.options["y_axis"]["name"] = y_title
        if percent:
            chart.options["y_axis"] |= {"num_format": "0%", "min": 0, "max": 1}
        chart.options["legend"] = {"none": True} if len(value_cols) == 1 else {"position": "bottom"}
    return chart
