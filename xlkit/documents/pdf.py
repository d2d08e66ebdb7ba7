"""The documents of a run as PDF beside their .docx, with one LibreOffice run (`xlkit docs --pdf`)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from xlkit.output.office import OfficeError, convert_to_pdf


class PdfError(OfficeError):
    """PDF conversion impossible or failed (message for the clerk); the documents themselves were made."""


def convert_pdf(paths: Sequence[Path], timeout_per_file: float = 20.0) -> list[Path]:
    """Convert .docx files to PDF beside them with ONE LibreOffice run (its own profile).

    Same-named files of different case folders are linked under unique names in a temporary folder,
    converted together, and each PDF is moved next to its .docx.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    with tempfile.TemporaryDirectory(prefix="xlkit-pdf-") as work:
        work_dir = Path(work)
        staged = []
        for number, path in enumerate(paths):
            link = work_dir / f"{number:05d}.docx"
            try:
                os.link(path, link)
            except OSError:
                shutil.copyfile(path, link)
            staged.append(link)
        try:
            convert_to_pdf(staged, work_dir / "pdf", timeout=60 + timeout_per_file * len(paths))
        except OfficeError as error:
            raise PdfError(f"{error}Word 文书已生成；如需 PDF，也可在 Word/WPS 中“另存为 PDF”。") from None
        produced = []
        missing = []
        for path, link in zip(paths, staged, strict=True):
            pdf = work_dir / "pdf" / (link.stem + ".pdf")
            if not pdf.exists():
                missing.append(path.name)
                continue
            target = path.with_suffix(".pdf")
            shutil.move(str(pdf), target)
            produced.append(target)
        if missing:
            raise PdfError(f"以下文书未能转换为 PDF：{'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''}。")
    return produced
