"""The 台账工具 Excel add-in (built from xlwings' own add-in template) and the shortcuts for WPS users.

Nothing is compiled here. xlwings ships `quickstart_addin_ribbon.xlam`: its VBA project holds the
xlwings module (`RunPython`) and one ribbon callback module, `RibbonMyAddin`, as *source only* (the
project's `_VBA_PROJECT` version is 0xFFFF, so Excel compiles it when it opens the add-in, on 32- and
64-bit Office alike). Each button is one copy of that add-in (`xlkit_check.xlam`, …), with:

- `customUI/customUI.xml`: the Chinese ribbon. All copies share one tab and one group through `idQ` in a
  common namespace, so Excel shows a single 台账工具 tab with five large buttons;
- `RibbonMyAddin` replaced by our own source (`macros/RibbonMyAddin.bas`, written from
  `ribbon_module_text()`): it checks that an ordinary workbook is active (xlwings' RunPython reads
  `ActiveWorkbook` without a check: run-time error 91 with Excel just opened or the ledger in Protected
  View) and runs `xlkit.excel.entry.main("<add-in name>")` from the *installed* package, so nothing
  depends on the folder the add-in was built in;
- `xl/workbook.xml` + the sheet: xlwings reads its settings from a sheet named `<PROJECT_NAME>.conf` in
  the add-in (PROJECT_NAME is `myaddin`; the template ships it disabled as `_myaddin.conf`). We enable it
  and fill `Interpreter_Win`: this Python's pythonw.exe, or the `--python` given for another PC
  (xlwings expands `%VARIABLES%` in it when the button is clicked, on that PC).

`xlkit excel install` also writes the install record (`python.txt` in `%LOCALAPPDATA%\\xlkit`, or
`~/.config/xlkit` on Linux): the `.bat` and `.sh` shortcuts find this PC's Python through it, so a
ledger folder shared by several PCs works on each of them.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from xlkit.errors import XlkitError
from xlkit.excel.vba import replace_module

TAB_LABEL = "台账工具"
GROUP_LABEL = "信访工作台账"
TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
RIBBON_PART = "customUI/customUI.xml"
RIBBON_NS = "http://schemas.microsoft.com/office/2006/01/customui"
SHARED_NS = "urn:xlkit:taizhang"  # the same in every copy, so the tab and group are shared
RIBBON_MODULE = "RibbonMyAddin"  # the template's ribbon callback module, whose source we replace
CALLBACK = f"{RIBBON_MODULE}.RunMain"
PROJECT_NAME = "myaddin"  # xlwings' PROJECT_NAME constant in the template's VBA
CONF_SHEET = f"{PROJECT_NAME}.conf"
README_NAME = "安装说明.txt"
RECORD_NAME = "python.txt"
#: where 安装.bat (tools/windows_bundle.py) puts the venv; the .bat shortcuts' last resort on Windows
DEFAULT_WINDOWS_PYTHON = r"C:\xlkit\.venv\Scripts\python.exe"
OUTPUT_PREFIXES = ("校验结果", "月度调度_", "季度分析_", "季度汇总_", "到期提醒")


class AddinError(XlkitError):
    """The add-in or the shortcuts cannot be built; the message is for the clerk."""


@dataclass(frozen=True)
class AddinButton:
    key: str  # xlkit.excel.buttons.BUTTONS key
    label: str
    image: str  # a built-in Office icon (imageMso)
    screentip: str
    supertip: str
    command: str  # the `xlkit` command the .bat shortcut runs
    #: the add-in's file name, which RibbonMyAddin passes to xlkit.excel.entry.main; the names sort in
    #: ribbon order, the order Excel opens the files in XLSTART
    module: str = ""
    #: whether `xlkit excel shortcuts` writes a .bat for it (a button that changes the open workbook has none)
    shortcut: bool = True

    def __post_init__(self) -> None:
        if not self.module:
            object.__setattr__(self, "module", f"xlkit_{self.key}")

    @property
    def control_id(self) -> str:
        return f"xlkit{self.key.capitalize()}"


ADDIN_BUTTONS: tuple[AddinButton, ...] = (
    AddinButton("check", "校验台账", "DataValidation", "校验台账",
                "检查漏填、填错、前后矛盾和超期的案件。结果写入“校验结果”表（可点击跳到单元格），"
                "有问题的单元格记入“校验标记”表。", "check"),
    AddinButton("docs", "生成文书", "FileNew", "生成文书",
                "为选中的行（或当前行）的案件生成受理告知书、处理意见书等 Word 文书，保存在台账旁的“文书”文件夹。",
                "docs"),
    AddinButton("overdue", "到期提醒", "ConditionalFormattingHighlightDatesOccurring", "到期提醒",
                "列出已超期和即将到期的办理环节，写入“到期提醒”表。", "overdue", "xlkit_due"),
    AddinButton("holidays", "节假日调整", "ImportTextFile", "节假日调整",
                "读取国务院办公厅放假安排通知（粘贴在本工作簿的“放假通知”表，或存为台账旁文件名含“放假”的 .txt），"
                "把休息日和调休上班日写入“设置”表的“节假日调整”一栏（只写这一栏）。", "holidays",
                "xlkit_due_holidays", shortcut=False),
    AddinButton("monthly", "月度调度", "PivotTableInsert", "月度调度",
                "生成本月（或“设置”表“统计月份”指定月份）的月度调度工作簿，保存在台账旁。", "monthly"),
    AddinButton("quarterly", "季度汇总", "ChartInsert", "季度汇总",
                "生成本季度（或“设置”表“统计季度”指定季度）的季度分析工作簿，保存在台账旁。", "quarterly"),
)
BY_KEY = {b.key: b for b in ADDIN_BUTTONS}


# ---------------------------------------------------------------------------
# The ribbon and the entry modules (the text under macros/ is written from these)


def ribbon_xml(button: AddinButton, previous: AddinButton | None = None) -> str:
    """The customUI part of one button's add-in: the shared tab and group, one large button."""
    position = f" insertAfterQ=\"x:{previous.control_id}\"" if previous else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<customUI xmlns="{RIBBON_NS}" xmlns:x="{SHARED_NS}">\n'
        "  <ribbon>\n"
        "    <tabs>\n"
        f"      <tab idQ=\"x:xlkitTab\" label={quoteattr(TAB_LABEL)}>\n"
        f"        <group idQ=\"x:xlkitGroup\" label={quoteattr(GROUP_LABEL)}>\n"
        f"          <button idQ=\"x:{button.control_id}\"{position} label={quoteattr(button.label)} size=\"large\"\n"
        f"                  imageMso={quoteattr(button.image)} screentip={quoteattr(button.screentip)}\n"
        f"                  supertip={quoteattr(button.supertip)} onAction=\"{CALLBACK}\"/>\n"
        "        </group>\n"
        "      </tab>\n"
        "    </tabs>\n"
        "  </ribbon>\n"
        "</customUI>\n"
    )


