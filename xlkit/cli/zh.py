"""click's own messages in Chinese (usage errors, missing arguments, invalid values, files not readable).

click writes them through `gettext` bound at import time in each of its modules; `install()` points
those names at this table, so the messages are Chinese whatever the computer's language settings
(a Windows office PC has no LANG to choose a catalogue by). A message not in the table stays as click
wrote it.
"""

from __future__ import annotations

import importlib
import unicodedata

MESSAGES: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "No such option {name!r}.": "没有“{name}”这个选项。",
    "Did you mean {possibility}?": "您是不是要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是不是要用其中之一：{possibilities}？）",
    "Option {name!r} does not take a value.": "选项“{name}”后面不能跟值。",
    "Option {name!r} requires an argument.": "选项“{name}”后面要跟一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”后面要跟 {nargs} 个值。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing {param_type} {param_hint}.": "缺少{param_type} {param_hint}。",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "Invalid value: {message}": "值不对：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Got unexpected extra argument ({args})": "多了一个参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了几个参数（{args}）",
    "{value!r} is not a valid {number_type}.": "“{value}”不是{number_type}。",
    "integer": "整数",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not one of {choices}.": "“{value}”不是 {choices} 之一。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合格式 {formats}。",
    "{value!r} is not a valid boolean.": "“{value}”不是“是/否”。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”无法读取（没有权限或正被占用）。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”无法写入。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Show this message and exit.": "显示本帮助。",
    "Show the version and exit.": "显示版本号。",
    "Aborted!": "已中止。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "unknown error": "未知错误",
    "Value must be an iterable.": "值必须是一组。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "要 {nargs} 个值，给了 {len} 个。",
}

_CLICK_MODULES = ("core", "exceptions", "parser", "types", "formatting", "decorators", "termui", "utils")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return gettext(singular if count == 1 else plural)


def install() -> None:
    """Point click's message lookups at `MESSAGES` (idempotent)."""
    import click.types

    # the type names click puts into its own messages (“'x' is not a valid integer.”)
    click.types.IntParamType.name, click.types.FloatParamType.name = "整数", "数字"
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


class _CharWidths(dict):
    """Character → terminal columns, each character looked up in unicodedata once (issue 15: printing
    26,000 findings asked unicodedata about every character of every line, several times)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _CharWidths()


def display_width(text: str) -> int:
    """Columns a terminal uses: CJK and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))

#: about two lines of `xlkit -h`'s command list
SHORT_HELP_COLUMNS = 110


def short_help(help_text: str) -> str:
    """A command's line in its group's list: the first sentence of its help; one longer than two lines of
    the list (`SHORT_HELP_COLUMNS`) is cut at its first colon outside brackets (“在台账所在文件夹生成快捷方式：
    校验台账、…” → “在台账所在文件夹生成快捷方式。”). click's own cut counts words between spaces, which
    Chinese has none of: a long first sentence became “...”."""
    paragraph = help_text.strip().split("\n\n")[0].replace("\b", "")
    text = "".join(line.strip() for line in paragraph.splitlines())
    end = text.find("。")
    sentence = text if end < 0 else text[:end + 1]
    if display_width(sentence) <= SHORT_HELP_COLUMNS:
        return sentence
    depth = 0
    for index, ch in enumerate(sentence):
        depth += ch in "（(“《【" and 1 or (ch in "）)”》】" and -1 or 0)
        if ch == "：" and depth == 0 and index < len(sentence) - 1:
            return sentence[:index] + "。"
    return sentence


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns: Chinese breaks between any two characters, other text at spaces
    (a word longer than the line is cut)."""
    lines: list[str] = []
    line, used = "", 0
    widths = _WIDTHS
    for token in _tokens(text):
        size = widths[token] if len(token) == 1 else display_width(token)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
            if token == " ":
                continue
        while size > width:  # a path or word longer than a whole line
            cut = _fit(token, width - used)
            lines.append((line + cut).rstrip())
            token, line, used = token[len(cut):], "", 0
            size = display_width(token)
        line, used = line + token, used + size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    widths = _WIDTHS
    for ch in text:
        if ch == " " or widths[ch] == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    return _keep_punctuation(tokens)


#: never at the start of a line (a closing mark belongs to the text before it) …
_NO_LINE_START = set("，。、；：？！）」』》〉”’】〕…—·%,.;:?!)]}")
#: … and never at the end of one (an opening mark belongs to the text after it)
_NO_LINE_END = set("（「『《〈“‘【〔([{")


def _keep_punctuation(tokens: list[str]) -> list[str]:
    """Chinese line-breaking rules (标点禁则): glue a closing mark to the token before it and an opening
    mark to the token after it, so that wrap never puts either on the wrong side of a line break."""
    out: list[str] = []
    for token in tokens:
        if out and out[-1] != " " and (token[0] in _NO_LINE_START or out[-1][-1] in _NO_LINE_END):
            out[-1] += token
        else:
            out.append(token)
    return out


def _fit(token: str, width: int) -> str:
    used, end = 0, 0
    for end, ch in enumerate(token, start=1):
        used += _WIDTHS[ch]
        if used > max(width, 1):
            return token[:max(end - 1, 1)]
    return token


#: The console's width: every line xlkit prints fits it.
CONSOLE_WIDTH = 80


def fit_line(line: str, width: int = CONSOLE_WIDTH) -> str:
    """`line` wrapped to `width` columns, continuation lines under the text after its label
    (“      问题：” or “  1. ”), so a long message stays under its number."""
    if display_width(line) <= width:
        return line
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    label = ""
    for mark in ("：", ". ", "  "):
        position = body.find(mark)
        if 0 < position and display_width(body[:position + len(mark)]) <= 24:
            label = body[:position + len(mark)]
            break
    hang = indent + display_width(label)
    parts = wrap(body[len(label):], width - hang)
    first = " " * indent + label + parts[0]
    return "\n".join([first, *(" " * hang + part for part in parts[1:])])


def echo(text: str = "") -> None:
    """click.echo, each line fitted to the console width."""
    import click

    click.echo("\n".join(fit_line(line) for line in str(text).split("\n")))
