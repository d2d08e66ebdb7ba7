"""卷宗: the completeness check over real folders of scans and drafts, and the packed PDF (issue 7)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import docx
import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from PIL import Image, ImageStat
from pypdf import PageObject, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from xlkit.cli import cli
from xlkit.codes import catalogue, lookup
from xlkit.dossier.papers import (
    DAMAGED,
    FILED,
    MISSING,
    UNSIGNED,
    check,
    folder_of,
    pack,
    pack_order,
    parse_file_name,
    required_papers,
    scan_folder,
    stage_of,
)
from xlkit.findings import Finding, Severity
from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = "2019-12-20"


# ---------------------------------------------------------------------------
# fixtures: real files


def text_pdf(path: Path, *pages: str) -> Path:
    """A PDF whose pages carry the given ASCII markers (readable by pdftotext)."""
    writer = PdfWriter()
    for text in pages:
        page = PageObject.create_blank_page(width=595, height=842)
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): font})})
        stream = StreamObject()
        stream.set_data(f"BT /F1 18 Tf 100 600 Td ({text}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
        writer.add_page(page)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def image(path: Path, size=(800, 1100), color="gray") -> Path:
    Image.new("RGB", size, color).save(path)
    return path


def draft(path: Path, text: str) -> Path:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


def closed_case(case_id, petitioner, **extra):
    case = dict(case_id=case_id, petitioner=petitioner, registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3),
                unit="环卫股", accepted_on=D(2019, 9, 5), acceptance_served_on=D(2019, 9, 6),
                opinion_on=D(2019, 10, 20), opinion_served_on=D(2019, 10, 22), satisfaction="满意",
                evaluated_on=D(2019, 10, 22), settled="是", settled_on=D(2019, 10, 25), closed_on=D(2019, 10, 28))
    case.update(extra)
    return case


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    """A ledger and a dossier folder with every kind of gap."""
    base = tmp_path_factory.mktemp("dossier")
    rows = [
        closed_case("2019-001", "张三"),  # complete
        closed_case("2019-002", "李四", settled="否", settled_on=None, satisfaction=None, evaluated_on=None),
        dict(case_id="2019-003", petitioner="王五", accepted_on=D(2019, 10, 10), acceptance_served_on=D(2019, 10, 12)),
        dict(case_id="2019-004", petitioner="赵六", accepted_on=D(2019, 11, 1), acceptance_served_on=D(2019, 11, 4),
             opinion_on=D(2019, 12, 10)),  # open: opinion issued but not yet served
        closed_case("2019-005", "钱七"),  # closed, no folder at all
        dict(case_id="2019-006", petitioner="孙八", registered_on=D(2019, 12, 1)),  # nothing to sign yet
    ]
    ledger = helpers.write_ledger(base / "台账.xlsx", rows)
    root = base / "卷宗"

    a = root / "2019-001-张三"
    a.mkdir(parents=True)
    draft(a / "03-受理告知书.docx", "draft")
    text_pdf(a / "03-受理告知书-签字.pdf", "ACCEPT")
    image(a / "送达回证-受理告知书.jpg")
    text_pdf(a / "信访事项处理意见书-签字.pdf", "OPINION-1", "OPINION-2")
    image(a / "送达回证-处理意见书.png")
    image(a / "满意度评价表-签字-1.jpg")
    image(a / "满意度评价表-签字-2.jpg")
    text_pdf(a / "息诉息访书-签字.pdf", "SETTLE")
    draft(a / "11-结案报告.docx", "report")

    b = root / "2019-002-李四"
    b.mkdir()
    (b / "受理告知书-签字.pdf").write_bytes(b"")  # empty
    (b / "送达回证-受理告知书.jpg").write_bytes(b"this is not a picture")  # unreadable
    draft(b / "07-信访事项处理意见书.docx", "draft")  # unsigned draft only
    text_pdf(b / "07-信访事项处理意见书.pdf", "DRAFT-AS-PDF")  # xlkit docs --pdf: still a draft
    image(b / "送达回证-处理意见书.jpg")
    # 满意度评价表 missing entirely, no 办理情况报告

    c = root / "2019-003-王五"  # open case, papers registered in 卷内目录.xlsx under free names
    c.mkdir()
    text_pdf(c / "scan-0001.pdf", "ACCEPT-SCAN")
    image(c / "IMG_2041.jpg")
    index = openpyxl.Workbook()
    index.active.append(["序号", "文书名称", "文件名", "页数", "备注"])
    index.active.append([1, "受理告知书", "scan-0001.pdf", 1, None])
    index.active.append([2, "送达回证（受理告知书）", "IMG_2041.jpg", 1, None])
    index.save(c / "卷内目录.xlsx")

    d = root / "2019-004"  # folder named by the case number alone; drafts only
    d.mkdir()
    draft(d / "03-受理告知书.docx", "draft")
    draft(d / "04-送达回证（受理告知书）.docx", "draft")
    draft(d / "07-信访事项处理意见书.docx", "draft")

    (root / "2018-999-路人").mkdir()  # not in the ledger
    (root / "2019-006-孙九").mkdir()  # the number of 孙八's case: misfiled?
    return ledger, root


def by_code(report, case_id):
    case = next(c for c in report.cases if c.case_id == case_id)
    return case, {(p.code, p.column) for p in case.problems}


# ---------------------------------------------------------------------------
# naming convention


@pytest.mark.parametrize(("name", "key", "signed"), [
    ("受理告知书-签字.pdf", "acceptance", True),
    ("03-受理告知书-签字.pdf", "acceptance", True),
    ("送达回证-处理意见书.jpg", "opinion_receipt", True),
    ("送达回证-延期告知书.png", "extension_receipt", True),
    ("08-送达回证（处理意见书）-签字.pdf", "opinion_receipt", True),
    ("满意度评价表-签字-2.jpeg", "satisfaction", True),
    ("息访书 签字版(1).jpg", "settlement", True),
    ("07-信访事项处理意见书.pdf", "opinion", False),  # the draft converted to PDF
    ("08-送达回证（处理意见书）.docx", "opinion_receipt", False),
    ("现场照片.jpg", None, False),
])
def test_naming_convention(name, key, signed):
    kind, is_signed = parse_file_name(name)
    assert (kind.key if kind else None, is_signed) == (key, signed)


def test_naming_convention_is_written_down():
    rules = (Path(__file__).parents[1] / "doc_templates" / "卷宗命名规则.md").read_text(encoding="utf-8")
    for example in ("受理告知书-签字.pdf", "送达回证-处理意见书", "卷内目录.xlsx", "序号 | 文书名称 | 文件名 | 页数 | 备注"):
        assert example in rules
    import xlkit.dossier.papers

    assert "卷宗命名规则" in xlkit.dossier.papers.__doc__


def test_open_cases_need_fewer_papers():
    accepted = dict(case_id="1", petitioner="甲", accepted_on=D(2019, 9, 5))
    assert required_papers(accepted) == []  # printed, not yet served
    served = accepted | dict(acceptance_served_on=D(2019, 9, 6))
    assert [k.key for k in required_papers(served)] == ["acceptance", "acceptance_receipt"]
    closed = closed_case("1", "甲")
    assert [k.key for k in required_papers(closed)] == [
        "acceptance", "acceptance_receipt", "opinion", "opinion_receipt", "satisfaction", "settlement"]
    extended = closed | dict(extended="是", extension_days=20)
    assert {"extension", "extension_receipt"} <= {k.key for k in required_papers(extended)}


# ---------------------------------------------------------------------------
# the check


def test_complete_closed_case(dossier):
    ledger, root = dossier
    report = check(root, read_ledger(ledger), D(2019, 12, 20))
    case, codes = by_code(report, "2019-001")
    assert case.closed and case.complete
    assert {p.kind.key: p.status for p in case.papers} == {k: FILED for k in (
        "acceptance", "acceptance_receipt", "opinion", "opinion_receipt", "satisfaction", "settlement")}
    assert codes == set()


def test_every_kind_of_gap(dossier):
    ledger, root = dossier
    report = check(root, read_ledger(ledger), D(2019, 12, 20))
    case, codes = by_code(report, "2019-002")
    assert case.closed and not case.complete
    status = {p.kind.key: p.status for p in case.papers}
    assert status == {"acceptance": DAMAGED, "acceptance_receipt": DAMAGED, "opinion": UNSIGNED,
                      "opinion_receipt": FILED, "satisfaction": MISSING}
    # D131 damaged, D121 unsigned, D111 missing (a closed case's codes), D141 no report, D201 empty, D202 unreadable
    assert {("D131", "受理告知书"), ("D131", "送达回证（受理告知书）"),
            ("D121", "信访事项处理意见书"), ("D111", "满意度评价表"),
            ("D141", "办理情况报告"), ("D201", "受理告知书"),
            ("D202", "送达回证（受理告知书）")} <= codes
    errors = [p for p in case.problems if p.code in ("D131", "D111", "D121")]
    assert all(p.severity is Severity.ERROR for p in errors)
    stages = {p.column: stage_of(p) for p in case.problems if p.column}
    assert stages["满意度评价表"] == "送达与评价" and stages["受理告知书"] == "受理"

    no_folder, codes = by_code(report, "2019-005")
    assert no_folder.folder is None and ("D101", "") in codes  # D101: a closed case without a folder

    stray = [p for p in report.stray if p.code == "D301"]
    assert [folder_of(p) for p in stray] == ["2018-999-路人"]
    assert report.exit_code == 1
    assert {c.case_id for c in report.incomplete_closed} == {"2019-002", "2019-005"}


def test_open_cases_are_warned_not_failed(dossier):
    ledger, root = dossier
    report = check(root, read_ledger(ledger), D(2019, 12, 20))
    listed, codes = by_code(report, "2019-003")  # signed papers registered in 卷内目录.xlsx
    assert not listed.closed and listed.complete and codes == set()
    assert [p.kind.key for p in listed.papers] == ["acceptance", "acceptance_receipt"]

    drafts, _ = by_code(report, "2019-004")
    assert drafts.folder.name == "2019-004"
    # opinion issued but not served: only the acceptance papers are due yet, and they are drafts
    assert {p.kind.key: p.status for p in drafts.papers} == {"acceptance": UNSIGNED, "acceptance_receipt": UNSIGNED}
    assert {p.severity for p in drafts.problems} == {Severity.WARNING}
    misfiled, codes = by_code(report, "2019-006")  # nothing to hold yet, but the folder's name is wrong
    assert codes == {("D302", "")} and misfiled.complete  # D302: the folder's petitioner differs


def test_dossier_problems_are_catalogued_findings_at_a_file(dossier):
    """One shape for every problem: a Finding whose D code is in the catalogue, at a folder or file, not a cell."""
    ledger, root = dossier
    report = check(root, read_ledger(ledger), D(2019, 12, 20))
    assert report.problems and all(isinstance(p, Finding) for p in report.problems)
    for problem in report.problems:
        declared = lookup(problem.code)
        assert problem.code.startswith("D") and problem.severity is declared.severity, problem
        assert not problem.sheet and not problem.cell and problem.row is None
    empty = next(p for p in report.problems if p.code == "D201")
    assert empty.file == "2019-002-李四/受理告知书-签字.pdf" and empty.case_id == "2019-002"
    assert empty.where == empty.file and empty.table_row()[2] == empty.file  # the findings table's 位置
    assert empty.to_dict()["file"] == empty.file
    # the same missing paper: an 错误 for the closed case, a 警告 while the case is in progress
    closed, _ = by_code(report, "2019-002")
    open_case, codes = by_code(report, "2019-004")
    assert {p.code for p in closed.problems if p.column == "信访事项处理意见书"} == {"D121"}
    assert ("D122", "受理告知书") in codes and lookup("D122").severity is Severity.WARNING
    assert lookup("D121").severity is Severity.ERROR
    catalogued = {c.code for c in catalogue()}
    assert {"D101", "D102", "D111", "D112", "D141", "D201", "D301"} <= catalogued


def test_index_file_orders_and_counts(tmp_path):
    folder = tmp_path / "2019-009-某"
    folder.mkdir()
    text_pdf(folder / "a.pdf", "A1", "A2")
    image(folder / "b.png")
    workbook = openpyxl.Workbook()
    workbook.active.append(["卷内目录"])  # a title row above the header
    workbook.active.append(["序号", "文书名称", "文件名", "页数", "备注"])
    workbook.active.append([2, "受理告知书", "a.pdf", 3, None])  # wrong page count
    workbook.active.append([1, "现场照片", "b.png", 1, "证据"])
    workbook.active.append([3, "满意度评价表", "gone.pdf", 1, None])
    workbook.save(folder / "卷内目录.xlsx")
    files, problems = scan_folder(folder)
    codes = {p.code for p in problems}
    assert {"D213", "D212"} <= codes  # the page count, a listed file that is not there
    assert [f.path.name for f in pack_order(files)] == ["b.png", "a.pdf"]
    assert next(f for f in files if f.path.name == "a.pdf").role == "scan"


# ---------------------------------------------------------------------------
# CLI: exit codes, JSON, the report workbook


def test_cli_check_exit_codes_json_and_workbook(dossier, tmp_path):
    ledger, root = dossier
    runner = CliRunner()
    out = tmp_path / "卷宗检查.xlsx"
    result = runner.invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "--today", TODAY, "--json",
                                 "-o", str(out)])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["incomplete_closed"] == ["2019-002", "2019-005"]
    case = next(c for c in data["cases"] if c["case_id"] == "2019-002")
    assert {p["document"]: p["status"] for p in case["papers"]}["满意度评价表"] == "缺失"
    assert any(p["code"] == "D301" for p in data["problems"])

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["股室汇总", "卷宗问题", "案件汇总", "文书明细"]
    rows = list(book["案件汇总"].iter_rows(min_row=2, values_only=True))
    assert ("2019-001", "张三") == rows[0][:2] and rows[0][-1] == "齐全"
    assert {r[0]: r[-1] for r in rows}["2019-002"] == "不齐全"
    problems = table(book["卷宗问题"])
    assert ("错误", "2019-002", "2019-002-李四", "送达与评价", "满意度评价表") in {
        (r["严重程度"], r["案件编号"], r["卷宗文件夹"], r["环节"], r["文书"]) for r in problems}

    again = runner.invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "-o", str(out)])
    assert again.exit_code == 2 and "已存在" in again.output

    text = runner.invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "--today", TODAY])
    assert text.exit_code == 1
    assert "  [错误] 缺少签字件：满意度评价表" in text.output
    assert "  [错误] 签字件为空或打不开：受理告知书、送达回证（受理告知书）" in text.output
    assert "已办结但没有卷宗文件夹的 1 件：2019-005" in text.output


def table(ws) -> list[dict]:
    """A sheet's rows from row 2 as {header: value}."""
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def summary_table(ws) -> dict[str, dict[tuple[str, str], object]]:
    """The 股室汇总 sheet's first table: 责任股室 → {(group, label): count} (the group header row above)."""
    rows = list(ws.iter_rows(values_only=True))
    group_at = next(i for i, row in enumerate(rows) if row[0] == "责任股室")
    groups, labels = list(rows[group_at]), list(rows[group_at + 1])
    for i in range(1, len(groups)):  # a merged group cell is read back on its first column only
        if groups[i] is None and labels[i] is not None:
            groups[i] = groups[i - 1]
    columns = [(g, lab) if lab else ("", g) for g, lab in zip(groups, labels, strict=True)]
    result = {}
    for row in rows[group_at + 2:]:
        if row[0] is None:
            break
        result[row[0]] = dict(zip(columns[1:], row[1:], strict=True))
    return result


