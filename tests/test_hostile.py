"""Hostile input (issue 12): each kind of file a tester builds to break spreadsheet tools, one test each.

Every file is built here; the fuzz-style run over every command is in test_hostile_fuzz.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.read.ledger import read_ledger

D = dt.date
BASE = dict(registered_on=D(2019, 9, 2), registrar="李登记", source="县信访局", form="来访", petition_type="求决类",
            township="新宁镇", category="生活垃圾", demand="清运垃圾", assigned_on=D(2019, 9, 2), assigner="王交办",
            unit="综合股", handler="赵承办", accepted_on=D(2019, 9, 3), acceptance_decision="受理")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def ledger(path: Path, *rows: dict, **kwargs) -> Path:
    return helpers.write_ledger(path, [dict(BASE, **r) for r in rows], **kwargs)


def xlkit_process(*args, limit_bytes: int = 1 << 30, timeout: int = 60,
                  env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real program in its own process under a memory ceiling (an abort must not take pytest with it);
    `env`: variables added to its environment (TMPDIR: a temporary folder of its own)."""

    def ceiling() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-m", "xlkit", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=ceiling, env={**os.environ, "PYTHONUTF8": "1", **(env or {})})


# --- 2. a stray cell far away -------------------------------------------------------------------


@pytest.mark.parametrize("far", ["XFD1048576", "BJ1048576", "AZZ70000", "B1048576"])
def test_a_far_stray_cell_is_reported_and_reading_stays_small(tmp_path, far):
    path = ledger(tmp_path / "远处.xlsx", dict(case_id="2019-001", petitioner="张三"))
    book = openpyxl.load_workbook(path)
    book["台账"][far] = "误按的字"
    book.save(path)
    start = time.perf_counter()
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01", limit_bytes=1 << 30)
    elapsed = time.perf_counter() - start
    assert result.returncode in (0, 1), result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["cases"] == 1
    stray = [f for f in report["findings"] if f["cell"] == far]
    assert stray and stray[0]["code"] == "R020" and "误按的字" in stray[0]["message"]
    assert elapsed < 20  # the 2 s target is measured by hand (issue note); CI machines are shared


def test_a_far_stray_cell_does_not_change_how_the_text_is_read(tmp_path):
    """A far cell sends the sheet through the bounded reader (openpyxl, streamed), which leaves Excel's
    `_x000B_` escapes as typed: the text must come out as calamine gives it on the usual path, control
    character reported (R021), an escaped underscore (`_x005F_`) kept as text."""
    texts = ["村口垃圾池_x000B_长期无人清运", "编号_x005F_x000B_照原样", "第一行_x000D__x000A_第二行"]
    near = helpers.write_ledger(tmp_path / "近处.xlsx", [
        {"案件编号": f"2019-00{i}", "信访人": "张三", "诉求内容": text} for i, text in enumerate(texts, 1)],
        headers=["案件编号", "信访人", "诉求内容"])
    far = tmp_path / "远处.xlsx"
    book = openpyxl.load_workbook(near)
    book["台账"]["AZZ70000"] = "误按的字"
    book.save(far)
    usual, bounded = read_ledger(near), read_ledger(far)
    assert any(f.code == "R020" for f in bounded.findings)  # it did take the bounded path
    assert list(bounded.frame["demand"]) == list(usual.frame["demand"]) == [
        "村口垃圾池\x0b长期无人清运", "编号_x000B_照原样", "第一行\r\n第二行"]
    assert [f.cell for f in bounded.findings if f.code == "R021"] == [
        f.cell for f in usual.findings if f.code == "R021"] != []


#: Starts `xlkit …` and reports its peak. Run as a process of its own, it is small when it starts xlkit, so
#: xlkit's peak is xlkit's own: a process started straight from pytest (fork or vfork, then exec) inherits
#: pytest's resident size as its starting peak (Linux keeps the old address space's high-water mark across
#: exec), and pytest, late in the suite, is bigger than the bound being tested (329 MB in CI).
_MEASURE = """
import os, resource, sys
limit, report = int(sys.argv[1]), sys.argv[2]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
pid = os.posix_spawn(sys.executable, [sys.executable, "-m", "xlkit", *sys.argv[3:]], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as handle:
    handle.write(str(usage.ru_maxrss * 1024))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured(*args, limit_bytes: int = 1 << 30, timeout: int = 60) -> tuple[int, str, str, float, int]:
    """`xlkit …` in its own process: (exit code, stdout, stderr, seconds, peak resident memory in bytes) — the
    peak of that one process (os.wait4 in a small starter, `_MEASURE`), not of pytest or any other child."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "peak"
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", _MEASURE, str(limit_bytes), str(report),
                                    *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True, env={**os.environ, "PYTHONUTF8": "1"})
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)  # the starter and xlkit: both hold the pipes
            out, err = process.communicate()
        seconds = time.perf_counter() - start
        peak = int(report.read_text()) if report.exists() else 0
    return process.returncode, out.decode(), err.decode(), seconds, peak


def test_measured_counts_the_program_not_the_process_that_starts_it(tmp_path):
    """The bound below must hold however big pytest has grown by the time the test runs."""
    held = bytearray(400 << 20)
    held[::4096] = b"\x01" * len(held[::4096])  # resident, not only reserved
    code, out, _, _, peak = measured("-h")
    assert code == 0 and "xlkit" in out
    assert peak < 200 * 2**20, f"{peak / 2**20:.0f} MB"
    del held


