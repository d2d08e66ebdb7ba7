"""The State Council's 放假安排 notice, read as a clerk copies it from the government website.

Each November the 国务院办公厅 publishes next year's 部分节假日安排: numbered lines such as
“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。”. Until chinesecalendar
releases the year, the office types these days into 设置 → 节假日调整; this module reads the notice
instead, in every wording used since 2008 (and the 2006 one the calendar's corrections cite):

- 星期六 / 周六, full- or half-width punctuation, ranges written 至, —, - or ~, a year written in the
  line (2022年12月31日至2023年1月2日) or only in the title, a day without its month (9月29日、30日);
- 放假, 放假调休, 放假公休, 补休, 与周末连休, 不调休, 上班, and the older “其中…为法定节假日 / 照常公休 /
  两个公休日调至…” sentences, which are checked against the ranges rather than skipped;
- two festivals on one line (中秋节、国庆节), 共N天 checked against the range, every weekday in
  brackets checked against the calendar (a wrong year shows at once);
- a later notice that changes an earlier one: one replacing a festival's days (2019's 劳动节 调整) or
  extending a holiday (2020's 春节 延长, which also cancels the 调休 working Saturday 2020-02-01).

Nothing is half-read: a sentence with a date that matches none of these forms is refused with the line
quoted. Lines without a date (the addressees, the closing paragraph, the signature) carry no days; the
preamble before the first item is read only for the year and, in a notice about one festival, its name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xlkit.errors import XlkitError
from xlkit.schema import HOLIDAY_KINDS

OFF, WORKING = HOLIDAY_KINDS  # 休息日, 工作日

#: festival names as written → the name used in the output
FESTIVALS = {
    "元旦": "元旦", "新年": "元旦",
    "春节": "春节",
    "清明节": "清明节", "清明": "清明节",
    "五一国际劳动节": "劳动节", "国际劳动节": "劳动节", "劳动节": "劳动节", "五一": "劳动节",
    "端午节": "端午节", "端午": "端午节",
    "中秋节": "中秋节", "中秋": "中秋节",
    "国庆节": "国庆节", "国庆": "国庆节", "十一": "国庆节",
}
_FESTIVAL = "|".join(sorted(FESTIVALS, key=len, reverse=True))
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_WEEKDAYS = "一二三四五六日"

_DATE = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日(?:\((?P<note>[^()]*)\))?")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d{1,2}[、.](?!\d)|\([一二三四五六七八九十\d]+\)|[—·•●■◆▪]+)\s*")
_TITLE = re.compile(rf"^(?P<names>(?:{_FESTIVAL})(?:[、和与及](?:{_FESTIVAL}))*)(?::\s*|(?=\d{{1,2}}月))")
_ISSUE_DATE = re.compile(r"^(?:国务院办公厅)?[,\s]*\d{4}年\d{1,2}月\d{1,2}日$")
_NOTICE_YEAR = re.compile(rf"(?:关于|现将)(?:调整|延长)?(\d{{4}})年|(\d{{4}})年,?(?:部分节假日|{_FESTIVAL})")
_LUNAR = re.compile(rf"农历|除夕|大年|正月|腊月|初[一二三四五六七八九十]|[一二三四五六七八九十冬腊]+月|节|当日|即|{_FESTIVAL}")
_DASHES = re.compile(r"日\s*[-—–~〜～－]+\s*(?=\d)")


class NoticeError(XlkitError, ValueError):
    """Text that cannot be fully accounted for; the message quotes the line and says what to do."""


@dataclass(frozen=True)
class NoticeDay:
    """One day the notices arrange: a day off (休息日) or a 调休 working day (工作日)."""

    day: dt.date
    kind: str  # 休息日 | 工作日
    name: str  # the festival, e.g. 春节; 中秋节、国庆节 for a combined holiday

    @property
    def working(self) -> bool:
        return self.kind == WORKING

    def as_json(self) -> dict[str, str]:
        return {"date": self.day.isoformat(), "type": self.kind, "name": self.name}


@dataclass
class Arrangement:
    """The days one notice gives one festival (or, for an extension, the day it now ends)."""

    names: tuple[str, ...]
    off: set[dt.date] = field(default_factory=set)
    working: set[dt.date] = field(default_factory=set)
    extend_to: dt.date | None = None  # 延长…假期至 this day
    line: str = ""

    @property
    def name(self) -> str:
        return "、".join(self.names)


@dataclass
class Notice:
    """One notice as read: its year, title, and what each item arranges."""

    source: str
    year: int
    title: str
    arrangements: list[Arrangement]
    notes: list[str] = field(default_factory=list)  # sentences read that make no day (e.g. 鼓励…除夕休息)
    issued: dt.date | None = None  # the date under the signature


@dataclass
class Schedule:
    """The days of one or more notices, later notices applied over earlier ones."""

    notices: list[Notice]
    days: list[NoticeDay]
    changed: frozenset[dt.date] = frozenset()  # days a later notice changed
    restored: tuple[NoticeDay, ...] = ()  # days a later notice gave back to the plain week

    def settings_rows(self) -> list[NoticeDay]:
        """The days the 设置 block needs: those that differ from a plain week (a weekday off, a working
        weekend), and every day a later notice changed (so a row pasted from the earlier one is corrected)."""
        rows = [d for d in self.days if d.working != (d.day.weekday() < 5) or d.day in self.changed]
        return sorted(rows + list(self.restored), key=lambda d: d.day)

    def settings_table(self) -> list[tuple[dt.date, str, str]]:
        """(日期, 类型, 说明) rows for 设置 → 节假日调整, in the block's column order."""
        return [(d.day, d.kind, self.describe(d)) for d in self.settings_rows()]

    def describe(self, day: NoticeDay) -> str:
        if day in self.restored:
            return f"{day.name}原安排已被后发通知取消"
        text = f"{day.name}{'调休上班' if day.working else '放假'}"
        return text + ("（后发通知调整）" if day.day in self.changed else "")

    def summary(self) -> list[str]:
        """One line per festival: the days off as ranges, the working days, in Chinese."""
        names: dict[str, list[NoticeDay]] = {}
        for day in self.days:
            names.setdefault(day.name, []).append(day)
        lines = []
        for name, days in sorted(names.items(), key=lambda item: item[1][0].day):
            off = [d.day for d in days if not d.working]
            working = [d.day for d in days if d.working]
            text = f"{name}：{'、'.join(_span_text(s, e) for s, e in _runs(off))}放假，共{len(off)}天"
            if working:
                text += f"；{'、'.join(_day_text(d) for d in working)}上班"
            lines.append(text + "。")
        for day in self.restored:
            lines.append(f"{day.name}：{_day_text(day.day)}原有的安排已被后发通知取消。")
        return lines

    def years(self) -> list[int]:
        return sorted({n.year for n in self.notices})

    def as_json(self) -> dict:
        return {"days": [d.as_json() for d in self.days]}