def test_open_cases_are_not_called_complete_and_the_console_counts_as_the_sheet(dossier, tmp_path):
    ledger, root = dossier
    out = tmp_path / "卷宗检查.xlsx"
    result = CliRunner().invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "--today", TODAY,
                                      "-o", str(out)])
    assert result.exit_code == 1, result.output
    book = openpyxl.load_workbook(out)
    states = {r["案件编号"]: r["卷宗状态"] for r in table(book["案件汇总"])}
    # 2019-006 has nothing to sign yet; 2019-003 holds what its stage needs; neither is finished
    assert states == {"2019-001": "齐全", "2019-002": "不齐全", "2019-005": "不齐全",
                      "2019-003": "目前齐全（未办结）", "2019-004": "不齐全（未办结）", "2019-006": "暂不要求（未办结）"}
    assert "2019-006（未办结，暂不要求签字件）" in result.output

    summary = summary_table(book["股室汇总"])
    assert list(summary) == ["环卫股", "（未填责任股室）", "（台账中没有的文件夹）", "合计"]
    total = summary["合计"]
    assert total[("", "检查件数")] == 6 and total[("已办结", "齐全")] == 1 and total[("已办结", "不齐全")] == 2
    assert total[("未办结", "暂不要求")] == 1 and total[("未办结", "目前齐全")] == 1
    assert summary["环卫股"][("", "检查件数")] == 3
    problems = table(book["卷宗问题"])
    assert total[("问题", "错误")] == sum(r["严重程度"] == "错误" for r in problems)
    assert total[("问题", "警告")] == sum(r["严重程度"] == "警告" for r in problems)
    # the console says every count of the 合计 row, in the sheet's words
    console = "".join(result.output.split())
    assert f"共检查{total[('', '检查件数')]}件" in console
    for (group, label), number in total.items():
        if group:
            assert f"{group}：" in console and f"{label}{number}{'条' if group == '问题' else '件'}" in \
                console.split(f"{group}：", 1)[1], (group, label, number)
    # problems in the order of the summary's 股室, so a 股室 finds its own together
    order = [unit if unit != "（未填责任股室）" else None for unit in summary if unit != "（台账中没有的文件夹）"]
    positions = [order.index(r["责任股室"]) if r["案件编号"] else len(order) for r in problems]
    assert positions == sorted(positions) and positions[0] == 0


