"""`make windows-bundle`: the offline folder resolves xlkit alone for 64-bit Windows, CPython 3.11 and 3.12."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("windows_bundle", ROOT / "tools" / "windows_bundle.py")
bundle_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bundle_tool)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return bundle_tool.build(tmp_path_factory.mktemp("dist") / "xlkit-windows")


def _windows(python: str) -> dict[str, str]:
    env = default_environment()
    env.update(os_name="nt", sys_platform="win32", platform_system="Windows", platform_machine="AMD64",
               platform_release="10", implementation_name="cpython", platform_python_implementation="CPython",
               python_version=python, python_full_version=f"{python}.0")
    return env


def _wheels_for(folder: Path, python: str) -> dict[str, Path]:
    """Project name → the wheel in the folder that CPython `python` on win_amd64 installs."""
    version = tuple(int(p) for p in python.split("."))
    supported = {*cpython_tags(version, platforms=["win_amd64"]),
                 *compatible_tags(version, f"cp{version[0]}{version[1]}", platforms=["win_amd64"])}
    found = {}
    for path in folder.glob("*.whl"):
        name, _version, _build, tags = parse_wheel_filename(path.name)
        if tags & supported:
            found[name] = path
    return found


@pytest.mark.parametrize("python", bundle_tool.PYTHONS)
def test_uv_resolves_xlkit_from_the_folder_alone_for_windows(bundle, python):
    done = subprocess.run([bundle_tool.uv_bin(), "pip", "compile", "-", "--no-index", "--find-links",
                           bundle / bundle_tool.WHEELS, "--python-platform", "windows", "--python-version", python,
                           "--only-binary", ":all:", "--no-header", "--no-annotate", "--quiet"],
                          input="xlkit\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pinned = {canonicalize_name(line.split("==")[0]) for line in done.stdout.split() if "==" in line}
    assert {"xlkit", "xlwings", "pywin32", "pandas", "numpy"} <= pinned


@pytest.mark.parametrize("python", bundle_tool.PYTHONS)
def test_every_requirement_for_windows_is_in_the_folder(bundle, python):
    """Walk Requires-Dist from xlkit with Windows' markers, as pip on the target PC will."""
    wheels = _wheels_for(bundle / bundle_tool.WHEELS, python)
    env = _windows(python)
    todo, seen, windows_only = ["xlkit"], set(), set()
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        assert name in wheels, f"{name} has no wheel for CPython {python} win_amd64 in the bundle"
        with zipfile.ZipFile(wheels[name]) as archive:
            metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            message = Parser().parsestr(archive.read(metadata).decode("utf-8"))
        for line in message.get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({**env, "extra": ""}):
                todo.append(requirement.name)
                if requirement.marker is not None and "win" in str(requirement.marker).lower():
                    windows_only.add(canonicalize_name(requirement.name))
    assert "pywin32" in windows_only  # the dependency pip on Linux would have left out


@pytest.mark.parametrize("python", bundle_tool.PYTHONS)
def test_pip_installs_from_the_folder_without_an_index(bundle, python, tmp_path):
    """What 安装.bat runs (pip, --no-index --find-links), for the target platform."""
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-index", "--find-links",
                           bundle / bundle_tool.WHEELS, "--only-binary=:all:", "--platform", "win_amd64",
                           "--python-version", python, "--implementation", "cp", "-d", tmp_path, "xlkit"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_install_scripts_are_chinese_batch_files_that_never_download(bundle):
    install = (bundle / "安装.bat").read_bytes()
    uninstall = (bundle / "卸载.bat").read_bytes()
    for raw in (install, uninstall):
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
        text = raw.decode("gbk")  # the console code page of Chinese Windows (no chcp needed)
        assert 'pushd "%~dp0"' in text and "popd" in text and "cd /d" not in text
        assert not re.search(r"https?://", text)
    text = install.decode("gbk")
    assert "--no-index --find-links" in text
    assert "-m venv" in text and "excel install" in text
    notes = (bundle / "安装说明.txt").read_bytes()
    assert notes.startswith(b"\xef\xbb\xbf")
    notes_text = notes.decode("utf-8-sig")
    assert "python-3.12" in notes_text and "安装.bat" in notes_text and "卸载.bat" in notes_text
    wheels = list((bundle / bundle_tool.WHEELS).glob("*.whl"))
    assert f"{len(wheels)} 个组件文件" in notes_text
