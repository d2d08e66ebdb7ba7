"""The sheet scan before calamine (xlkit.read.extent): its extent, error cells and formulas without a result,
on sheet XML written the ways real writers write it (issue 15 made the scan search in C; these pin what it finds).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlkit.read import extent
from xlkit.read.extent import scan_sheet, sheet_parts

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def package(path: Path, sheet_data: str, prefix: str = "", after: str = "") -> Path:
    """A real .xlsx (openpyxl's parts) whose one sheet has the given <sheetData> content."""
    book = openpyxl.Workbook()
    book.active.title = "台账"
    book.active["A1"] = 1
    plain = path.with_name("plain.xlsx")
    book.save(plain)
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    xml = f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}><{p}sheetData>{sheet_data}' \
          f'</{p}sheetData>{after}</{p}worksheet>'
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info, data)
    return path


def scan(path: Path):
    return scan_sheet(path, sheet_parts(path)["台账"])


@pytest.fixture(params=["search", "quick"])
def both_looks(request, monkeypatch):
    """The test runs twice: with the search alone, and with every piece of the sheet looked at quickly first
    (`extent._may_reach_beyond`, used for pieces of 1 MB and more), so a far cell the quick look misses fails."""
    if request.param == "quick":
        monkeypatch.setattr(extent, "_QUICK_FROM", 64)
        monkeypatch.setattr(extent, "_QUICK_HEAD", 32)
    return request.param


def test_extent_counts_cells_with_values_only(tmp_path, both_looks):
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>案件编号</t></is></c><c r="C1"><v>1</v></c>'
            '<c r="Z1" s="3"/></row>'  # a styled empty cell does not widen the sheet
            '<row r="2"><c r="B2"><v>2</v></c><c r="D2" s="1"></c></row>'
            '<row r="7" s="2"><c r="A7" s="2"/></row>')  # nor does a styled empty row lengthen it
    path = package(tmp_path / "a.xlsx", rows)
    found = scan(path)
    # a plain sheet's height is its furthest row (an upper bound, in C), its width the widest value exactly
    assert (found.rows, found.columns, found.plain) == (7, 3, True)
    exact = scan_sheet(path, sheet_parts(path)["台账"], exact=True)
    assert (exact.rows, exact.columns) == (2, 3)


def test_rows_of_formats_only_far_down_do_not_send_a_ledger_the_slow_way(tmp_path, monkeypatch):
    # a template ruled down to row 300,000: its bound (300,000 × 60 columns) is over the block calamine is given,
    # so the rows with a value are counted one by one, and the 50 cases are read whole as before
    cells = "".join(f'<c r="{extent.column_letter(c)}{{r}}"><v>1</v></c>' for c in range(60))
    rows = "".join(f'<row r="{r}">{cells.format(r=r)}</row>' for r in range(1, 51))
    rows += "".join(f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>' for r in range(51, 300_001))
    found = scan(package(tmp_path / "ruled.xlsx", rows))
    assert (found.rows, found.columns, found.plain) == (50, 60, False)
    assert found.block_cells <= extent.MAX_BLOCK_CELLS


@pytest.mark.parametrize("far", [
    '<c r="XFD1500"><v>9</v></c><c r="A1500"><v>1</v></c>',  # a far cell first in its row
    '<c r="A1500"><v>1</v></c><c r="XFD1500"><v>9</v></c><c r="B1500"><v>1</v></c>',  # in the middle
    '<c s="1" r="XFD1500"><v>9</v></c><c r="A1500"><v>1</v></c>',  # its reference not first in the tag
    '<c r="xfd1500"><v>9</v></c><c r="A1500"><v>1</v></c>',  # in small letters: calamine reads it as XFD1500
])
def test_a_far_cell_out_of_column_order_is_seen(tmp_path, monkeypatch, far, both_looks):
    # calamine places each cell by its own reference: 2,000 rows × 16,384 columns, not 2,000 × 2. Under
    # 100,000 rows such a sheet asked for 1.6 billion cells and the process aborted (SIGABRT, no message)
    monkeypatch.setattr(extent, "_CHUNK", 4096)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>2</v></c></row>' for r in range(1, 2001))
    rows = rows.replace('<row r="1500"><c r="A1500"><v>1500</v></c><c r="B1500"><v>2</v></c></row>',
                        f'<row r="1500">{far}</row>')
    found = scan(package(tmp_path / "o.xlsx", rows))
    assert (found.rows, found.columns) == (2000, 16384)


def test_rows_out_of_order_are_seen(tmp_path, monkeypatch, both_looks):
    monkeypatch.setattr(extent, "_CHUNK", 4096)
    rows = [f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 2001)]
    rows.insert(10, '<row r="900000"><c r="A900000"><v>1</v></c></row>')  # early, among the first rows
    rows.insert(1500, "<row\n r='950000'><c r='B950000'><v>1</v></c></row>")  # spelt otherwise, deep down
    found = scan(package(tmp_path / "r.xlsx", "".join(rows)))
    assert (found.rows, found.columns) == (950000, 2)