# ---------------------------------------------------------------------------
# Reading


def read_text(path: Path) -> str:
    """A text file's contents: UTF-8, or GB18030 as Windows Notepad saves it."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NoticeError(f"找不到文件“{path}”。请检查文件名和路径。") from None
    except OSError as error:
        raise NoticeError(f"无法读取“{path}”：{error.strerror or error}。") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeError(f"“{path}”不是文本文件（既不是 UTF-8 也不是 GBK 编码）。请把通知全文粘贴到记事本，"
                      "另存为 .txt 后再试。")


def read_notice_file(path: Path, year: int | None = None) -> list[Notice]:
    """The notices in a text file (one, or several one after another)."""
    path = Path(path)
    parts = split_notices(read_text(path))
    return [parse_notice(part, path.name if len(parts) == 1 else f"{path.name} 第{i}份", year)
            for i, part in enumerate(parts, start=1)]


def normalize(text: str) -> str:
    """Half-width punctuation and digits, one kind of range dash, no stray spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "")
    text = re.sub(r"[ \t\u00a0\u3000]+", "", text)  # Chinese text has no meaningful spaces
    text = _DASHES.sub("日至", text)
    text = re.sub(r"[“”\"'‘’「」『』]", "", text)
    # a notice pasted as one paragraph: each numbered item, the signature and its date on their own lines
    text = re.sub(r"(?<=[。:;])\s*(?=[一二三四五六七八九十]+、)", "\n", text)
    text = re.sub(r"(?<=。)\s*(?=国务院办公厅)", "\n", text)
    text = re.sub(r"(?<=国务院办公厅)[,\s]*(?=\d{4}年\d{1,2}月\d{1,2}日)", "\n", text)
    return text


