"""A 署名 and its 成文日期 print on one line each, however long the office's name (issue 13 item 8):
centred on the GB/T 9704 axis when it fits there, flush right two characters in when not, set smaller
when even the line is too short — checked on LibreOffice's printed lines."""

from __future__ import annotations

import subprocess

import helpers
import pytest

from xlkit.output.gbt9704 import official_document, place_signature

NAMES = {
    "short": "开江县城乡环境综合治理办公室",
    "long": "开江县城乡环境综合治理扶贫领域信访问题攻坚办公室",  # 24 characters: too wide for the axis
    "longer": "城乡环境综合治理扶贫领域信访问题三年攻坚行动领导小组办公室",  # 29: wider than the line itself
}
DATE = "        年    月    日"


def _document(name: str):
    document = official_document()
    document.add_paragraph("特此通知。")
    place_signature([document.add_paragraph(name), document.add_paragraph(DATE)])
    return document


def test_a_short_name_is_centred_on_the_axis_and_a_long_one_set_right():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    short = _document(NAMES["short"]).paragraphs
    assert short[1].text.startswith("\t") and short[1].paragraph_format.tab_stops[0].position.pt > 300
    long_ = _document(NAMES["long"]).paragraphs
    assert long_[1].alignment == WD_ALIGN_PARAGRAPH.RIGHT and not long_[1].text.startswith("\t")
    assert long_[1].runs[0].font.size is None  # it fits at 三号
    longer = _document(NAMES["longer"]).paragraphs
    assert longer[1].runs[0].font.size.pt < 16


@pytest.mark.libreoffice
def test_each_signature_prints_on_one_line(tmp_path):
    sources = []
    for key, name in NAMES.items():
        path = tmp_path / f"{key}.docx"
        _document(name).save(path)
        sources.append(path)
    for key, pdf in zip(NAMES, helpers.convert_many(sources, "pdf", tmp_path / "pdf"), strict=True):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        lines = [line.replace(" ", "") for line in text.splitlines() if line.strip()]
        assert lines[1:] == [NAMES[key], "年月日"], (key, lines)