def test_a_row_of_cells_without_references_is_as_wide_as_its_cells(tmp_path):
    # <c> without r= follows the cell before it (calamine's rule): 30 of them reach column AD
    row = '<row r="1"><c r="A1"><v>1</v></c>' + "<c><v>2</v></c>" * 29 + "</row>"
    found = scan(package(tmp_path / "n.xlsx", row + '<row r="2"><c r="A2"><v>1</v></c></row>'))
    assert found.columns >= 30 and found.rows == 2


def test_a_far_cell_in_the_middle_of_a_big_sheet_is_seen(tmp_path, monkeypatch, both_looks):
    monkeypatch.setattr(extent, "_CHUNK", 4096)  # many chunks, rows cut across them
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>{"字" * 30}</t></is>'
                   f'</c></row>' for r in range(1, 2001))
    rows = rows.replace('</t></is></c></row><row r="1501">', '</t></is></c><c r="XFD1500"><v>9</v></c></row><row r="1501">')
    found = scan(package(tmp_path / "b.xlsx", rows))
    assert (found.rows, found.columns) == (2000, 16384)


def test_errors_and_formulas_without_results(tmp_path):
    rows = ('<row r="1"><c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'  # an error result
            '<c r="B1"><f>1+1</f></c>'  # a formula saved without a result
            '<c r="C1"><f>1+1</f><v>2</v></c>'  # with one
            '<c r="D1" t="e"><v>#N/A</v></c>'  # an error typed or pasted as a value
            '<c r="E1"><f>A1</f><v/></c>'  # an empty result
            '<c r="F1"><f>A1</f> <v> </v> </c></row>'  # a blank one, with spaces between the tags
            '<row r="2"><c r="A2"><f t="shared" ref="A2:A4" si="0">B2*2</f><v>4</v></c><c r="B2"><v>2</v></c></row>'
            '<row r="3"><c r="A3"><f t="shared" si="0"/></c></row>'  # a shared formula's follower, no result
            '<row r="4"><c r="A4"><f t="shared" si="0"/><v>8</v></c>'  # one with a result
            '<c r="B4" t="inlineStr"><is><t>写着 &lt;f&gt; 和 t="e" 的文字</t></is></c></row>')
    found = scan(package(tmp_path / "c.xlsx", rows))
    assert found.errors == {(1, 1): "#DIV/0!", (1, 4): "#N/A", (4, 2): "#VALUE!"}  # (the text cell: as before)
    assert found.uncached == {(1, 2), (1, 5), (1, 6), (3, 1)}


def test_a_sheet_written_with_a_namespace_prefix(tmp_path):
    rows = ('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="H1"><x:f>1+1</x:f></x:c></x:row>'
            '<x:row r="2"><x:c r="AB2"><x:v>2</x:v></x:c><x:c r="B2"><x:v>3</x:v></x:c></x:row>'
            '<x:row r="3"><x:c r="A3"><x:f>A1</x:f><x:v>1</x:v></x:c></x:row>')
    merges = '<x:mergeCells count="1"><x:mergeCell ref="A1:B2"/></x:mergeCells>'
    found = scan(package(tmp_path / "d.xlsx", rows, prefix="x", after=merges))
    # AB2 stands before B2, and calamine places each cell by its reference: the values reach column AB
    assert (found.rows, found.columns) == (3, 28)
    assert found.uncached == {(1, 8)} and found.merges == [((0, 0), (1, 1))]


