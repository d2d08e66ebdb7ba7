"""`xlkit check`, `overdue`, `explain` through click's CliRunner on real files (DESIGN §8)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.schema import header

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "示例台账.xlsx"

DONE = dict(registered_on=D(2019, 9, 16), registrar="李登记", source="县信访局", form="来访", petition_type="求决类",
            township="新宁镇", category="生活垃圾", demand="清运垃圾", assigned_on=D(2019, 9, 16), assigner="王交办",
            unit="综合股", handler="赵承办", accepted_on=D(2019, 9, 20), acceptance_decision="受理",
            acceptance_ref="开城治信受〔2019〕1号", acceptance_served_on=D(2019, 9, 20),
            opinion_ref="开城治信处〔2019〕1号", opinion_on=D(2019, 10, 30), demand_finding="合理", measure="解决到位",
            result="已清运", opinion_served_on=D(2019, 11, 1), service_method="直接送达", receipt_signed="是",
            satisfaction="满意", evaluated_on=D(2019, 11, 1), settled="是", settled_on=D(2019, 11, 1), rebounded="否",
            closed_on=D(2019, 11, 5), reviewer="周审核", review_conclusion="通过")
OPEN = {k: v for k, v in DONE.items() if k in ("registered_on", "registrar", "source", "form", "petition_type",
                                               "township", "category", "demand", "assigned_on", "assigner", "unit",
                                               "handler", "acceptance_decision", "acceptance_ref",
                                               "acceptance_served_on")}


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("台账 文件夹")
    good = helpers.write_ledger(folder / "好台账.xlsx", [
        dict(DONE, case_id="2019-001", petitioner="张三", id_number="11010519491231002X", phone="13812345678"),
        dict(OPEN, case_id="2019-002", petitioner="李四", phone="0818-8221234", accepted_on=D(2019, 9, 20)),
    ])
    bad = helpers.write_ledger(folder / "问题台账.xlsx", [
        dict(DONE, case_id="2019-001", petitioner="张三", id_number="110105194912310021", phone="-12345"),
        dict(OPEN, case_id="2019-002", petitioner="李四", accepted_on=D(2019, 8, 2), township="火星镇"),
        dict(DONE, case_id="2019-001", petitioner="王五"),
    ])
    report = folder / "校验结果.xlsx"
    result = run("check", bad, "--today", "2019-11-15", "-o", report)
    assert result.exit_code == 1, result.output
    return {"folder": folder, "good": good, "bad": bad, "report": report, "output": result.output}


def test_exit_0_without_errors(files):
    result = run("check", files["good"], "--today", "2019-11-15")
    assert result.exit_code == 0, result.output
    assert "错误 0 条" in result.output and "没有发现问题" in result.output
    assert "临期" not in result.output  # 2019-002 is due 11-19 but `check` reports overdue, not due-soon


def test_exit_1_and_a_readable_table(files):
    out = files["output"]
    assert "【错误】" in out and "【警告】" in out
    assert "台账!H3" in out and "案件 2019-001" in out and "怎么改：" in out
    assert out.index("【错误】") < out.index("【警告】")
    assert "校验结果已另存为" in out


@pytest.mark.parametrize(("make", "words"), [
    (lambda folder: folder / "不存在.xlsx", "找不到文件"),
    (lambda folder: _text_file(folder / "假台账.xlsx"), "不是 Excel 文件"),
    (lambda folder: helpers.write_ledger(folder / "缺列.xlsx", [{"举报人姓氏": "1"}], headers=["举报人姓氏", "日子"]),
     "像是“信访人”"),
])
def test_exit_2_with_a_chinese_message(tmp_path, make, words):
    result = run("check", make(tmp_path), "--today", "2019-11-15")
    assert result.exit_code == 2
    assert words in result.output and "错误：" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def _text_file(path: Path) -> Path:
    path.write_text("案件编号,信访人\n1,张三\n", encoding="utf-8")
    return path


def test_json_shape(files):
    result = run("check", files["bad"], "--today", "2019-11-15", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"ledger", "today", "cases", "findings"}
    assert data["today"] == "2019-11-15" and data["cases"] == 3 and data["ledger"].endswith("问题台账.xlsx")
    keys = {"severity", "code", "sheet", "cell", "row", "column", "case_id", "value", "message", "hint"}
    assert all(set(f) == keys for f in data["findings"])
    id_check = next(f for f in data["findings"] if f["code"] == "C120")
    assert id_check == {**id_check, "severity": "错误", "sheet": "台账", "cell": "H3", "row": 3,
                        "column": header("id_number"), "case_id": "2019-001", "value": "110105194912310021"}
    assert {f["severity"] for f in data["findings"]} <= {"错误", "警告", "提示"}


def test_report_workbook(files):
    workbook = openpyxl.load_workbook(files["report"])
    assert workbook.sheetnames == ["校验结果", "汇总", "表头识别"]  # the helper sheet prints last
    assert workbook.active.title == "校验结果"
    sheet = workbook["校验结果"]
    assert [c.value for c in sheet[3]] == ["严重程度", "规则", "位置", "列", "案件编号", "值", "问题", "修改建议"]
    assert sheet.auto_filter.ref.startswith("A3:H") and sheet.freeze_panes == "A4"
    rows = list(sheet.iter_rows(min_row=4))
    id_row = next(r for r in rows if r[1].value == "C120")
    assert id_row[2].value == "台账!H3"
    link = id_row[2].hyperlink  # relative: the report sits beside the ledger
    assert (link.target, link.location) == ("问题台账.xlsx", "'台账'!H3")
    phone_row = next(r for r in rows if r[1].value == "C130")
    assert phone_row[5].value == "-12345" and phone_row[5].data_type == "s"  # text, never a formula
    assert id_row[0].fill.fgColor.rgb.endswith("F8CBAD")
    summary = workbook["汇总"]
    cells: dict = {}
    for row in summary.iter_rows():
        for c in row:
            if c.value is not None:
                cells.setdefault(c.value, summary.cell(c.row, c.column + 1).value)  # first (label, value) wins
    errors = sum(1 for r in rows if r[0].value == "错误")
    assert cells["错误"] == errors > 0 and cells["案件数"] == 3
    assert cells["校验基准日"] == dt.datetime(2019, 11, 15) and cells["台账文件"].endswith("问题台账.xlsx")
    assert cells["C150"] == "案件编号重复"


def test_report_rows_fit_their_text_and_links_stop_at_excels_limit(files, tmp_path, monkeypatch):
    from xlkit.check import report as check_report

    sheet = openpyxl.load_workbook(files["report"])["校验结果"]
    long_row = next(r for r in sheet.iter_rows(min_row=4) if len(r[6].value or "") > 23)  # 问题 wraps in 46 columns
    assert sheet.row_dimensions[long_row[0].row].height >= 28
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页" and sheet.print_title_rows == "$3:$3"
    # XlsxWriter drops a linked cell past Excel's 65,530 links a sheet: the location must stay as text
    monkeypatch.setattr(check_report, "MAX_LINKS", 1)
    capped = tmp_path / "capped.xlsx"
    assert run("check", files["bad"], "--today", "2019-11-15", "-o", capped).exit_code == 1
    rows = list(openpyxl.load_workbook(capped)["校验结果"].iter_rows(min_row=4))
    assert [r[2].hyperlink is not None for r in rows].count(True) == 1
    assert all(r[2].value and r[2].value.startswith("台账!") for r in rows)


def test_report_title_says_which_ledger_when_and_how_many(files):
    sheet = openpyxl.load_workbook(files["report"])["校验结果"]
    counts = json.loads(run("check", files["bad"], "--today", "2019-11-15", "--json").output)["findings"]
    tally = {s: sum(f["severity"] == s for f in counts) for s in ("错误", "警告", "提示")}
    assert sheet["A1"].value == "台账校验结果：问题台账.xlsx" and sheet["A1"].font.b
    line = sheet["A2"].value
    assert "校验基准日 2019年11月15日" in line and "3 件案件" in line
    assert f"错误 {tally['错误']} 条，警告 {tally['警告']} 条，提示 {tally['提示']} 条" in line


def test_report_groups_findings_as_the_screen_does(files):
    """错误 → 警告 → 提示, each group in ledger order: the order `xlkit check` prints (a trial showed 提示 first)."""
    sheet = openpyxl.load_workbook(files["report"])["校验结果"]
    printed = [(r[0], r[1], r[2]) for r in sheet.iter_rows(min_row=4, values_only=True)]
    findings = json.loads(run("check", files["bad"], "--today", "2019-11-15", "--json").output)["findings"]
    rank = {"错误": 0, "警告": 1, "提示": 2}
    screen = [(f["severity"], f["code"], f"{f['sheet']}!{f['cell']}" if f["cell"] else f["sheet"])
              for f in sorted(findings, key=lambda f: rank[f["severity"]])]
    assert printed == screen
    assert [f["severity"] for f in findings] != [s for s, _, _ in screen]  # the ledger's order is not this one


def test_report_masks_the_full_id_number_unless_asked(files, tmp_path):
    full, masked = "110105194912310021", "110105********0021"
    sheet = openpyxl.load_workbook(files["report"])["校验结果"]
    texts = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert not [t for t in texts if full in t]
    id_row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1] == "C120")
    assert id_row[5] == masked and masked in id_row[6]
    plain = tmp_path / "未隐去.xlsx"
    assert run("check", files["bad"], "--today", "2019-11-15", "-o", plain, "--no-mask").exit_code == 1
    id_row = next(r for r in openpyxl.load_workbook(plain)["校验结果"].iter_rows(min_row=4, values_only=True)
                  if r[1] == "C120")
    assert id_row[5] == full and full in id_row[6]
    assert full in run("check", files["bad"], "--today", "2019-11-15").output  # the screen is the clerk's own


def test_mask_ids_in_text_uses_the_one_masking_rule():
    from xlkit.output.files import mask_id, mask_ids_in

    text = "号码 511723199001011234 与 11010519491231002X、旧号 511723900101123；电话 13812345678，19 位 5117231990010112345"
    assert mask_ids_in(text) == (f"号码 {mask_id('511723199001011234')} 与 {mask_id('11010519491231002X')}、旧号 "
                                 f"{mask_id('511723900101123')}；电话 13812345678，19 位 5117231990010112345")


def test_report_summary_numbers_are_numbers(files):
    summary = openpyxl.load_workbook(files["report"])["汇总"]
    values = {row[0].value: row[1] for row in summary.iter_rows() if row[0].value and len(row) > 1}
    assert values["案件数"].data_type == "n" and values["案件数"].value == 3
    assert values["校验基准日"].is_date and values["校验基准日"].value.date() == D(2019, 11, 15)
    for severity in ("错误", "警告", "提示"):
        assert values[severity].data_type == "n", severity
    counted = [r[3] for r in summary.iter_rows() if r[0].value and str(r[0].value)[:1] in "CR" and r[3].value]
    assert counted and all(c.data_type == "n" for c in counted)


def test_report_rows_are_as_tall_as_their_wrapped_text_and_no_taller(tmp_path):
    """Row heights come from the wrapped display width (as fit_rows estimates) at the report's 10 pt; a
    whole paragraph typed into a short column is cut in 值 and 问题, not printed as a 400-point row."""
    from xlkit.check.report import COLUMNS, VALUE_LIMIT
    from xlkit.output.xlsx_style import LINE_SPACING, ROW_PADDING, lines_needed, text_width

    essay = "村民反映" * 60
    ledger = helpers.write_ledger(tmp_path / "长文本.xlsx", [
        dict(OPEN, case_id="2019-010", petitioner="赵六", accepted_on=D(2019, 9, 20), township=essay),
        dict(OPEN, case_id="2019-011", petitioner="孙七", accepted_on=D(2019, 9, 20), township="火星镇")])
    report = tmp_path / "校验结果.xlsx"
    assert run("check", ledger, "--today", "2019-11-15", "-o", report).exit_code in (0, 1)
    sheet = openpyxl.load_workbook(report)["校验结果"]
    widths = [w for _, w in COLUMNS]
    rows = list(sheet.iter_rows(min_row=4))
    assert rows
    for row in rows:
        lines = max(lines_needed(c.value, w) if c.value not in (None, "") else 1 for c, w in zip(row, widths, strict=False))
        height = sheet.row_dimensions[row[0].row].height or 15
        assert height <= max(15, lines * 10 * LINE_SPACING + ROW_PADDING) + 1, (row[1].value, height, lines)
        if lines >= 2:
            assert height >= lines * 10 * LINE_SPACING, (row[1].value, height, lines)
    long = next(r for r in rows if r[3].value == "问题属地乡镇" and r[4].value == "2019-010")
    assert long[5].value.endswith("…") and text_width(long[5].value) <= VALUE_LIMIT + 1
    assert essay not in long[6].value and long[5].value in long[6].value
    assert sheet.row_dimensions[long[0].row].height < 120


def test_report_is_not_overwritten_without_force(files):
    result = run("check", files["bad"], "--today", "2019-11-15", "-o", files["report"])
    assert result.exit_code == 2 and "--force" in result.output
    again = run("check", files["bad"], "--today", "2019-11-15", "-o", files["folder"] / "again.xlsx", "--force")
    assert again.exit_code == 1
    onto_ledger = run("check", files["bad"], "-o", files["bad"], "--force")
    assert onto_ledger.exit_code == 2 and "台账本身" in onto_ledger.output


@pytest.mark.libreoffice
def test_report_opens_in_libreoffice(files, tmp_path):
    pdf = helpers.convert(files["report"], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "严重程度" in text and "C120" in text and "案件编号" in text


def test_overdue_json(files):
    result = run("overdue", files["bad"], "--today", "2019-11-15", "--json")
    assert result.exit_code == 1, result.output  # something is 超期
    data = json.loads(result.output)
    assert data["today"] == "2019-11-15"
    timed = [i for i in data["items"] if i["state"] != "待办"]
    tasks = [i for i in data["items"] if i["state"] == "待办"]
    assert {tuple(sorted(i)) for i in timed} == {("case_id", "days_left", "due", "key", "row", "stage", "state")}
    opinion = next(i for i in data["items"] if i["case_id"] == "2019-002" and i["stage"] == "处理意见")
    assert opinion == {"case_id": "2019-002", "row": 4, "stage": "处理意见", "key": "opinion", "due": "2019-10-08",
                       "days_left": -38, "state": "超期"}
    # the 60-day analysis is an open task without a time limit: no due date, the days since day 60
    analysis = next(i for i in tasks if i["case_id"] == "2019-002")
    assert analysis == {"case_id": "2019-002", "row": 4, "stage": "息访分析", "key": "analysis", "due": None,
                        "days_left": None, "state": "待办", "since": "2019-10-08", "days_since": 38}


def test_overdue_within(files):
    good = files["good"]
    default = json.loads(run("overdue", good, "--today", "2019-11-15", "--json").output)["items"]
    # day 60 is also when the unsettled analysis becomes a task: not a deadline, so not 临期
    assert [(i["stage"], i["state"], i["days_left"]) for i in default] == [("处理意见", "临期", 4)]
    narrow = json.loads(run("overdue", good, "--today", "2019-11-15", "--within", "3", "--json").output)["items"]
    assert narrow == []
    text = run("overdue", good, "--today", "2019-11-15").output
    assert "临期 1 项" in text and "还剩 4 天" in text and "待办 0 项" in text


def test_explain(files):
    result = run("explain", files["bad"], "2019-002", "--today", "2019-11-15")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "【处理意见】期限 2019年10月8日" in out
    assert "起算：受理日期 2019年8月2日" in out and "60 日" in out
    assert "跳过 10月1日（法定节假日）" in out and "2005年《信访条例》第三十三条" in out
    assert "状态：超期（已超期 38 天）" in out


def test_explain_unknown_case(files):
    result = run("explain", files["bad"], "2099-999")
    assert result.exit_code == 2 and "没有案件编号为“2099-999”" in result.output
    assert "Traceback" not in result.output


def test_explain_duplicate_case_lists_both(files):
    result = run("explain", files["bad"], "2019-001", "--today", "2019-11-15")
    assert result.exit_code == 0 and "出现 2 次" in result.output


@pytest.mark.skipif(not EXAMPLE.exists(), reason="examples/示例台账.xlsx not generated yet")
def test_example_ledger_reports_every_deliberate_mistake_and_no_other_error():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("example_generate", ROOT / "examples" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generate  # dataclasses look their module up while the file runs
    spec.loader.exec_module(generate)
    result = run("check", EXAMPLE, "--today", "2021-01-15", "--json")
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    for case_id, field, what in generate.DELIBERATE_MISTAKES:
        assert any(f["case_id"] == case_id and f["column"] == header(field) for f in findings), (case_id, what)
    for case_id, field, why in getattr(generate, "EXPECTED_HINTS", []):
        assert any(f["case_id"] == case_id and f["column"] == header(field) and f["severity"] == "提示"
                   for f in findings), (case_id, why)
    planted = {case_id for case_id, _, _ in generate.DELIBERATE_MISTAKES}
    assert [f for f in findings if f["severity"] == "错误" and f["case_id"] not in planted] == []


def test_explain_finds_a_case_typed_as_the_clerk_sees_it(tmp_path):
    # explain finds the id however it is typed: full-width digits, either case
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [dict(OPEN, case_id="2019-x01", petitioner="张三",
                                                               accepted_on=D(2019, 9, 20))])
    for typed in ("2019-x01", "２０１９-X01"):
        result = run("explain", path, typed, "--today", "2019-11-15")
        assert result.exit_code == 0, result.output
        assert "【处理意见】期限 2019年11月19日" in result.output


def test_an_output_that_is_a_folder_or_locked_is_a_chinese_message_not_a_traceback(files, tmp_path, monkeypatch):
    folder = tmp_path / "结果"
    folder.mkdir()
    result = run("check", files["good"], "-o", folder, "--force")
    assert result.exit_code == 2 and "文件夹" in result.output and "Traceback" not in result.output

    def locked(src, dst):  # what Windows raises when the report is open in Excel
        raise PermissionError(13, "Permission denied", str(src), None, str(dst))

    monkeypatch.setattr("xlkit.output.files.os.replace", locked)
    result = run("check", files["good"], "-o", tmp_path / "校验结果.xlsx")
    assert result.exit_code == 2 and "被占用" in result.output and "校验结果.xlsx" in result.output


def test_digits_of_other_scripts_in_an_id_number_are_reported_not_a_crash(tmp_path):
    path = helpers.write_ledger(tmp_path / "t.xlsx", [dict(case_id="1", petitioner="甲", id_number="511723199001011٢٣X")])
    result = run("check", path, "--json", "--today", "2019-10-01")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    codes = [f["code"] for f in json.loads(result.stdout)["findings"] if f["column"] == "身份证号"]
    assert codes and "R003" not in codes


def test_overdue_says_which_stages_it_could_not_judge(tmp_path):
    path = helpers.write_ledger(tmp_path / "t.xlsx", [dict(case_id="1", petitioner="甲", accepted_on=D(2019, 9, 20))],
                                headers=["案件编号", "信访人", "受理日期"])
    result = run("overdue", path, "--today", "2019-12-31")
    assert result.exit_code == 0
    assert "没有“处理意见出具日期”列，“处理意见”环节无法判断" in result.output


def test_with_a_report_the_console_lists_the_first_findings_and_points_at_the_workbook(tmp_path):
    """-o on a big ledger: the console names SHOWN_WITH_REPORT findings of a severity and says where the rest are."""
    from xlkit.cli.check_cmds import SHOWN_WITH_REPORT

    rows = [dict(OPEN, case_id=f"2019-{i:03d}", petitioner="李四", township="火星镇") for i in range(1, 61)]
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", rows)
    report = tmp_path / "校验结果.xlsx"
    result = run("check", ledger, "--today", "2019-11-15", "-o", report)
    data = json.loads(run("check", ledger, "--today", "2019-11-15", "--json").output)
    warnings = [f for f in data["findings"] if f["severity"] == "警告"]
    assert len(warnings) > SHOWN_WITH_REPORT
    listed = result.output.split("【警告】")[1].split("【提示】")[0]
    assert f"{SHOWN_WITH_REPORT:>4}. " in listed and f"{SHOWN_WITH_REPORT + 1:>4}. " not in listed
    assert f"……其余 {len(warnings) - SHOWN_WITH_REPORT} 条警告见 校验结果.xlsx（工作表“校验结果”）。" in listed
    workbook = openpyxl.load_workbook(report, read_only=True)
    table = [row for row in workbook["校验结果"].iter_rows(values_only=True) if "警告" in row]
    assert len(table) == len(warnings)  # the workbook keeps every one
    without = run("check", ledger, "--today", "2019-11-15")
    assert "……其余" not in without.output and f"{len(warnings):>4}. " in without.output.split("【警告】")[1]


def test_the_console_command_ends_with_its_exit_code_and_its_files_whole(files, tmp_path):
    # `xlkit` leaves with os._exit once the command is done (issue 15: no object-by-object teardown), so the
    # real entry point is run: its exit codes, its printed result and its written workbook must be whole
    import sys

    def xlkit(*args: object, **options):
        return subprocess.run([sys.executable, "-m", "xlkit", *map(str, args)], capture_output=True, text=True,
                              encoding="utf-8", cwd=tmp_path, **options)

    report = tmp_path / "结果.xlsx"
    done = xlkit("check", files["bad"], "--today", "2019-11-15", "-o", report)
    assert done.returncode == run("check", files["bad"], "--today", "2019-11-15").exit_code == 1
    assert "Traceback" not in done.stderr
    rows = list(openpyxl.load_workbook(report, read_only=True)["校验结果"].iter_rows(values_only=True))
    assert any("C120" in row for row in rows)
    printed = xlkit("check", files["bad"], "--today", "2019-11-15", "--json")
    assert json.loads(printed.stdout)["cases"] == 3
    assert xlkit("check", files["good"], "--today", "2019-11-15").returncode == 0
    missing = xlkit("check", tmp_path / "没有.xlsx")
    assert missing.returncode == 2 and "找不到文件" in missing.stderr and "Traceback" not in missing.stderr
    assert xlkit("check", "--no-such-option").returncode == 2
    # a reader that stops after the first line (`xlkit check --json | head -1`): no traceback, no hang
    many = helpers.write_ledger(tmp_path / "多.xlsx", [dict(OPEN, case_id=f"2019-{n:03}", petitioner="甲", phone="-1")
                                                       for n in range(400)])  # more JSON than a pipe holds
    reader = subprocess.Popen([sys.executable, "-m", "xlkit", "check", str(many), "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert reader.stdout.readline().strip() == b"{"
    reader.stdout.close()
    assert reader.wait(timeout=60) in (0, 1)
    assert b"Traceback" not in reader.stderr.read()


def test_the_console_command_with_its_output_closed_ends_with_its_own_exit_code(files, tmp_path):
    # `xlkit ... >&-` (a scheduled task with no console): Python makes sys.stdout/sys.stderr None, and the
    # leaving step flushed them: an AttributeError traceback and exit 1 after a good run
    import os
    import sys

    def closed(*fds: int):
        return lambda: [os.close(fd) for fd in fds]

    report = tmp_path / "结果.xlsx"
    done = subprocess.run([sys.executable, "-m", "xlkit", "check", str(files["good"]), "--today", "2019-11-15",
                           "-o", str(report)], stderr=subprocess.PIPE, preexec_fn=closed(1), cwd=tmp_path)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    assert openpyxl.load_workbook(report, read_only=True)["校验结果"] is not None
    both = subprocess.run([sys.executable, "-m", "xlkit", "--help"], preexec_fn=closed(1, 2), cwd=tmp_path)
    assert both.returncode == 0
    bad = subprocess.run([sys.executable, "-m", "xlkit", "check", str(files["bad"]), "--today", "2019-11-15"],
                         stderr=subprocess.PIPE, preexec_fn=closed(1), cwd=tmp_path)
    assert bad.returncode == 1 and b"Traceback" not in bad.stderr


def test_an_output_folder_that_is_a_file_is_a_chinese_message_not_a_traceback(files, tmp_path):
    a_file = tmp_path / "台账副本.xlsx"
    a_file.write_bytes(files["good"].read_bytes())
    for args in (["check", files["good"], "--today", "2019-11-15", "-o", a_file / "子" / "结果.xlsx"],
                 ["review", files["good"], "--today", "2019-11-15", "-o", a_file],
                 ["demo", "-o", a_file]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert "不是文件夹" in result.output and "台账副本.xlsx" in result.output, result.output
    assert a_file.read_bytes() == files["good"].read_bytes()
    assert not list(tmp_path.glob(".~xlkit-*"))


@pytest.mark.libreoffice
def test_a_long_sheet_name_prints_beside_its_column_not_over_it(tmp_path):
    # another office's ledger on a sheet named 2020年信访登记: LibreOffice never wraps a link's text, so the
    # 位置 link printed over the 列 beside it (pdftotext boxes overlapped); the column is as wide as its links
    ledger = helpers.write_ledger(tmp_path / "外来.xlsx", [
        dict(DONE, case_id=f"2019-{n:03}", petitioner="张三", id_number="110105194912310021") for n in range(3)],
        sheet="2020年信访登记")
    report = tmp_path / "校验结果.xlsx"
    assert run("check", ledger, "--today", "2019-11-15", "-o", report).exit_code == 1
    from xlkit.output.layout import text_width

    sheet = openpyxl.load_workbook(report)["校验结果"]
    places = [row[2].value for row in sheet.iter_rows(min_row=4) if row[2].hyperlink is not None]
    assert places and sheet.column_dimensions["C"].width >= max(map(text_width, places))
    pdf = helpers.convert(report, "pdf", tmp_path)
    assert helpers.pdf_overlaps(pdf) == []


def test_a_ledger_without_case_numbers_names_each_case_by_its_row_once(tmp_path):
    """Without a 案件编号 column a case is called “第3行”: the console said “第3行  案件 第3行”."""
    headers = ["信访人", "登记日期", "交办日期", "诉求内容", "受理告知书送达日期"]
    path = helpers.write_ledger(tmp_path / "无编号.xlsx", [
        {"信访人": "张三", "登记日期": D(2019, 9, 2), "交办日期": D(2019, 9, 2), "诉求内容": "清运垃圾"},
    ], headers=headers, title=None)
    result = run("overdue", path, "--today", "2019-10-08")
    assert "第2行" in result.output and "受理告知" in result.output, result.output
    assert "案件 第2行" not in result.output, result.output
    out = tmp_path / "文书"
    result = run("docs", path, "-o", out, "--today", "2019-10-08")
    assert "第2行 交办单" in result.output or "第2行" in result.output, result.output
    assert "第2行 第2行" not in result.output and "案件 第2行" not in result.output, result.output
    result = run("explain", path, "第2行", "--today", "2019-10-08")
    assert result.output.startswith("第2行的案件（信访人 张三）"), result.output
    result = run("explain", path, "2", "--today", "2019-10-08")
    assert "没有案件编号列" in result.output and "“第2行”" in result.output, result.output


@pytest.mark.parametrize("accepted", [D(2019, 9, 20), D(2024, 2, 19)])
def test_explain_an_extension_says_the_limit_of_thirty_days_once(tmp_path, accepted):
    """A clerk's explain of an extended case read “…最多 30 日，并告知信访人延期理由；经批准可延长，最多 30 日”."""
    row = DONE | dict(case_id="X-1", petitioner="韩素芬", registered_on=accepted, assigned_on=accepted,
                      accepted_on=accepted, acceptance_served_on=accepted, extended="是", extension_days=30,
                      extension_notice_on=accepted + dt.timedelta(days=50), extension_approver="王主任",
                      opinion_on=accepted + dt.timedelta(days=85), opinion_served_on=None, evaluated_on=None,
                      satisfaction=None, settled_on=None, settled=None, closed_on=None)
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", [row])
    result = run("explain", ledger, "X-1", "--today", (accepted + dt.timedelta(days=100)).isoformat())
    assert result.exit_code == 0, result.output
    opinion = result.output.split("【处理意见】")[1].split("【")[0]
    assert "延长 30 日" in opinion
    assert opinion.replace("\n", "").replace(" ", "").count("最多30日") == 1, opinion