def test_an_old_xls_with_a_value_at_its_last_cell_is_read_small(tmp_path):
    """calamine reads every sheet of an .xls into one dense block when it opens the file: a value at IV65536
    (the last cell an .xls has) cost 13 s and 1.3 GB. The BIFF records are scanned first and the far cells
    taken out, each reported at its cell."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    for column, text in enumerate(["案件编号", "信访人", "诉求内容", "登记日期"]):
        sheet.write(0, column, text)
    for row in range(1, 401):  # enough text that the shared strings run over CONTINUE records
        sheet.write(row, 0, f"2019-{row:03d}")
        sheet.write(row, 1, f"信访人{row}")
        sheet.write(row, 2, f"第{row}件的诉求内容，写得比较长，" * 4)
        sheet.write(row, 3, f"2019-09-{row % 28 + 1:02d}")
    sheet.write(65535, 255, "误按的字")  # IV65536
    sheet.write(30000, 1, 12.5)  # far below the table, in one of its columns
    book.add_sheet("其他").write(65535, 200, 7)  # every sheet is parsed on opening, not only the ledger
    path = tmp_path / "旧台账.xls"
    book.save(str(path))
    code, out, err, seconds, peak = measured("check", path, "--json", "--today", "2019-10-01")
    assert code in (0, 1), err[-2000:]
    report = json.loads(out)
    assert report["cases"] == 400
    stray = {f["cell"]: f for f in report["findings"] if f["code"] == "R020"}
    assert set(stray) == {"IV65536", "B30001"}, stray
    assert "误按的字" in stray["IV65536"]["message"] and "12.5" in stray["B30001"]["message"]
    assert peak < 300 * 2**20, f"{peak / 2**20:.0f} MB"
    assert seconds < 20  # 0.5 s measured alone (the 2 s target); shared CI machines are slower
    from xlkit.read.ledger import read_ledger

    ledger = read_ledger(path)
    assert ledger.frame.loc[401, "demand"].startswith("第400件的诉求内容") and ledger.frame.loc[401, "case_id"] == "2019-400"


def test_values_scattered_over_a_million_rows_are_a_clear_exit_2(tmp_path):
    from xlkit.read.sparse import GAP_ROWS

    path = ledger(tmp_path / "散.xlsx", dict(case_id="2019-001", petitioner="张三"))
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    for row in range(4, 1_048_576, GAP_ROWS):  # never a gap long enough to end the table
        sheet.cell(row, 7, "某")
    book.save(path)
    result = xlkit_process("check", path, "--today", "2019-10-01")
    assert result.returncode == 2, result.stderr[-2000:]
    assert "超出能读取的范围" in result.stderr and "Ctrl+End" in result.stderr


def formulas(path: Path) -> list[str]:
    """Every formula cell of an output workbook (`sheet!A1 =…`)."""
    book = openpyxl.load_workbook(path)
    return [f"{s.title}!{c.coordinate} {c.value}" for s in book for row in s.iter_rows() for c in row
            if c.data_type == "f"]


def texts(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [c.value for s in book for row in s.iter_rows() for c in row if isinstance(c.value, str)]


# --- 1. control characters --------------------------------------------------------------------


def test_control_characters_reach_no_writer_and_are_reported_once(tmp_path):
    # Excel stores a Word line break typed into a cell as _x000B_ in its XML; openpyxl writes the escape as is
    path = ledger(tmp_path / "控制符.xlsx", dict(case_id="2019-001", petitioner="张_x000B_三",
                                              demand="清运_x0001_垃圾", unit="综合股_x0002_",
                                              opinion_on=D(2019, 10, 20), opinion_ref="开城治信处〔2019〕1号"))
    result = run("check", path, "--today", "2019-11-01", "-o", tmp_path / "校验.xlsx")
    assert result.exit_code in (0, 1) and result.exception is None or isinstance(result.exception, SystemExit), \
        result.output
    assert "张\n三" in texts(tmp_path / "校验.xlsx")  # the visible text kept, Word's break a new line
    report = json.loads(run("check", path, "--today", "2019-11-01", "--json").output)
    controls = [f["cell"] for f in report["findings"] if f["code"] == "R021"]
    assert sorted(controls) == sorted(set(controls)) and {"G3", "P3"} <= set(controls)
    for args in (["docs", path, "-o", tmp_path / "文书"],
                 ["monthly", path, "--month", "2019-10", "--today", "2019-11-01", "-o", tmp_path / "月.xlsx"],
                 ["quarterly", path, "--quarter", "2019Q4", "--today", "2019-11-01", "--no-mask",
                  "-o", tmp_path / "季" / "季.xlsx"],
                 ["merge", path, "-o", tmp_path / "合并.xlsx"],
                 ["review", path, "--today", "2019-11-01", "-o", tmp_path / "审核"]):
        result = run(*args)
        assert result.exit_code in (0, 1) and not isinstance(result.exception, ValueError), (args[0], result.output,
                                                                                            result.exception)
    assert "清运垃圾" in texts(tmp_path / "合并.xlsx")


def test_the_one_cleaner_keeps_the_visible_text():
    from xlkit.documents.placeholders import xml_text
    from xlkit.output.files import put, xml_safe

    assert xml_safe("张\x0b三\x01\x0c") == "张\n三\n"
    cell = openpyxl.Workbook().active["A1"]
    put(cell, "\x02=HYPERLINK(\"x\")")
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"
    assert "\x0b" not in xml_text("a\x0bb") and "<w:br/>" in xml_text("a\x0bb")


# --- 3. formula injection through 设置 and 字典 -----------------------------------------------

EVIL = '=HYPERLINK("http://example.invalid/","点这里")'


def test_office_name_and_dictionary_text_never_become_formulas(tmp_path):
    path = tmp_path / "新台账.xlsx"
    assert run("init", path, "--office", EVIL).exit_code == 0
    assert not [f for f in formulas(path) if "HYPERLINK" in f]
    # a clerk types the same into 设置 and 字典's 并入乡镇, then the office merges the file
    book = openpyxl.load_workbook(path)
    settings = book["设置"]
    for row in settings.iter_rows():
        if row[0].value == "单位名称":
            row[1].value, row[1].data_type = EVIL, "s"
    dictionary = book["字典"]
    successor = next(c.column for c in dictionary[1] if c.value == "并入乡镇")
    cell = dictionary.cell(3, successor)
    cell.value, cell.data_type = EVIL, "s"
    ledger_sheet = book["台账"]
    ledger_sheet["A3"], ledger_sheet["G3"] = "2019-001", "张三"
    book.save(path)
    merged = tmp_path / "合并.xlsx"
    result = run("merge", path, "-o", merged)
    assert result.exit_code in (0, 1), result.output
    assert not [f for f in formulas(merged) if "HYPERLINK" in f]
    assert any(isinstance(t, str) and t.startswith(EVIL) for t in texts(merged))


# --- 5. huge numbers --------------------------------------------------------------------------


def test_huge_numbers_are_a_finding_at_their_cell_in_every_command(tmp_path):
    path = ledger(tmp_path / "大数.xlsx",
                  dict(case_id="2019-001", petitioner="张三", people_count=10**20, extended="是",
                       extension_days=10**19),
                  dict(case_id="2019-002", petitioner="李四", people_count="99999999999999999999人"))
    report = json.loads(run("check", path, "--today", "2019-11-01", "--json").output)
    huge = {(f["cell"], f["column"]) for f in report["findings"] if f["code"] == "R022"}
    assert {("K3", "涉及人数"), ("K4", "涉及人数")} <= huge and any(c == "延期天数" for _, c in huge)
    for args in (["overdue", path, "--today", "2019-11-01"], ["explain", path, "2019-001", "--today", "2019-11-01"],
                 ["monthly", path, "--month", "2019-10", "--today", "2019-11-01", "-o", tmp_path / "m.xlsx"],
                 ["quarterly", path, "--quarter", "2019Q4", "--today", "2019-11-01", "-o", tmp_path / "q" / "q.xlsx"],
                 ["docs", path, "-o", tmp_path / "d"], ["merge", path, "-o", tmp_path / "g.xlsx"],
                 ["review", path, "--today", "2019-11-01", "-o", tmp_path / "r"]):
        result = run(*args)
        assert result.exit_code in (0, 1) and not isinstance(result.exception, OverflowError), (args[0], result.output)


# --- 7. look-alike case numbers ---------------------------------------------------------------


def test_look_alike_case_numbers_are_one_case_reported_at_their_cell(tmp_path):
    path = ledger(tmp_path / "形似.xlsx",
                  dict(case_id="2019-001", petitioner="张三"),
                  dict(case_id="2019\u2013001", petitioner="张三"),  # en dash
                  dict(case_id="2019-001\u200b", petitioner="张三"),  # zero-width space
                  dict(case_id="\ufeff2019\u2212002", petitioner="李四"))  # BOM and a minus sign
    report = json.loads(run("check", path, "--today", "2019-11-01", "--json").output)
    odd = {f["cell"] for f in report["findings"] if f["code"] == "R023"}
    assert odd == {"A4", "A5", "A6"}
    duplicates = {f["cell"] for f in report["findings"] if "重复" in f["message"] and f["column"] == "案件编号"}
    assert {"A3", "A4", "A5"} <= duplicates
    found = run("explain", path, "2019-002", "--today", "2019-11-01")
    assert found.exit_code == 0 and "李四" in found.output
    typed = run("explain", path, "2019\u2014002", "--today", "2019-11-01")  # the clerk types an em dash
    assert typed.exit_code == 0 and "李四" in typed.output
    docs = run("docs", path, "-o", tmp_path / "文书", "--case", "2019-002")
    assert docs.exit_code in (0, 1)
    names = [p.name for p in (tmp_path / "文书").iterdir()]
    assert all(ch not in "".join(names) for ch in "\u200b\ufeff\u2212\u2013")


# --- 4. output names that collide -------------------------------------------------------------


def test_names_are_valid_on_windows_and_unique_within_a_run():
    from xlkit.output.names import UniqueNames, file_component

    assert file_component("CON") == "_CON" and file_component("nul.txt") == "_nul.txt"
    assert file_component("..") == "_" and file_component("a/b:c\u200b") == "a_b_c"
    assert len(file_component("丁" * 120).encode()) <= 120
    assert file_component("李四\x7f") == "李四_" and file_component("王\x85五\x9f") == "王_五_"
    names = UniqueNames()
    assert [names.claim(n, i) for i, n in enumerate(["2018_009", "2018_009", "Ab", "aB"])] == \
        ["2018_009", "2018_009 (2)", "Ab", "aB (2)"]


def test_colliding_case_numbers_get_their_own_files_and_skips_are_listed(tmp_path):
    done = dict(opinion_on=D(2019, 10, 20), opinion_ref="开城治信处〔2019〕1号")
    path = ledger(tmp_path / "撞名.xlsx",
                  dict(done, case_id="..", petitioner="甲"), dict(done, case_id="...", petitioner="甲"),
                  dict(done, case_id="2018/009", petitioner="乙"), dict(done, case_id="2018:009", petitioner="乙"),
                  dict(done, case_id="CON"), dict(done, case_id="2019-010", petitioner="丁" * 120),
                  dict(done, case_id="2019-011", petitioner="戊"), dict(done, case_id="2019-011", petitioner="己"),
                  dict(done, petitioner="庚"))
    result = run("review", path, "--today", "2019-11-01", "-o", tmp_path / "审核")
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "审核").glob("*-审核表.docx"))
    assert len(made) == 7 and len({n.casefold() for n in made}) == 7
    assert "第 10 行" in result.output and "第 11 行" in result.output  # the repeated 2019-011 and the row without id
    docs = run("docs", path, "-o", tmp_path / "文书", "--kind", "交办单")
    assert docs.exit_code in (0, 1), docs.output
    folders = [p for p in (tmp_path / "文书").iterdir() if p.is_dir()]
    assert len(folders) == 7 and not [p for p in folders if not any(p.iterdir())]
    assert "第11行 （无编号）" in docs.output and "第7行 CON" in docs.output  # skipped, and said why


# --- 11. hostile arguments --------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["monthly", "{ledger}", "--month", "9999-12"], ["quarterly", "{ledger}", "--quarter", "0001Q1"],
    ["check", "{ledger}", "--today", "9999-12-31"], ["overdue", "{ledger}", "--today", "0001-01-01"],
    ["docs", "{ledger}", "--rows", "1-999999999999"], ["overdue", "{ledger}", "--within", "99999999999999999999"],
    ["monthly", "{ledger}", "--within", "-1"],
])
def test_hostile_arguments_are_a_usage_message(tmp_path, args):
    path = ledger(tmp_path / "台账.xlsx", dict(case_id="2019-001", petitioner="张三"))
    result = run(*[str(path) if a == "{ledger}" else a for a in args])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), (result.output, result.exception)
    message = result.output.splitlines()[-1]
    assert "Traceback" not in result.output and any("\u4e00" <= ch <= "\u9fff" for ch in message), message


# --- 8. formula cells -------------------------------------------------------------------------


def test_formula_errors_and_missing_results_are_said_once_per_cell(tmp_path):
    path = ledger(tmp_path / "公式.xlsx", dict(case_id="2019-001", petitioner="张三"),
                  dict(case_id="2019-002", petitioner="李四", registered_on="2019-13-45"),
                  dict(case_id="2019-003", petitioner="王五"))
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    sheet["B3"] = "#N/A"  # openpyxl stores this as an error value, as Excel keeps a failed formula's result
    sheet["X3"] = "=B3+1"  # 受理日期 as a formula saved by a script: no result in the file
    sheet["X5"] = 0  # a date cell holding serial 0 (Excel shows 1900-01-00)
    sheet["X5"].number_format = "yyyy-mm-dd"
    book.save(path)
    report = json.loads(run("check", path, "--today", "2019-11-01", "--json").output)
    at = {}
    for f in report["findings"]:
        at.setdefault(f["cell"], []).append(f)
    assert [f["code"] for f in at["B3"]] == ["R024"] and "#N/A" in at["B3"][0]["message"]
    assert [f["code"] for f in at["X3"]] == ["R025"] and "打开并保存" in at["X3"][0]["hint"]
    assert [f["code"] for f in at["B4"]] == ["R001"]  # not also "为空"
    assert [f["code"] for f in at["X5"]] == ["R001"] and "1900 年以前" in at["X5"][0]["message"]
    assert "00:00:00" not in json.dumps(at["X5"], ensure_ascii=False)


def test_a_stage_whose_date_is_a_formula_without_result_is_unjudged_never_overdue(tmp_path):
    from openpyxl.utils import get_column_letter

    from xlkit.schema import BY_FIELD, COLUMNS

    served = dict(acceptance_served_on=D(2019, 9, 4))
    path = ledger(tmp_path / "公式期限.xlsx", dict(served, case_id="2019-001", petitioner="张三"),
                  dict(served, case_id="2019-002", petitioner="李四"),
                  dict(served, case_id="2019-003", petitioner="王五", extended="是", extension_days=30,
                       extension_reason="情况复杂", extension_approver="周主任"),
                  dict(served, case_id="2019-004", petitioner="赵六"),
                  dict(served, case_id="2019-005", petitioner="钱七"))  # the control: truly overdue
    headers = [c.header for c in COLUMNS]

    def cell(field: str, row: int) -> str:
        return f"{get_column_letter(headers.index(BY_FIELD[field].header) + 1)}{row}"

    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    sheet[cell("opinion_on", 3)] = "=TODAY()"  # saved by a script: no cached result
    sheet[cell("opinion_on", 4)] = "#N/A"  # a formula error
    sheet[cell("extension_notice_on", 5)] = "=X5+30"  # the extension's notice date: without it the due is 30 days early
    sheet[cell("accepted_on", 6)] = "=B6+1"  # the date the stage counts from
    book.save(path)
    today = "2019-11-20"  # past the 60 days (2019-11-04), within the 90 (2019-12-03)
    report = json.loads(run("overdue", path, "--today", today, "--json").output)
    late = [(i["row"], i["stage"]) for i in report["items"] if i["state"] == "超期"]
    assert late == [(7, "处理意见")]
    unjudged = {(u["row"], u["stage"]): u for u in report["unjudged"] if u["row"] is not None}
    assert set(unjudged) >= {(3, "处理意见"), (4, "处理意见"), (5, "处理意见"), (6, "处理意见")}
    assert unjudged[(3, "处理意见")]["cells"] == [cell("opinion_on", 3)]
    assert unjudged[(3, "处理意见")]["reasons"] == ["公式没有计算结果"]
    assert unjudged[(4, "处理意见")]["reasons"] == ["公式出错 #N/A"]
    assert unjudged[(5, "处理意见")]["missing"] == ["延期告知日期"]
    assert unjudged[(6, "处理意见")]["case_id"] == "2019-004"
    text = run("overdue", path, "--today", today)
    assert text.exit_code == 1 and "无法判断 5 项" in text.output and cell("opinion_on", 3) in text.output
    explained = run("explain", path, "2019-001", "--today", today)
    assert f"状态：无法判断（{cell('opinion_on', 3)}（处理意见出具日期）公式没有计算结果）" in explained.output
    findings = json.loads(run("check", path, "--today", today, "--json").output)["findings"]
    assert [f["row"] for f in findings if f["code"] == "C402"] == [7]
    monthly = run("monthly", path, "--month", "2019-11", "--today", today, "--json", "-o", tmp_path / "m.xlsx")
    assert json.loads(monthly.output)["overdue"] == 1, monthly.output


# --- 12. messages that mislead ----------------------------------------------------------------


def test_a_header_with_extra_marks_is_read_and_a_near_miss_is_pointed_at(tmp_path):
    # 案件编号* and 信访人（姓名） are the office's way of writing the standard headers: read them (issue 11).
    path = helpers.write_ledger(tmp_path / "表头.xlsx", [{"案件编号*": "2019-001", "信访人\n（姓名）": "张三"}],
                                headers=["案件编号*", "信访人\n（姓名）", "登记日期"])
    report = json.loads(run("check", path, "--json").output)
    assert report["cases"] == 1
    # A header that is only near a standard one stops the read and names the cell to look at.
    path = helpers.write_ledger(tmp_path / "近似.xlsx", [{"编 案 号": "2019-001", "姓名啊": "张三"}],
                                headers=["编 案 号", "姓名啊", "哪天"])
    result = run("check", path)
    assert result.exit_code == 2
    assert "第2行" in result.output and "xlkit columns" in result.output


@pytest.mark.parametrize("name", ["结果.xls", "结果.csv", "结果.docx"])
def test_a_workbook_output_under_another_extension_is_refused(tmp_path, name):
    path = ledger(tmp_path / "台账.xlsx", dict(case_id="2019-001", petitioner="张三"))
    for args in (["check", path, "-o", tmp_path / name], ["merge", path, "-o", tmp_path / name],
                 ["monthly", path, "--month", "2019-10", "-o", tmp_path / name]):
        result = run(*args)
        assert result.exit_code == 2 and ".xlsx" in result.output, (args[0], result.output)
        assert not (tmp_path / name).exists()


def test_the_report_link_survives_a_hash_in_the_ledger_path(tmp_path):
    folder = tmp_path / "第#1股"
    path = ledger(folder / "台账#2.xlsx", dict(case_id="2019-001", petitioner="张三", township="火星镇"))
    report = tmp_path / "校验.xlsx"
    run("check", path, "--today", "2019-11-01", "-o", report)
    links = [c.hyperlink.target for row in openpyxl.load_workbook(report)["校验结果"].iter_rows() for c in row
             if c.hyperlink is not None]
    assert links and all(link.replace("\\", "/").split("#", 1)[0].endswith("第%231股/台账%232.xlsx")
                         for link in links), links[:2]


def test_the_quarterly_report_exists_message_does_not_offer_o(tmp_path):
    path = ledger(tmp_path / "台账.xlsx", dict(case_id="2019-001", petitioner="张三"))
    args = ["quarterly", path, "--quarter", "2019Q4", "--today", "2019-11-01", "-o", tmp_path / "q" / "季度.xlsx"]
    assert run(*args).exit_code == 0
    (tmp_path / "q" / "季度.xlsx").unlink()
    again = run(*args)
    assert again.exit_code == 2 and "--force" in again.output and "指定新文件名" not in again.output


# --- 10. several candidate sheets -------------------------------------------------------------


def test_which_of_several_ledger_sheets_was_read_is_said_and_sheet_chooses(tmp_path):
    path = tmp_path / "两张表.xlsx"
    book = openpyxl.Workbook()
    old = book.active
    old.title = "2019年台账（旧）"
    old.append(["案件编号", "信访人"])
    old.append(["2019-001", "旧表里的人"])
    new = book.create_sheet("2019年台账")
    new.append(["案件编号", "信访人"])
    new.append(["2019-001", "新表里的人"])
    new.append(["2019-002", "李四"])
    book.save(path)
    report = json.loads(run("check", path, "--json").output)
    assert report["cases"] == 2  # the current sheet, not the old one that comes first
    said = [f for f in report["findings"] if f["code"] == "R026"]
    assert said and "2019年台账（旧）" in said[0]["message"] and "--sheet" in said[0]["hint"]
    chosen = json.loads(run("check", path, "--json", "--sheet", "2019年台账（旧）").output)
    assert chosen["cases"] == 1
    found = run("explain", path, "2019-001", "--sheet", "2019年台账（旧）")
    assert found.exit_code == 0 and "旧表里的人" in found.output
    missing = run("check", path, "--sheet", "2020年台账")
    assert missing.exit_code == 2 and "没有名为“2020年台账”的工作表" in missing.output


# --- 6. rows that vanish or multiply ----------------------------------------------------------


def test_a_clerk_counts_the_cases_not_the_repeated_headers_totals_or_merged_rows(tmp_path):
    from xlkit.schema import COLUMNS

    headers = {c.header: c.header for c in COLUMNS}
    path = ledger(tmp_path / "计数.xlsx", dict(case_id="2019-001", petitioner="张三"),
                  dict(case_id="2019-002", petitioner="李四"), headers,  # the header repeated for printing
                  dict(case_id="2019-003", petitioner="王五"), {"案件编号": "合计", "信访人": "3件"})
    report = json.loads(run("check", path, "--json", "--today", "2019-11-01").output)
    assert report["cases"] == 3
    assert [f["cell"] for f in report["findings"] if f["code"] == "R031"] == ["A5"]
    assert [f["cell"] for f in report["findings"] if f["code"] == "R032"] == ["A7"]
    folders = run("docs", path, "-o", tmp_path / "文书", "--kind", "交办单")
    assert "合计" not in " ".join(p.name for p in (tmp_path / "文书").iterdir()), folders.output

    merged = tmp_path / "合并单元格.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["案件编号", "信访人", "诉求内容", "登记日期"])
    for case, person, demand in [("2019-001", "张三", "路灯不亮"), (None, None, "垃圾未清"),
                                 ("2019-002", "李四", "污水"), (None, None, "噪音")]:
        sheet.append([case, person, demand, D(2019, 9, 2) if case else None])
    for rows in ("A2:A3", "B2:B3", "D2:D3", "A4:A5", "B4:B5", "D4:D5"):
        sheet.merge_cells(rows)
    book.save(merged)
    report = json.loads(run("check", merged, "--json", "--today", "2019-11-01").output)
    assert report["cases"] == 2
    assert not [f for f in report["findings"] if "重复" in f["message"] and f["cell"]]  # no false duplicate
    assert [f["cell"] for f in report["findings"] if f["code"] == "R030"] == ["A2", "A4"]
    from xlkit.read.ledger import read_ledger

    assert read_ledger(merged).frame.loc[2, "demand"] == "路灯不亮\n垃圾未清"


def test_pre_numbered_rows_are_skipped_but_said_once(tmp_path):
    """A ledger numbered ahead (第12–40行 holding only 2019-011 … 2019-039) is not 29 cases, and not silent."""
    rows = [dict(case_id=f"2019-{n:03d}", petitioner=f"信访人{n}") for n in range(1, 11)]
    rows += [{"案件编号": f"2019-{n:03d}"} for n in range(11, 40)]  # sheet rows 13–41 (title and header above)
    rows += [{"案件编号": "2019-040", "信访人": "郑十"}, {"案件编号": "2019-041"}]
    path = helpers.write_ledger(tmp_path / "预留.xlsx", rows)
    report = json.loads(run("check", path, "--json", "--today", "2019-11-01").output)
    assert report["cases"] == 11
    reserved = [f for f in report["findings"] if f["code"] == "R033"]
    assert len(reserved) == 1, reserved
    assert reserved[0]["message"].startswith("第13–41行、第43行只有案件编号，视为预留空行")
    assert reserved[0]["cell"] == "A13" and reserved[0]["severity"] == "提示"


def test_a_pre_numbered_row_with_content_in_a_column_not_read_is_a_case(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["案件编号", "信访人", "登记日期", "联络员意见"])  # not a column xlkit reads
    sheet.append(["2019-001", "张三", D(2019, 9, 2), "已办"])
    sheet.append(["2019-002", None, None, "正在核实"])
    book.save(tmp_path / "未读列.xlsx")
    report = json.loads(run("check", tmp_path / "未读列.xlsx", "--json", "--today", "2019-11-01").output)
    assert report["cases"] == 2
    assert not [f for f in report["findings"] if f["code"] == "R033"]


def test_values_in_a_column_without_a_header_are_reported_once_per_column(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["案件编号", "信访人", "登记日期", None, "诉求内容"])  # D has no header, between two that do
    sheet.append(["2019-001", "张三", D(2019, 9, 2), "插在中间", "路灯不亮", None, None, "右边的说明"])
    sheet.append(["2019-002", "李四", D(2019, 9, 3), None, "垃圾", None, None, "又一条"])
    sheet.append(["2019-003", "王五", D(2019, 9, 4), None, "污水"])
    book.save(tmp_path / "无表头列.xlsx")
    report = json.loads(run("check", tmp_path / "无表头列.xlsx", "--json", "--today", "2019-11-01").output)
    assert report["cases"] == 3
    headerless = {f["cell"]: f for f in report["findings"] if f["code"] == "R034"}
    assert set(headerless) == {"D2", "H2"}, headerless
    assert "H列没有表头" in headerless["H2"]["message"] and "2 格" in headerless["H2"]["message"]
    assert "右边的说明" in headerless["H2"]["message"] and "没有读取" in headerless["H2"]["message"]
    assert "H1" in headerless["H2"]["hint"] and "表头" in headerless["H2"]["hint"]
    assert headerless["D2"]["severity"] == "警告"


def test_repeated_headers_totals_and_examples_typed_in_other_forms_are_still_found(tmp_path):
    """The reader's shortcuts (issue 15: columns already in NFKC form, full-width forms only, plain 案件编号) must
    not hide a header repeated with a Kangxi radical (⽇ for 日) or full-width spaces, a 合计 row, or a 示例 row
    whose 案件编号 is not the row's first cell."""
    from xlkit.schema import COLUMNS

    headers = [c.header for c in COLUMNS]
    # two cells are enough to be a repeated header: one with U+2F47 KANGXI RADICAL SUN (NFKC gives 日), one
    # with an ideographic space
    repeated = {"登记日期": "登记⽇期", "信访人": "信访人\u3000"}
    rows = [dict(case_id=f"2019-{i:03d}", petitioner="张三", demand="清运垃圾（东门）") for i in range(1, 4)]
    path = helpers.write_ledger(tmp_path / "形式.xlsx", [
        rows[0], repeated, rows[1], {"案件编号": "合　计", "信访人": "3件"}, rows[2],
        {"信访人": "例：张三", "诉求内容": "填写示例"},
        {"序号": "示例", "案件编号": "2019-999", "信访人": "李四", "诉求内容": "清运垃圾"}], headers=["序号", *headers])
    report = json.loads(run("check", path, "--json", "--today", "2019-11-01").output)
    assert report["cases"] == 3
    found = sorted((f["code"], f["cell"]) for f in report["findings"] if f["code"] in ("R031", "R032", "R040"))
    assert found == [("R031", "B4"), ("R032", "B6"), ("R040", "A9"), ("R040", "H8")]