@pytest.mark.parametrize("chunk", [64, 1 << 23])
def test_merged_ranges_after_the_rows(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(extent, "_CHUNK", chunk)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 40))
    merges = '<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="$B$5:$B$9"/></mergeCells>'
    found = scan(package(tmp_path / "e.xlsx", rows, after=merges))
    assert found.merges == [((0, 0), (0, 2)), ((4, 1), (8, 1))] and found.rows == 39


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_the_scan_reads_a_part_as_zipfile_does_and_a_damaged_one_not_at_all(tmp_path, monkeypatch, method):
    # the scan inflates deflated parts itself (issue 15: no CRC pass); stored parts go through zipfile
    monkeypatch.setattr(extent, "_CHUNK", 1 << 16)
    monkeypatch.setattr(extent, "_READ", 1 << 12)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="C{r}" t="inlineStr"><is><t>{"字" * (r % 90)}</t>'
                   f'</is></c></row>' for r in range(1, 3001)) + '<row r="3001"><c r="AB3001"><v>0</v></c></row>'
    made = package(tmp_path / "a.xlsx", rows)
    path = tmp_path / "b.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w", method) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info), method)
    with zipfile.ZipFile(path) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
        with extent._inflated(path, book, info) as chunks:
            pieces = list(chunks)
        assert b"".join(pieces) == book.read(info)
        assert max(map(len, pieces)) <= 1 << 16 and len(pieces) > 10
    found = scan(path)
    assert (found.rows, found.columns) == (3001, 28)
    if method == zipfile.ZIP_DEFLATED:  # damaged compressed bytes: no extent, never a guess
        data = bytearray(path.read_bytes())
        at = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
        data[at:at + 64] = b"\xff" * 64
        (tmp_path / "c.xlsx").write_bytes(data)
        assert scan_sheet(tmp_path / "c.xlsx", "xl/worksheets/sheet1.xml") is None


def test_a_part_packed_to_bursting_is_inflated_a_chunk_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(extent, "_CHUNK", 1 << 20)
    path = package(tmp_path / "a.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (64 << 20))
    with zipfile.ZipFile(path) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_size < 1 << 20
        with extent._inflated(path, book, info) as chunks:
            sizes = [len(piece) for piece in chunks]
    assert max(sizes) <= 1 << 20 and sum(sizes) == info.file_size
    assert (scan(path).rows, scan(path).columns) == (1, 1)


@pytest.mark.parametrize("far", [
    '<c\nr="XFD1500"><v>9</v></c>',  # a line break after the name
    "<c r='XFD1500'><v>9</v></c>",  # single quotes
    '<c r = "XFD1500"><v>9</v></c>',  # spaces around =
    f'<x:c xmlns:x="{MAIN}" r="XFD1500"><x:v>9</x:v></x:c>',  # a prefix of its own
    '<c r="XFD1500"><v>9</v></c><c\tr="XFD1500"/>',  # a plain far cell, then an empty odd one
])
def test_a_far_cell_spelled_otherwise_deep_in_a_plainly_written_sheet_is_seen(tmp_path, monkeypatch, far, both_looks):
    # the scan decides how cells are spelled from the first chunk; a hostile sheet spells one far cell
    # another way thousands of rows later: calamine would be handed 1,500 × 16,384 cells
    monkeypatch.setattr(extent, "_CHUNK", 4096)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>{"字" * 30}</t></is>'
                   f'</c></row>' for r in range(1, 2001))
    rows = rows.replace('</t></is></c></row><row r="1501">', f'</t></is></c>{far}</row><row r="1501">')
    found = scan(package(tmp_path / "b.xlsx", rows))
    assert (found.rows, found.columns) == (2000, 16384)


def test_a_ledger_with_a_far_cell_written_first_in_its_row_is_read_and_the_cell_named(tmp_path):
    # end to end: the reader is told the sheet reaches XFD (600 × 16,384 cells, over the block calamine is
    # given), reads it cell by cell, keeps every case and names the far cell (R020) instead of aborting
    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    rows = ['<row r="1">' + text("A1", "案件编号") + text("B1", "登记日期") + text("C1", "信访人") + "</row>"]
    for r in range(2, 601):
        far = text(f"XFD{r}", "远处的字") if r == 300 else ""
        rows.append(f'<row r="{r}">{far}' + text(f"A{r}", f"2019-{r:03d}") + text(f"B{r}", "2019-09-03")
                    + text(f"C{r}", "张三") + "</row>")
    from xlkit.read.ledger import read_ledger

    ledger = read_ledger(package(tmp_path / "far.xlsx", "".join(rows)))
    assert len(ledger) == 599
    far = [f for f in ledger.findings if f.code == "R020"]
    assert far and far[0].where.endswith("XFD300") and "远处的字" in far[0].message