def parse_notice(text: str, source: str = "通知", year: int | None = None) -> Notice:
    """Read one notice; `year` is needed only when neither the title nor the lines give it."""
    lines = [line.strip() for line in normalize(text).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise NoticeError(f"“{source}”是空的。请把国务院办公厅放假安排通知的全文（连同标题）复制进来。")

    preamble: list[str] = []
    items: list[tuple[tuple[str, ...], list[str]]] = []  # (festival names from the heading, lines)
    current: list[str] | None = None
    started = False  # the items have begun: after “…通知如下” or at the first numbered item
    issued = None
    for line in lines:
        if _ISSUE_DATE.match(line):
            issued = _issue_date(line)
            current = None  # the signature's date closes the items
            continue
        marker = _MARKER.match(line)
        rest = line[marker.end():] if marker else line
        title = _TITLE.match(rest)
        dated = _DATE.search(rest) is not None
        if title or (marker and (started or dated)) or (dated and started and not items):
            started = True
            current = [rest[title.end():] if title else rest]
            items.append((_names(title.group("names")) if title else (), current))
            continue
        if dated and current is not None:
            current.append(line)  # an item continued on the next line
            continue
        if dated and started:
            raise NoticeError(f"“{source}”中这一行不属于任何一条放假安排，无法确定它说的是哪个节日：\n  “{line}”\n"
                              "请只复制通知本身（标题、正文各条和落款），不要带网页上的其他文字。")
        if not started:
            preamble.append(line)  # the title, the addressees, the preamble (read for the year only)
            started = "如下" in line
        current = None  # a line without a date ends the item (the closing paragraph, the signature)

    notice_year, title, festivals = _notice_header(preamble, items, year, source)
    notice = Notice(source, notice_year, title, [], issued=issued)
    for names, body_lines in items:
        body = "".join(body_lines)
        if not _DATE.search(body):
            if names:
                raise NoticeError(f"“{source}”中“{'、'.join(names)}”一条没有日期：\n  “{body}”\n请检查是否复制完整。")
            continue  # a numbered paragraph without dates (duties during the holiday, schools …)
        arrangement = _read_item(names, body, notice_year, festivals, source, notice.notes)
        if arrangement is not None:
            notice.arrangements.append(arrangement)
    if not notice.arrangements:
        raise NoticeError(f"“{source}”里没有找到放假安排（如“一、元旦：1月1日至3日放假调休，共3天。”）。"
                          "请把国务院办公厅通知的全文复制进来。")
    return notice


def _issue_date(line: str) -> dt.date | None:
    match = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", line)
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def split_notices(text: str) -> list[str]:
    """Several notices pasted one after another: split before each title “国务院办公厅关于…”."""
    parts, current = [], []
    for line in text.splitlines():
        if line.strip().startswith("国务院办公厅关于") and any(_DATE.search(x) for x in current):
            parts.append("\n".join(current))
            current = []
        current.append(line)
    parts.append("\n".join(current))
    return [part for part in parts if part.strip()]


def _names(text: str) -> tuple[str, ...]:
    found = re.findall(_FESTIVAL, text)
    names: list[str] = []
    for name in found:
        canonical = FESTIVALS[name]
        if canonical not in names:
            names.append(canonical)
    return tuple(names)


def _notice_header(preamble: list[str], items, year: int | None, source: str) -> tuple[int, str, tuple[str, ...]]:
    """The notice's year, its title line and, for a notice about one festival, that festival."""
    title = next((line for line in preamble if "通知" in line and "关于" in line), preamble[0] if preamble else "")
    header_year = None
    for line in preamble:
        match = _NOTICE_YEAR.search(line)
        if match:
            header_year = int(match.group(1) or match.group(2))
            break
    if year is not None and header_year is not None and year != header_year:
        raise NoticeError(f"“{source}”的标题写的是 {header_year} 年，但指定了 --year {year}。请去掉 --year 或改正。")
    year = year or header_year
    if year is None:
        written = [int(m.group("y")) for _, body in items for line in body for m in _DATE.finditer(line) if m.group("y")]
        year = max(written) if written else None
    if year is None:
        raise NoticeError(f"“{source}”里找不到年份：请连同标题（如“国务院办公厅关于2027年部分节假日安排的通知”）"
                          "一起复制，或用 --year 指定年份。")
    festivals: tuple[str, ...] = ()
    about = [line for line in preamble if ("调整" in line or "延长" in line) and re.search(_FESTIVAL, line)]
    if about:
        festivals = _names(about[0])
    return year, title, festivals


# ---------------------------------------------------------------------------
# One item: “二、春节：1月24日至30日放假调休，共7天。1月19日（星期日）、2月1日（星期六）上班。”


@dataclass
class _Token:
    day: dt.date
    text: str


class _Item:
    def __init__(self, names, body, year, source):
        self.names, self.body, self.year, self.source = names, body, year, source
        self.tokens: list[_Token] = []
        self.span: tuple[dt.date, dt.date] | None = None

    def fail(self, why: str, hint: str = "") -> NoticeError:
        name = "、".join(self.names) or "这一条"
        message = f"“{self.source}”中{name}的安排无法完全读懂：{why}\n  “{_full_width(self.body)}”"
        return NoticeError(message + (f"\n{hint}" if hint else
                                      "\n请检查这一行是否与国务院办公厅通知原文一致；若确是新写法，请手工补录到“设置”表，并告知维护人员。"))


def _read_item(names, body, year, festivals, source, notes) -> Arrangement | None:
    item = _Item(names or festivals, body, year, source)
    sentences = [s for s in re.split(r"[。;]", body) if s.strip(" ,")]
    arrangement = Arrangement(item.names, line=body)
    legal: set[dt.date] = set()
    weekend_rest: set[dt.date] = set()
    moved_to: set[dt.date] = set()
    starts_work: list[dt.date] = []
    counts: list[tuple[int, list[dt.date]]] = []
    joined_weekend = no_swap = False
    last_range: list[dt.date] = []
    compensation: list[dt.date] = []
    for index, sentence in enumerate(sentences):
        sentence = sentence.strip(" ,")
        if not _DATE.search(sentence) and not any(_DATE.search(s) for s in sentences[index:]) \
                and not re.fullmatch(r"(?:共\S+天|与周末连休|不调休)", sentence):
            break  # the closing paragraph of a notice pasted as one paragraph: no day is stated here
        if sentence.startswith("鼓励") and "休息" in sentence:
            notes.append(f"{item.names and '、'.join(item.names) or ''}：“{sentence}”是倡议，不是放假安排，未计入。")
            continue
        marked = _mark_dates(item, sentence)
        marked = re.sub(r"^其中[:,]?", "", marked)
        marked = re.sub(r"(〈\d+〉),(?=为)", r"\1", marked)  # “4月4日(清明节),为法定节假日”
        for clause in (c.strip() for c in marked.split(",")):
            if not clause:
                continue
            kind, days, extra = _clause(item, clause)
            if kind == "off":
                arrangement.off.update(days)
                if extra is not None:
                    counts.append((extra, days))
                last_range = days
                item.span = (min(arrangement.off), max(arrangement.off))
            elif kind == "count":
                if not arrangement.off:
                    raise item.fail(f"“共{extra}天”前没有放假日期。")
                counts.append((extra, last_range))
            elif kind == "compensation":
                compensation.extend(days)
            elif kind == "working":
                arrangement.working.update(days)
            elif kind == "weekend":
                joined_weekend = True
            elif kind == "no_swap":
                no_swap = True
            elif kind == "legal":
                legal.update(days)
            elif kind == "rest":
                weekend_rest.update(days)
            elif kind == "moved":
                weekend_rest.update(days[0])
                moved_to.update(days[1])
            elif kind == "starts_work":
                starts_work.extend(days)
            elif kind == "extend":
                name, until = extra, days[0]
                arrangement.names = item.names = (name,)
                arrangement.extend_to = until
    if arrangement.extend_to is not None:
        if arrangement.off or arrangement.working:
            raise item.fail("延长假期的一条里又写了放假或上班日期。")
        for day in starts_work:
            if day <= arrangement.extend_to or day.weekday() >= 5:
                raise item.fail(f"{_cn(day)}起正常上班，与延长至{_cn(arrangement.extend_to)}不符。")
        return arrangement
    if not item.names:
        raise item.fail("看不出是哪个节日。", "请连同“一、元旦：”这样的开头一起复制。")
    if not arrangement.off and not compensation:
        if arrangement.working or legal or weekend_rest:
            raise item.fail("只写了上班或调整的日期，没有放假的日期。")
        return None
    for day in compensation:  # 补休: the day off after (or before) the holiday, with the weekend between
        arrangement.off.add(day)
        nearest = min(arrangement.off - {day}, key=lambda d: abs((d - day).days), default=day)
        step = 1 if nearest > day else -1
        gap = day + dt.timedelta(days=step)
        while gap != nearest and gap.weekday() >= 5:
            arrangement.off.add(gap)
            gap += dt.timedelta(days=step)
        if gap != nearest and day != nearest:
            raise item.fail(f"补休日{_cn(day)}与放假日之间隔着工作日。")
    if joined_weekend:  # 与周末连休: the weekend before or after belongs to the holiday
        for step in (1, -1):
            edge = max(arrangement.off) if step == 1 else min(arrangement.off)
            day = edge + dt.timedelta(days=step)
            while day.weekday() >= 5:
                arrangement.off.add(day)
                day += dt.timedelta(days=step)
        if len(arrangement.off) == 1:
            raise item.fail(f"写的是与周末连休，但{_cn(next(iter(arrangement.off)))}不挨着周末。")
    for expected, days in counts:
        if len(days) != expected:
            raise item.fail(f"写的是共{expected}天，但{_cn(min(days))}至{_cn(max(days))}是{len(days)}天。",
                            "请核对日期和天数是否复制完整。")
    both = arrangement.off & arrangement.working
    if both:
        raise item.fail(f"{_cn(min(both))}既写了放假又写了上班。")
    for day in sorted(arrangement.working):
        if day.weekday() < 5:
            raise item.fail(f"{_cn(day)}是星期{_WEEKDAYS[day.weekday()]}，本来就上班，不是调休上班日。")
    if no_swap and arrangement.working:
        raise item.fail("写了“不调休”，却又列了上班日期。")
    for day in sorted(legal | moved_to):
        if day not in arrangement.off:
            raise item.fail(f"{_cn(day)}写作节假日，却不在放假日期内。")
    for day in sorted(weekend_rest):
        if day.weekday() < 5:
            raise item.fail(f"{_cn(day)}写作公休日，但它是星期{_WEEKDAYS[day.weekday()]}。")
        if day not in arrangement.off and day not in arrangement.working:
            raise item.fail(f"{_cn(day)}写作公休日，却既不在放假日期内，也不是调休上班日。")
    for day in starts_work:
        if day in arrangement.off or day.weekday() >= 5:
            raise item.fail(f"写的是{_cn(day)}起正常上班，但这天放假或是周末。")
    return arrangement


def _full_width(text: str) -> str:
    """A line quoted back as the notice prints it (the reader works on half-width punctuation)."""
    return text.translate(str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}))


