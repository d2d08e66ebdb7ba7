"""Build every case-document template (.docx) with python-docx, so their structure is reviewable.

Run: `python doc_templates/build_templates.py` (writes the .docx files beside this script).

Layout per GB/T 9704-2012: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in
方正小标宋简体 二号 (22 pt) centred; body 仿宋_GB2312 三号 (16 pt), first line indented two characters,
line spacing fixed at 28.95 pt; page numbers “— 1 —” in the footer of documents that can run over a page, odd pages right and even pages
left (7.5); the 落款 is kept on the page of the text it closes (never alone on a page), a short 署名 (a 股室)
is centred over its 成文日期 (7.3.5).
The fonts are declared in the font table with a fallback (宋体/仿宋/黑体) for computers without them.

Placeholders are the ledger's Chinese headers (`{{ 信访人 }}`; `村(社区)` is written `{{ 村社区 }}`)
plus the derived values listed in `xlkit.documents.placeholders.DERIVED`. Every Jinja tag is written into a run of
its own so Word never splits it; `xlkit docs --check-templates` lints them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xlkit.output import gbt9704 as gbt9704
from xlkit.output.gbt9704 import BODY_FONT, HEADING_FONT, TITLE_FONT, page_number_footer, set_fonts

HERE = Path(__file__).resolve().parent

PAGE_NUMBER_FONT = "宋体"
BODY_SIZE = Pt(gbt9704.BODY_SIZE)  # 三号
TITLE_SIZE = Pt(gbt9704.TITLE_SIZE)  # 二号
TABLE_SIZE = Pt(14)  # 四号, tables
LINE = Pt(gbt9704.LINE_SPACING)
#: the axis a short 署名 and its 成文日期 are both centred on (GB/T 9704-2012 7.3.5.1)
SHORT_SIGNATURE_AXIS = Pt(gbt9704.SIGNATURE_AXIS_PT)
TAG = re.compile(r"({{.*?}}|{%.*?%})")


# ---------------------------------------------------------------------------
# Low-level helpers


def first_line_chars(paragraph_format_owner, chars: int) -> None:
    """First-line indent counted in characters (w:firstLineChars), as Word's 首行缩进 2 字符 does."""
    ppr = paragraph_format_owner.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(BODY_SIZE.pt * chars * 20)))


def make_style(doc, name: str, base: str = "Normal", *, font: str = BODY_FONT, size=BODY_SIZE,
               align=None, indent_chars: int = 0, line=LINE, bold: bool = False, space_before=0,
               space_after=0, right_indent_chars: int = 0):
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    style.font.size = size
    style.font.bold = bold
    set_fonts(style.element, font)
    fmt = style.paragraph_format
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if align is not None:
        fmt.alignment = align
    if indent_chars:
        first_line_chars(style.element, indent_chars)
    if right_indent_chars:
        fmt.right_indent = Pt(BODY_SIZE.pt * right_indent_chars)
    return style


def write(paragraph, text: str, bold: bool = False) -> None:
    """Append text to a paragraph; every Jinja tag gets a run of its own (never split by Word)."""
    for piece in TAG.split(text):
        if piece:
            run = paragraph.add_run(piece)
            if bold:
                run.bold = True


def para(container, text: str = "", style: str = "正文", bold: bool = False):
    paragraph = container.add_paragraph(style=style)
    write(paragraph, text, bold)
    return paragraph


