"""Build the offline Windows bundle: `python tools/windows_bundle.py [dist/xlkit-windows]` (`make windows-bundle`).

The folder holds the xlkit wheel and every dependency's wheel for 64-bit Windows, CPython 3.11 and 3.12,
plus 安装.bat (venv + `pip install --no-index --find-links`, then the add-ins, the install record and a
desktop shortcut), 卸载.bat and 安装说明.txt. Nothing in it downloads anything at install time.

The dependencies are resolved *for Windows* with uv (`uv pip compile --python-platform windows`):
`pip download --platform win_amd64` evaluates environment markers for the machine it runs on, so run
on Linux it silently leaves out Windows-only dependencies such as pywin32 (xlwings needs it). Then pip
downloads exactly the pinned wheels for win_amd64, without resolving again (`--no-deps`).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12")
PLATFORM = "win_amd64"
WHEELS = "wheels"
DEFAULT_HOME = r"C:\xlkit"


def _run(args: list, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    if done.returncode:
        raise SystemExit(f"windows-bundle: {' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def uv_bin() -> str:
    try:
        from uv import find_uv_bin
    except ImportError:
        raise SystemExit("windows-bundle needs uv: pip install uv (it is in xlkit's [test] extra)") from None
    return find_uv_bin()


def requirements_for(python: str, folder: Path) -> Path:
    """The pinned dependencies of xlkit on Windows x86-64 for one CPython version (markers for Windows)."""
    out = folder / f"requirements-cp{python.replace('.', '')}.txt"
    _run([uv_bin(), "pip", "compile", ROOT / "pyproject.toml", "--python-platform", "windows",
          "--python-version", python, "--only-binary", ":all:", "--no-header", "--quiet", "-o", out])
    return out


def build(target: Path) -> Path:
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    wheels = target / WHEELS
    wheels.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", scratch, ROOT])
        for built in Path(scratch).glob("xlkit-*.whl"):
            shutil.copy2(built, wheels / built.name)
    for python in PYTHONS:
        pins = requirements_for(python, wheels)
        _run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
              "--platform", PLATFORM, "--python-version", python, "--implementation", "cp",
              "-d", wheels, "-r", pins])
    write_scripts(target)
    return target


# ---------------------------------------------------------------------------
# The scripts (cmd.exe reads a .bat in the console's code page: GBK on Chinese Windows; CRLF lines)


INSTALL_BAT = r"""@echo off
setlocal EnableExtensions
rem 台账工具（xlkit）离线安装：建立 Python 虚拟环境，从本文件夹的 wheels 安装，不上网。
rem 用法：双击；或在命令提示符中运行  安装.bat [安装文件夹]（默认 {home}）
pushd "%~dp0"
title 台账工具 安装
set "XLKIT_HOME={home}"
if not "%~1"=="" set "XLKIT_HOME=%~1"
set "VENV=%XLKIT_HOME%\.venv"

echo 台账工具（xlkit）离线安装
echo 安装到：%XLKIT_HOME%
echo.

rem 1. 找 Python 3.12 或 3.11（python.org 安装包自带 py 启动器）
set "PY="
py -3.12 -c "import sys" >nul 2>&1 && set "PY=py -3.12"
if not defined PY py -3.11 -c "import sys" >nul 2>&1 && set "PY=py -3.11"
if not defined PY python -c "import sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) and sys.maxsize > 2**32 else 1)" >nul 2>&1 && set "PY=python"
if not defined PY goto :nopython

rem 2. 虚拟环境
if not exist "%XLKIT_HOME%" mkdir "%XLKIT_HOME%"
if not exist "%XLKIT_HOME%" goto :nohome
if not exist "%VENV%\Scripts\python.exe" (
    echo 正在建立虚拟环境 %VENV% ……
    %PY% -m venv "%VENV%"
)
if not exist "%VENV%\Scripts\python.exe" goto :failed

rem 3. 只从本文件夹安装（--no-index：不连网）
echo 正在安装 xlkit 及其依赖（约需 1 分钟）……
"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%CD%\{wheels}" --upgrade xlkit
if errorlevel 1 goto :failed
"%VENV%\Scripts\xlkit.exe" --version
if errorlevel 1 goto :failed