@pytest.mark.parametrize(("far", "reach"), [
    ('<c r="AAAA7"><v>9</v></c>', (2000, 18279)),  # four letters: calamine places it past Excel's XFD
    ('<c r="B99999999"><v>9</v></c>', (99999999, 2)),  # eight digits
    ('<c r="zz7"><v>9</v></c>', (2000, 702)),  # small letters, last in its row
])
def test_references_past_excel_s_own_limits_are_seen(tmp_path, monkeypatch, far, reach, both_looks):
    monkeypatch.setattr(extent, "_CHUNK", 4096)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 2001))
    rows = rows.replace('<c r="A7"><v>7</v></c>', f'<c r="A7"><v>7</v></c>{far}')
    found = scan(package(tmp_path / "x.xlsx", rows))
    assert (found.rows, found.columns) == reach


def test_the_pattern_for_columns_further_right_knows_every_column():
    import random
    import re

    rng = random.Random(3)
    for columns in [1, 25, 26, 27, 51, 52, 60, 701, 702, 703, 16383, 16384, *rng.sample(range(1, 20000), 40)]:
        pattern = re.compile("(?:" + extent._letters_beyond(extent.column_letter(columns - 1)) + ")$")
        for number in [*range(max(1, columns - 30), columns + 30), *rng.sample(range(1, 500_000), 60)]:
            letters = extent.column_letter(number - 1)
            letters = "".join(ch.lower() if rng.random() < 0.3 else ch for ch in letters)
            assert bool(pattern.match(letters)) == (number > columns), (columns, letters)


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_cell_whose_reference_names_a_far_row_deep_in_a_plainly_written_sheet_is_seen(tmp_path, monkeypatch,
                                                                                          where, both_looks):
    # `<row r="1500"><c r="A5000000">`: calamine places the cell by its reference; the scan took the rows from
    # the row tags and looked for columns beyond only, so a sheet of 2,000 rows asked calamine for 10 million
    monkeypatch.setattr(extent, "_CHUNK", 4096)
    far = '<c r="A5000000"><v>9</v></c>'
    cells = ['<c r="A1500"><v>1</v></c>', '<c r="B1500"><v>2</v></c>']
    cells.insert({"first": 0, "middle": 1, "last": 2}[where], far)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c></row>' for r in range(1, 2001))
    rows = rows.replace('<row r="1500"><c r="A1500"><v>1500</v></c><c r="B1500"><v>1500</v></c></row>',
                        '<row r="1500">' + "".join(cells) + "</row>")
    found = scan(package(tmp_path / "r.xlsx", rows))
    assert (found.rows, found.columns) == (5_000_000, 2)


def test_a_far_row_written_before_the_sheet_grows_wide_is_seen(tmp_path, both_looks):
    # the far row does not overflow the block by the columns seen when the search passes it (one), only by the
    # columns found after it (three): the cells before are looked at again
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="A5000000"><v>9</v></c></row>' + "".join(
        f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="B{r}"><v>2</v></c><c r="C{r}"><v>3</v></c></row>'
        for r in range(2, 50))
    found = scan(package(tmp_path / "w.xlsx", rows))
    assert (found.rows, found.columns) == (5_000_000, 3) and found.block_cells > extent.MAX_BLOCK_CELLS


def test_a_ledger_whose_cell_names_another_row_is_read_small_and_the_cell_named(tmp_path):
    # end to end, under a 1 GB ceiling: the check took 23 s and 2.2 GB (a 3,000-row ledger, one case number
    # written `<c r="A900000">` in its row 2000); now the sheet is read cell by cell and the cell said (R020)
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_hostile import ledger, xlkit_process

    path = ledger(tmp_path / "地址.xlsx", *[dict(case_id=f"2019-{n:04d}", petitioner=f"信访人{n}") for n in range(1, 3000)])
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert sheet.count('<c r="A2000"') == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.replace('<c r="A2000"', '<c r="A900000"').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01", limit_bytes=1 << 30, timeout=60)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    import json

    report = json.loads(result.stdout)
    assert report["cases"] == 2999
    said = [f for f in report["findings"] if f["code"] == "R020"]
    assert [(f["cell"], f["value"]) for f in said] == [("A900000", "2019-1998")]
    assert [f["cell"] for f in report["findings"] if f["code"] == "C101"] == ["A2000"]  # the case without its number