def test_a_del_character_typed_in_a_cell_does_not_shift_the_repeated_header_search(tmp_path):
    """The reader joins a column's cells with DEL (U+007F) to search it once; a cell holding one must not
    make the search point at the wrong row."""
    from xlkit.schema import COLUMNS

    headers = {c.header: c.header for c in COLUMNS}
    path = ledger(tmp_path / "删除符.xlsx", dict(case_id="2019-001", petitioner="张\x7f三"),
                  dict(case_id="2019-002", petitioner="李四"), headers, dict(case_id="2019-003", petitioner="王五"))
    report = json.loads(run("check", path, "--json", "--today", "2019-11-01").output)
    assert report["cases"] == 3
    assert [f["cell"] for f in report["findings"] if f["code"] == "R031"] == ["A5"]


def test_a_del_in_a_column_keeps_its_repeated_header_cells_read_in_nfkc_form(tmp_path):
    """A DEL (U+007F) typed in one cell makes the repeated-header search compare that column cell by cell; the
    cells must still be NFKC-folded there, as before issue 15: 登记⼈ (U+2F08 KANGXI RADICAL MAN) is 登记人."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    for row in (["案件编号", "登记人", "信访人", "受理日期", "诉求内容", "信访形式"],
                ["2019-001", "李\x7f登记", "张三", dt.date(2019, 9, 3), "清运垃圾", "来访"],
                ["案件编号", "登记\u2f08", "甲", "乙", "丙", "丁"],
                ["2019-002", "李登记", "李四", dt.date(2019, 9, 4), "修路", "来信"]):
        sheet.append(row)
    book.save(tmp_path / "删除符.xlsx")
    read = read_ledger(tmp_path / "删除符.xlsx")
    assert list(read.frame.index) == [2, 4]
    assert [(f.code, f.cell) for f in read.findings if f.code == "R031"] == [("R031", "A3")]


def test_a_total_or_a_note_in_two_cells_under_the_table_is_said_never_dropped_unseen(tmp_path):
    """Another office's 合计 row holds its count in 办理结果, not in 信访人; a 注 may take two cells. Both were
    left out of the cases without a word (found trying a foreign ledger as a clerk would)."""
    path = helpers.write_ledger(tmp_path / "合计.xlsx", [
        dict(BASE, case_id="2019-001", petitioner="张三"), dict(BASE, case_id="2019-002", petitioner="李四"),
        {"案件编号": "合计", "处理结果": "2件"}, {"案件编号": "注：", "诉求内容": "本表由综合股填报"}])
    report = json.loads(run("check", path, "--json", "--today", "2019-11-01").output)
    assert report["cases"] == 2
    said = {f["code"]: f for f in report["findings"] if f["code"] in ("R000", "R032")}
    assert said["R032"]["cell"] == "A5" and "合计" in said["R032"]["message"]
    assert said["R000"]["cell"] == "A6" and "注：" in said["R000"]["message"]


def test_a_sheet_whose_packed_bytes_are_damaged_is_a_clear_exit_2(tmp_path):
    # the 台账 part's deflate stream garbled in the middle (a file cut and mended by a USB stick or a mail
    # gateway): calamine's XmlError came out as a traceback
    import zipfile

    from xlkit.read.extent import sheet_parts

    path = ledger(tmp_path / "坏了.xlsx", *[dict(case_id=f"2019-{n:03}", petitioner=f"甲{n}", demand="清运垃圾" * n)
                                          for n in range(1, 200)])
    part = sheet_parts(path)["台账"]
    with zipfile.ZipFile(path) as package:
        info = package.getinfo(part)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    for at in range(start, start + 64):
        data[at] ^= 0x55
    path.write_bytes(bytes(data))
    for args in (["check", path, "--json"], ["quarterly", path, "-o", tmp_path / "季度.xlsx"]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert "坏了.xlsx" in result.output and "台账" in result.output and "损坏" in result.output


def test_an_xlsx_saved_under_an_xls_name_is_read_as_the_xlsx_it_is(tmp_path):
    # Excel opens an .xlsx renamed .xls (after a warning); calamine went by the name and failed, and the
    # extent guard and the bounded reader were skipped for it
    import shutil

    path = ledger(tmp_path / "原件.xlsx", dict(case_id="2019-001", petitioner="张三"),
                  dict(case_id="2019-002", petitioner="李四", township="火星镇"))
    book = openpyxl.load_workbook(path)
    book["台账"]["XFD1048576"] = "误按的字"
    book.save(path)
    renamed = tmp_path / "改名.xls"
    shutil.copy(path, renamed)
    original = xlkit_process("check", path, "--json", "--today", "2019-10-01")
    result = xlkit_process("check", renamed, "--json", "--today", "2019-10-01")
    assert result.returncode == original.returncode and result.returncode in (0, 1), result.stderr[-2000:]
    found = json.loads(result.stdout)
    assert found["cases"] == 2
    assert ([(f["code"], f["cell"]) for f in found["findings"]]
            == [(f["code"], f["cell"]) for f in json.loads(original.stdout)["findings"]])
    assert any(f["code"] == "R020" and f["cell"] == "XFD1048576" for f in found["findings"])


def _prefixed(path: Path, prefix: str) -> None:
    """Rewrite every sheet of `path` with its elements under a namespace prefix (`<ns0:c r="A1">`), as
    ElementTree-based and other writers save them."""
    import re
    import zipfile

    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    with zipfile.ZipFile(path) as package:
        parts = [(info, package.read(info.filename)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in parts:
            if info.filename.startswith("xl/worksheets/sheet"):
                text = re.sub(r"<(/?)(?![?!])([A-Za-z]\w*)(?=[\s>/])", rf"<\1{prefix}:\2", data.decode("utf-8"))
                data = text.replace(main, main.replace("xmlns=", f"xmlns:{prefix}=")).encode("utf-8")
            package.writestr(info, data)


def _far_cell_and_error_ledger(path):
    """Two cases, a stray cell at XFD1048576 and an error cell (#N/A) under 登记日期: (path, its column, row)."""
    path = ledger(path, dict(case_id="2019-001", petitioner="张三"), dict(case_id="2019-002", petitioner="李四"))
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    sheet["XFD1048576"] = "误按的字"
    top = next(c for row in sheet.iter_rows(max_row=5, max_col=80) for c in row if c.value == "登记日期")
    column, first = top.column_letter, top.row + 1
    sheet[f"{column}{first}"] = "#N/A"  # openpyxl writes it as an error cell (t="e")
    book.save(path)
    return path, column, first


@pytest.mark.parametrize("prefix", ["x", "ns0", "main"])
def test_a_sheet_written_with_any_namespace_prefix_is_scanned_for_far_cells_and_errors(tmp_path, prefix):
    # only `x:` was looked for: under `ns0:` the scan found no cell, calamine was handed the block up to
    # XFD1048576 and the process aborted (SIGABRT), and an error cell went unsaid
    path, column, first = _far_cell_and_error_ledger(tmp_path / "前缀.xlsx")
    _prefixed(path, prefix)
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    found = json.loads(result.stdout)
    assert found["cases"] == 2
    codes = {(f["code"], f["cell"]) for f in found["findings"]}
    assert ("R020", "XFD1048576") in codes and ("R024", f"{column}{first}") in codes, codes


@pytest.mark.parametrize("spelling", ["newline", "tab", "single quotes", "spaced equals"])
def test_a_sheet_spaced_or_quoted_otherwise_is_scanned_for_far_cells_and_errors(tmp_path, spelling):
    # `<c\n r="A1">`, `<c\tr="A1">`, `r='A1'`, `r = "A1"` are the same XML to calamine; the scan looked for
    # `<c r="` only, handed calamine the whole block up to XFD1048576 and the process aborted (SIGABRT)
    import re
    import zipfile

    path, column, first = _far_cell_and_error_ledger(tmp_path / "写法.xlsx")
    with zipfile.ZipFile(path) as package:
        parts = [(name, package.read(name)) for name in package.namelist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts:
            if name.startswith("xl/worksheets/sheet"):
                if spelling == "newline":
                    data = data.replace(b"<c r=", b"<c\n r=")
                elif spelling == "tab":
                    data = data.replace(b"<c r=", b"<c\tr=")
                elif spelling == "single quotes":
                    data = re.sub(rb'\b(r|t)="([^"]*)"', rb"\1='\2'", data)
                else:
                    data = re.sub(rb'\b(r|t)="', rb'\1 = "', data)
            package.writestr(name, data)
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    found = json.loads(result.stdout)
    assert found["cases"] == 2
    codes = {(f["code"], f["cell"]) for f in found["findings"]}
    assert ("R020", "XFD1048576") in codes and ("R024", f"{column}{first}") in codes, codes