def ribbon_xmls() -> dict[str, str]:
    """Add-in file name → its customUI.xml, in ribbon order."""
    out, previous = {}, None
    for button in ADDIN_BUTTONS:
        out[f"{button.module}.xlam"] = ribbon_xml(button, previous)
        previous = button
    return out


def _vba_chinese(text: str) -> str:
    """A VBA expression for Chinese text: the project's code page (1252) cannot hold it in the source."""
    return 'Chinese("' + "".join(f"{ord(ch):04X}" for ch in text) + '")'


NO_WORKBOOK_MESSAGE = "请先打开台账，或切换到台账所在的 Excel 窗口，再点“台账工具”的按钮。"
PROTECTED_VIEW_MESSAGE = (
    "台账正在“受保护的视图”中打开（从邮件、网页或聊天工具收到的文件会这样），按钮不能读取它。\n\n"
    "请先点窗口上方黄色提示条里的“启用编辑”，再点按钮。\n\n"
    "每次打开都这样时：关闭台账，在资源管理器里右键点台账文件 → 属性 → 勾选“解除锁定” → 确定。")


def ribbon_module_text() -> str:
    """The source of RibbonMyAddin in every add-in (ASCII: the VBA project's code page is 1252)."""
    lines = [
        f'Attribute VB_Name = "{RIBBON_MODULE}"',
        "' The ribbon callback of every xlkit add-in (xlkit_check.xlam, xlkit_docs.xlam, ...).",
        "' Written by xlkit (xlkit/excel/addin.py, ribbon_module_text) into the source-only VBA project",
        "' of xlwings' add-in template; Excel compiles it when it opens the add-in. Do not edit here:",
        "' run `python -m xlkit.excel.addin macros` after changing the Python side.",
        "'",
        "' xlwings' RunPython uses ActiveWorkbook without a check. With no ordinary workbook active",
        "' (Excel just started, or the ledger open in Protected View) that is run-time error 91 and a",
        "' Debug button, so RunMain checks first and says what to do in Chinese.",
        "' The Python side is the installed xlkit package (xlkit.excel.entry), found by the interpreter",
        "' in the add-in's myaddin.conf sheet: nothing depends on the folder the add-in was built in.",
        "Option Explicit",
        "",
        "Sub RunMain(control As IRibbonControl)",
        "    Dim addinName As String",
        '    addinName = Left$(ThisWorkbook.Name, InStrRev(ThisWorkbook.Name, ".") - 1)',
        "    If Not OrdinaryWorkbookIsActive() Then Exit Sub",
        '    RunPython "import xlkit.excel.entry;xlkit.excel.entry.main(\'" & addinName & "\')"',
        "End Sub",
        "",
        "Private Function OrdinaryWorkbookIsActive() As Boolean",
        "    Dim book As Object, viewWindow As Object",
        "    On Error Resume Next",
        "    Set book = ActiveWorkbook",
        "    Set viewWindow = Application.ActiveProtectedViewWindow",
        "    On Error GoTo 0",
        "    If Not book Is Nothing Then",
        "        OrdinaryWorkbookIsActive = True",
        "    ElseIf viewWindow Is Nothing Then",
        f"        MsgBox {_vba_chinese(NO_WORKBOOK_MESSAGE)}, vbExclamation, {_vba_chinese(TAB_LABEL)}",
        "    Else",
        f"        MsgBox {_vba_chinese(PROTECTED_VIEW_MESSAGE)}, vbExclamation, {_vba_chinese(TAB_LABEL)}",
        "    End If",
        "End Function",
        "",
        "' Text from UTF-16 code units written as 4 hex digits each.",
        "Private Function Chinese(ByVal codes As String) As String",
        "    Dim i As Long",
        "    For i = 1 To Len(codes) Step 4",
        '        Chinese = Chinese & ChrW$(CLng("&H" & Mid$(codes, i, 4)) And &HFFFF&)',
        "    Next i",
        "End Function",
    ]
    return "\r\n".join(lines) + "\r\n"