rem 4. Excel 加载项（同时记下本电脑的 Python 位置，.bat 快捷方式据此找到它）
echo.
echo 正在生成并安装 Excel 加载项……
"%VENV%\Scripts\xlkit.exe" excel install --dir "%XLKIT_HOME%\excel"
if errorlevel 1 echo 加载项没有装好，见上面的提示；命令行和 .bat 快捷方式仍可使用。

rem 5. 桌面快捷方式：打开一个可以直接输入 xlkit 命令的窗口
set "DESKTOP=%USERPROFILE%\Desktop"
for /f "usebackq delims=" %%D in (`powershell -NoProfile -Command "[Environment]::GetFolderPath('Desktop')" 2^>nul`) do set "DESKTOP=%%D"
if exist "%DESKTOP%" (
    > "%DESKTOP%\台账工具命令行.bat" (
        echo @echo off
        echo title 台账工具命令行
        echo set "PATH=%VENV%\Scripts;%%PATH%%"
        echo echo 可以输入 xlkit 命令，例如：xlkit check D:\信访台账\台账.xlsx    帮助：xlkit -h
        echo cmd /k
    )
    echo 已在桌面放置“台账工具命令行.bat”。
)

echo.
echo 安装完成。
echo   - 重新打开 Excel，功能区出现“台账工具”选项卡；
echo   - 用 WPS 的电脑：在“台账工具命令行”里运行  xlkit excel shortcuts 台账所在文件夹
echo     在台账旁生成 校验台账.bat 等快捷方式。
echo 说明见本文件夹的“安装说明.txt”。
goto :end

:nopython
echo 没有找到 64 位的 Python 3.11 或 3.12。
echo 请先运行本文件夹旁带来的 python-3.12.x-amd64.exe（或 3.11.x），安装时勾选“Add python.exe to PATH”，
echo 然后再双击“安装.bat”。详见“安装说明.txt”。
goto :end

:nohome
echo 无法建立文件夹“%XLKIT_HOME%”（没有权限？）。请换一个文件夹，例如：
echo   安装.bat D:\xlkit
goto :end

:failed
echo.
echo 安装没有完成，请把这个窗口的内容截图发给维护人员。
goto :end

:end
popd
echo.
pause
endlocal
"""

UNINSTALL_BAT = r"""@echo off
setlocal EnableExtensions
rem 卸载台账工具（xlkit）：删除虚拟环境、加载项和快捷方式。台账、生成的文书和工作簿都不删除。
pushd "%~dp0"
title 台账工具 卸载
set "XLKIT_HOME={home}"
if not "%~1"=="" set "XLKIT_HOME=%~1"

echo 将删除：
echo   %XLKIT_HOME%\.venv 和 %XLKIT_HOME%\excel
echo   %APPDATA%\Microsoft\Excel\XLSTART\xlkit_*.xlam
echo   %LOCALAPPDATA%\xlkit
echo   桌面上的“台账工具命令行.bat”
echo 台账和生成的文书、工作簿不会删除。请先关闭所有 Excel 窗口。
echo.
set "ANSWER="
set /p ANSWER=确定卸载吗？输入 Y 后回车：
if /i not "%ANSWER%"=="Y" goto :end

del /q "%APPDATA%\Microsoft\Excel\XLSTART\xlkit_*.xlam" 2>nul
if exist "%XLKIT_HOME%\.venv" rmdir /s /q "%XLKIT_HOME%\.venv"
if exist "%XLKIT_HOME%\excel" rmdir /s /q "%XLKIT_HOME%\excel"
if exist "%LOCALAPPDATA%\xlkit" rmdir /s /q "%LOCALAPPDATA%\xlkit"
set "DESKTOP=%USERPROFILE%\Desktop"
for /f "usebackq delims=" %%D in (`powershell -NoProfile -Command "[Environment]::GetFolderPath('Desktop')" 2^>nul`) do set "DESKTOP=%%D"
del /q "%DESKTOP%\台账工具命令行.bat" 2>nul
rmdir "%XLKIT_HOME%" 2>nul
if exist "%APPDATA%\Microsoft\Excel\XLSTART\xlkit_check.xlam" (
    echo 加载项仍在使用中：请关闭所有 Excel 窗口后再运行一次“卸载.bat”。
) else (
    echo 已卸载。
)

