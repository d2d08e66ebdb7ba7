"""Other offices' ledgers name two of the petitioner's details in one column (信访人姓名及联系电话, 姓名/电话,
身份证号码及住址, 联系人及电话) or type the phone beside the name (张三 13800001111). Before, such a header was
not read at all — the ledger had "no 信访人" and every name and phone was left unread — or, under 信访人（姓名、
电话）, the phone stayed inside the name and went into the documents. Now the numbers go to their own field and
the rest stays, said once a column (R048); nothing is dropped without a word."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.read.combined import combined_fields
from xlkit.read.ledger import read_ledger


def _ledger(path, headers, *rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(["案件编号", "登记日期", *headers, "诉求内容"])
    for number, row in enumerate(rows, start=1):
        sheet.append([f"2019-{number:03d}", "2019-09-03", *row, "清运垃圾"])
    workbook.save(path)
    return path


@pytest.mark.parametrize(("header", "fields"), [
    ("信访人姓名及联系电话", ("petitioner", "phone")),
    ("姓名/电话", ("petitioner", "phone")),
    ("姓名电话", ("petitioner", "phone")),
    ("信访人及联系方式", ("petitioner", "phone")),
    ("信访人（姓名、电话）", ("petitioner", "phone")),
    ("身份证号码及住址", ("id_number", "address")),
    ("住址及电话", ("address", "phone")),
    ("联系人及电话", (None, "phone")),
    ("姓名及住址", ("petitioner", "address")),
])
def test_a_header_naming_two_details_is_known_by_the_schemas_spellings(header, fields):
    assert combined_fields(header) == fields


@pytest.mark.parametrize("header", ["信访人", "联系电话", "联系电话（手机）", "身份证号(18位)", "登记日期及时间",
                                    "处理结果及时间", "信访人身份证", "信访人联系方式", "信访人现住址", "来访人电话"])
def test_a_header_of_one_thing_is_not_combined(header):
    assert combined_fields(header) is None


@pytest.mark.parametrize("header", ["信访人姓名及联系电话", "姓名/电话", "信访人（姓名、电话）", "姓名电话"])
def test_name_and_phone_in_one_column_are_read_as_both(tmp_path, header):
    path = _ledger(tmp_path / "台账.xlsx", [header], ["张三 13800001111"], ["李四/139 0000 2222"], ["王五"],
                   ["赵六\n电话：0818-8221234"])
    ledger = read_ledger(path)
    assert list(ledger.frame["petitioner"]) == ["张三", "李四", "王五", "赵六"]
    assert list(ledger.frame["phone"].fillna("")) == ["13800001111", "139 0000 2222", "", "0818-8221234"]
    assert ledger.address("phone", 2) == "C2"  # the number's cell is the one it was typed in
    (said,) = [f for f in ledger.findings if f.code == "R048"]
    assert said.cell == "C1" and "3 格" in said.message and "“联系电话”" in said.message


def test_the_check_reads_the_split_phone(tmp_path):
    path = _ledger(tmp_path / "台账.xlsx", ["信访人姓名及联系电话"], ["张三 1380000111"])
    report = json.loads(CliRunner().invoke(cli, ["check", str(path), "--json", "--today", "2020-12-31"]).output)
    assert not [f for f in report["findings"] if f["code"] == "R010"]  # the ledger has its 信访人
    # a phone one digit short is no phone: the cell is read whole as the name, and nothing is lost
    assert read_ledger(path).frame["petitioner"].tolist() == ["张三 1380000111"]


def test_a_phone_typed_beside_the_name_joins_the_phone_column(tmp_path):
    path = _ledger(tmp_path / "台账.xlsx", ["信访人", "联系电话"], ["张三 13800001111", ""],
                   ["李四（13900002222）", "13700003333"], ["王五", "13600004444"])
    frame = read_ledger(path).frame
    assert list(frame["petitioner"]) == ["张三", "李四", "王五"]
    # the phone column's own number first, the one from the name beside it: none lost
    assert list(frame["phone"]) == ["13800001111", "13700003333、13900002222", "13600004444"]


def test_id_number_and_address_in_one_column(tmp_path):
    path = _ledger(tmp_path / "台账.xlsx", ["信访人", "身份证号码及住址"],
                   ["张三", "51172319900101123X 开江县新宁镇东街5号"], ["李四", "开江县普安镇"])
    frame = read_ledger(path).frame
    assert list(frame["id_number"].fillna("")) == ["51172319900101123X", ""]
    assert list(frame["address"]) == ["开江县新宁镇东街5号", "开江县普安镇"]


def test_a_contacts_phone_is_read_and_the_contacts_name_said_unread(tmp_path):
    path = _ledger(tmp_path / "台账.xlsx", ["信访人", "联系人及电话"], ["张三", "李四 13800001111"])
    ledger = read_ledger(path)
    assert ledger.frame["phone"].tolist() == ["13800001111"]
    assert ledger.frame["petitioner"].tolist() == ["张三"]
    (said,) = [f for f in ledger.findings if f.code == "R048"]
    assert "“李四”" in said.message and "没有读取" in said.message


def test_a_pair_without_a_number_is_read_whole_and_said_so(tmp_path):
    path = _ledger(tmp_path / "台账.xlsx", ["姓名及住址"], ["张三 新宁镇东街"])
    ledger = read_ledger(path)
    assert ledger.frame["petitioner"].tolist() == ["张三 新宁镇东街"]
    (said,) = [f for f in ledger.findings if f.code == "R048"]
    assert "无法分开" in said.message and "“住址”" in said.message


def test_the_columns_command_says_where_the_numbers_go(tmp_path):
    path = _ledger(tmp_path / "台账.xlsx", ["信访人姓名及联系电话"], ["张三 13800001111"])
    result = CliRunner().invoke(cli, ["columns", str(path)])
    assert "C1“信访人姓名及联系电话” → 信访人" in result.output and "其中的号码读作“联系电话”" in result.output


def test_a_long_text_cell_is_not_split_as_a_header(tmp_path):
    # every cell of the rows that might be the header is asked whether it names two details: the splits of a
    # 40,000-character 诉求内容 cost the square of its length (a check ran for minutes)
    assert combined_fields("修路" * 20000) is None
    path = _ledger(tmp_path / "台账.xlsx", ["信访人"], ["张三"])
    workbook = openpyxl.load_workbook(path)
    workbook.active["D2"] = "姓名电话" * 10000
    workbook.save(path)
    assert len(read_ledger(path)) == 1


def test_a_phone_cell_holding_the_petitioners_name_is_read_as_the_number(tmp_path):
    # “张三 13800001111” in 联系电话 was an 错误 (C130: 不是有效的手机号), the repeat-petitioner rule saw no number
    # and the masked outputs a name beside it; the name is the 信访人 cell's, so the number alone is read
    path = _ledger(tmp_path / "电话.xlsx", ["信访人", "联系电话"],
                   ["张三", "张三 13800001111"], ["王五、王六", "王五13700003333、王六 0818-8221234"],
                   ["赵七", "电话：13600004444"], ["李四", "13900002222（其子李小四）"], ["孙八", "13500005555"])
    read = read_ledger(path)
    assert list(read.frame["phone"]) == ["13800001111", "13700003333、0818-8221234", "13600004444",
                                         "13900002222(其子李小四)", "13500005555"]  # someone else's name: as written
    said = [f for f in read.findings if f.code == "R048"]
    assert len(said) == 1 and "3 格" in said[0].message and "D2“张三 13800001111”" in said[0].message
    result = CliRunner().invoke(cli, ["check", str(path), "--json", "--today", "2019-10-01"])
    wrong = [f["cell"] for f in json.loads(result.output)["findings"] if f["code"] == "C130"]
    assert wrong == ["D5"]
