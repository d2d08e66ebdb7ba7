"""The 台账工具 add-in as `xlkit excel install` builds it, the VBA/ribbon text under macros/, the .bat shortcuts."""

from __future__ import annotations

import importlib.util
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


def test_every_ribbon_action_exists_in_the_vba_sources_and_the_compiled_template():
    procedures = _vba_procedures()
    with zipfile.ZipFile(excel_addin.template_path()) as template:
        compiled = template.read("xl/vbaProject.bin")
    ribbons = sorted((MACROS / "ribbon").glob("*.customUI.xml"))
    assert len(ribbons) == len(ADDIN_BUTTONS)
    for path in ribbons:
        actions = [b.get("onAction") for b in ET.parse(path).getroot().iter(f"{{{excel_addin.RIBBON_NS}}}button")]
        assert actions
        for action in actions:
            module, procedure = action.split(".")
            assert procedure in procedures.get(module, set()), f"{path.name}: {action} is not in macros/*.bas"
            # and the binary Excel compiled knows the module and the procedure
            assert module.encode() in compiled and procedure.encode() in compiled


def test_macros_text_is_what_install_builds():
    expected = excel_addin.macro_texts()
    on_disk = {p.relative_to(MACROS).as_posix(): p.read_text(encoding="utf-8")
               for p in MACROS.rglob("*") if p.suffix in (".xml", ".py")}
    assert on_disk == expected, "macros/ is stale: run `python -m xlkit.excel.addin macros`"


def test_entry_modules_call_existing_buttons():
    for button in ADDIN_BUTTONS:
        source = excel_addin.entry_module(button)
        assert f'run("{button.key}")' in source
        assert button.key in buttons.BUTTONS
        assert buttons.BUTTONS[button.key].label == button.label


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
            # the compiled VBA and the package relationships are Excel's, byte for byte
            for part in ("xl/vbaProject.bin", "_rels/.rels", "[Content_Types].xml"):
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


def test_addin_settings_point_at_this_python_and_the_entry_folder(built):
    for path in built.addins:
        copy = path.with_suffix(".xlsm")  # calamine picks the reader by extension
        copy.write_bytes(path.read_bytes())
        workbook = CalamineWorkbook.from_path(str(copy))
        assert workbook.sheet_names == ["myaddin.conf"]  # enabled (the template ships `_myaddin.conf`)
        settings = {row[0].upper(): row[1] for row in workbook.get_sheet_by_index(0).to_python() if row and row[0]}
        copy.unlink()
        assert settings["INTERPRETER_WIN"] == INTERPRETER
        assert settings["PYTHONPATH"] == str(built.folder)


def test_every_python_entry_named_by_the_addins_exists_and_imports(built, monkeypatch):
    for path in built.addins:
        module_name = path.stem  # RunMain imports ThisWorkbook.Name without its extension
        module_path = built.folder / f"{module_name}.py"
        assert module_path.exists()
        spec = importlib.util.spec_from_file_location(module_name, module_path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert callable(module.main)
    # the entry modules sit outside XLSTART (Excel opens every file there), the add-ins inside
    assert sorted(p.name for p in built.installed) == sorted(p.name for p in built.addins)
    assert not list(built.installed[0].parent.glob("*.py"))
    notes = (built.folder / excel_addin.README_NAME).read_text(encoding="utf-8")
    assert str(built.installed[0].parent) in notes and INTERPRETER in notes


def test_entry_module_runs_the_button_without_excel_and_logs_instead_of_a_traceback(built, tmp_path):
    # Outside Excel, Book.caller() cannot attach: the entry must exit 1 with one ASCII line, no traceback.
    env = {"PYTHONPATH": str(built.folder), "TMPDIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", "import xlkit_check; xlkit_check.main()"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
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
    return folder, written, ledgers


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
        assert 'cd /d "%~dp0"' in lines and lines[-2] == "pause"
        assert all(line.isascii() for line in lines[:4])  # read before the code page switches
        [command] = _commands(bat)
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
        done = subprocess.run(command + ["--today", "2019-10-20"], cwd=folder, capture_output=True, text=True,
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