def test_no_empty_columns_and_rows_fit_their_text(tmp_path):
    """Without a problem naming a file, 卷宗问题 has no 文件 column; no column is wider than what it holds."""
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", [
        closed_case("2019-005", "钱七"),  # no folder at all
        closed_case("2019-007", "周九", unit="市容股"),
    ])
    root = tmp_path / "卷宗"
    (root / "2019-007-周九").mkdir(parents=True)  # an empty folder: every paper missing
    out = tmp_path / "卷宗检查.xlsx"
    result = CliRunner().invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "--today", TODAY,
                                      "-o", str(out)])
    assert result.exit_code == 1, result.output
    book = openpyxl.load_workbook(out)
    ws = book["卷宗问题"]
    headers = [c.value for c in ws[1]]
    assert "文件" not in headers and "问题" in headers and "文书" in headers
    from xlkit.output.xlsx_style import lines_needed, text_width

    for sheet in book.sheetnames[1:]:
        ws = book[sheet]
        for column in ws.iter_cols():
            widest = max(text_width(c.value) for c in column)
            width = ws.column_dimensions[column[0].column_letter].width
            assert width <= max(widest + 2, 8), (sheet, column[0].value, width, widest)
        for row in ws.iter_rows(min_row=2):
            needed = max(lines_needed(c.value, ws.column_dimensions[c.column_letter].width)
                         for c in row if c.value is not None)
            height = ws.row_dimensions[row[0].row].height or 15
            assert needed < 2 or height >= needed * 10, (sheet, row[0].row, needed, height)
    assert book["卷宗问题"].print_title_rows and book["股室汇总"].print_title_rows


