"""Every command on every hostile file (issue 12): no traceback, exit 0/1/2, the ledger's bytes unchanged,
no output lost, and no formula in any output cell that came from text.

The files are the kinds a tester builds to break spreadsheet tools; each kind also has its own test in
test_hostile.py. Kept small (a few cases each) so the whole run stays well under a minute: the commands run
in-process (CliRunner: an exception is the traceback a clerk would see), the files are built once for the
module, one merge takes every hostile file at once (merge writes a whole template workbook, ~1 s a run), and
outputs are searched for formulas in their XML rather than loaded with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import zipfile
from pathlib import Path

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit import resources
from xlkit.cli import cli

D = dt.date
TODAY = "2019-11-01"
DONE = dict(registered_on=D(2019, 9, 2), registrar="李登记", source="县信访局", form="来访", petition_type="求决类",
            township="新宁镇", category="生活垃圾", demand="清运垃圾", assigned_on=D(2019, 9, 2), assigner="王交办",
            unit="综合股", handler="赵承办", accepted_on=D(2019, 9, 3), acceptance_decision="受理",
            opinion_on=D(2019, 10, 20), opinion_ref="开城治信处〔2019〕1号", settled="是")
#: text that a spreadsheet would run if it were written as a formula; none may come out as one
INJECTIONS = ('=HYPERLINK("http://example.invalid/","点这里")', "=1+1", "+1+2", "-3+4", "@SUM(1,2)",
              "=cmd|' /C calc'!A0")


def _rows(*cases: dict) -> list[dict]:
    return [dict(DONE, **c) for c in cases]


def _escape(text: str) -> str:
    """Control characters as Excel's own XML escapes (_x000B_), the only way such a cell reaches a file."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", text)


