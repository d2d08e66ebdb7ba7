"""One LibreOffice finder for every PDF conversion: PATH first, then the Windows install folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlkit.output.office import OfficeError, convert_to_pdf, find_soffice


@pytest.fixture
def bare(tmp_path, monkeypatch) -> Path:
    """No LibreOffice on PATH and no Windows program folders."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


def install(folder: Path) -> Path:
    binary = folder / "program" / "soffice.exe"
    binary.parent.mkdir(parents=True)
    binary.write_bytes(b"")
    return binary


def test_path_first(bare, monkeypatch):
    on_path = bare / "bin" / "soffice"
    on_path.write_text("#!/bin/sh\n")
    on_path.chmod(0o755)
    monkeypatch.setenv("PROGRAMFILES", str(bare / "pf"))
    install(bare / "pf" / "LibreOffice")
    assert find_soffice() == str(on_path)


def test_windows_program_files(bare, monkeypatch):
    assert find_soffice() is None
    monkeypatch.setenv("PROGRAMFILES(X86)", str(bare / "x86"))
    old = install(bare / "x86" / "LibreOffice 4")  # an older installer's folder name
    assert find_soffice() == str(old)
    monkeypatch.setenv("PROGRAMFILES", str(bare / "pf"))
    current = install(bare / "pf" / "LibreOffice")
    assert find_soffice() == str(current)


def test_absent_is_a_message(bare):
    with pytest.raises(OfficeError, match="未找到 LibreOffice"):
        convert_to_pdf([bare / "a.docx"], bare / "out", timeout=10)


@pytest.mark.libreoffice
def test_more_files_than_one_libreoffice_run_converts_are_all_converted(tmp_path):
    # LibreOffice 7.4 converts only the first 246 files it is given and exits 0 (`xlkit docs --pdf` of 20
    # cases gives it 250 documents): convert_to_pdf hands them over in batches
    import shutil

    import docx

    model = tmp_path / "model.docx"
    document = docx.Document()
    document.add_paragraph("受理告知书")
    document.save(model)
    files = []
    for number in range(260):
        files.append(tmp_path / "in" / f"{number:03d}.docx")
        files[-1].parent.mkdir(exist_ok=True)
        shutil.copyfile(model, files[-1])
    convert_to_pdf(files, tmp_path / "out", timeout=600)
    made = sorted(path.stem for path in (tmp_path / "out").glob("*.pdf"))
    assert made == [path.stem for path in files]