def test_cli_check_passes_when_closed_cases_are_complete(dossier, tmp_path):
    _, root = dossier
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", [
        closed_case("2019-001", "张三"),
        dict(case_id="2019-004", petitioner="赵六", accepted_on=D(2019, 11, 1), acceptance_served_on=D(2019, 11, 4)),
    ])
    result = CliRunner().invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["incomplete_closed"] == []


def test_cli_check_one_unit_or_case(dossier):
    ledger, root = dossier
    runner = CliRunner()
    by_case = runner.invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "--case", "2019-001",
                                  "--json"])
    assert by_case.exit_code == 0, by_case.output
    data = json.loads(by_case.output)
    assert [c["case_id"] for c in data["cases"]] == ["2019-001"]
    assert [p["file"] for p in data["problems"]] == ["2018-999-路人"]  # other cases' folders are not strays
    by_unit = runner.invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "--unit", "环卫股", "--json"])
    assert by_unit.exit_code == 1
    assert json.loads(by_unit.output)["incomplete_closed"] == ["2019-002", "2019-005"]  # closed_case() is 环卫股
    unknown = runner.invoke(cli, ["dossier", "check", str(root), "--ledger", str(ledger), "--case", "2099-1"])
    assert unknown.exit_code == 2 and "2099-1" in unknown.output


