"""The official-document layout (GB/T 9704-2012) every Word file xlkit writes starts from.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号; body
仿宋_GB2312 三号 at a fixed line spacing. The official fonts are declared in the font table with the
fallback Word and WPS use on a computer without them (宋体/仿宋/楷体/黑体).
"""

from __future__ import annotations

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
#: font → the font Word/WPS should use where it is not installed (w:altName in the font table)
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE = 14.0  # 四号
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}

TITLE_SIZE = 22.0  # 二号 (pt)
BODY_SIZE = 16.0  # 三号
LINE_SPACING = 28.95  # pt, fixed: 22 lines on the type area
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Latin text in `latin`, Chinese in `east_asia`, on a run, a style or a docDefaults element."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = rpr_owner.get_or_add_rPr() if hasattr(rpr_owner, "get_or_add_rPr") else _child(rpr_owner, "w:rPr")
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _child(element, tag: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        element.append(child)
    return child


def set_page(section) -> None:
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


def official_document():
    """A python-docx Document laid out per GB/T 9704: page, Normal style, fonts and their fallbacks."""
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    set_page(document.sections[0])
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    set_fonts(normal.element, BODY_FONT)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(LINE_SPACING)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    # the document-wide defaults point at theme fonts: point them at the official ones too
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        set_fonts(rpr_default, BODY_FONT)
    _declare_fonts(document)
    _no_stretch_before_breaks(document)
    chinese_line_breaking(document)
    return document


#: 标点禁则 (GB/T 15834 4.1.x): marks that never begin a line, and those that never end one — the lists Word's
#: “首尾字符” setting holds for 中文(简体), given in the file so every Word, WPS and LibreOffice uses the same
NO_LINE_START = "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠"
NO_LINE_END = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥"


def chinese_line_breaking(document) -> None:
    """Chinese line breaking everywhere: text marked 中文(简体) (python-docx's default marks it en-US), the
    paragraph defaults with 标点禁则 on (w:kinsoku) and punctuation allowed to hang into the margin
    (w:overflowPunct), and the 禁则 lists for zh-CN in the settings — no line starts with ，。、；：）》 etc."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    _child(rpr, "w:lang").set(qn("w:eastAsia"), "zh-CN")
    ppr = _child(_child(defaults, "w:pPrDefault"), "w:pPr")
    for tag in ("w:overflowPunct", "w:kinsoku"):  # inserted first-last: kinsoku, overflowPunct, then spacing
        if ppr.find(qn(tag)) is None:
            element = OxmlElement(tag)
            element.set(qn("w:val"), "1")
            ppr.insert(0, element)  # CT_PPrBase: … kinsoku, wordWrap, overflowPunct, … spacing
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")
    anchor = settings.find(qn("w:characterSpacingControl"))
    for tag, marks in (("w:noLineBreaksBefore", NO_LINE_START), ("w:noLineBreaksAfter", NO_LINE_END)):
        element = OxmlElement(tag)
        element.set(qn("w:lang"), "zh-CN")
        element.set(qn("w:val"), marks)
        if anchor is not None:
            anchor.addnext(element)  # CT_Settings: characterSpacingControl, …, noLineBreaksAfter, noLineBreaksBefore
        else:
            settings.insert(0, element)
    # After before Before, as the schema orders them
    after, before = settings.find(qn("w:noLineBreaksAfter")), settings.find(qn("w:noLineBreaksBefore"))
    before.addprevious(after)


def _declare_fonts(document) -> None:
    from lxml import etree

    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in FALLBACKS.items():
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "script" if name == TITLE_FONT else "modern"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "default"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _no_stretch_before_breaks(document) -> None:
    """Word's 兼容选项 “不扩展以 Shift+Enter 结尾的行”: a multi-line value printed with line breaks must
    not have its last line stretched across a justified paragraph."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


#: the axis, from the type area's left edge, a short 署名 and its 成文日期 are both centred on (7.3.5.1): a date
#: seven characters wide (2019年11月25日) then ends four characters from the right margin
SIGNATURE_AXIS_PT = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * 72 / 25.4 - BODY_SIZE * (4 + 3.5)


def keep_row_whole(tr, header: bool = False) -> None:
    """A table row (`w:tr`) is never split across two pages (a short row printed two lines on one page and the
    rest on the next); a `header` row also repeats on each page the table runs onto."""
    from docx.oxml import OxmlElement

    properties = tr.get_or_add_trPr()
    for name in ("w:cantSplit", "w:tblHeader") if header else ("w:cantSplit",):
        properties.append(OxmlElement(name))


def centred_signature_line(paragraph) -> None:
    """A 署名 or 成文日期 line centred on SIGNATURE_AXIS_PT (its text must start with a tab)."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(SIGNATURE_AXIS_PT), WD_TAB_ALIGNMENT.CENTER)


def page_number_footer(section) -> None:
    """Footer “— 1 —”: 宋体 四号, the number a PAGE field; odd pages right and even pages left, one
    character in from the edge (GB/T 9704-2012 7.5: 单页码居右空一字，双页码居左空一字)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section.part.document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(BODY_SIZE)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(BODY_SIZE)
    _page_number(even)


def _page_number(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run(text: str = ""):
        r = paragraph.add_run(text)
        r.font.size = Pt(PAGE_NUMBER_SIZE)
        set_fonts(r._r, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
        return r

    def field_char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run()._r.append(element)

    run("— ")
    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run()._r.append(instruction)
    field_char("separate")
    run("1")
    field_char("end")
    run(" —")


TYPE_AREA_PT = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * 72 / 25.4


def _width_pt(text: str, size: float) -> float:
    """Printed width: a CJK character one em, others half, and a quarter em where CJK meets Latin
    (the space Word and LibreOffice add between them)."""
    import unicodedata

    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text if ch != "\t"]
    changes = sum(1 for a, b in zip(wide, wide[1:], strict=False) if a != b)
    return size * (sum(1 if w else 0.5 for w in wide) + 0.25 * changes)


def place_signature(paragraphs, size: float = BODY_SIZE) -> None:
    """Lay out a 署名 and its 成文日期 (paragraphs holding their text, no tab) so each stays on one line.

    Centred on SIGNATURE_AXIS_PT when the widest fits there (GB/T 9704-2012 7.3.5.1); otherwise flush
    right, two characters in (7.3.5.2); a 署名 too long even for that is set smaller rather than wrapped."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Pt

    widths = [_width_pt(p.text, size) for p in paragraphs]
    room = TYPE_AREA_PT - SIGNATURE_AXIS_PT - 2  # from the axis to the right margin: 7.5 characters at 三号
    if max(widths) / 2 <= room:
        for paragraph in paragraphs:
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(SIGNATURE_AXIS_PT), WD_TAB_ALIGNMENT.CENTER)
            first = paragraph.runs[0]
            first.text = "\t" + first.text
        return
    line = TYPE_AREA_PT - 2 * size - size / 2
    for paragraph, width in zip(paragraphs, widths, strict=True):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(2 * size)
        if width > line:
            smaller = Pt(int(size * line / width * 2) / 2)  # to the half point
            for run in paragraph.runs:
                run.font.size = smaller