def _far(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    book["台账"]["XFD1048576"] = "远处"
    book["台账"]["BJ70000"] = "又一个"
    book.save(path)


def _settings_injection(path: Path) -> None:
    """単位名称 and 字典 entries typed as text starting with = (a template-made ledger)."""
    book = openpyxl.load_workbook(path)
    for row in book["设置"].iter_rows():
        if row[0].value == "单位名称":
            row[1].value, row[1].data_type = INJECTIONS[0], "s"
    dictionary = book["字典"]
    for column in dictionary.iter_cols(min_row=1, max_row=1):
        cell = dictionary.cell(4, column[0].column)
        if column[0].value in ("并入乡镇", "责任股室", "乡镇"):
            cell.value, cell.data_type = INJECTIONS[1], "s"
    sheet = book["台账"]
    for offset, injection in enumerate(INJECTIONS):
        row = 3 + offset
        sheet.cell(row, 1, f"2019-{offset + 1:03d}")
        name = sheet.cell(row, 7)
        name.value, name.data_type = injection, "s"
    book.save(path)


def _formula_cells(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    sheet["B3"] = "=NA()"  # a formula saved by a script: no cached value
    sheet["X4"] = "=1/0"
    book.save(path)


def _as_xls(source: Path) -> Path:
    """The same ledger as an old .xls (xlwt), with a value at IV65536, the last cell an .xls has."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for worksheet in openpyxl.load_workbook(source):
        sheet = book.add_sheet(worksheet.title)
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    is_date = isinstance(cell.value, dt.date)
                    sheet.write(cell.row - 1, cell.column - 1, cell.value, dates) if is_date else \
                        sheet.write(cell.row - 1, cell.column - 1, cell.value)
        if worksheet.title == "台账":
            sheet.write(65535, 255, "远处")
    path = source.with_suffix(".xls")
    book.save(str(path))
    source.unlink()
    return path


def _build(kind: str, folder: Path) -> Path:
    path = folder / f"台账-{kind}.xlsx"
    if kind == "settings_injection":  # the shipped template, as `xlkit init` writes it (building it takes 2 s)
        shutil.copyfile(resources.ledger_template(), path)
        _settings_injection(path)
        return path
    rows = {
        "control": _rows(dict(case_id="2019-001", petitioner=_escape("张\x0b三"), demand=_escape("清运\x01垃圾"),
                              unit=_escape("综合股\x02"), result=_escape("a\x0cb"))),
        "huge": _rows(dict(case_id="2019-001", petitioner="张三", people_count=10**20, extended="是",
                           extension_days=10**19),
                      dict(case_id="2019-002", petitioner="李四", people_count="99999999999999999999人")),
        "text_injection": _rows(*[dict(case_id=f"2019-00{i}", petitioner=t, demand=t, handler=t, result=t)
                                  for i, t in enumerate(INJECTIONS, start=1)]),
        "colliding_names": _rows(dict(case_id="..", petitioner="甲"), dict(case_id="...", petitioner="甲"),
                                 dict(case_id="2018/009", petitioner="乙"), dict(case_id="2018:009", petitioner="乙"),
                                 dict(case_id="CON", petitioner="丙"), dict(case_id="2019-010", petitioner="丁" * 120),
                                 dict(case_id="2019-011", petitioner="戊"), dict(case_id="2019-011", petitioner="己"),
                                 dict(petitioner="无编号")),
        "look_alike": _rows(dict(case_id="2019-001", petitioner="张三"),
                            dict(case_id="2019\u2013001", petitioner="张三"),
                            dict(case_id="2019-001\u200b", petitioner="张三"),
                            dict(case_id="\ufeff2019\u2212002", petitioner="李四")),
        "far_cell": _rows(dict(case_id="2019-001", petitioner="张三")),
        "formula_cells": _rows(dict(case_id="2019-001", petitioner="张三"), dict(case_id="2019-002", petitioner="李四")),
        "old_xls_far": _rows(dict(case_id="2019-001", petitioner="张三"), dict(case_id="2019-002", petitioner="李四")),
        "empty_table": [],
    }[kind]
    helpers.write_ledger(path, rows)
    if kind == "far_cell":
        _far(path)
    if kind == "formula_cells":
        _formula_cells(path)
    if kind == "old_xls_far":
        return _as_xls(path)
    return path


KINDS = ["control", "huge", "text_injection", "settings_injection", "colliding_names", "look_alike", "far_cell",
         "formula_cells", "old_xls_far", "empty_table"]


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    """Every kind's ledger, built once for the module (no command may change a byte of them)."""
    folder = tmp_path_factory.mktemp("hostile")
    return {kind: _build(kind, folder) for kind in KINDS}


def _commands(ledger: Path, out: Path) -> list[list[str]]:
    return [[str(a) for a in c] for c in (
        ["check", ledger, "--today", TODAY, "-o", out / "校验结果.xlsx"],
        ["check", ledger, "--today", TODAY, "--json"],
        ["overdue", ledger, "--today", TODAY, "-o", out / "到期提醒.xlsx"],
        ["explain", ledger, "2019-001", "--today", TODAY],
        ["docs", ledger, "-o", out / "文书", "--today", TODAY],
        ["monthly", ledger, "--month", "2019-10", "--today", TODAY, "-o", out / "月度调度.xlsx"],
        ["quarterly", ledger, "--quarter", "2019Q4", "--today", TODAY, "-o", out / "季度" / "季度分析.xlsx"],
        ["quarterly", ledger, "--quarter", "2019Q4", "--today", TODAY, "--no-mask",
         "-o", out / "季度原文" / "季度分析.xlsx"],
        ["review", ledger, "--today", TODAY, "-o", out / "审核表"],
        ["dossier", "check", out / "文书", "--ledger", ledger, "--today", TODAY, "-o", out / "卷宗检查.xlsx"],
    )]


#: a formula anywhere in a workbook part: a cell's <f>, a validation's or conditional format's formula, a name
_FORMULA = re.compile(r"<(f|formula|formula1|formula2|definedName)\b[^>]*>(.*?)</\1>", re.S)


def _formulas_from_text(path: Path) -> list[str]:
    """Formulas in any part of the workbook that hold one of the injected texts (read from the XML itself:
    the same cells openpyxl would call data_type "f", at a fraction of the cost)."""
    bad = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.endswith(".xml"):
                continue
            for match in _FORMULA.finditer(package.read(name).decode("utf-8")):
                formula = html.unescape(match[2])
                if any(t.lstrip("=+-@") in formula for t in INJECTIONS):
                    bad.append(f"{path.name} {name} <{match[1]}> {formula}")
    return bad


def _assert_clean_run(result, where: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{where} raised {result.exception!r}\n{result.output}"
    assert result.exit_code in (0, 1, 2), f"{where} exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output, where


def test_the_scan_finds_a_formula_made_from_text(tmp_path):
    """The XML search sees what openpyxl calls a formula (a test that cannot fail proves nothing)."""
    book = openpyxl.Workbook()
    book.active["A1"] = INJECTIONS[0]  # openpyxl writes a str starting with = as a formula
    book.active["A2"] = "=AVERAGE(3)"
    book.save(tmp_path / "x.xlsx")
    assert len(_formulas_from_text(tmp_path / "x.xlsx")) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_every_command_on_a_hostile_file(tmp_path, kind, hostile_files):
    ledger = hostile_files[kind]
    before = ledger.read_bytes()
    out = tmp_path / "输出"
    out.mkdir()
    for args in _commands(ledger, out):
        result = CliRunner().invoke(cli, args)
        where = f"{kind}: xlkit {' '.join(args[:2])}"
        _assert_clean_run(result, where)
        if args[0] in ("check", "monthly") and "-o" in args and result.exit_code in (0, 1):
            assert Path(args[args.index("-o") + 1]).exists(), f"{where} reported success but wrote nothing"
        if args[0] == "docs" and result.exit_code in (0, 1):
            made = re.search(r"生成 (\d+) 份", result.output)
            files = [p for p in (out / "文书").rglob("*.docx")]
            assert made and int(made[1]) == len(files), f"{where}: {result.output}"
        if args[0] == "review" and result.exit_code in (0, 1) and "审核表" in result.output:
            told = re.search(r"审核表 (\d+) 份", result.output)
            assert told and int(told[1]) == len(list((out / "审核表").glob("*-审核表.docx"))), result.output
    assert ledger.read_bytes() == before, f"{kind}: the ledger was modified"
    bad = [f for path in out.rglob("*.xlsx") for f in _formulas_from_text(path)]
    assert not bad, bad


@pytest.mark.parametrize("first", ["settings_injection", "control"])
def test_merge_takes_every_hostile_file_at_once(tmp_path, hostile_files, first):
    """One merge of all the kinds (its 设置 and 字典 from the first file; the first file's values win on the
    sheet): each file is read, each case listed in 合并来源, every differing value of the later files written to
    合并冲突 and to a comment on the cell — no traceback, no formula from text. (Merging them together found
    that a control character in a conflicting value aborted the save in the cell's comment.)"""
    order = [first, *(k for k in KINDS if k != first)]
    paths = [hostile_files[k] for k in order]
    before = [p.read_bytes() for p in paths]
    output = tmp_path / "合并.xlsx"
    result = CliRunner().invoke(cli, ["merge", *map(str, paths), "-o", str(output)])
    _assert_clean_run(result, f"merge of {order}")
    assert result.exit_code == 0 and output.exists(), result.output
    assert [p.read_bytes() for p in paths] == before, "a merged ledger was modified"
    sources = openpyxl.load_workbook(output, read_only=True)["合并来源"]
    named = {str(cell) for row in sources.iter_rows(values_only=True) for cell in row if cell}
    assert {p.name for p in paths if p.stem != "台账-empty_table"} <= named
    assert not _formulas_from_text(output)
