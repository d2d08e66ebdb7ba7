"""Drive the Excel buttons on Linux through xlwings' remote engine, for real.

`payload_from_xlsx` builds the JSON the xlwings VBA client (`xlwings/addin/Remote.bas`) sends for an
open workbook: every worksheet's values from A1 to the last used cell, dates as ISO strings with `Z`,
empty cells as null, the selection as a relative address. `replay` applies the actions the button
queued (`book.json()["actions"]`) onto a copy of the .xlsx with openpyxl, with Excel's own rules for
`Range.Value = ...` (a leading apostrophe keeps text, `=` starts a formula, ISO dates become dates,
number-like text becomes a number), so a test reads the result the way a clerk would see it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill

#: the action names the VBA client can run (each is a `Sub` in xlwings/addin/Remote.bas)
VBA_CLIENT_ACTIONS = frozenset({
    "setValues", "rangeClearContents", "rangeClearFormats", "rangeClear", "addSheet", "setSheetName",
    "setAutofit", "setRangeColor", "activateSheet", "addHyperlink", "setNumberFormat", "setPictureName",
    "setPictureHeight", "setPictureWidth", "deletePicture", "addPicture", "updatePicture", "alert",
    "setRangeName", "namesAdd", "nameDelete", "runMacro", "rangeDelete", "rangeInsert", "rangeSelect",
    "addTable", "setTableName", "resizeTable", "showAutofilterTable", "showHeadersTable",
    "showTotalsTable", "setTableStyle", "copyRange", "sheetDelete", "sheetClear", "sheetClearContents",
    "sheetClearFormats",
})


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, dt.time):
        return value.isoformat()
    return value  # str, int, float, bool, None (VBA's JSON writes Empty as null)


def payload_from_xlsx(path: Path, selection: str | None = "A1", active_sheet: str | None = None,
                      name: str | None = None) -> dict[str, Any]:
    """The payload the VBA client would send for this workbook open in Excel.

    `selection` is the active sheet's selected address (`B5:C7`, `3:4`); `name` is the book's name
    (defaults to the file name; pass the full path to tell the buttons where the ledger lives).
    """
    import xlwings
    from python_calamine import CalamineWorkbook

    # calamine reads what the file holds (cached formula results, like Excel's Range.Value), fast
    workbook = CalamineWorkbook.from_path(str(path))
    tables = _tables(path)
    sheets = []
    for title in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)
        width = max((len(row) for row in rows), default=0)
        values = [[_json_value(None if v == "" else v) for v in row] + [None] * (width - len(row))
                  for row in rows] if width else [[]]
        sheets.append({"name": title, "values": values, "pictures": [], "tables": tables.get(title, [])})
    titles = list(workbook.sheet_names)
    active = titles.index(active_sheet) if active_sheet else 0
    return {
        "client": "VBA",
        "version": xlwings.__version__,
        "book": {"name": name or path.name, "active_sheet_index": active, "selection": selection},
        "names": defined_names(path, titles),
        "sheets": sheets,
    }


def _tables(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's Excel tables as the client describes them (name, addresses, show_totals), from the file."""
    import zipfile

    with zipfile.ZipFile(path) as package:
        if not any(n.startswith("xl/tables/") for n in package.namelist()):
            return {}
    from openpyxl import load_workbook
    from openpyxl.utils import range_boundaries

    found: dict[str, list[dict[str, Any]]] = {}
    for sheet in load_workbook(path).worksheets:
        for table in sheet.tables.values():
            left, top, right, bottom = range_boundaries(table.ref)
            totals = int(table.totalsRowCount or 0)
            found.setdefault(sheet.title, []).append({
                "name": table.displayName, "range_address": table.ref,
                "header_row_range_address": f"{_col(left)}{top}:{_col(right)}{top}",
                "data_body_range_address": f"{_col(left)}{top + 1}:{_col(right)}{bottom - totals}",
                "total_row_range_address": f"{_col(left)}{bottom}:{_col(right)}{bottom}" if totals else None,
                "show_headers": True, "show_totals": bool(totals),
                "row_count": bottom - top + 1, "column_count": right - left + 1,
            })
    return found


