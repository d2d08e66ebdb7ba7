"""The 台账工具 add-in as `xlkit excel install` builds it, the VBA/ribbon text under macros/, the .bat shortcuts."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import helpers
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from xlkit.cli import COMMANDS, cli
from xlkit.excel import addin as excel_addin
from xlkit.excel import buttons as buttons
from xlkit.excel import vba
from xlkit.excel.addin import ADDIN_BUTTONS, AddinError

ROOT = Path(__file__).resolve().parent.parent
MACROS = ROOT / "macros"
NS = {"ui": excel_addin.RIBBON_NS}
INTERPRETER = r"C:\Users\张三\xlkit\.venv\Scripts\pythonw.exe"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("addin")
    xlstart = tmp_path_factory.mktemp("XLSTART")
    return excel_addin.install(folder / "台账工具", INTERPRETER, xlstart=xlstart)


def _ribbon(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as archive:
        return ET.fromstring(archive.read(excel_addin.RIBBON_PART))


# ---------------------------------------------------------------------------
# Static: ribbon ↔ VBA ↔ Python entries


def _vba_procedures() -> dict[str, set[str]]:
    """Module name → its Sub/Function names, from the .bas files under macros/."""
    found: dict[str, set[str]] = {}
    for bas in MACROS.glob("*.bas"):
        text = bas.read_text(encoding="utf-8")
        module = re.search(r'Attribute VB_Name = "([^"]+)"', text)[1]
        found[module] = set(re.findall(r"^\s*(?:Public |Private )?(?:Sub|Function) (\w+)\(", text, re.M))
    return found


def _built_vba(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/vbaProject.bin")


def test_every_ribbon_action_exists_in_the_vba_sources_and_in_every_built_addin(built):
    procedures = _vba_procedures()
    ribbons = sorted((MACROS / "ribbon").glob("*.customUI.xml"))
    assert len(ribbons) == len(ADDIN_BUTTONS)
    for path in ribbons:
        actions = [b.get("onAction") for b in ET.parse(path).getroot().iter(f"{{{excel_addin.RIBBON_NS}}}button")]
        assert actions
        for action in actions:
            module, procedure = action.split(".")
            assert procedure in procedures.get(module, set()), f"{path.name}: {action} is not in macros/*.bas"
    for addin in built.addins:  # and the VBA project Excel will compile holds that module and procedure
        source = vba.module_source(_built_vba(addin), excel_addin.RIBBON_MODULE)
        assert source == (MACROS / "RibbonMyAddin.bas").read_bytes().decode("ascii")
        assert "Sub RunMain(control As IRibbonControl)" in source


def test_macros_text_is_what_install_builds():
    expected = excel_addin.macro_texts()
    on_disk = {p.relative_to(MACROS).as_posix(): p.read_bytes().decode("utf-8")
               for p in MACROS.rglob("*") if p.suffix in (".xml", ".py", ".bas")}
    assert on_disk == expected, "macros/ is stale: run `python -m xlkit.excel.addin macros`"


def test_ribbon_module_checks_the_active_workbook_before_run_python():
    source = excel_addin.ribbon_module_text()
    assert source.isascii() and "\r\n" in source  # the VBA project's code page is 1252; VBA wants CRLF
    assert max(len(line) for line in source.split("\r\n")) < 1024  # VBA's longest line
    run_main = source[source.index("Sub RunMain"):source.index("End Sub")]
    assert run_main.index("OrdinaryWorkbookIsActive()") < run_main.index("RunPython")
    assert "Set book = ActiveWorkbook" in source and "Application.ActiveProtectedViewWindow" in source
    # the Chinese messages, written as UTF-16 code units, say what to do
    messages = ["".join(chr(int(codes[i:i + 4], 16)) for i in range(0, len(codes), 4))
                for codes in re.findall(r'Chinese\("([0-9A-F]+)"\)', source)]
    assert excel_addin.NO_WORKBOOK_MESSAGE in messages and excel_addin.PROTECTED_VIEW_MESSAGE in messages
    assert "启用编辑" in excel_addin.PROTECTED_VIEW_MESSAGE and "解除锁定" in excel_addin.PROTECTED_VIEW_MESSAGE
    assert "台账工具" in messages


def test_the_python_command_of_run_main_names_every_button():
    from xlkit.excel import entry

    command = re.search(r'RunPython "(.*)"', excel_addin.ribbon_module_text())[1]
    assert command.startswith("import xlkit.excel.entry;xlkit.excel.entry.main(")
    for button in ADDIN_BUTTONS:
        assert button.key in buttons.BUTTONS
        assert buttons.BUTTONS[button.key].label == button.label
    assert callable(entry.main)


def test_module_names_sort_in_ribbon_order():
    modules = [b.module for b in ADDIN_BUTTONS]
    assert modules == sorted(modules)
    assert [b.label for b in ADDIN_BUTTONS] == ["校验台账", "生成文书", "到期提醒", "节假日调整", "月度调度", "季度汇总"]


# ---------------------------------------------------------------------------
# The built add-ins


def test_install_builds_one_addin_per_button_with_the_chinese_ribbon(built):
    template = excel_addin.template_path()
    with zipfile.ZipFile(template) as archive:
        template_parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    assert [p.name for p in built.addins] == [f"{b.module}.xlam" for b in ADDIN_BUTTONS]
    previous = None
    for button, path in zip(ADDIN_BUTTONS, built.addins, strict=True):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert set(archive.namelist()) == set(template_parts)
            for part in ("_rels/.rels", "[Content_Types].xml"):
                assert archive.read(part) == template_parts[part]
            assert b'customUI/customUI.xml' in archive.read("_rels/.rels")
            raw = archive.read(excel_addin.RIBBON_PART)
        assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"')
        root = ET.fromstring(raw)
        [tab] = root.findall("ui:ribbon/ui:tabs/ui:tab", NS)
        assert tab.get("idQ") == "x:xlkitTab" and tab.get("label") == "台账工具"
        [group] = tab.findall("ui:group", NS)
        assert group.get("idQ") == "x:xlkitGroup"
        [control] = group.findall("ui:button", NS)
        assert control.get("label") == button.label
        assert control.get("size") == "large" and control.get("imageMso")
        assert control.get("onAction") == "RibbonMyAddin.RunMain"
        assert control.get("insertAfterQ") == (f"x:{previous.control_id}" if previous else None)
        previous = button


def test_addin_vba_is_xlwings_own_but_for_the_ribbon_module(built):
    """Every other module's source is the template's, character for character; still source only."""
    with zipfile.ZipFile(excel_addin.template_path()) as archive:
        original = archive.read("xl/vbaProject.bin")
    ours = _built_vba(built.addins[0])
    for module in ("xlwings", "Dictionary", "ThisWorkbook", "Sheet2"):
        assert vba.module_source(ours, module) == vba.module_source(original, module)
    assert vba.module_source(original, "RibbonMyAddin") != vba.module_source(ours, "RibbonMyAddin")
    import olefile

    project = olefile.OleFileIO(ours)
    assert project.openstream("VBA/_VBA_PROJECT").read() == olefile.OleFileIO(original).openstream(
        "VBA/_VBA_PROJECT").read()  # version 0xFFFF: Excel compiles the source on open
    assert sorted(project.listdir()) == sorted(olefile.OleFileIO(original).listdir())


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 100, 4095, 4096, 4097, 12000])
def test_vba_compression_round_trips(size):
    text = (excel_addin.ribbon_module_text().encode("ascii") * 20)[:size]
    packed = vba.compress(text)
    assert vba.decompress(packed) == text
    if size > 1000:
        assert len(packed) < size  # it does compress (copy tokens), not only frame literals


@pytest.mark.libreoffice
def test_libreoffice_reads_the_new_ribbon_module_from_the_built_addin(built, tmp_path):
    """An independent reader of VBA projects: LibreOffice imports the add-in's modules as Basic."""
    copy = tmp_path / "xlkit_check.xlsm"  # LibreOffice opens no add-in: relabel it a macro workbook
    with zipfile.ZipFile(built.addins[0]) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"ms-excel.addin.macroEnabled.main", b"ms-excel.sheet.macroEnabled.main")
            target.writestr(info, data)
    converted = helpers.convert(copy, "ods", tmp_path / "lo")
    with zipfile.ZipFile(converted) as archive:
        basic = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("Basic/")}
    [module] = [text for name, text in basic.items() if name.endswith("RibbonMyAddin.xml")]
    assert "OrdinaryWorkbookIsActive" in module and "ActiveProtectedViewWindow" in module
    assert any("Function RunPython" in text for name, text in basic.items() if name.endswith("xlwings.xml"))


