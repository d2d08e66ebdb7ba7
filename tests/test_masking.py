"""Names as the 季度分析 and its 领导摘要 print them by default (姓名部分隐去)."""

from __future__ import annotations

import pytest

from xlkit.output.files import mask_name


@pytest.mark.parametrize(("name", "shown"), [
    ("张三", "张某"),
    (" 李四 ", "李某"),
    ("欧阳娜娜", "欧阳某"),  # a 复姓 stays whole: 欧某 named nobody
    ("司马相如", "司马某"),
    ("欧阳", "欧某"),  # two characters: 欧 is the surname
    ("钟离平", "钟某"),  # 钟 is a surname of its own: 钟离某 could show a given name's 离
    ("单于飞", "单某"),
    ("阿不都热合曼·买买提依明", "阿某"),
    ("张三、李四、王五等23户村民", "张某等"),  # a 联名 list stays a list
    ("张三等5人", "张某等"),
    ("匿名", "匿名"),  # no name to hide: 匿某 read as a person
    ("匿名群众", "匿名群众"),
    ("不详", "不详"),
    ("姓名不详", "姓名不详"),
    ("", ""),
    (None, None),
])
def test_a_masked_name_keeps_the_surname_and_what_is_no_name(name, shown):
    assert mask_name(name) == shown


@pytest.mark.parametrize(("phone", "shown"), [
    ("13812345678", "138****5678"),
    ("0818-8221234", "0818-***1234"),
    # a 联名 case's two numbers: each as one is masked (it was *******2345、*******6543)
    ("13881812345、13990876543", "138****2345、139****6543"),
    ("13881812345；0818-8221234", "138****2345；0818-***1234"),
    ("138 0000 1111", "138****1111"),  # grouped with spaces: one number
    ("未留", "未留"),
])
def test_each_phone_number_of_a_cell_is_masked_alike(phone, shown):
    from xlkit.output.files import mask_phone

    assert mask_phone(phone) == shown


@pytest.mark.parametrize(("number", "shown"), [
    ("511723199001011234", "511723********1234"),
    ("511723196005053111、511723196207084127", "511723********3111、511723********4127"),
    ("511723196005053111 511723196207084127", "511723********3111 511723********4127"),
])
def test_each_id_number_of_a_joint_petition_is_masked_alike(number, shown):
    from xlkit.output.files import mask_id

    assert mask_id(number) == shown
