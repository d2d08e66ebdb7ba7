"""LibreOffice, found and run in one place for every conversion to PDF (`xlkit docs --pdf`, `xlkit dossier pack`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from xlkit.errors import XlkitError

#: environment variables naming Windows' program folders (64-bit, 32-bit)
PROGRAM_FOLDERS = ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432")


class OfficeError(XlkitError):
    """LibreOffice is not installed, or its conversion failed (message for the clerk)."""

    exit_code = 1


def find_soffice() -> str | None:
    """soffice on PATH, else LibreOffice's usual Windows install folders (rarely on PATH there)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for variable in PROGRAM_FOLDERS:
        base = os.environ.get(variable)
        if not base:
            continue
        # "LibreOffice" since 5.x; older installers used "LibreOffice 4" and the like
        for folder in [Path(base) / "LibreOffice", *sorted(Path(base).glob("LibreOffice *"), reverse=True)]:
            binary = folder / "program" / "soffice.exe"
            if binary.is_file():
                return str(binary)
    return None


NOT_FOUND = "未找到 LibreOffice（soffice）"


#: Files given to one LibreOffice run. LibreOffice converts only the first 246 files named on its command
#: line and then exits as if done (LibreOffice 7.4: 400 files named, 246 PDFs, exit code 0): a
#: 生成文书 --pdf of 20 cases has more. Batches of this many stay well under it.
BATCH = 200


def convert_to_pdf(files: Sequence[Path], outdir: Path, timeout: float, binary: str | None = None) -> None:
    """Convert `files` to `<outdir>/<stem>.pdf` with headless LibreOffice runs in one private profile, one
    run for each `BATCH` files; `timeout` is shared out over the runs by their number of files.

    A private profile lets parallel or repeated runs go on while the clerk's own LibreOffice is open.
    Raises OfficeError when LibreOffice is absent, fails or times out; which files it produced is the
    caller's to check.
    """
    binary = binary or find_soffice()
    if binary is None:
        raise OfficeError(f"{NOT_FOUND}，无法转换 PDF。请安装 LibreOffice（Linux：apt-get install libreoffice-writer-nogui）。")
    files = list(files)
    with tempfile.TemporaryDirectory(prefix="xlkit-lo-") as profile:
        for first in range(0, len(files), BATCH):
            batch = files[first:first + BATCH]
            _convert(binary, Path(profile), batch, outdir, max(60.0, timeout * len(batch) / len(files)))


def _convert(binary: str, profile: Path, files: list[Path], outdir: Path, timeout: float) -> None:
    command = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise OfficeError("LibreOffice 转换 PDF 超时，请稍后重试或减少一次转换的文件数量。") from None
    except subprocess.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip()[-300:]
        raise OfficeError(f"LibreOffice 转换 PDF 失败：{detail or '无输出'}") from None
    except OSError as error:
        raise OfficeError(f"无法启动 LibreOffice（{binary}）：{error.strerror or error}。") from None