# ---------------------------------------------------------------------------
# Building the add-ins


def template_path() -> Path:
    """xlwings' compiled ribbon add-in template (its VBA must match the installed xlwings version)."""
    import xlwings

    path = Path(xlwings.__file__).parent / TEMPLATE_NAME
    if not path.exists():
        raise AddinError(f"已安装的 xlwings {xlwings.__version__} 里没有加载项模板 {TEMPLATE_NAME}。"
                         "请重新安装 xlwings（pip install --force-reinstall xlwings）后再试。")
    return path


def default_interpreter() -> str | None:
    """On Windows this Python's pythonw.exe (no console window); None elsewhere."""
    if os.name != "nt":
        return None
    executable = Path(sys.executable)
    windowed = executable.with_name("pythonw.exe")
    return str(windowed if windowed.exists() else executable)


def _enable_conf_sheet(workbook_xml: str) -> str:
    disabled = f'name="_{CONF_SHEET}"'
    if disabled not in workbook_xml:
        raise AddinError(f"xlwings 加载项模板的结构与预期不同（找不到 _{CONF_SHEET} 表），请换用与本工具配套的 xlwings 版本。")
    return workbook_xml.replace(disabled, f'name="{CONF_SHEET}"')


def _set_conf_values(sheet_xml: str, values: dict[int, str]) -> str:
    """Put text into column B of the given rows of the conf sheet (A holds the setting names)."""
    for row, text in values.items():
        pattern = re.compile(rf'(<row r="{row}"[^>]*?)spans="1:1"([^>]*>)(.*?)(</row>)', re.S)
        match = pattern.search(sheet_xml)
        if not match or f'r="B{row}"' in match.group(3):
            raise AddinError("xlwings 加载项模板的设置表结构与预期不同，请换用与本工具配套的 xlwings 版本。")
        cell = f'<c r="B{row}" s="1" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
        sheet_xml = (sheet_xml[:match.start()] + match.group(1) + 'spans="1:2"' + match.group(2)
                     + match.group(3) + cell + match.group(4) + sheet_xml[match.end():])
    return sheet_xml