def cell_text(cell, text: str, style: str = "表格文字", bold: bool = False, align=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    lines = text.split("\n")
    write(paragraph, lines[0], bold)
    if align is not None:
        paragraph.alignment = align
    for line in lines[1:]:
        extra = cell.add_paragraph(style=style)
        write(extra, line, bold)
        if align is not None:
            extra.alignment = align


def new_document(title_for_properties: str, page_numbers: bool):
    doc = gbt9704.official_document()
    section = doc.sections[0]
    section.header_distance, section.footer_distance = Mm(15), Mm(25)

    make_style(doc, "公文标题", font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
               line=Pt(36), space_after=6)
    make_style(doc, "副标题", font=TITLE_FONT, size=Pt(18), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(32))
    make_style(doc, "文号", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=14)
    make_style(doc, "正文", indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    make_style(doc, "主送", align=WD_ALIGN_PARAGRAPH.LEFT)
    make_style(doc, "一级标题", font=HEADING_FONT, indent_chars=2)
    make_style(doc, "落款", align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=2)
    make_style(doc, "落款日期", align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=4)
    for name in ("短落款", "短落款日期"):
        style = make_style(doc, name, align=WD_ALIGN_PARAGRAPH.LEFT)
        style.paragraph_format.tab_stops.add_tab_stop(SHORT_SIGNATURE_AXIS, WD_TAB_ALIGNMENT.CENTER)
    make_style(doc, "表格文字", size=TABLE_SIZE, line=Pt(20))
    make_style(doc, "表头", size=TABLE_SIZE, line=Pt(20), align=WD_ALIGN_PARAGRAPH.CENTER)
    # 五号: the 卷内目录's six columns hold a whole date and a 文号 in two lines (小四 broke 2024年12月 | 26日)
    make_style(doc, "目录文字", size=Pt(10.5), line=Pt(16))
    make_style(doc, "目录表头", size=Pt(10.5), line=Pt(16), align=WD_ALIGN_PARAGRAPH.CENTER)
    make_style(doc, "封面大字", font=TITLE_FONT, size=Pt(36), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(48),
               space_before=48, space_after=36)
    # 36 pt from line to line as before, but a wrapped item's second line 26 pt under its first: four items of two
    # lines (a 联名 信访人 twice, a long 村(社区), a long 股室) left the 立卷日期 alone on page 2
    make_style(doc, "封面项目", size=Pt(15), line=Pt(26), space_before=10)
    if page_numbers:
        page_number_footer(section)
    props = doc.core_properties
    props.title = title_for_properties
    props.author = "xlkit"
    props.comments = "由 doc_templates/build_templates.py 生成；占位符为双花括号括起的台账列名。"
    props.created = props.modified = dt.datetime(2019, 1, 1)
    props.last_modified_by = "xlkit"
    props.revision = 1
    # python-docx starts with one empty paragraph; drop it so the title is first
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def table(doc, rows: list[list[str]], widths: list[float], label_cols: tuple[int, ...] = (0,)):
    """A bordered form table; `rows` are lists of cell texts; an entry None merges into the left cell."""
    t = doc.add_table(rows=len(rows), cols=len(widths))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    set_widths(t, widths)
    for r, row in enumerate(rows):
        cells = t.rows[r].cells
        for c, text in enumerate(row):
            if text is None:
                continue
            span = 1
            while c + span < len(row) and row[c + span] is None:
                span += 1
            cell = cells[c]
            if span > 1:
                cell = cell.merge(cells[c + span - 1])
            is_label = c in label_cols and span == 1
            cell_text(cell, text, style="表头" if is_label else "表格文字")
    return t


def set_widths(t, widths: list[float]) -> None:
    """Column widths in the grid (what LibreOffice and WPS read) and in every cell (what Word reads)."""
    for grid_col, width in zip(t._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = Mm(width)
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def no_split(row) -> None:
    """The row is never broken across two pages (w:cantSplit)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.append(OxmlElement("w:cantSplit"))


def min_height(row, mm: float) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE

    row.height = Mm(mm)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.keep_together = True


def signature(doc, office: str, date: str, blank_lines: int = 2, short: bool = False, keep: int = 2) -> None:
    """署名 and 成文日期 after `blank_lines`; the last `keep` paragraphs of the text move with them to the next
    page rather than leaving the 落款 alone there. `short`: the 署名 is centred over the date."""
    for paragraph in doc.paragraphs[-keep:]:
        keep_with_next(paragraph)
    for _ in range(blank_lines):
        keep_with_next(doc.add_paragraph(style="正文"))
    if short:
        keep_with_next(para(doc, "\t" + office, "短落款"))
        para(doc, "\t" + date, "短落款日期")
    else:
        keep_with_next(para(doc, office, "落款"))
        para(doc, date, "落款日期")


# ---------------------------------------------------------------------------
# The documents


def assignment():
    doc = new_document("信访事项交办单", page_numbers=True)
    para(doc, "信访事项交办单", "公文标题")
    para(doc, "案件编号：{{ 案件编号 }}", "文号")
    widths = [32, 46, 32, 46]
    rows = [
        ["信访人", "{{ 信访人 }}", "联系电话", "{{ 联系电话 }}"],
        ["住址", "{{ 住址 }}", None, None],
        ["登记日期", "{{ 登记日期 }}", "登记人", "{{ 登记人 }}"],
        ["案件来源", "{{ 案件来源 }}", "信访形式", "{{ 信访形式 }}"],
        ["问题属地", "{{ 问题属地 }}", "问题类别", "{{ 问题类别 }}"],
        ["涉及人数", "{{ 涉及人数 }}", "重点案件", "{{ 重点案件 }}"],
        # two lines where a reader breaks them: at 四号 in 32 mm they broke as 上级交办文 | 号 and 上级报结期 | 限
        ["上级交办\n文号", "{{ 上级交办文号 }}", "上级报结\n期限", "{{ 上级报结期限 }}"],
        ["诉求内容", "{{ 诉求内容 }}", None, None],
        ["责任股室", "{{ 责任股室 }}", "承办人", "{{ 承办人 }}"],
        # the handling period as the stage table gives it (by receipt before 受理): 2022 arts. 29, 30 set none
        # what the notice stage asks: a written notice, the 2022 art. 23(3) objection to the sender, or nothing
        # (2005 art. 22(2), 2022 art. 23(2): name or address unclear); a 不予受理/转送 case has no handling period
        ["办理要求", "{% if 受理告知方式 == \"异议\" %}该件系{{ 来件机关 }}转送、交办，不属本机关职权范围：请于"
                  "{{ 受理告知期限 }}前向{{ 来件机关 }}提出异议并详细说明理由，经其核实同意后交还相关材料，不由本机关转送"
                  "（{{ 受理告知依据 }}）。{% elif 受理告知方式 == \"不告知\" %}信访人姓名（名称）、住址不清，无从书面告知"
                  "是否受理（{{ 受理告知依据 }}）；{% else %}请于{{ 受理告知期限 }}前向信访人出具{{ 告知文书 }}并当面送达；"
                  "{% endif %}{% if 不予办理 %}{% if 受理告知方式 != \"异议\" %}该件受理结论为“{{ 受理结论 }}”，不计办理期限。"
                  "{% endif %}{% elif 办理期限天数 %}"
                  "自受理之日起{{ 办理期限天数 }}日内调查核实完毕，出具书面处理意见并当面送达，请信访人签收送达回证并进行"
                  "满意度评价。需延期的，经本机关负责人批准最多延长30日，并告知信访人延期理由（{{ 适用条例 }}{{ 办理条款 }}）。"
                  "{% else %}按{{ 适用条例 }}{{ 办理条款 }}的规定认真研究办理，并将办理结果回复信访人（条例未规定办理期限）。"
                  "{% endif %}{% if not 不予办理 %}办结后形成结案报告或办理情况报告，连同卷宗材料报送审核。{% endif %}",
         None, None],
        ["交办人", "{{ 交办人 }}", "交办日期", "{{ 交办日期 }}"],
        ["审核要求", "按照“谁登记、谁交办、谁审核”的原则，由{{ 交办审核机构 }}从实体和程序两方面审核把关。", None, None],
        ["交办机构", "{{ 交办审核机构 }}", None, None],
    ]
    t = table(doc, rows, widths, label_cols=(0, 2))
    min_height(t.rows[7], 16)
    # the 交办 rows and the issuing body stay together: the 落款 never stands alone on a page
    for row in t.rows[-4:]:
        no_split(row)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                keep_with_next(paragraph)
    return doc


def acceptance():
    doc = new_document("受理告知书", page_numbers=True)
    para(doc, "受理告知书", "公文标题")
    para(doc, "{{ 受理告知书文号 }}", "文号")
    para(doc, "{{ 信访人 }}：", "主送")
    para(doc, "你（们）于{{ 登记日期 }}以{{ 信访形式 }}形式反映的“{{ 诉求摘要 }}”信访事项（案件编号：{{ 案件编号 }}），"
              "本机关已于{{ 受理日期 }}依法受理。")
    # 2022 arts. 29, 30: a 建议意见类 or 检举控告类 matter has no 60-day period to promise (art. 34 is for 31(六))
    para(doc, "{% if 办理期限天数 %}根据{{ 适用条例 }}{{ 办理条款 }}的规定，本机关将自受理之日起{{ 办理期限天数 }}日内办结，"
              "即最迟于{{ 原办理期限 }}出具书面处理意见并送达你（们）；情况复杂的，经本机关负责人批准可以适当延长办理期限，"
              "但延长期限不得超过30日，并告知你（们）延期理由。{% else %}根据{{ 适用条例 }}{{ 办理条款 }}的规定，"
              "本机关将认真研究办理，并将办理结果回复你（们）。{% endif %}")
    para(doc, "该信访事项由本机关{{ 责任股室 }}具体办理，承办人：{{ 承办人 }}，联系电话：{{ 单位联系电话 }}。"
              "办理期间，请你（们）依法有序表达诉求，如实提供相关情况和材料，配合做好调查核实工作。")
    para(doc, "特此告知。")
    signature(doc, "{{ 单位名称 }}", "{{ 受理日期 }}")
    return doc


def extension():
    doc = new_document("延期办理告知书", page_numbers=True)
    para(doc, "延期办理告知书", "公文标题")
    para(doc, "{{ 延期告知书文号 }}", "文号")
    para(doc, "{{ 信访人 }}：", "主送")
    para(doc, "你（们）反映的{{ 问题类别 }}问题信访事项（案件编号：{{ 案件编号 }}），本机关已于{{ 受理日期 }}依法受理，"
              "原办理期限至{{ 原办理期限 }}。")
    para(doc, "因{{ 延期理由 }}，经本机关负责人{{ 延期批准人 }}批准，根据{{ 适用条例 }}{{ 办理条款 }}的规定，"
              "办理期限延长{{ 延期天数 }}日，延长后的办理期限至{{ 延期后期限 }}。")
    para(doc, "本机关将在延长期限内办结并书面答复你（们），办理期间将及时向你（们）反馈工作开展情况。"
              "如有疑问，请与{{ 责任股室 }}联系，承办人：{{ 承办人 }}，联系电话：{{ 单位联系电话 }}。")
    para(doc, "特此告知。")
    signature(doc, "{{ 单位名称 }}", "{{ 延期告知日期 }}")
    return doc


def opinion():
    doc = new_document("信访事项处理意见书", page_numbers=True)
    para(doc, "信访事项处理意见书", "公文标题")
    para(doc, "{{ 处理意见书文号 }}", "文号")
    para(doc, "关于{{ 信访人 }}信访事项的处理意见", "副标题")
    doc.add_paragraph(style="正文")
    para(doc, "{{ 信访人 }}：", "主送")
    para(doc, "你（们）于{{ 登记日期 }}反映的信访事项（案件编号：{{ 案件编号 }}），本机关已于{{ 受理日期 }}依法受理。"
              "经调查核实，现将处理意见告知如下：")
    para(doc, "一、信访诉求", "一级标题")
    para(doc, "{{ 诉求内容 or 空行 }}")
    para(doc, "二、调查核实的事实", "一级标题")
    para(doc, "{{ 调查核实情况 or 空行 }}")
    para(doc, "三、法规政策依据", "一级标题")
    para(doc, "{{ 法规政策依据 or 空行 }}")
    para(doc, "四、处理意见", "一级标题")
    para(doc, "{% if 诉求认定 %}经调查核实，本机关认定你（们）的诉求{{ 诉求认定 }}。{% endif %}{{ 处理结果 or 空行 }}")
    # 2022 arts. 29, 30, 35: the answer to a 建议意见类 or 检举控告类 matter announces no 复查/复核
    para(doc, "{%p if 复查告知 %}")
    para(doc, "五、复查复核告知", "一级标题")
    para(doc, "根据{{ 复查复核依据 }}的规定，如对本处理意见不服，可自收到本处理意见书之日起30日内向{{ 复查机关 }}请求复查；"
              "对复查意见不服的，可自收到书面复查意见之日起30日内向复查机关的上一级机关请求复核。")
    para(doc, "{%p endif %}")
    signature(doc, "{{ 单位名称 }}", "{{ 处理意见出具日期 }}")
    return doc


def receipt():
    doc = new_document("送达回证", page_numbers=False)
    para(doc, "送达回证", "公文标题")
    para(doc, "案件编号：{{ 案件编号 }}", "文号")
    widths = [28, 46, 26, 56]
    rows = [
        ["送达文书", "{{ 送达文书名称及文号 }}", None, None],
        ["受送达人", "{{ 信访人 }}", "送达方式", "{{ 本次送达方式 }}"],
        ["送达地点", "{{ 住址 }}", None, None],
        ["受送达人\n签名", "", "签收日期", "　　年　　月　　日"],
        ["送达人", "", "送达日期", "{{ 送达时间 }}"],
        ["留置送达", "受送达人拒绝签收的，送达人邀请见证人到场，在此注明拒收事由和日期，由送达人、见证人签名，"
                  "把文书留在受送达人住所，即视为送达。\n拒收事由：\n\n拒收日期：　　年　　月　　日\n"
                  "送达人（签名）：　　　　　　见证人（签名）：", None, None],
        ["备注", "", None, None],
        ["送达单位", "{{ 单位名称 }}", None, None],  # in the form: never a 落款 alone on a second page
    ]
    t = table(doc, rows, widths, label_cols=(0, 2))
    for index, height in ((3, 24), (4, 14), (5, 48), (6, 14)):
        min_height(t.rows[index], height)
    for row in t.rows:
        no_split(row)
        if row.height is None:
            min_height(row, 12)
    # the note's room above it as spacing, not an empty line: a long name and address (5 and 3 lines)
    # pushed the note alone onto a second page
    # the 复查 period runs from the day the 处理意见书 is received: said on its receipt only, not on a notice's
    note = para(doc, "注：签收日期由受送达人本人填写，为收到文书之日{% if 复查告知 and 送达文书名称 == \"信访事项处理意见书\" %}"
                     "；对处理意见书不服的，复查请求期限自该日起算{% endif %}。", "表格文字")
    note.paragraph_format.space_before = Pt(6)
    return doc


def satisfaction():
    doc = new_document("满意度评价表", page_numbers=False)
    para(doc, "信访事项满意度评价表", "公文标题")
    para(doc, "案件编号：{{ 案件编号 }}", "文号")
    # the name's column wide: a 联名 name took 5 lines and pushed the note onto page 2. The dates' column holds
    # 2020年12月26日 on one line (40 mm broke it before 日 in LibreOffice's fallback font, and before 26日 in
    # 仿宋), the labels' column 处理意见书 | 文号 (34 mm broke it as 处理意见书文 | 号)
    widths = [30, 50, 25, 51]
    rows = [
        ["信访人", "{{ 信访人 }}", "联系电话", "{{ 联系电话 }}"],
        ["信访事项", "{{ 诉求内容 }}", None, None],
        ["承办股室", "{{ 责任股室 }}", "承办人", "{{ 承办人 }}"],
        ["处理意见书文号", "{{ 处理意见书文号 }}", "出具日期", "{{ 处理意见出具日期 }}"],
        ["评价结果", "☐ 满意　　☐ 基本满意　　☐ 不满意", None, None],
        ["意见和建议", "", None, None],
        ["评价人签名", "", "评价日期", "　　年　月　日"],
    ]
    t = table(doc, rows, widths, label_cols=(0, 2))
    min_height(t.rows[1], 30)
    min_height(t.rows[4], 16)
    min_height(t.rows[5], 30)  # 50 put the office's name alone on page 2 when the name or 信访事项 took 4+ lines
    min_height(t.rows[6], 20)
    para(doc, "说明：请在相应的“☐”内打“√”。本表由信访人如实填写，评价结果作为考核依据。", "表格文字")
    para(doc, "{{ 单位名称 }}", "落款")
    return doc


def settlement():
    doc = new_document("息诉息访书", page_numbers=True)
    para(doc, "息诉息访书", "公文标题")
    para(doc, "本人{{ 信访人 }}，身份证号：{{ 身份证号 }}，住址：{{ 住址 }}。本人于{{ 登记日期 }}反映的"
              "“{{ 诉求摘要 }}”信访事项（案件编号：{{ 案件编号 }}），{{ 单位名称 }}已依法受理，"
              "于{{ 处理意见出具日期 }}出具书面处理意见（{{ 处理意见书文号 }}），并于{{ 处理意见送达日期 }}送达本人。")
    para(doc, "本人对该信访事项的处理意见表示认可，自愿息诉息访。")
    para(doc, "{%p if 复查告知 %}")
    para(doc, "本人知悉：签署本书不影响本人依照{{ 复查复核依据 }}的规定，自收到书面处理意见之日起30日内"
              "请求复查、对复查意见不服的自收到书面复查意见之日起30日内请求复核的权利。")
    para(doc, "{%p endif %}")
    para(doc, "特此确认。")
    signature(doc, "信访人（签名并按手印）：　　　　　　　　", "{{ 息访日期 }}", keep=3)
    return doc


def _report_basics(doc) -> None:
    para(doc, "一、基本情况", "一级标题")
    para(doc, "{{ 信访人 }}于{{ 登记日期 }}以{{ 信访形式 }}形式（来源：{{ 案件来源 }}）反映{{ 问题属地 }}"
              "{{ 问题类别 }}问题，诉求为：{{ 诉求摘要 }}。")
    para(doc, "二、办理过程", "一级标题")
    para(doc, "该件于{{ 交办日期 }}由{{ 交办人 }}交办至{{ 责任股室 }}，承办人{{ 承办人 }}。{{ 受理日期 }}受理，"
              "受理告知书（{{ 受理告知书文号 }}）于{{ 受理告知书送达日期 }}送达。"
              "{% if 是否延期 == \"是\" %}因{{ 延期理由 }}，经{{ 延期批准人 }}批准，办理期限延长{{ 延期天数 }}日至{{ 延期后期限 }}。{% endif %}"
              "处理意见书（{{ 处理意见书文号 }}）于{{ 处理意见出具日期 }}出具，{{ 处理意见送达日期 }}以{{ 送达方式 }}方式送达，"
              # said as a sentence, not as the ledger's column (it read “送达回证签字：是。”)
              "{% if 送达回证签字 == \"是\" %}信访人已在送达回证上签字。{% elif 送达回证签字 == \"否\" %}信访人未在送达回证上签字。"
              "{% else %}送达回证签字情况：{{ 送达回证签字 }}。{% endif %}")
    para(doc, "调查核实情况：{{ 调查核实情况 or 空行 }}")
    para(doc, "三、处理结果", "一级标题")
    para(doc, "诉求认定：{{ 诉求认定 }}；化解措施：{{ 化解措施 }}。{{ 处理结果 }}")
    para(doc, "四、满意度评价", "一级标题")
    para(doc, "信访人评价：{{ 满意度评价 }}（评价日期：{{ 评价日期 }}）。")


def closing_report():
    doc = new_document("结案报告", page_numbers=True)
    para(doc, "关于{{ 信访人 }}信访事项的结案报告", "公文标题")
    para(doc, "{{ 交办审核机构 }}：", "主送")
    para(doc, "现将{{ 信访人 }}信访事项（案件编号：{{ 案件编号 }}）办理情况报告如下：")
    _report_basics(doc)
    para(doc, "五、息诉息访情况", "一级标题")
    # “息诉息访。是否反弹：否。” read as the ledger's columns, not a report's sentence
    para(doc, "信访人已于{{ 息访日期 }}签署息诉息访书，息诉息访{% if 是否反弹 == \"否\" %}，未反弹"
              "{% elif 是否反弹 == \"是\" %}，后于{{ 反弹日期 }}反弹{% else %}（是否反弹：{{ 是否反弹 }}）{% endif %}。")
    para(doc, "该信访事项已办理完毕，信访人诉求已依法依规回应，现申请结案，请予审核。")
    signature(doc, "{{ 责任股室 }}", "{{ 办结日期 }}", short=True)
    return doc


def progress_report():
    """The plan's 办理情况报告 (§五(四)) for a case not settled, or settled and then rebounded (§五(二))."""
    doc = new_document("办理情况报告", page_numbers=True)
    para(doc, "关于{{ 信访人 }}信访事项的办理情况报告", "公文标题")
    para(doc, "{{ 交办审核机构 }}：", "主送")
    para(doc, "现将{{ 信访人 }}信访事项（案件编号：{{ 案件编号 }}）办理情况报告如下：")
    _report_basics(doc)
    para(doc, "五、息诉息访情况", "一级标题")
    para(doc, "{% if 是否反弹 == \"是\" %}信访人曾于{{ 息访日期 }}签署息诉息访书，于{{ 反弹日期 }}再次信访，"
              "该信访事项反弹。{% else %}信访人尚未息诉息访。{% endif %}")
    para(doc, "六、未息访原因分析", "一级标题")
    para(doc, "{{ 未息访原因分析 or 空行 }}")
    para(doc, "七、下步措施", "一级标题")
    para(doc, "{{ 下步措施 or 空行 }}")
    para(doc, "我股室将按照上述措施继续做好化解工作，力促问题妥善解决。特此报告。")
    signature(doc, "{{ 责任股室 }}", "{{ 办结日期 }}", short=True)
    return doc


def refusal():
    """不予受理告知书: the reason and where the petitioner may turn (2005 arts. 21(一), 22; 2022 art. 23)."""
    doc = new_document("不予受理告知书", page_numbers=True)
    para(doc, "不予受理告知书", "公文标题")
    para(doc, "{{ 受理告知书文号 }}", "文号")
    para(doc, "{{ 信访人 }}：", "主送")
    para(doc, "你（们）于{{ 登记日期 }}以{{ 信访形式 }}形式向本机关反映的“{{ 诉求摘要 }}”信访事项"
              "（案件编号：{{ 案件编号 }}），本机关已登记。")
    para(doc, "经审查，{{ 不予受理理由 }}。根据{{ 告知依据 }}的规定，本机关决定不予受理。")
    # what the petitioner is told follows the ground (2005 arts. 14, 16, 21, 22, 35; 2022 arts. 19, 23, 31, 36)
    para(doc, "{% if 告知情形 == \"复核终结\" %}该信访事项已经复核，对复核意见不服、仍以同一事实和理由提出的投诉请求，"
              "各级信访工作机构和其他机关、单位不再受理。"
              "{% elif 告知情形 == \"正在办理\" %}该信访事项已由{{ 有权处理机关 }}受理、正在办理，"
              "请你（们）等候{{ 有权处理机关 }}依法作出处理意见。"
              "{% elif 告知情形 == \"法定途径\" %}请你（们）依照有关法律、法规规定的程序向{{ 有权处理机关 }}提出。"
              "{% else %}请你（们）向{{ 有权处理机关 }}提出。{% endif %}"
              "{% if 转送交办机关 %}{% if 告知依据.endswith(\"第二十三条第三款\") %}本机关已向{{ 转送交办机关 }}提出异议并说明理由。"
              "{% else %}本机关已将上述情况通报{{ 转送交办机关 }}。{% endif %}{% endif %}"
              "如有疑问，请与本机关联系，联系电话：{{ 单位联系电话 }}。")
    para(doc, "特此告知。")
    signature(doc, "{{ 单位名称 }}", "{{ 受理日期 }}")
    return doc


def referral():
    """转送告知书: where the matter was sent (2022 art. 23(1)), or where to turn (2005 arts. 21(2), 22(1))."""
    doc = new_document("转送告知书", page_numbers=True)
    para(doc, "转送告知书", "公文标题")
    para(doc, "{{ 受理告知书文号 }}", "文号")
    para(doc, "{{ 信访人 }}：", "主送")
    para(doc, "你（们）于{{ 登记日期 }}以{{ 信访形式 }}形式向本机关反映的“{{ 诉求摘要 }}”信访事项"
              "（案件编号：{{ 案件编号 }}），本机关已登记。")
    # 2022 art. 23(1): sent on to a lower body of the system, the petitioner told where. 2005: a department that is
    # not a 信访工作机构 does not 转送 — art. 22(1) “应当告知信访人向有权的机关提出” (a matter sent to it: art. 21(2),
    # decided, told in writing, 通报 the 信访工作机构)
    para(doc, "{% if 告知情形 == \"转送\" %}经审查，该信访事项属于{{ 有权处理机关 }}的职权范围。根据{{ 告知依据 }}的规定，"
              "本机关已于{{ 受理日期 }}将该信访事项转送{{ 有权处理机关 }}依法处理，请你（们）今后就该事项与"
              "{{ 有权处理机关 }}联系。{% else %}经审查，该信访事项不属于本机关法定职权范围，属于{{ 有权处理机关 }}的职权范围。"
              "根据{{ 告知依据 }}的规定，请你（们）向{{ 有权处理机关 }}提出。"
              "{% if 转送交办机关 %}{% if 告知依据.endswith(\"第二十三条第三款\") %}本机关已向{{ 转送交办机关 }}提出异议并说明理由。"
              "{% else %}本机关已将上述情况通报{{ 转送交办机关 }}。{% endif %}{% endif %}{% endif %}")
    para(doc, "如有疑问，请与本机关联系，联系电话：{{ 单位联系电话 }}。")
    para(doc, "特此告知。")
    signature(doc, "{{ 单位名称 }}", "{{ 受理日期 }}")
    return doc


def cover():
    doc = new_document("卷宗封面", page_numbers=False)
    para(doc, "{{ 单位名称 }}", "副标题")
    para(doc, "信访事项卷宗", "封面大字")
    items = [
        "案卷题名：关于{{ 信访人 }}反映{{ 问题类别 }}问题的信访事项",
        "案件编号：{{ 案件编号 }}",
        "卷宗编号：{{ 卷宗编号 }}",
        "信 访 人：{{ 信访人 }}",
        "问题属地：{{ 问题属地 }}",
        "责任股室：{{ 责任股室 }}　　承办人：{{ 承办人 }}",
        "起止日期：{{ 登记日期 }}至{{ 办结日期 }}",
        "本卷文件：{{ 文书件数 }}件　　保管期限：＿＿＿＿＿＿",
        "立 卷 人：＿＿＿＿＿",
        "立卷日期：＿＿＿＿年＿＿月＿＿日",
    ]
    # 小三 and 8 mm in: “起止日期：＿＿＿＿年＿＿月＿＿日至＿＿＿＿年＿＿月＿＿日” still fits one line
    for item in items:
        p = para(doc, item, "封面项目")
        p.paragraph_format.left_indent = Mm(8)
    return doc


def index():
    doc = new_document("卷内目录", page_numbers=True)
    para(doc, "卷内目录", "公文标题")
    para(doc, "案件编号：{{ 案件编号 }}　　信访人：{{ 信访人 }}", "文号")
    # 序号 and 页号 (header and two digits) on one line; a date (2024年12月26日) on one line even where digits
    # print a third wider than Times New Roman (LibreOffice without it); a 文号 in two lines (开城治信受 | 〔2024〕25号:
    # 〔 never ends a line) and 责任者 (the office) in two; 〔2020〕100号 on one line (at 31 mm a three-digit number
    # broke before 号), the 题名 still seven characters a line
    widths = [12, 33, 31, 31, 38, 13]
    t = doc.add_table(rows=4, cols=len(widths))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    set_widths(t, widths)
    heads = ["序号", "文号", "责任者", "题名", "日期", "页号"]
    body = ["{{ d.序号 }}", "{{ d.文号 }}", "{{ d.责任者 }}", "{{ d.题名 }}", "{{ d.日期 }}", "{{ d.页号 }}"]
    for c, text in enumerate(heads):
        cell_text(t.rows[0].cells[c], text, "目录表头", bold=True)
    cell_text(t.rows[1].cells[0], "{%tr for d in 文书目录 %}", "目录文字")
    for c, text in enumerate(body):
        cell_text(t.rows[2].cells[c], text, "目录表头" if c in (0, 5) else "目录文字")
    cell_text(t.rows[3].cells[0], "{%tr endfor %}", "目录文字")
    min_height(t.rows[2], 12)
    doc.add_paragraph(style="正文")
    para(doc, "本卷共{{ 文书件数 }}件。", "表格文字")
    return doc


def closing_note():
    doc = new_document("卷内备考表", page_numbers=False)
    para(doc, "卷内备考表", "公文标题")
    para(doc, "案件编号：{{ 案件编号 }}　　信访人：{{ 信访人 }}", "文号")
    widths = [156]
    rows = [
        ["卷宗编号：{{ 卷宗编号 }}\n本卷情况说明：\n本卷共有文件材料{{ 文书件数 }}件，共＿＿＿＿页。\n审核人：{{ 审核人 }}　　审核结论：{{ 审核结论 }}\n"
         "审核意见：{{ 审核意见 }}\n整改完成日期：{{ 整改完成日期 }}\n备注：{{ 备注 }}"],
        ["立卷人：＿＿＿＿＿＿　　　　检查人：＿＿＿＿＿＿\n立卷时间：＿＿＿＿年＿＿月＿＿日"],
    ]
    t = table(doc, rows, widths, label_cols=())
    min_height(t.rows[0], 150)
    min_height(t.rows[1], 30)
    return doc


BUILDERS = {
    "交办单.docx": assignment,
    "受理告知书.docx": acceptance,
    "不予受理告知书.docx": refusal,
    "转送告知书.docx": referral,
    "延期办理告知书.docx": extension,
    "信访事项处理意见书.docx": opinion,
    "送达回证.docx": receipt,
    "满意度评价表.docx": satisfaction,
    "息诉息访书.docx": settlement,
    "结案报告.docx": closing_report,
    "办理情况报告.docx": progress_report,
    "卷宗封面.docx": cover,
    "卷内目录.docx": index,
    "备考表.docx": closing_note,
}


def build(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        path = out_dir / name
        buffer = io.BytesIO()
        builder().save(buffer)
        path.write_bytes(_stable_zip(buffer.getvalue()))
        written.append(path)
    return written


def _stable_zip(data: bytes) -> bytes:
    """The same parts with fixed timestamps, so rebuilding an unchanged template changes no byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2019, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in build(target):
        print(path)