def test_cli_check_unreadable_input(dossier, tmp_path):
    _, root = dossier
    runner = CliRunner()
    missing = runner.invoke(cli, ["dossier", "check", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "找不到卷宗文件夹" in missing.output
    bad = tmp_path / "坏台账.xlsx"
    bad.write_text("not excel")
    broken = runner.invoke(cli, ["dossier", "check", str(root), "--ledger", str(bad)])
    assert broken.exit_code == 2 and "Traceback" not in broken.output
    bare = runner.invoke(cli, ["dossier", "check", str(root)])  # no ledger: files only, never exit 1
    assert bare.exit_code == 0 and "未指定台账" in bare.output


# ---------------------------------------------------------------------------
# pack


def need_poppler() -> None:
    """pdfinfo/pdftotext/pdftoppm (poppler-utils): skipped locally when absent, a failure in CI."""
    if not all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm")):
        if os.environ.get("CI"):
            pytest.fail("CI 环境必须安装 poppler-utils（pdfinfo、pdftotext、pdftoppm）")
        pytest.skip("poppler-utils is not installed")


def pdf_pages(path: Path) -> int:
    need_poppler()
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_text(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.libreoffice
def test_pack_order_pages_and_numbers(tmp_path):
    helpers.need_soffice()
    folder = tmp_path / "2019-001-张三"
    folder.mkdir()
    draft(folder / "00-卷宗封面.docx", "COVERMARK")
    index = draft(folder / "01-卷内目录.docx", "INDEXMARK")
    document = docx.Document(index)  # like the `xlkit docs` 卷内目录: a 页号 column left blank
    table = document.add_table(rows=4, cols=3)
    for row, values in zip(table.rows, [("序号", "题名", "页号"), ("1", "受理告知书", ""),
                                        ("2", "信访事项处理意见书", ""), ("3", "备考表", "")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(index)
    draft(folder / "03-受理告知书.docx", "ACCEPTDRAFT")  # replaced by its signed scan
    text_pdf(folder / "受理告知书-签字.pdf", "ACCEPTSCAN1", "ACCEPTSCAN2")
    image(folder / "送达回证-受理告知书.jpg", (1600, 1000))  # landscape photo
    draft(folder / "07-信访事项处理意见书.docx", "OPINIONDRAFT")  # no scan: the draft goes in
    image(folder / "现场照片.png", color="green")  # other evidence, before the 备考表
    draft(folder / "12-备考表.docx", "NOTEMARK")
    (folder / "空白-签字.pdf").write_bytes(b"")  # unusable: left out

    output, spans = pack(folder, tmp_path / "卷宗.pdf")
    assert pdf_pages(output) == 8
    assert [(f.path.name, first, last) for f, first, last in spans] == [
        ("00-卷宗封面.docx", 1, 1), ("01-卷内目录.docx", 2, 2), ("受理告知书-签字.pdf", 3, 4),
        ("送达回证-受理告知书.jpg", 5, 5), ("07-信访事项处理意见书.docx", 6, 6), ("现场照片.png", 7, 7),
        ("12-备考表.docx", 8, 8)]
    expected = {1: "COVERMARK", 2: "INDEXMARK", 3: "ACCEPTSCAN1", 4: "ACCEPTSCAN2", 6: "OPINIONDRAFT", 8: "NOTEMARK"}
    for page in range(1, 9):
        text = page_text(output, page)
        assert str(page) in text.split(), (page, text)  # the stamped page number
        if page in expected:
            assert expected[page] in text
    index_lines = [" ".join(line.split()) for line in page_text(output, 2).splitlines()]
    assert {"1 受理告知书 3", "2 信访事项处理意见书 6", "3 备考表 8"} <= set(index_lines), index_lines
    assert "ACCEPTDRAFT" not in subprocess.run(["pdftotext", str(output), "-"], capture_output=True,
                                               text=True).stdout

    result = CliRunner().invoke(cli, ["dossier", "pack", str(folder), "-o", str(output)])
    assert result.exit_code == 2 and "已存在" in result.output


def test_pack_without_drafts_needs_no_libreoffice(tmp_path):
    folder = tmp_path / "2019-003-王五"
    folder.mkdir()
    text_pdf(folder / "scan-0001.pdf", "SECOND")
    text_pdf(folder / "scan-0002.pdf", "FIRST")
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "文书名称", "文件名", "页数", "备注"])
    workbook.active.append([1, "送达回证-受理告知书", "scan-0002.pdf", 1, None])
    workbook.active.append([2, "受理告知书", "scan-0001.pdf", 1, None])
    workbook.active.append([3, "现场照片", "证据\\现场.png", 1, None])  # a subfolder, typed the Windows way
    workbook.save(folder / "卷内目录.xlsx")
    (folder / "证据").mkdir()
    Image.new("RGBA", (600, 800), (0, 0, 0, 0)).save(folder / "证据" / "现场.png")  # transparent: white paper
    result = CliRunner().invoke(cli, ["dossier", "pack", str(folder)])
    assert result.exit_code == 0, result.output
    output = tmp_path / "2019-003-王五.pdf"
    assert pdf_pages(output) == 3
    assert "FIRST" in page_text(output, 1) and "SECOND" in page_text(output, 2)
    assert "第 3 页：现场照片（材料，证据/现场.png）" in result.output
    subprocess.run(["pdftoppm", "-r", "10", "-f", "3", "-l", "3", "-png", str(output), str(tmp_path / "p")], check=True)
    with Image.open(next(tmp_path.glob("p*.png"))) as rendered:
        assert ImageStat.Stat(rendered.convert("L")).mean[0] > 200
    assert "第 1 页：送达回证-受理告知书（签字件，scan-0002.pdf）" in result.output  # the index's own words

    empty = tmp_path / "空"
    empty.mkdir()
    nothing = CliRunner().invoke(cli, ["dossier", "pack", str(empty)])
    assert nothing.exit_code == 2 and "没有可打包的文件" in nothing.output


def test_page_numbers_sit_top_right_on_turned_scans(tmp_path):
    """Scanners save landscape pages with /Rotate: the number must still be at the visual upper right."""
    from pypdf import PdfReader

    folder = tmp_path / "2019-010-某"
    folder.mkdir()
    for rotation in (0, 90, 180, 270):
        plain = text_pdf(tmp_path / f"plain{rotation}.pdf", f"ROT{rotation}")
        page = PdfReader(plain).pages[0]
        page.rotate(rotation)
        writer = PdfWriter()
        writer.add_page(page)
        writer.write(folder / f"{rotation:03d}-证据.pdf")
    output, _ = pack(folder, tmp_path / "out.pdf")
    need_poppler()
    boxes = subprocess.run(["pdftotext", "-bbox", str(output), "-"], capture_output=True, text=True,
                           check=True).stdout
    pages = boxes.split("<page ")[1:]
    assert len(pages) == 4
    for number, (page, rotation) in enumerate(zip(pages, (0, 90, 180, 270), strict=True), start=1):
        word = next(line for line in page.splitlines() if line.strip().endswith(f">{number}</word>"))
        x_min = float(word.split('xMin="')[1].split('"')[0])
        y_min = float(word.split('yMin="')[1].split('"')[0])
        shown_width = 842 if rotation in (90, 270) else 595
        assert x_min > 0.85 * shown_width and y_min < 40, (rotation, word)


def test_case_numbers_with_characters_windows_forbids_match_the_folders_docs_made(tmp_path):
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", [closed_case("2019/001", "张三")])
    out = tmp_path / "卷宗"
    assert CliRunner().invoke(cli, ["docs", str(ledger), "-o", str(out), "--today", TODAY]).exit_code == 0
    assert (out / "2019_001-张三").is_dir()
    result = CliRunner().invoke(cli, ["dossier", "check", str(out), "--ledger", str(ledger), "--today", TODAY,
                                      "--json"])
    data = json.loads(result.stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert "找不到" not in text and "没有卷宗文件夹" not in text


@pytest.mark.libreoffice
def test_pack_finds_libreoffice_in_program_files(tmp_path):
    """The same finder as `docs --pdf`: PATH, then the Windows install folders."""
    env = helpers.windows_style_install(tmp_path / "windows")
    folder = tmp_path / "2019-004-赵六"
    folder.mkdir()
    draft(folder / "03-受理告知书.docx", "ACCEPTDRAFT")
    result = CliRunner().invoke(cli, ["dossier", "pack", str(folder)], env=env)
    assert result.exit_code == 0, result.output
    assert pdf_pages(tmp_path / "2019-004-赵六.pdf") == 1


def test_pack_without_libreoffice_says_so(tmp_path):
    folder = tmp_path / "2019-004-赵六"
    folder.mkdir()
    draft(folder / "03-受理告知书.docx", "ACCEPTDRAFT")
    empty = tmp_path / "bin"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["dossier", "pack", str(folder)], env={"PATH": str(empty)})
    assert result.exit_code == 2 and "未找到 LibreOffice" in result.output


def test_a_hint_names_who_signs_the_paper_the_dossier_keeps():
    """The petitioner signs the 送达回证 of a notice, not the notice: the office's copy is sealed."""
    from xlkit.documents.catalog import BY_KEY

    assert BY_KEY["acceptance"].signed_copy == "盖章签发的受理告知书（本机关留存件）"
    assert BY_KEY["opinion"].signed_copy == "盖章签发的信访事项处理意见书（本机关留存件）"
    assert BY_KEY["acceptance_receipt"].signed_copy == "受送达人签字后的送达回证（受理告知书）"
    assert BY_KEY["satisfaction"].signed_copy == "信访人签字后的满意度评价表"
    assert BY_KEY["settlement"].signed_copy == "信访人签字后的息诉息访书"