def test_addin_settings_name_the_interpreter_and_no_build_folder(built):
    for path in built.addins:
        copy = path.with_suffix(".xlsm")  # calamine picks the reader by extension
        copy.write_bytes(path.read_bytes())
        workbook = CalamineWorkbook.from_path(str(copy))
        assert workbook.sheet_names == ["myaddin.conf"]  # enabled (the template ships `_myaddin.conf`)
        settings = {row[0].upper(): row[1] for row in workbook.get_sheet_by_index(0).to_python() if row and row[0]}
        copy.unlink()
        assert settings["INTERPRETER_WIN"] == INTERPRETER
        # nothing points at the folder the add-ins were built in: the entry is the installed package
        assert not any(str(built.folder) in str(value) for value in settings.values())
    assert not list(built.folder.glob("*.py")) and not list(built.installed[0].parent.glob("*.py"))
    assert sorted(p.name for p in built.installed) == sorted(p.name for p in built.addins)
    notes = (built.folder / excel_addin.README_NAME).read_text(encoding="utf-8")
    assert str(built.installed[0].parent) in notes and INTERPRETER in notes


def test_a_renamed_addin_is_one_ascii_line_not_a_traceback():
    done = subprocess.run([sys.executable, "-c", "import xlkit.excel.entry as e; e.main('xlkit_check (2)')"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.isascii()
    assert "renamed" in done.stderr and "xlkit_check" in done.stderr


def test_run_main_command_runs_the_button_without_excel_and_logs_instead_of_a_traceback(tmp_path):
    # Outside Excel, Book.caller() cannot attach: exit 1 with one ASCII line, no traceback.
    command = re.search(r'RunPython "(.*)"', excel_addin.ribbon_module_text())[1]
    command = command.replace('" & addinName & "', "xlkit_check")
    env = {"TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", command], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.isascii()
    assert "xlkit: could not attach to the Excel workbook" in done.stderr
    log = (tmp_path / buttons.LOG_NAME).read_text(encoding="utf-8")
    assert "校验台账" in log and "Traceback" in log


def test_install_command_prints_the_manual_steps_off_windows(tmp_path):
    result = CliRunner().invoke(cli, ["excel", "install", "--dir", str(tmp_path / "addin"), "--no-xlstart",
                                      "--python", INTERPRETER])
    assert result.exit_code == 0, result.output
    assert "手动安装" in result.output and "XLSTART" in result.output
    assert len(list((tmp_path / "addin").glob("*.xlam"))) == len(ADDIN_BUTTONS)


# ---------------------------------------------------------------------------
# .bat shortcuts


@pytest.fixture(scope="module")
def shortcut_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("台账文件夹")
    helpers.write_ledger(folder / "环卫股台账.xlsx", [
        {"case_id": "KJ2019-001", "petitioner": "张三", "accepted_on": "2019-08-01", "registered_on": "2019-07-30"},
        {"case_id": "KJ2019-002", "petitioner": "李四", "registered_on": "2019-09-01"},
    ])
    helpers.write_ledger(folder / "校验结果.xlsx", [{"case_id": "x", "petitioner": "y"}])  # an earlier output
    helpers.write_ledger(folder / "随手记.xlsx", [{"备忘": "买纸"}], headers=["备忘"])  # not a ledger
    (folder / "~$环卫股台账.xlsx").write_bytes(b"lock")
    written, ledgers = excel_addin.write_shortcuts(folder, python=sys.executable)
    return folder, [p for p in written if p.suffix == ".bat"], ledgers


def _commands(bat: Path) -> list[list[str]]:
    lines = bat.read_bytes().decode("utf-8").split("\r\n")
    return [shlex.split(line) for line in lines if " -m xlkit " in line]


def test_shortcuts_are_crlf_utf8_keep_the_window_open_and_find_only_ledgers(shortcut_folder):
    folder, written, ledgers = shortcut_folder
    assert [p.name for p in written] == [f"{b.label}.bat" for b in ADDIN_BUTTONS if b.shortcut]
    assert "节假日调整.bat" not in [p.name for p in written]  # it changes the open workbook: Excel only
    assert [p.name for p in ledgers] == ["环卫股台账.xlsx"]
    for bat in written:
        raw = bat.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")  # a BOM would break `@echo off`
        assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
        lines = raw.decode("utf-8").split("\r\n")
        assert lines[:3] == ["@echo off", "chcp 65001 >nul", "set PYTHONUTF8=1"]
        assert 'pushd "%~dp0"' in lines and lines[-2] == "popd" and "pause" in lines  # \\server\\share too
        assert "cd /d" not in raw.decode("utf-8")
        assert all(line.isascii() for line in lines[:4])  # read before the code page switches
        [command] = _commands(bat)
        assert command[0] == "%XLKIT_PY%"  # this PC's Python, found when the shortcut runs
        assert command[4] == "环卫股台账.xlsx"  # the ledger, not an earlier output or another workbook
        assert "随手记.xlsx" not in command


def test_shortcuts_name_existing_commands_and_options(shortcut_folder):
    folder, written, _ = shortcut_folder
    ctx = cli.make_context("xlkit", ["--help"], resilient_parsing=True)
    for bat in written:
        for command in _commands(bat):
            assert command[1:3] == ["-m", "xlkit"]
            name = command[3]
            assert name in COMMANDS
            click_command = cli.get_command(ctx, name)
            assert click_command is not None, f"{bat.name}: `xlkit {name}` is not installed"
            options = {opt for param in click_command.params for opt in getattr(param, "opts", ())}
            for argument in command[4:]:
                if argument.startswith("-"):
                    assert argument in options, f"{bat.name}: `xlkit {name}` has no option {argument}"


def test_shortcut_command_lines_run(shortcut_folder):
    folder, written, _ = shortcut_folder
    for label in ("校验台账", "到期提醒"):
        [command] = _commands(folder / f"{label}.bat")
        done = subprocess.run([sys.executable, *command[1:], "--today", "2019-10-20"], cwd=folder, capture_output=True, text=True,
                              timeout=120, env={"PYTHONUTF8": "1", "PATH": "/usr/bin:/bin"})
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
    assert (folder / "校验结果.xlsx").exists()


def test_shortcuts_do_not_overwrite_without_force(shortcut_folder, tmp_path):
    folder, _, _ = shortcut_folder
    with pytest.raises(AddinError, match="--force"):
        excel_addin.write_shortcuts(folder)
    assert excel_addin.write_shortcuts(folder, force=True)[0]
    with pytest.raises(AddinError, match="没有找到台账"):
        excel_addin.write_shortcuts(tmp_path)


def test_run_command_without_excel_is_a_chinese_error():
    result = CliRunner().invoke(cli, ["excel", "run", "check"])
    assert result.exit_code == 2
    assert "没有找到正在运行的 Excel" in result.output and "Traceback" not in result.output


def test_bat_finds_the_python_of_the_pc_it_runs_on(shortcut_folder):
    _, _, ledgers = shortcut_folder
    lines = excel_addin.shortcut_text(ADDIN_BUTTONS[0], ledgers, sys.executable).split("\r\n")
    record = r'"%LOCALAPPDATA%\xlkit\python.txt"'
    lookup = lines.index(f"if exist {record} set /p XLKIT_PY=<{record}")
    fallback = lines.index(f'if not defined XLKIT_PY set "XLKIT_PY={sys.executable}"')
    check = lines.index('if not exist "%XLKIT_PY%" goto notinstalled')
    first_run = next(i for i, line in enumerate(lines) if " -m xlkit " in line)
    assert lookup < fallback < check < first_run
    notice = lines[lines.index(":notinstalled") + 2]
    assert "安装.bat" in notice and "生成的" in notice  # says which PC made them and what to do


def _record(tmp_path: Path, python: str) -> dict[str, str]:
    config = tmp_path / "config"
    (config / "xlkit").mkdir(parents=True)
    (config / "xlkit" / excel_addin.RECORD_NAME).write_text(python, encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(config), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}


@pytest.fixture
def linux_folder(tmp_path):
    folder = tmp_path / "信访台账 共享"
    folder.mkdir()
    helpers.write_ledger(folder / "环卫股台账.xlsx", [
        {"case_id": "KJ2019-001", "petitioner": "张三", "accepted_on": "2019-08-01", "registered_on": "2019-07-30"},
    ])
    written, _ = excel_addin.write_shortcuts(folder, python="/nonexistent/python3")
    return folder, written


def test_sh_launchers_run_the_job_with_the_recorded_python_from_any_folder(linux_folder, tmp_path):
    folder, written = linux_folder
    scripts = [p for p in written if p.suffix == ".sh"]
    assert [p.name for p in scripts] == [f"{b.label}.sh" for b in ADDIN_BUTTONS if b.shortcut]
    assert all(os.access(p, os.X_OK) for p in scripts)
    env = _record(tmp_path, sys.executable)
    for shell in ("sh", "bash"):
        done = subprocess.run([shell, str(folder / "校验台账.sh")], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1), done.stdout + done.stderr  # 1: the ledger has 错误
        assert "Traceback" not in done.stderr and "台账工具：校验台账" in done.stdout
    assert (folder / "校验结果.xlsx").exists()
    done = subprocess.run([str(folder / "到期提醒.sh")], cwd="/", env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr


def test_sh_launcher_without_xlkit_says_which_pc_made_it(linux_folder, tmp_path):
    folder, _ = linux_folder
    done = subprocess.run(["sh", str(folder / "校验台账.sh")], env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "本电脑没有找到台账工具" in done.stdout and "生成的" in done.stdout
    assert not (folder / "校验结果.xlsx").exists()


def _exec_arguments(value: str) -> list[str]:
    """An Exec value split as the Desktop Entry Specification says: string escapes (\\\\ → \\) and %%
    first, then arguments, where inside double quotes a backslash escapes " ` $ and itself."""
    value = value.replace("\\\\", "\\").replace("%%", "%")
    arguments, current, quoted, i = [], "", False, 0
    while i < len(value):
        char = value[i]
        if quoted and char == "\\" and value[i + 1] in '"`$\\':
            current, i = current + value[i + 1], i + 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == " " and not quoted:
            arguments.append(current)
            current = ""
        else:
            current += char
        i += 1
    return [*arguments, current]


def _desktop_exec(path: Path) -> list[str]:
    entry = dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)
    return _exec_arguments(entry["Exec"])


def test_desktop_files_launch_the_sh_in_a_terminal(linux_folder, tmp_path):
    folder, written = linux_folder
    desktops = [p for p in written if p.suffix == ".desktop"]
    assert len(desktops) == len([b for b in ADDIN_BUTTONS if b.shortcut])
    for path in desktops:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("[Desktop Entry]\n") and "\nTerminal=true\n" in text and "\nType=Application\n" in text
        assert _desktop_exec(path) == ["sh", str(path.with_suffix(".sh"))]
    done = subprocess.run(_desktop_exec(folder / "到期提醒.desktop"), env=_record(tmp_path, sys.executable),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1) and "台账工具：到期提醒" in done.stdout, done.stdout + done.stderr


def test_desktop_exec_quotes_awkward_folder_names():
    script = Path('/home/张三/台账 "新" $HOME `x` 100%/校验台账.sh')
    line = next(li for li in excel_addin.desktop_text(ADDIN_BUTTONS[0], script).splitlines() if li.startswith("Exec="))
    assert _exec_arguments(line.removeprefix("Exec=")) == ["sh", str(script)]


def test_install_and_shortcuts_record_this_pcs_python(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    excel_addin.build_addins(tmp_path / "addin")  # building alone records nothing
    assert not excel_addin.record_path().exists()
    excel_addin.install(tmp_path / "addin", xlstart=False)
    assert excel_addin.record_path().read_text(encoding="utf-8") == sys.executable
    excel_addin.record_path().unlink()
    excel_addin.install(tmp_path / "addin", interpreter=INTERPRETER, xlstart=False)  # for another PC
    assert not excel_addin.record_path().exists()
