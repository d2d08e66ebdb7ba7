"""Native charts stretched over a block of cells, so they print on the page and never cover a table.

A chart floats over the sheet. Anchored by both corners to cells that hold nothing, with its tables
written below that block, it covers no text in any program and prints where its cells print.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.descriptors import Typed
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

#: Column width (characters) of a chart sheet's grid.
GRID_WIDTH = 12
#: Fill colours that stay apart when printed in black and white (dark red, amber, mid blue).
DARK, LIGHT, BLUE, INK = "C00000", "FFC000", "5B9BD5", "404040"


def grid(ws: Worksheet, columns: int) -> None:
    """Give the first `columns` columns the grid width."""
    for index in range(1, columns + 1):
        ws.column_dimensions[get_column_letter(index)].width = GRID_WIDTH


def place(ws: Worksheet, chart, row: int, column: int, rows: int, columns: int) -> None:
    """Stretch `chart` over `rows` × `columns` cells from (row, column) (1-based).

    Anchored to both corners, the chart covers exactly those cells in Excel, WPS and LibreOffice
    alike (each measures a column's width its own way), so a table written below them stays clear.
    """
    chart.anchor = TwoCellAnchor(_from=AnchorMarker(col=column - 1, row=row - 1),
                                 to=AnchorMarker(col=column - 1 + columns, row=row - 1 + rows))
    ws.add_chart(chart)


class _Labels(DataLabelList):
    """Data labels whose number format is their own (openpyxl writes the label format linked to the cells)."""

    numFmt = Typed(expected_type=NumFmt, allow_none=True)
    __elements__ = DataLabelList.__elements__
    __nested__ = tuple(name for name in DataLabelList.__nested__ if name != "numFmt")


def _font(size: float, bold: bool = False) -> CharacterProperties:
    return CharacterProperties(sz=int(size * 100), b=bold, ea=Font(typeface="宋体"))


def _text(size: float, bold: bool = False) -> RichText:
    """Chart text at `size` pt, CJK in 宋体 (as the sheets)."""
    props = _font(size, bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _labels(number_format: str, size: float = 8) -> DataLabelList:
    labels = _Labels(showVal=True, showSerName=False, showCatName=False, showLegendKey=False, showPercent=False,
                     numFmt=NumFmt(formatCode=number_format, sourceLinked=False), dLblPos="outEnd")
    labels.txPr = _text(size)
    return labels


def _finish(chart, title: str, y_title: str | None, legend: bool) -> None:
    chart.title = title
    chart.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=_font(10, bold=True))
    chart.y_axis.title = y_title
    chart.y_axis.majorGridlines = None
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.x_axis.txPr = _text(8)
    chart.y_axis.txPr = _text(8)
    if legend:
        chart.legend.position = "b"
        chart.legend.txPr = _text(8)
    else:
        chart.legend = None


def bars(ws: Worksheet, chart_title: str, header_row: int, last_row: int, category_col: int,
         value_cols: Sequence[int], colours: Sequence[str] = (DARK, LIGHT), y_title: str | None = None,
         horizontal: bool = False) -> BarChart:
    """Clustered bars with their values written on them, one series per column of the table."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "clustered"
    chart.gapWidth = 60
    chart.overlap = 0
    for column, colour in zip(value_cols, colours, strict=False):
        chart.add_data(Reference(ws, min_col=column, min_row=header_row, max_row=last_row), titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties = GraphicalProperties(solidFill=colour, ln=LineProperties(solidFill=INK, w=6350))
    chart.set_categories(Reference(ws, min_col=category_col, min_row=header_row + 1, max_row=last_row))
    chart.dataLabels = _labels("0")
    chart.y_axis.number_format = "0"
    chart.y_axis.scaling.min = 0
    _finish(chart, chart_title, y_title, legend=len(value_cols) > 1)
    return chart


def lines(ws: Worksheet, chart_title: str, header_row: int, last_row: int, category_col: int,
          value_cols: Sequence[int], y_title: str | None = None) -> LineChart:
    """One line per column, told apart by colour, dash and marker (readable in black and white)."""
    chart = LineChart()
    looks = (("solid", "circle", DARK), ("dash", "square", BLUE), ("sysDot", "triangle", INK))
    for column, (dash, marker, colour) in zip(value_cols, looks, strict=False):
        chart.add_data(Reference(ws, min_col=column, min_row=header_row, max_row=last_row), titles_from_data=True)
        series = chart.series[-1]
        series.smooth = False
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.dashStyle = dash
        series.graphicalProperties.line.width = 22225  # 1.75 pt
        series.marker.symbol = marker
        series.marker.size = 5
        series.marker.graphicalProperties = GraphicalProperties(solidFill=colour, ln=LineProperties(solidFill=colour))
    chart.set_categories(Reference(ws, min_col=category_col, min_row=header_row + 1, max_row=last_row))
    chart.y_axis.number_format = "0"
    chart.y_axis.scaling.min = 0
    _finish(chart, chart_title, y_title, legend=True)
    return chart


def rate_with_target(ws: Worksheet, chart_title: str, header_row: int, last_row: int, category_col: int,
                     rate_col: int, target_col: int) -> BarChart:
    """A rate per period as bars with their values on them, and its target as a dashed line across."""
    chart = BarChart()
    chart.type = "col"
    chart.gapWidth = 50
    chart.add_data(Reference(ws, min_col=rate_col, min_row=header_row, max_row=last_row), titles_from_data=True)
    chart.series[0].graphicalProperties = GraphicalProperties(solidFill=BLUE, ln=LineProperties(solidFill=INK, w=6350))
    categories = Reference(ws, min_col=category_col, min_row=header_row + 1, max_row=last_row)
    chart.set_categories(categories)
    chart.dataLabels = _labels("[>=1]0%;0.0%", 7)  # 99.6 % must not print as 100 %
    target = LineChart()
    target.add_data(Reference(ws, min_col=target_col, min_row=header_row, max_row=last_row), titles_from_data=True)
    target.set_categories(categories)
    line = target.series[0]
    line.smooth = False
    line.marker.symbol = "none"
    line.graphicalProperties.line.solidFill = DARK
    line.graphicalProperties.line.dashStyle = "dash"
    line.graphicalProperties.line.width = 19050  # 1.5 pt
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1.1  # room above a 100 % bar for its label
    chart.y_axis.majorUnit = 0.25
    _finish(chart, chart_title, None, legend=True)
    chart += target
    return chart