def _day_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（周{_WEEKDAYS[day.weekday()]}）"


def _span_text(start: dt.date, end: dt.date) -> str:
    if start == end:
        return _day_text(start)
    tail = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
    return f"{_day_text(start)}至{tail}（周{_WEEKDAYS[end.weekday()]}）"


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _mark_dates(item: _Item, sentence: str) -> str:
    """Each date becomes 〈n〉 (its index in item.tokens), resolved and its bracket checked."""
    out, last = [], 0
    previous: dt.date | None = item.tokens[-1].day if item.tokens else None
    for match in _DATE.finditer(sentence):
        between = sentence[last:match.start()]
        # a day written without its month continues a list or range (“29日、30日”, “1日至3日”) unless it
        # starts a clause, where it may refer back to the holiday's range (“其中,29日、30日、31日为法定假日”)
        clause_start = not out or re.search(r"[^、至和及]", between) is not None
        out.append(between)
        day = _resolve(item, match, previous, clause_start)
        _check_note(item, day, match)
        item.tokens.append(_Token(day, match.group(0)))
        out.append(f"〈{len(item.tokens) - 1}〉")
        previous, last = day, match.end()
    out.append(sentence[last:])
    return "".join(out)


def _resolve(item: _Item, match: re.Match, previous: dt.date | None, clause_start: bool) -> dt.date:
    y, m, d = (int(g) if g else None for g in match.group("y", "m", "d"))
    if m is None:
        if previous is None:
            raise item.fail(f"“{match.group(0)}”没有写月份。")
        candidates = [previous.replace(day=1)]
        if clause_start and item.span:  # “其中,29日、30日、31日为法定假日” after “1月29日—2月4日”
            candidates += [item.span[0].replace(day=1), item.span[1].replace(day=1)]
        options = []
        for first in candidates:
            try:
                options.append(first.replace(day=d))
            except ValueError:
                continue
        if not options:
            raise item.fail(f"“{match.group(0)}”不是有效日期。")
        if item.span and clause_start:
            start, end = item.span
            options.sort(key=lambda o: max((start - o).days, (o - end).days, 0))
        return options[0]
    if y is None:
        new_year = "元旦" in item.names
        if previous is not None and new_year and m == previous.month:
            y = previous.year
        else:
            y = item.year - 1 if (m == 12 and new_year) else item.year
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise item.fail(f"“{match.group(0)}”不是有效日期。") from None