def _col(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def defined_names(path: Path, titles: list[str]) -> list[dict[str, Any]]:
    """The workbook-scope names that refer to one range, as Remote.bas sends them (address without $)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return []
    workbook = openpyxl.load_workbook(path, read_only=True)
    names = []
    for name, definition in workbook.defined_names.items():
        destinations = list(definition.destinations)
        if len(destinations) != 1 or destinations[0][0] not in titles:
            continue  # a formula (OFFSET …) or several areas: the VBA client sends only single ranges
        sheet, address = destinations[0]
        names.append({"name": name, "sheet_index": titles.index(sheet), "address": address.replace("$", ""),
                      "book_scope": True, "scope_sheet_name": None, "scope_sheet_index": None})
    workbook.close()
    return names


def ensure_remote_engine() -> None:
    """Register xlwings' remote engine if xlwings was imported before the licence key was set.

    xlwings registers its licence-gated engines once, at import; another test module may have
    imported it first. The key must be in the environment (the tests set it with monkeypatch).
    """
    import xlwings as xw

    if "remote" in xw.engines.engines_by_name:
        return
    from xlwings.main import Engine
    from xlwings.pro import _xlremote

    xw.engines.add(Engine(impl=_xlremote.engine))


def open_payload(payload: dict[str, Any]):
    """`xw.Book(json=payload)` with the caller set, as a button sees it (needs XLWINGS_LICENSE_KEY)."""
    import xlwings as xw

    ensure_remote_engine()
    book = xw.Book(json=payload)
    book.set_mock_caller()
    return book


@dataclass
class Replayed:
    path: Path
    alerts: list[dict[str, str]] = field(default_factory=list)
    active_sheet: str | None = None

    def workbook(self, data_only: bool = False):
        return openpyxl.load_workbook(self.path, data_only=data_only)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def excel_value(value: Any) -> tuple[Any, bool]:
    """(stored value, is_formula) for `Range.Value = value` as Excel treats it."""
    if value is None or value == "":
        return None, False
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:], False
        if value.startswith("="):
            return value, True
        if _ISO.match(value):
            text = value.rstrip("Z").replace(" ", "T")
            parsed = dt.datetime.fromisoformat(text.split(".")[0])
            return parsed, False
        if _NUMBER.match(value.strip()):
            number = float(value)
            return (int(number) if number.is_integer() else number), False
    return value, False


def replay(actions: list[dict[str, Any]], source: Path, target: Path) -> Replayed:
    """Apply the queued actions to a copy of `source` saved as `target`; unknown actions fail the test."""
    workbook = openpyxl.load_workbook(source)
    result = Replayed(target)

    def sheet_at(action):
        return workbook.worksheets[action["sheet_position"]]

    for action in actions:
        func, args = action["func"], action["args"]
        assert func in VBA_CLIENT_ACTIONS, f"the VBA client has no action {func!r}"
        if func == "addSheet":
            workbook.create_sheet(args[1], args[0])
        elif func == "sheetDelete":
            workbook.remove(sheet_at(action))
        elif func in ("sheetClear", "sheetClearContents"):
            sheet = sheet_at(action)
            for row in sheet.iter_rows():
                for cell in row:
                    cell.value = None
                    if func == "sheetClear":
                        cell.style = "Normal"
        elif func == "setValues":
            sheet = sheet_at(action)
            for r, row in enumerate(action["values"]):
                for c, value in enumerate(row):
                    stored, is_formula = excel_value(value)
                    cell = sheet.cell(action["start_row"] + r + 1, action["start_column"] + c + 1)
                    cell.value = stored
                    if isinstance(stored, str) and not is_formula:
                        cell.data_type = "s"
        elif func == "setRangeColor":
            colour = args[0].lstrip("#").upper()
            for cell in _cells(sheet_at(action), action):
                cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        elif func == "setNumberFormat":
            for cell in _cells(sheet_at(action), action):
                cell.number_format = args[0]
        elif func == "activateSheet":
            workbook.active = args[0]
            result.active_sheet = workbook.worksheets[args[0]].title
        elif func == "alert":
            result.alerts.append({"prompt": args[0], "title": args[1], "buttons": args[2], "mode": args[3]})
        elif func == "setAutofit":
            if args[0] == "columns":  # roughly what Excel does, so a rendered copy is readable
                sheet = sheet_at(action)
                for c in range(action["column_count"]):
                    column = action["start_column"] + c + 1
                    widths = [_display_width(sheet.cell(r + 1, column).value)
                              for r in range(action["start_row"], action["start_row"] + action["row_count"])]
                    letter = sheet.cell(1, column).column_letter
                    sheet.column_dimensions[letter].width = min(max(widths + [8]) + 2, 100)
        else:
            raise AssertionError(f"replay does not implement {func!r} yet")
    workbook.save(target)
    return result


def _display_width(value: Any) -> float:
    if value is None:
        return 0
    if isinstance(value, dt.datetime | dt.date):
        return 10
    text = str(value)
    if text.startswith("=HYPERLINK("):
        text = text.rsplit(",", 1)[-1]
    return sum(2 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def _cells(sheet, action):
    for r in range(action["row_count"]):
        for c in range(action["column_count"]):
            yield sheet.cell(action["start_row"] + r + 1, action["start_column"] + c + 1)


def sheet_values(workbook, name: str) -> list[list[Any]]:
    """All values of a sheet as rows (trailing empty rows kept as openpyxl reports them)."""
    sheet = workbook[name]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
