"""`xlkit docs` through click's CliRunner: selection, no overwrite without --force, exit codes, --pdf."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import helpers
import pytest
from click.testing import CliRunner

from xlkit.cli import cli

D = dt.date
CASES = [
    dict(case_id="2019-001", registered_on=D(2019, 9, 3), petitioner="张三", assigned_on=D(2019, 9, 5), unit="环卫股",
         accepted_on=D(2019, 9, 20), acceptance_ref="开城治信受〔2019〕3号", demand="清运垃圾"),
    dict(case_id="2019-002", registered_on=D(2019, 9, 4), petitioner="李四", assigned_on=D(2019, 9, 6), unit="市容股"),
    dict(case_id="2019-003", registered_on=D(2019, 9, 5), petitioner="王五", accepted_on=D(2019, 9, 25),
         opinion_on=D(2019, 11, 1), settled="是", opinion_served_on=D(2019, 11, 2)),
]  # sheet rows 3, 4, 5


@pytest.fixture
def ledger(tmp_path) -> Path:
    return helpers.write_ledger(tmp_path / "台账.xlsx", CASES)


def invoke(*args, env=None):
    return CliRunner().invoke(cli, ["docs", *map(str, args), "--today", "2019-12-31"], env=env)


def folders(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if p.is_dir()}


def test_all_cases_by_default(ledger, tmp_path):
    out = tmp_path / "文书"
    result = invoke(ledger, "-o", out)
    assert result.exit_code == 0, result.output
    assert folders(out) == {"2019-001-张三", "2019-002-李四", "2019-003-王五"}
    assert "共 3 件案件" in result.output and "清单：" in result.output
    assert (out / "生成清单.xlsx").exists()
    assert (out / "2019-003-王五" / "11-结案报告.docx").exists()
    assert not (out / "2019-002-李四" / "03-受理告知书.docx").exists()  # not accepted yet


def test_default_output_folder_is_beside_the_ledger(ledger):
    result = invoke(ledger, "--case", "2019-002")
    assert result.exit_code == 0, result.output
    assert (ledger.parent / "文书" / "2019-002-李四" / "02-交办单.docx").exists()


def test_select_by_case_rows_and_kind(ledger, tmp_path):
    by_case = tmp_path / "a"
    assert invoke(ledger, "--case", "2019-001", "--case", "2019-003", "-o", by_case).exit_code == 0
    assert folders(by_case) == {"2019-001-张三", "2019-003-王五"}

    by_rows = tmp_path / "b"
    assert invoke(ledger, "--rows", "4-5", "-o", by_rows).exit_code == 0
    assert folders(by_rows) == {"2019-002-李四", "2019-003-王五"}

    by_kind = tmp_path / "c"
    result = invoke(ledger, "--case", "2019-001", "--kind", "受理告知书", "-o", by_kind)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (by_kind / "2019-001-张三").iterdir()) == ["03-受理告知书.docx"]
    text = "\n".join(p.text for p in docx.Document(str(by_kind / "2019-001-张三" / "03-受理告知书.docx")).paragraphs)
    assert "开城治信受〔2019〕3号" in text and "2019年9月20日" in text

    receipts = tmp_path / "d"
    assert invoke(ledger, "--kind", "送达回证", "-o", receipts).exit_code == 0
    names = {p.name for p in receipts.rglob("*.docx")}
    assert names == {"04-送达回证（受理告知书）.docx", "08-送达回证（处理意见书）.docx"}


def test_no_overwrite_without_force(ledger, tmp_path):
    out = tmp_path / "out"
    assert invoke(ledger, "--case", "2019-001", "-o", out).exit_code == 0
    notice = out / "2019-001-张三" / "03-受理告知书.docx"
    notice.write_bytes(b"hand-edited")
    again = invoke(ledger, "--case", "2019-001", "-o", out)
    assert again.exit_code == 0, again.output
    assert notice.read_bytes() == b"hand-edited"
    assert "文件已存在，未覆盖" in again.output and "生成 0 份" in again.output
    forced = invoke(ledger, "--case", "2019-001", "-o", out, "--force")
    assert forced.exit_code == 0
    assert notice.read_bytes()[:2] == b"PK"


def test_bad_selection_and_unreadable_ledger_exit_2(ledger, tmp_path):
    unknown = invoke(ledger, "--case", "2030-999", "-o", tmp_path / "x")
    assert unknown.exit_code == 2 and "找不到案件编号：2030-999" in unknown.output
    rows = invoke(ledger, "--rows", "40-42", "-o", tmp_path / "x")
    assert rows.exit_code == 2 and "没有案件" in rows.output
    kind = invoke(ledger, "--kind", "判决书", "-o", tmp_path / "x")
    assert kind.exit_code == 2 and "没有名为“判决书”的文书" in kind.output
    bad_rows = invoke(ledger, "--rows", "五到九")
    assert bad_rows.exit_code == 2 and "看不懂" in bad_rows.output
    missing = invoke(tmp_path / "没有这个文件.xlsx")
    assert missing.exit_code == 2 and "找不到文件" in missing.output
    assert "Traceback" not in missing.output
    assert not (tmp_path / "x").exists()


def test_a_failed_document_exits_1(ledger, tmp_path):
    out = tmp_path / "out"
    blocker = out / "2019-001-张三" / "03-受理告知书.docx"
    blocker.mkdir(parents=True)  # a folder where the file must go: the write fails, the others are made
    result = invoke(ledger, "--case", "2019-001", "-o", out, "--force")
    assert result.exit_code == 1, result.output
    assert "失败 1 份" in result.output and "03-受理告知书.docx" not in {p.name for p in out.rglob("*.docx")
                                                                      if p.is_file()}
    assert (out / "2019-001-张三" / "02-交办单.docx").is_file()


def test_check_templates(tmp_path):
    result = CliRunner().invoke(cli, ["docs", "--check-templates"])
    assert result.exit_code == 0 and "模板检查通过" in result.output
    empty = tmp_path / "模板"
    empty.mkdir()
    broken = CliRunner().invoke(cli, ["docs", "--check-templates", "--templates", str(empty)])
    assert broken.exit_code == 1 and "找不到模板文件" in broken.output


def test_ledger_required_without_check(tmp_path):
    result = CliRunner().invoke(cli, ["docs"])
    assert result.exit_code == 2 and "请指定台账文件" in result.output


def test_pdf_without_libreoffice_says_so(ledger, tmp_path):
    result = invoke(ledger, "--case", "2019-001", "--kind", "受理告知书", "-o", tmp_path / "o", "--pdf",
                    env={"PATH": str(tmp_path)})
    assert result.exit_code == 1
    assert "未找到 LibreOffice" in result.output
    assert (tmp_path / "o" / "2019-001-张三" / "03-受理告知书.docx").exists()


@pytest.mark.libreoffice
def test_pdf_batch(ledger, tmp_path):
    helpers.need_soffice()
    out = tmp_path / "o"
    result = invoke(ledger, "--kind", "受理告知书", "--kind", "交办单", "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert pdfs == ["2019-001-张三/02-交办单.pdf", "2019-001-张三/03-受理告知书.pdf", "2019-002-李四/02-交办单.pdf",
                    "2019-003-王五/03-受理告知书.pdf"]
    assert "已转换 PDF 4 份" in result.output


def test_help_is_chinese():
    result = CliRunner().invoke(cli, ["docs", "-h"])
    assert result.exit_code == 0
    assert "按台账生成每件信访事项的文书" in result.output and "--check-templates" in result.output


@pytest.mark.libreoffice
def test_pdf_finds_libreoffice_in_program_files(ledger, tmp_path):
    """On Windows LibreOffice is rarely on PATH: `docs --pdf` looks where `dossier pack` looks."""
    env = helpers.windows_style_install(tmp_path / "windows")
    out = tmp_path / "o"
    result = invoke(ledger, "--case", "2019-001", "--kind", "受理告知书", "-o", out, "--pdf", env=env)
    assert result.exit_code == 0, result.output
    assert (out / "2019-001-张三" / "03-受理告知书.pdf").stat().st_size > 0


def test_a_ledger_without_case_numbers_leaves_the_number_blank_in_the_documents(tmp_path):
    """Without a 案件编号 column a case is called “第2行” in messages and folder names; a cover or a notice
    printing “案件编号：第2行” is wrong, so the number is left as a line to fill in."""
    headers = ["信访人", "登记日期", "交办日期", "责任股室", "诉求内容"]
    path = helpers.write_ledger(tmp_path / "无编号.xlsx", [
        {"信访人": "张三", "登记日期": D(2019, 9, 2), "交办日期": D(2019, 9, 3), "责任股室": "环卫股",
         "诉求内容": "清运垃圾"},
    ], headers=headers, title=None)
    result = invoke(path, "-o", tmp_path / "文书")
    assert result.exit_code in (0, 1), result.output
    made = list((tmp_path / "文书").glob("第2行-张三/*.docx"))
    assert any("卷宗封面" in p.name for p in made), made
    for document in made:
        text = "\n".join(p.text for p in docx.Document(document).paragraphs)
        text += "\n".join(c.text for t in docx.Document(document).tables for r in t.rows for c in r.cells)
        assert "第2行" not in text, (document.name, text[:300])