def _conf_rows(shared_strings: str) -> dict[str, int]:
    """Setting name (upper case) → its index in the template's shared strings."""
    names = re.findall(r"<si><t>([^<]*)</t></si>", shared_strings)
    return {name.upper(): index for index, name in enumerate(names)}


def build_addin(button: AddinButton, folder: Path, interpreter: str | None,
                previous: AddinButton | None = None) -> Path:
    """Write `<folder>/xlkit_<key>.xlam` from the xlwings template with our ribbon and settings."""
    target = folder / f"{button.module}.xlam"
    with zipfile.ZipFile(template_path()) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
        infos = source.infolist()
    sheet_part = "xl/worksheets/sheet1.xml"
    strings = _conf_rows(parts["xl/sharedStrings.xml"].decode("utf-8"))
    sheet_xml = parts[sheet_part].decode("utf-8")
    rows_by_string = {int(v): int(r) for r, v in re.findall(r'<c r="A(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v>', sheet_xml)}
    wanted = {"INTERPRETER_WIN": interpreter} if interpreter else {}
    values = {}
    for name, text in wanted.items():
        if name not in strings or strings[name] not in rows_by_string:
            raise AddinError(f"xlwings 加载项模板的设置表里没有“{name}”一行，请换用与本工具配套的 xlwings 版本。")
        values[rows_by_string[strings[name]]] = text
    parts[sheet_part] = _set_conf_values(sheet_xml, values).encode("utf-8")
    parts["xl/workbook.xml"] = _enable_conf_sheet(parts["xl/workbook.xml"].decode("utf-8")).encode("utf-8")
    parts[RIBBON_PART] = ribbon_xml(button, previous).encode("utf-8")
    try:
        parts["xl/vbaProject.bin"] = replace_module(parts["xl/vbaProject.bin"], RIBBON_MODULE, ribbon_module_text())
    except (KeyError, ValueError) as error:
        raise AddinError(f"xlwings 加载项模板的 VBA 结构与预期不同（{error}），请换用与本工具配套的 xlwings 版本。") from None

    folder.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".~{target.name}")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
        for info in infos:  # the template's part order
            out.writestr(info.filename, parts[info.filename])
    os.replace(temp, target)
    return target


@dataclass
class InstallResult:
    folder: Path  # where the add-ins and entry modules were built
    addins: list[Path] = field(default_factory=list)
    interpreter: str | None = None
    installed: list[Path] = field(default_factory=list)  # copies in XLSTART (Windows)
    xlstart: Path | None = None


def default_folder() -> Path:
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "xlkit" / "excel"
    return Path.cwd() / "xlkit-excel"


def xlstart_folder() -> Path | None:
    """Excel's per-user start-up folder on Windows (`%APPDATA%\\Microsoft\\Excel\\XLSTART`)."""
    if os.name != "nt":
        return None
    appdata = os.environ.get("APPDATA")
    return Path(appdata) / "Microsoft" / "Excel" / "XLSTART" if appdata else None


def build_addins(folder: Path, interpreter: str | None = None) -> InstallResult:
    """Build the five add-ins into `folder` (the files there are ours: replaced)."""
    folder = Path(folder).resolve()
    result = InstallResult(folder, interpreter=interpreter)
    previous = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for button in ADDIN_BUTTONS:
            result.addins.append(build_addin(button, folder, interpreter, previous))
            previous = button
        (folder / README_NAME).write_text(install_notes(result), encoding="utf-8")
    except PermissionError as error:
        raise AddinError(f"无法写入“{error.filename}”：文件正被占用或没有权限。请先关闭 Excel 再运行安装。") from None
    return result