def _check_note(item: _Item, day: dt.date, match: re.Match) -> None:
    note = match.group("note")
    if not note:
        return
    for part in (p.strip() for p in re.split(r"[,、]", note)):
        weekday = re.fullmatch(r"(?:星期|周|礼拜)([一二三四五六日天])", part)
        if weekday:
            written = "一二三四五六日".index(weekday.group(1).replace("天", "日"))
            if written != day.weekday():
                raise item.fail(f"“{match.group(0)}”写的是星期{weekday.group(1)}，但{_cn(day)}是星期"
                                f"{_WEEKDAYS[day.weekday()]}。",
                                "年份对吗？通知没有标题时请用 --year 指定年份。")
        elif not part or re.search(r"\d", part) or not _LUNAR.search(part):
            raise item.fail(f"“{match.group(0)}”括号里的“{part}”看不懂（应是星期几或农历日子）。")


_D = r"〈(\d+)〉"
_LIST = rf"{_D}(?:[、和及]{_D})*"


def _days(item: _Item, text: str) -> list[dt.date]:
    return [item.tokens[int(i)].day for i in re.findall(r"〈(\d+)〉", text)]


def _clause(item: _Item, clause: str):
    """(kind, days, extra) for one clause; anything else is refused."""
    number = r"\d+|[一二两三四五六七八九十]+"
    m = re.fullmatch(rf"(?P<r>{_D}至{_D}|{_D})(?:调休)?放假(?:调休|公休)?(?:共?(?P<n>{number})天)?", clause)
    if m:
        days = _days(item, m.group("r"))
        if len(days) == 2:
            if days[1] < days[0]:
                raise item.fail(f"{_cn(days[0])}至{_cn(days[1])}：结束日期早于开始日期。")
            days = [days[0] + dt.timedelta(days=i) for i in range((days[1] - days[0]).days + 1)]
        return "off", days, _number(m.group("n")) if m.group("n") else None
    m = re.fullmatch(rf"共({number})天", clause)
    if m:
        return "count", [], _number(m.group(1))
    if clause in ("与周末连休", "与周末连休3天", "连休"):
        return "weekend", [], None
    if clause in ("不调休", "不调休不补班"):
        return "no_swap", [], None
    m = re.fullmatch(rf"({_LIST})(?:补休|调休)", clause)
    if m:
        return "compensation", _days(item, m.group(1)), None
    m = re.fullmatch(rf"({_LIST})(?:照常)?上班", clause)
    if m:
        return "working", _days(item, m.group(1)), None
    m = re.fullmatch(rf"({_D})起(?:正常|照常)?上班", clause)
    if m:
        return "starts_work", _days(item, m.group(1)), None
    m = re.fullmatch(rf"({_LIST})为(?:国家|{_FESTIVAL})?法定(?:节)?假日", clause)
    if m:
        return "legal", _days(item, m.group(1)), None
    m = re.fullmatch(rf"({_LIST})(?:为公休日?|照常公休|为公休日照常公休)", clause)
    if m:
        return "rest", _days(item, m.group(1)), None
    m = re.fullmatch(rf"将?(?P<a>{_LIST})(?:[一二两三四五六七八九十]+个)?公休日?(?:分别)?调至(?P<b>{_LIST})", clause)
    if m:
        return "moved", [_days(item, m.group("a")), _days(item, m.group("b"))], None
    m = re.fullmatch(rf"(?:{_FESTIVAL})?(?P<a>{_LIST})(?:法定节?假日)?顺延至(?P<b>{_LIST})", clause)
    if m:  # “中秋节10月3日(星期六)法定节假日顺延至10月8日(星期四)”: the day off moves into the holiday
        return "legal", _days(item, m.group("b")), None
    m = re.fullmatch(rf"延长(?:\d{{4}}年)?({_FESTIVAL})假期至({_D})", clause)
    if m:
        return "extend", _days(item, m.group(2)), FESTIVALS[m.group(1)]
    shown = re.sub(r"〈(\d+)〉", lambda g: item.tokens[int(g.group(1))].text, clause)
    raise item.fail(f"看不懂“{shown}”。")


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _CN_DIGITS[text]
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    return _CN_DIGITS[text[0]] * 10 + (_CN_DIGITS.get(text[2:], 0) if len(text) > 2 else 0)