def test_a_first_row_of_thousands_of_headers_makes_few_patterns(tmp_path):
    # each cell further right made the search a new pattern: a row of 16,384 headers compiled 16,384 (3 s of
    # a 41-row sheet's scan, 5 s with rows looked for too)
    rows = '<row r="1">' + "".join(f'<c r="{extent.column_letter(c)}1"><v>{c}</v></c>' for c in range(16384)) \
        + "</row>" + '<row r="2"><c r="A2"><v>1</v></c></row>'
    extent._beyond_pattern.cache_clear()
    found = scan(package(tmp_path / "wide.xlsx", rows))
    assert (found.rows, found.columns) == (2, 16384)
    assert extent._beyond_pattern.cache_info().misses < 600


def _plain_rows(count: int, width: int) -> list[str]:
    cells = "".join(f'<c r="{extent.column_letter(c)}{{r}}" t="s"><v>{c}</v></c>' for c in range(width))
    return [f'<row r="{r}">{cells.format(r=r)}</row>' for r in range(1, count + 1)]


def test_the_quick_look_finds_whatever_the_search_finds(tmp_path, monkeypatch):
    # one far or odd reference at a random place in a plainly written sheet of 60 columns, each kind a hostile
    # or careless writer may leave: the scan with the quick look (every piece) gives the bounds the search gives
    import random

    rng = random.Random(15)
    monkeypatch.setattr(extent, "_CHUNK", 8192)
    base = _plain_rows(1500, 60)
    kinds = ['<c r="BI{r}"><v>1</v></c>', '<c r="bi{r}"><v>1</v></c>', '<c r="CA{r}"/>', '<c r="ZZ{r}"><v>1</v></c>',
             '<c r="AAA{r}"><v>1</v></c>', '<c r="B{far}"><v>1</v></c>', '<c r="b0{far}"><v>1</v></c>',
             '<c r="A0000000{r}"><v>1</v></c>', "<c r='BZ{r}'><v>1</v></c>", '<c r = "BZ{r}"><v>1</v></c>',
             '<c\nr="BZ{r}"><v>1</v></c>', '<c r="XFD{r}" s="1"></c>', '<c r="BH{far}"><v>1</v></c>',
             '<c r="A{r}"><v>1</v></c>', '<c r="BH{r}"><v>1</v></c>', '<c r="Bh{r}"><v>1</v></c>']
    for case in range(48):
        rows = list(base)
        at = rng.randrange(len(rows))
        kind = kinds[case % len(kinds)]
        cell = kind.format(r=at + 1, far=rng.choice([99_999, 133_334, 900_000, 1_048_576]))
        row = rows[at]
        cut = rng.choice([row.index(">") + 1, row.rindex("</row>")])
        rows[at] = row[:cut] + cell + row[cut:]
        path = package(tmp_path / f"q{case}.xlsx", "".join(rows))
        with monkeypatch.context() as quick:
            quick.setattr(extent, "_QUICK_FROM", 64)
            quick.setattr(extent, "_QUICK_HEAD", 32)
            fast = scan(path)
        searched = scan(path)
        assert (fast.rows, fast.columns) == (searched.rows, searched.columns), (case, cell)


def test_a_big_plain_piece_is_looked_at_quickly_not_searched(tmp_path, monkeypatch):
    # the quick look is what a ledger of 100,000 rows gets, piece after piece (8 MB each): the search runs over
    # the first rows only (to learn the width), and the bounds are those of the search alone
    searched: list[int] = []
    looks: list[bool] = []
    search, look = extent._scan_beyond, extent._may_reach_beyond

    def spy_search(data, end, found):
        searched.append(end)
        return search(data, end, found)

    def spy_look(data, end, found):
        looks.append(look(data, end, found))
        return looks[-1]

    path = package(tmp_path / "big.xlsx", "".join(_plain_rows(3000, 60)))  # 5.8 MB of XML, one piece
    whole = scan(path)
    monkeypatch.setattr(extent, "_scan_beyond", spy_search)
    monkeypatch.setattr(extent, "_may_reach_beyond", spy_look)
    quick = scan(path)
    assert (quick.rows, quick.columns) == (whole.rows, whole.columns) == (3000, 60)
    assert looks == [False]  # the piece: nothing beyond, not searched
    assert searched[1] < 1 << 17  # its first rows, searched for the width