def install(folder: Path | None = None, interpreter: str | None = None,
            xlstart: bool | Path = True) -> InstallResult:
    """Build the add-ins; copy them into XLSTART (Windows' own, or the folder given) so Excel loads them."""
    result = build_addins(folder or default_folder(), interpreter or default_interpreter())
    if interpreter is None:  # this PC's own Python (not one named for another PC): note it for the shortcuts
        record_python()
    target = xlstart_folder() if xlstart is True else (Path(xlstart) if xlstart else None)
    if target is not None:
        result.xlstart = target
        try:
            target.mkdir(parents=True, exist_ok=True)
            for addin in result.addins:
                shutil.copyfile(addin, target / addin.name)
                result.installed.append(target / addin.name)
        except PermissionError as error:
            raise AddinError(f"无法写入“{error.filename}”：Excel 正在使用这个加载项。请关闭所有 Excel 窗口后再运行"
                             "“xlkit excel install”。") from None
        (result.folder / README_NAME).write_text(install_notes(result), encoding="utf-8")
    return result


def install_notes(result: InstallResult) -> str:
    """The Chinese steps printed after building (and saved as 安装说明.txt beside the add-ins)."""
    names = "、".join(p.name for p in result.addins) or "xlkit_*.xlam"
    lines = [
        f"台账工具 Excel 加载项（{len(result.addins)} 个文件：{names}）",
        f"所在文件夹：{result.folder}",
        "",
    ]
    if result.installed:
        lines += [
            f"已复制到 Excel 启动文件夹：{result.xlstart}",
            "关闭所有 Excel 窗口后重新打开台账，功能区会出现“台账工具”选项卡。",
        ]
    else:
        lines += [
            "手动安装（Windows 上的 Excel 2010 及以上）：",
            f"  1. 把本文件夹里的 {len(result.addins)} 个 .xlam 文件复制到",
            r"     %APPDATA%\Microsoft\Excel\XLSTART （在资源管理器地址栏粘贴这一行后回车即可打开）；",
            "     或在 Excel 中点“文件 → 选项 → 加载项 → 管理：Excel 加载项 → 转到 → 浏览”，逐个选中这些 .xlam 并勾选。",
            "  2. 关闭所有 Excel 窗口后重新打开台账，功能区会出现“台账工具”选项卡。",
        ]
    lines += [
        "",
        f"按钮使用的 Python：{result.interpreter or '（未设置：将使用 PATH 中的 python）'}",
        "如果更换了 Python 或升级了 xlkit/xlwings，请重新运行：xlkit excel install",
        "WPS 表格不支持这些按钮，请改用“xlkit excel shortcuts 台账所在文件夹”生成的 .bat（Windows）或 .sh（银河麒麟、统信 UOS）快捷方式。",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# The install record: which Python this PC runs xlkit with (the shortcuts read it)


def record_path() -> Path:
    r"""`%LOCALAPPDATA%\xlkit\python.txt` on Windows, `~/.config/xlkit/python.txt` elsewhere."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "xlkit" / RECORD_NAME
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "xlkit" / RECORD_NAME


def record_python(python: str | None = None) -> Path | None:
    """Note this PC's Python (console python.exe, not pythonw) in the install record; None if not writable."""
    target = record_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(python or sys.executable, encoding="utf-8")  # one line, no newline: `set /p` reads it
    except OSError:
        return None
    return target


# ---------------------------------------------------------------------------
# Shortcuts (WPS and PCs without the add-in): .bat on Windows, .sh and .desktop on Kylin/UOS


def find_ledgers(folder: Path) -> list[Path]:
    """Ledger files in a folder: spreadsheets the reader accepts, not our own outputs or lock files."""
    from xlkit.read.ledger import LedgerError, iter_ledger_files, read_ledger

    found = []
    for path in iter_ledger_files(folder):
        if path.name.startswith(OUTPUT_PREFIXES) or path.name.startswith(".~"):
            continue
        try:
            read_ledger(path)
        except LedgerError:
            continue
        found.append(path)
    return found


def _bat_quote(text: str) -> str:
    return '"' + text.replace("%", "%%") + '"'


def shortcut_commands(button: AddinButton, ledgers: list[Path]) -> list[list[str]]:
    """The `xlkit` command lines (after `python -m xlkit`) one shortcut runs, paths relative to its folder."""
    names = [p.name for p in ledgers]
    many = len(names) > 1
    if button.key == "check":
        return [["check", n, "-o", f"{Path(n).stem}_校验结果.xlsx" if many else "校验结果.xlsx", "--force"]
                for n in names]
    if button.key == "docs":
        return [["docs", n, "-o", f"文书_{Path(n).stem}" if many else "文书"] for n in names]
    if button.key == "overdue":
        return [["overdue", n] for n in names]
    if button.key == "monthly":
        return [["monthly", *names, "--force"]]
    if button.key == "quarterly":
        return [["quarterly", *names, "--force"]]
    raise KeyError(button.key)


def _computer_name() -> str:
    return os.environ.get("COMPUTERNAME") or socket.gethostname() or "（未知）"


def shortcut_text(button: AddinButton, ledgers: list[Path], python: str | None = None) -> str:
    r"""A .bat that runs one job on the ledgers beside it and keeps the window open.

    It finds the Python of the PC it runs on through the install record, so one ledger folder on a
    network share serves several PCs; `python` (the one that wrote the shortcut, on Windows) and the
    installer's default folder are the fall-backs. `pushd` also works on `\\server\share` folders,
    where `cd /d` cannot.
    """
    fallback = python or (sys.executable if os.name == "nt" else DEFAULT_WINDOWS_PYTHON)
    lines = [
        "@echo off",
        "chcp 65001 >nul",
        "set PYTHONUTF8=1",
        'pushd "%~dp0"',
        f"title 台账工具 - {button.label}",
        'set "XLKIT_PY="',
        rf'if exist "%LOCALAPPDATA%\xlkit\{RECORD_NAME}" set /p XLKIT_PY=<"%LOCALAPPDATA%\xlkit\{RECORD_NAME}"',
        f'if not defined XLKIT_PY set "XLKIT_PY={fallback.replace("%", "%%")}"',
        'if not exist "%XLKIT_PY%" goto notinstalled',
        f"echo 台账工具：{button.label}",
        "echo.",
    ]
    for name, *args in shortcut_commands(button, ledgers):
        quoted = [a if a.startswith("-") else _bat_quote(a) for a in args]
        lines.append(" ".join(['"%XLKIT_PY%"', "-m", "xlkit", name, *quoted]))
    lines += [
        "goto done",
        ":notinstalled",
        "echo 本电脑没有找到台账工具（xlkit）的 Python：%XLKIT_PY%",
        f"echo 这些快捷方式是在电脑“{_computer_name()}”上生成的。请在本电脑上运行 xlkit 离线安装包里的“安装.bat”，",
        "echo 装好后再双击本文件。",
        ":done",
        "echo.",
        "pause",
        "popd",
    ]
    return "\r\n".join(lines) + "\r\n"


def shell_text(button: AddinButton, ledgers: list[Path], python: str | None = None) -> str:
    """The same job as a POSIX shell script for Linux desktops (银河麒麟/Kylin, 统信 UOS with WPS)."""
    fallback = python or sys.executable
    lines = [
        "#!/bin/sh",
        f"# 台账工具：{button.label}（由 xlkit excel shortcuts 生成）。对本文件夹里的台账运行，双击或在终端运行。",
        'cd "$(dirname "$0")" || exit 2',
        'RECORD="${XDG_CONFIG_HOME:-$HOME/.config}/xlkit/' + RECORD_NAME + '"',
        "XLKIT_PY=",
        '[ -r "$RECORD" ] && XLKIT_PY=$(head -n 1 "$RECORD")',
        f'[ -x "$XLKIT_PY" ] || XLKIT_PY={shlex.quote(fallback)}',
        "status=0",
        'if [ ! -x "$XLKIT_PY" ]; then',
        '  echo "本电脑没有找到台账工具（xlkit）的 Python：$XLKIT_PY"',
        f'  echo "这些快捷方式是在电脑“{_computer_name()}”上生成的。请在本电脑上安装 xlkit，"',
        '  echo "再在本文件夹运行一次：python3 -m xlkit excel shortcuts . --force"',
        "  status=2",
        "else",
        "  export PYTHONUTF8=1",
        f'  echo "台账工具：{button.label}"',
        "  echo",
    ]
    for name, *args in shortcut_commands(button, ledgers):
        command = " ".join(['"$XLKIT_PY"', "-m", "xlkit", name, *(shlex.quote(a) for a in args)])
        lines.append(f"  {command} || status=$?")
    lines += [
        "fi",
        "if [ -t 0 ]; then",
        "  echo",
        "  printf '按回车键关闭窗口……'",
        "  read -r _",
        "fi",
        'exit "$status"',
    ]
    return "\n".join(lines) + "\n"


def _desktop_quote(text: str) -> str:
    """One argument of a .desktop Exec key (Desktop Entry Specification: quoting, then string escapes)."""
    quoted = '"' + re.sub(r'(["`$\\])', r"\\\1", text) + '"'
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_text(button: AddinButton, script: Path) -> str:
    """A .desktop launcher for the .sh (file managers run it in a terminal window)."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        f"Name={button.label}",
        f"Comment=台账工具：{button.screentip}（{script.parent}）",
        f"Exec=sh {_desktop_quote(str(script))}",
        f"Path={script.parent}",
        "Terminal=true",
        "Icon=x-office-spreadsheet",
        "Categories=Office;",
    ]) + "\n"


def write_shortcuts(folder: Path, python: str | None = None, force: bool = False) -> tuple[list[Path], list[Path]]:
    """校验台账.bat … 季度汇总.bat, and the .sh + .desktop for Linux desktops, beside the ledger(s) in `folder`.

    Returns (the shortcut files, the ledgers).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise AddinError(f"“{folder}”不是文件夹。请指定台账所在的文件夹。")
    ledgers = find_ledgers(folder)
    if not ledgers:
        raise AddinError(f"文件夹“{folder}”里没有找到台账文件（.xlsx/.xlsm/.xls，含“案件编号”“信访人”表头）。"
                         "请指定台账所在的文件夹。")
    folder = folder.resolve()
    kinds = (".bat", ".sh", ".desktop")
    with_shortcut = [b for b in ADDIN_BUTTONS if b.shortcut]
    targets = [folder / f"{b.label}{kind}" for kind in kinds for b in with_shortcut]
    existing = [t.name for t in targets if t.exists()]
    if existing and not force:
        raise AddinError(f"“{folder}”里已有 {'、'.join(existing)}，未覆盖。如需重新生成请加 --force。")
    if python is None:  # this PC's own Python: note it for the shortcuts
        record_python()
    for button in with_shortcut:
        bat, script, desktop = (folder / f"{button.label}{kind}" for kind in kinds)
        bat.write_bytes(shortcut_text(button, ledgers, python).encode("utf-8"))
        script.write_bytes(shell_text(button, ledgers, python).encode("utf-8"))
        desktop.write_bytes(desktop_text(button, script).encode("utf-8"))
        for runnable in (script, desktop):
            runnable.chmod(0o755)
    return targets, ledgers


# ---------------------------------------------------------------------------
# The text form under macros/ (kept equal to what install builds; tests/test_addin.py checks)


def macro_texts() -> dict[str, str]:
    """Relative path under macros/ → text: the ribbon module's VBA and each add-in's ribbon part."""
    texts = {f"ribbon/{name.removesuffix('.xlam')}.customUI.xml": xml for name, xml in ribbon_xmls().items()}
    texts[f"{RIBBON_MODULE}.bas"] = ribbon_module_text()
    return texts


def write_macro_texts(folder: Path) -> list[Path]:
    written = []
    for relative, text in macro_texts().items():
        path = Path(folder) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("ascii") if relative.endswith(".bas") else text.encode("utf-8"))
        written.append(path)
    return written


if __name__ == "__main__":  # python -m xlkit.excel.addin macros
    for written_path in write_macro_texts(Path(sys.argv[1] if len(sys.argv) > 1 else "macros")):
        print(written_path)