:end
popd
echo.
pause
endlocal
"""

README_TXT = """台账工具（xlkit）Windows 离线安装包
=====================================

本文件夹可以用 U 盘拷到不能上网的政务内网电脑上安装，安装过程不连网。

一、需要带上的 Python 安装包
  从 python.org 下载 Windows 64 位安装包（Windows installer (64-bit)），3.12 或 3.11 任选其一，
  例如 python-3.12.10-amd64.exe，和本文件夹放在一起拷过去。本安装包只含这两个版本的组件。
  Windows 10 或 11；Windows 7 不能运行这些 Python 版本。

二、安装步骤
  1. 双击 Python 安装包，勾选“Add python.exe to PATH”，点“Install Now”。
  2. 关闭所有 Excel 窗口。
  3. 双击本文件夹里的“安装.bat”，等黑色窗口出现“安装完成”，按任意键关闭。
     要装到别的文件夹（例如 C: 盘不允许新建文件夹时），在命令提示符里运行：安装.bat D:\\xlkit
     文件夹路径请只用英文字母和数字。

三、装到了哪里
  {home}\\.venv                       Python 虚拟环境，xlkit 和它用到的组件都在这里
  {home}\\excel                       Excel 加载项 xlkit_*.xlam 和“安装说明.txt”（勿移动）
  %APPDATA%\\Microsoft\\Excel\\XLSTART   加载项的副本，Excel 启动时自动加载
  %LOCALAPPDATA%\\xlkit\\python.txt     记录本电脑 Python 的位置，台账旁的 .bat 快捷方式据此找到它
  桌面“台账工具命令行.bat”             打开一个可以直接输入 xlkit 命令的窗口

四、怎么确认装好了
  1. 双击桌面的“台账工具命令行.bat”，输入  xlkit --version  回车，显示版本号即可。
  2. 输入  xlkit demo -o %USERPROFILE%\\Desktop\\演示输出  回车，在示例台账上把全部工作跑一遍，
     桌面上的“演示输出”文件夹里有校验结果、文书、月度调度和季度分析。
  3. 打开 Excel，功能区出现“台账工具”选项卡，五个按钮：校验台账、生成文书、到期提醒、月度调度、季度汇总。
     打开一本台账，点“校验台账”，工作簿里出现“校验结果”表。
  用 WPS 的电脑：在“台账工具命令行”里运行  xlkit excel shortcuts 台账所在文件夹
  在台账旁生成 校验台账.bat 等快捷方式，双击即可运行。

五、卸载
  关闭所有 Excel 窗口，双击“卸载.bat”，输入 Y 回车。台账和生成的文件不会删除。

六、遇到问题
  见 {home}\\.venv\\Lib\\site-packages\\xlkit\\_data\\macros\\README.md 第 6 节（故障排除），
  或把安装窗口的内容截图发给维护人员。

本安装包包含 {count} 个组件文件（wheels 文件夹），适用于 64 位 Windows 上的 Python {pythons}。
"""


def _bat_bytes(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("gbk")


def write_scripts(target: Path) -> None:
    count = len(list((target / WHEELS).glob("*.whl")))
    (target / "安装.bat").write_bytes(_bat_bytes(INSTALL_BAT.format(home=DEFAULT_HOME, wheels=WHEELS)))
    (target / "卸载.bat").write_bytes(_bat_bytes(UNINSTALL_BAT.format(home=DEFAULT_HOME)))
    readme = README_TXT.format(home=DEFAULT_HOME, count=count, pythons=" 和 ".join(PYTHONS))
    (target / "安装说明.txt").write_bytes(b"\xef\xbb\xbf" + readme.replace("\n", "\r\n").encode("utf-8"))


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "xlkit-windows"
    built = build(target)
    wheels = sorted((built / WHEELS).glob("*.whl"))
    size = sum(p.stat().st_size for p in built.rglob("*") if p.is_file())
    print(f"{built}: {len(wheels)} wheels, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