# ---------------------------------------------------------------------------
# Several notices: later ones over earlier ones


def combine(notices: Iterable[Notice]) -> Schedule:
    """Every day off and 调休 working day the notices arrange, later notices over earlier ones (by the
    dates under their signatures when every notice has one, else in the order given)."""
    notices = list(notices)
    if all(n.issued for n in notices):
        notices.sort(key=lambda n: n.issued)
    #: (year, festival names) → (days off, working days)
    plans: dict[tuple[int, tuple[str, ...]], tuple[set[dt.date], set[dt.date]]] = {}
    first_seen: dict[dt.date, NoticeDay] = {}
    changed: set[dt.date] = set()

    def plan_for(year: int, names: tuple[str, ...]):
        return next((key for key in plans if key[0] == year and set(key[1]) & set(names)), None)

    for notice in notices:
        for arrangement in notice.arrangements:
            key = plan_for(notice.year, arrangement.names)
            if arrangement.extend_to is None:
                if key is not None:
                    del plans[key]  # a later notice's arrangement for the festival replaces the earlier one
                plans[(notice.year, arrangement.names)] = (set(arrangement.off), set(arrangement.working))
                continue
            if key is None:
                raise NoticeError(
                    f"“{notice.source}”把{notice.year}年{arrangement.name}假期延长至{_cn(arrangement.extend_to)}，"
                    f"但没有给出原来的放假安排。请把《国务院办公厅关于{notice.year}年部分节假日安排的通知》"
                    "放在它前面一起读取。")
            off, working = plans[key]
            end = max(off)
            if arrangement.extend_to <= end:
                raise NoticeError(f"“{notice.source}”把{arrangement.name}假期延长至{_cn(arrangement.extend_to)}，"
                                  f"但原来的假期已到{_cn(end)}。")
            day = end + dt.timedelta(days=1)
            while day <= arrangement.extend_to:
                off.add(day)
                working.discard(day)  # a 调休 working day inside the extension is cancelled
                day += dt.timedelta(days=1)
        for day in _days_of(plans).values():
            earlier = first_seen.setdefault(day.day, day)
            if earlier.kind != day.kind:
                changed.add(day.day)
    days = _days_of(plans)
    restored = []  # days an earlier notice arranged and a later one gave back to the plain week
    for date, earlier in sorted(first_seen.items()):
        if date not in days:
            changed.add(date)
            restored.append(NoticeDay(date, OFF if date.weekday() >= 5 else WORKING, earlier.name))
    return Schedule(notices, [days[d] for d in sorted(days)], frozenset(changed), tuple(restored))


def _days_of(plans) -> dict[dt.date, NoticeDay]:
    days: dict[dt.date, NoticeDay] = {}
    for (_, names), (off, working) in plans.items():
        name = "、".join(names)
        days.update({day: NoticeDay(day, OFF, name) for day in off})
        days.update({day: NoticeDay(day, WORKING, name) for day in working})
    return days


def read_schedule(paths: Iterable[Path], year: int | None = None) -> Schedule:
    """The notices in these files (a file may hold several, one after another), later over earlier."""
    return combine(notice for path in paths for notice in read_notice_file(path, year))