def _calamine_extent(path: Path) -> tuple[int, int]:
    """How far calamine's block reaches (rows, columns from A1), as it reads the sheet itself."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("台账")
    return sheet.end[0] + 1, sheet.end[1] + 1


#: cells and rows written without a reference, each placed by calamine from the tag before it
UNREFERENCED = {
    "empty rows, then a cell": '<row r="1"><c r="A1"><v>1</v></c></row>' + "<row/>" * 900
                               + "<row><c><v>2</v></c></row>",
    "empty rows with attributes": '<row r="1"><c r="A1"><v>1</v></c></row>' + '<row spans="1:3"></row>' * 90
                                  + '<row s="1"><c s="0"><v>2</v></c></row>',
    "cells after a reference": '<row r="3"><c r="C3"><v>1</v></c>' + "<c><v>2</v></c>" * 40 + "</row>",
    "empty cells count too": '<row r="1"><c r="A1"><v>1</v></c>' + "<c/>" * 30 + "<c></c><c><v>2</v></c></row>",
    "empty cells at the end do not": '<row r="1"><c r="A1"><v>1</v></c>' + "<c/>" * 30 + "</row>",
    "a reference naming another row": '<row r="3"><c r="B700"><v>1</v></c><c><v>2</v></c></row>',
    "rows in descending order": '<row r="10"><c r="A10"><v>1</v></c></row><row r="4"><c r="A4"><v>1</v></c></row>'
                                "<row><c><v>2</v></c></row>",
    "a row without r= of referenced cells": '<row r="5"><c r="A5"><v>1</v></c></row>'
                                            + '<row><c r="A1"><v>1</v></c></row>' * 50 + "<row><c><v>2</v></c></row>",
    "no references at all": "<row><c><v>1</v></c><c><v>2</v></c></row>" * 20,
    "styled cells without r=": '<row r="1"><c r="A1"><v>1</v></c>' + '<c s="1" t="n"><v>2</v></c>' * 25 + "</row>",
    "two r= in one tag (calamine reads the last)": '<row r="1"><c r="A1" r="D7"><v>1</v></c></row>',
}


#: where the scan counts on from the furthest row or column seen (an upper bound) and calamine from the last
OVER = {"rows in descending order"}


@pytest.mark.parametrize("name", UNREFERENCED)
def test_cells_and_rows_without_references_are_placed_as_calamine_places_them(tmp_path, name, both_looks):
    path = package(tmp_path / "u.xlsx", UNREFERENCED[name])
    found, (rows, columns) = scan(path), _calamine_extent(path)
    assert found.rows >= rows and found.columns >= columns
    assert name in OVER or (found.rows, found.columns) == (rows, columns)


@pytest.mark.parametrize("prefix", ["", "x"])
def test_cells_without_references_deep_in_a_plainly_written_sheet_are_placed(tmp_path, monkeypatch, prefix,
                                                                             both_looks):
    # the scan learns how a sheet is written from its first piece; a hostile one writes thousands of plain rows,
    # then cells and rows without r=: one such row of 300,000 cells asked calamine for 18 billion (it aborted)
    import random

    rng = random.Random(8)
    monkeypatch.setattr(extent, "_CHUNK", 8192)
    p = f"{prefix}:" if prefix else ""
    base = [row.replace("<row", f"<{p}row").replace("</row>", f"</{p}row>").replace("<c ", f"<{p}c ")
            .replace("</c>", f"</{p}c>").replace("<v>", f"<{p}v>").replace("</v>", f"</{p}v>").replace(' t="s"', "")
            for row in _plain_rows(600, 12)]  # (numbers: the package has no shared texts)
    kinds = [f"<{p}c><{p}v>1</{p}v></{p}c>" * 80, f'<{p}c s="2"><{p}v>1</{p}v></{p}c>' * 30, f"<{p}c/>" * 50
             + f"<{p}c><{p}v>1</{p}v></{p}c>", f"</{p}row>" + f"<{p}row/>" * 700 + f"<{p}row><{p}c><{p}v>1</{p}v></{p}c>"]
    for case in range(12):
        rows = list(base)
        at = rng.randrange(300, len(rows))
        kind = kinds[case % len(kinds)]
        rows[at] = rows[at].replace(f"</{p}row>", kind + f"</{p}row>")
        path = package(tmp_path / f"d{case}.xlsx", "".join(rows), prefix=prefix)
        found = scan(path)
        assert found.unreferenced
        assert (found.rows, found.columns) == _calamine_extent(path), (case, kind[:40])
    plain = scan(package(tmp_path / "base.xlsx", "".join(base), prefix=prefix))
    assert not plain.unreferenced and (plain.rows, plain.columns) == (600, 12)


def test_a_row_of_300000_cells_without_references_is_named_not_a_crash(tmp_path):
    # end to end, in its own Python (calamine aborts the process when handed such a block): 9 MB of plain rows,
    # more than one piece of the scan, then one row of cells written `<c><v>1</v></c>`; the reader reads the
    # sheet cell by cell and names the cells outside the table (R020)
    import json
    import subprocess
    import sys

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    rows = ['<row r="1">' + text("A1", "案件编号") + text("B1", "信访人") + text("C1", "信访事项") + "</row>"]
    rows += [f'<row r="{r}">' + text(f"A{r}", f"KJ{r:06d}") + text(f"B{r}", "张三")
             + text(f"C{r}", "路灯不亮，请求维修" * 6) + "</row>" for r in range(2, 40_001)]
    rows.append('<row r="40001">' + "<c><v>1</v></c>" * 300_000 + "</row>")
    path = package(tmp_path / "wide.xlsx", "".join(rows))
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size > 1 << 23
    done = subprocess.run([sys.executable, "-m", "xlkit", "check", "--json", str(path)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["cases"] == 40_000
    outside = [f for f in report["findings"] if f["code"] == "R020"]
    assert outside and "之外另有" in outside[0]["message"]


_F = "XFD1048576"
_A1 = '<row r="1"><c r="A1"><v>1</v></c></row>'


def _prefixed(prefix: str, rows: str) -> str:
    for tag in ("row", "c", "v"):
        rows = rows.replace(f"<{tag}", f"<{prefix}:{tag}").replace(f"</{tag}>", f"</{prefix}:{tag}>")
    return rows


#: spellings a hostile tester found the scan misread (issue 15 review): each (the rows, the namespace prefix of
#: the sheet, where calamine's block reaches at least); calamine aborts on all of them
MISREAD = {
    "a > inside a quoted value": (f'<row r="1"><c><v>1</v></c><c foo=">" r="{_F}"><v>1</v></c></row>', "",
                                  (1048576, 16384)),
    "an r= inside another's value": (f'<row r="1"><c><v>1</v></c><c r="{_F}" foo="r=\'A1\'"><v>1</v></c></row>', "",
                                     (1048576, 16384)),
    "a row tag in a comment": (_A1 + '<row r="1048576"><!--<row r="2">--><c r="XFD2"><v>1</v></c><c><v>1</v></c>'
                               "</row>", "", (1048576, 16385)),
    "a row tag in a CDATA section": (_A1 + '<row r="1048576"><c t="inlineStr"><is><t><![CDATA[<row r="2">]]></t></is>'
                                     '</c><c r="XFD2"><v>1</v></c><c><v>1</v></c></row>', "", (1048576, 16385)),
    "a row end in a comment": (_A1 + '<row r="2">' + "<c><v>1</v></c><!--</row>-->" * 16384
                               + '</row><row r="100000"><c r="A100000"><v>1</v></c></row>', "", (100000, 16384)),
    "a cell outside any row": ('<row r="1"><c r="XFD1"><v>1</v></c></row><row r="1048575"/><c><v>1</v></c>'
                               '<row r="1"><c r="A1"><v>1</v></c></row>', "", (1048575, 16384)),
    "a prefix of 33 letters": (_prefixed("p" * 33, f'<row r="1"><c r="A1"><v>1</v></c><c r="{_F}"><v>1</v></c></row>'),
                               "p" * 33, (1048576, 16384)),
    "a Chinese prefix": (_prefixed("前缀", f'<row r="1"><c r="A1"><v>1</v></c><c r="{_F}"><v>1</v></c></row>'), "前缀",
                         (1048576, 16384)),
    "an attribute x:r, not r": ('<row r="1">' + '<c x:r="A1"><v>1</v></c>' * 16384
                                + '</row><row r="100000"><c r="A100000"><v>1</v></c></row>', "", (100000, 16384)),
    "prefixed cells without r= in a sheet without a prefix": (
        '<row r="1"><c r="A1"><v>1</v></c>' + "<x:c/>" * 16383 + "<x:c><x:v>1</x:v></x:c></row>"
        '<row r="100000"><c r="A100000"><v>1</v></c></row>', "", (100000, 16384)),
    "a reference of 5,000 digits": ('<row r="1"><c r="A1"><v>1</v></c><c r="A' + "1" * 5000 + '"><v>1</v></c></row>', "",
                                    (10 ** 12, 1)),
    "a reference of 20,000 letters": ('<row r="1"><c r="A1"><v>1</v></c><c r="' + "A" * 20000 + '1"><v>1</v></c></row>',
                                      "", (1, 10 ** 12)),
}


def _package_prefixed(path: Path, rows: str, prefix: str) -> Path:
    if prefix:
        return package(path, rows, prefix=prefix)
    return _declared(path, rows) if "<x:" in rows else package(path, rows)


def _declared(path: Path, rows: str) -> Path:
    """A sheet without a prefix whose root also declares x: for the main namespace (its <x:c> are cells)."""
    package(path, rows)
    data = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").replace(
        f'xmlns="{MAIN}"'.encode(), f'xmlns="{MAIN}" xmlns:x="{MAIN}"'.encode(), 1)
    fixed = path.with_name("declared.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))
    return fixed


@pytest.mark.parametrize("name", MISREAD)
def test_spellings_that_misled_the_scan_still_bound_calamine(tmp_path, name, both_looks):
    rows, prefix, (least_rows, least_columns) = MISREAD[name]
    found = scan(_package_prefixed(tmp_path / "m.xlsx", rows, prefix))
    assert found.rows >= least_rows and found.columns >= least_columns, (found.rows, found.columns)
    assert found.block_cells > extent.MAX_BLOCK_CELLS  # never handed to calamine


@pytest.mark.parametrize("rows", [
    '<row r="300"><c r="A300"><v>1</v></c></row>' + '<row foo="r=\'5\'"><c><v>1</v></c></row>' * 40,
    '<row r="1"><c><v>1</v></c><c r="A1" r="B2" r="Z40" r="C3"><v>1</v></c></row>',  # calamine reads one of them
    '<row r="1">' + '<c t="str"><v><![CDATA[</row>]]></v></c>' * 40 + "<c><v>1</v></c></row>",
])
def test_odd_spellings_calamine_reads_are_bounded_as_it_reads_them(tmp_path, rows, both_looks):
    path = package(tmp_path / "o.xlsx", rows)
    found, (height, width) = scan(path), _calamine_extent(path)
    assert found.rows >= height and found.columns >= width


def test_a_cell_without_r_in_the_last_bytes_of_a_piece_cut_inside_a_row_is_seen(tmp_path, monkeypatch):
    # a row longer than a piece is cut at its last "<": the quick look stops short of a piece's last bytes
    monkeypatch.setattr(extent, "_CHUNK", 4096)
    monkeypatch.setattr(extent, "_QUICK_FROM", 64)
    monkeypatch.setattr(extent, "_QUICK_HEAD", 32)
    for q in range(0, 11):
        for pad in range(2470 - q, 2510 - q, 3):
            rows = (_A1 + '<row r="2">' + " " * q + '<c r="B2"/>' * 500 + " " * pad
                    + '<c r="Z2"><v>1</v></c><c><v>1</v></c>' + '<c r="B2"/>' * 500 + "</row>")
            found = scan(package(tmp_path / "g.xlsx", rows))
            assert found.columns >= 27, (q, pad)


@pytest.mark.parametrize("rows", [
    _A1 + '<row r="2"><!--' + "<row" * 20000 + "--><c><v>1</v></c></row>",  # tags in a comment: placing
    _A1 + '<row r="2"><!--' + "<c " * 50000 + "--><c><v>1</v></c></row>",  # the same, counted
    _A1 + '<row r="3"><c r="A3"><v>1</v></c><c' + "".join(f' r="A{9000000 + i}"' for i in range(20000))
    + "><v>1</v></c></row>",  # 20,000 r= in one tag
    _A1 + '<row r="3"><c r="A3" foo="' + " ".join(f"r='A{9000000 + i}'" for i in range(20000))
    + '"><v>1</v></c></row>',  # 20,000 r= in one value
    '<row r="1"><!--' + "<row" * 20000 + '--><c r="A1"><v>1</v></c></row>',  # row tags in a comment, plainly
])
def test_tags_and_references_by_the_thousand_in_one_place_are_scanned_in_a_moment(tmp_path, rows):
    # each was searched again from every one of them (8 to 67 s for 80–260 KB of XML); calamine reads them at once
    import time

    path = package(tmp_path / "t.xlsx", rows)
    started = time.perf_counter()
    scan(path)
    assert time.perf_counter() - started < 3
