"""Replace one VBA module's source in a `vbaProject.bin` (MS-OVBA inside an MS-CFB compound file).

xlwings' add-in template carries VBA *source only*: its `_VBA_PROJECT` stream has version 0xFFFF, which
tells Office the compiled cache is not for it, so Excel compiles the source when it opens the add-in
(that is why one file runs on 32- and 64-bit Office alike). So a module can be changed by writing new
source text, without compiling anything: the module's stream becomes the new source, compressed
(MS-OVBA 2.4.1), with no performance cache (its MODULEOFFSET in the `dir` stream is set to 0, as the
template's own `xlwings` module already has), and the compound file is written anew (MS-CFB, version 3).

Only the standard library; olefile (a small, long-kept reader of compound files) reads the template.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# MS-OVBA 2.4.1: the compression used for the dir stream and module source

CHUNK = 4096


def _copy_token_bits(position: int) -> int:
    """Offset bits of a copy token at `position` bytes into the decompressed chunk (2.4.1.3.19.1)."""
    bits = 4
    while (1 << bits) < position:
        bits += 1
    return min(bits, 12)


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    position = 0
    while position < len(data):
        flags, tokens = 0, bytearray()
        for bit in range(8):
            if position >= len(data):
                break
            offset_bits = _copy_token_bits(position)
            max_length = (0xFFFF >> offset_bits) + 3
            best_length, best_offset = 0, 0
            start = max(0, position - (1 << offset_bits))
            limit = min(max_length, len(data) - position)
            for candidate in range(position - 1, start - 1, -1):
                length = 0
                while length < limit and data[candidate + length] == data[position + length]:
                    length += 1
                if length > best_length:
                    best_length, best_offset = length, position - candidate
                    if length == limit:
                        break
            if best_length >= 3:
                token = ((best_offset - 1) << (16 - offset_bits)) | (best_length - 3)
                tokens += struct.pack("<H", token)
                flags |= 1 << bit
                position += best_length
            else:
                tokens.append(data[position])
                position += 1
        out.append(flags)
        out += tokens
    if len(out) > CHUNK:  # incompressible: a raw chunk (flag 0) holds exactly 4096 bytes
        return struct.pack("<H", 0x3000 | (CHUNK - 1)) + data.ljust(CHUNK, b"\x00")
    return struct.pack("<H", 0xB000 | (len(out) + 2 - 3)) + bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer (signature byte 1, then one chunk per 4096 bytes of input)."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        piece = data[start:start + CHUNK]
        chunk = _compress_chunk(piece)
        if not chunk[1] & 0x80 and len(piece) < CHUNK:  # a short raw chunk would be padded: keep compressed
            chunk = _compress_chunk_literal(piece)
            if len(chunk) > CHUNK + 2:
                raise ValueError("an incompressible final chunk of 3,640 bytes or more cannot be written")
        out += chunk
    return bytes(out)


def _compress_chunk_literal(data: bytes) -> bytes:
    out = bytearray()
    for start in range(0, len(data), 8):
        out.append(0)
        out += data[start:start + 8]
    return struct.pack("<H", 0xB000 | (len(out) + 2 - 3)) + bytes(out)


def decompress(container: bytes) -> bytes:
    """The inverse of `compress` (2.4.1.3.1), for the dir stream and to check what was written."""
    if not container or container[0] != 1:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    position = 1
    while position < len(container):
        header = struct.unpack_from("<H", container, position)[0]
        size = (header & 0x0FFF) + 3
        end = min(position + size, len(container))
        position += 2
        chunk_start = len(out)
        if not header & 0x8000:
            out += container[position:position + CHUNK]
            position += CHUNK
            continue
        while position < end:
            flags = container[position]
            position += 1
            for bit in range(8):
                if position >= end:
                    break
                if flags & (1 << bit):
                    token = struct.unpack_from("<H", container, position)[0]
                    position += 2
                    offset_bits = _copy_token_bits(len(out) - chunk_start)
                    length = (token & (0xFFFF >> offset_bits)) + 3
                    offset = (token >> (16 - offset_bits)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(container[position])
                    position += 1
    return bytes(out)


# ---------------------------------------------------------------------------
# The dir stream (MS-OVBA 2.3.4.2): find a module's stream name and MODULEOFFSET


def _dir_records(data: bytes):
    """(id, start of value, size) for each record of the decompressed dir stream."""
    position = 0
    while position + 6 <= len(data):
        record, size = struct.unpack_from("<HI", data, position)
        if record == 0x0009:  # PROJECTVERSION: its Size field is 4 but 6 bytes follow
            size = 6
        yield record, position + 6, size
        position += 6 + size


def set_module_offset_zero(dir_data: bytes, stream_name: str) -> tuple[bytes, int]:
    """The dir stream with `stream_name`'s MODULEOFFSET set to 0, and the old offset."""
    data = bytearray(dir_data)
    current_stream = None
    for record, start, size in _dir_records(dir_data):
        if record == 0x001A:  # MODULESTREAMNAME
            current_stream = dir_data[start:start + size].decode("latin-1")
        elif record == 0x0031 and current_stream == stream_name:  # MODULEOFFSET
            old = struct.unpack_from("<I", dir_data, start)[0]
            struct.pack_into("<I", data, start, 0)
            return bytes(data), old
    raise KeyError(stream_name)


def project_codepage(dir_data: bytes) -> str:
    for record, start, _size in _dir_records(dir_data):
        if record == 0x0003:  # PROJECTCODEPAGE
            return f"cp{struct.unpack_from('<H', dir_data, start)[0]}"
    return "cp1252"


# ---------------------------------------------------------------------------
# MS-CFB version 3 writer (512-byte sectors, 64-byte mini sectors below 4096 bytes)

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    clsid: bytes = b"\x00" * 16
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = END
    size: int = 0


def _order(entry: _Entry) -> tuple[int, str]:
    """MS-CFB 2.6.4: shorter names first, then by upper-cased name."""
    return len(entry.name), entry.name.upper()


def _tree(entries: list[_Entry]) -> int:
    """Link siblings as a balanced binary search tree (every node black, which MS-CFB allows)."""
    if not entries:
        return NOSTREAM
    middle = len(entries) // 2
    node = entries[middle]
    node.left = _tree(entries[:middle])
    node.right = _tree(entries[middle + 1:])
    return node.sid


def write_cfb(streams: dict[str, bytes], clsids: dict[str, bytes] | None = None) -> bytes:
    """A compound file holding `streams` ("VBA/dir" → bytes); storages are made from the paths."""
    clsids = clsids or {}
    root = _Entry("Root Entry", 5, clsid=clsids.get("", b"\x00" * 16))
    storages = {"": root}
    for path in sorted(streams):
        parts = path.split("/")
        parent = root
        for depth in range(1, len(parts)):
            key = "/".join(parts[:depth])
            if key not in storages:
                storage = _Entry(parts[depth - 1], 1, clsid=clsids.get(key, b"\x00" * 16))
                storages[key] = storage
                parent.children.append(storage)
            parent = storages[key]
        parent.children.append(_Entry(parts[-1], 2, data=streams[path]))

    order: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.sid = len(order)
        order.append(entry)
        for child in sorted(entry.children, key=_order):
            number(child)

    number(root)
    for entry in order:
        if entry.kind in (1, 5):
            entry.child = _tree(sorted(entry.children, key=_order))

    # the mini stream: every small stream, in 64-byte mini sectors
    mini_stream, mini_fat = bytearray(), []
    for entry in order:
        if entry.kind == 2:
            entry.size = len(entry.data)
            if 0 < entry.size < CUTOFF:
                first = len(mini_stream) // MINI
                count = -(-entry.size // MINI)
                entry.start = first
                mini_fat += [first + i + 1 for i in range(count - 1)] + [END]
                mini_stream += entry.data.ljust(count * MINI, b"\x00")
            elif entry.size == 0:
                entry.start = END
    root.data, root.size = bytes(mini_stream), len(mini_stream)

    # regular sectors: directory, mini FAT, mini stream, big streams; then the FAT after them
    blobs: list[tuple[_Entry | str, bytes]] = []
    directory_size = -(-len(order) // 4) * 4 * 128
    blobs.append(("directory", b"\x00" * directory_size))  # filled once start sectors are known
    mini_fat_bytes = b"".join(struct.pack("<I", v) for v in mini_fat)
    if mini_fat_bytes:
        blobs.append(("minifat", mini_fat_bytes))
    if root.data:
        blobs.append((root, root.data))
    for entry in order:
        if entry.kind == 2 and entry.size >= CUTOFF:
            blobs.append((entry, entry.data))

    fat: list[int] = []
    starts: dict[int, int] = {}
    for index, (_owner, blob) in enumerate(blobs):
        count = -(-len(blob) // SECTOR)
        first = len(fat)
        starts[index] = first
        fat += [first + i + 1 for i in range(count - 1)] + [END]
    data_sectors = len(fat)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < data_sectors + fat_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("compound file too large for this writer (no DIFAT)")
    fat += [FATSECT] * fat_sectors
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))

    for index, (owner, _blob) in enumerate(blobs):
        if isinstance(owner, _Entry):
            owner.start = starts[index]
    if not root.data:
        root.start = END

    directory = bytearray()
    for entry in order:
        name = entry.name.encode("utf-16-le") + b"\x00\x00"
        directory += struct.pack("<64sHBBIII16sIQQIQ", name, len(name), entry.kind, 1, entry.left,
                                 entry.right, entry.child, entry.clsid, 0, 0, 0,
                                 entry.start if entry.kind != 1 else 0, entry.size if entry.kind != 1 else 0)
    while len(directory) < directory_size:
        directory += struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                                 b"\x00" * 16, 0, 0, 0, 0, 0)
    blobs[0] = ("directory", bytes(directory))

    mini_fat_start = starts[1] if mini_fat_bytes else END
    difat = [data_sectors + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\x00" * 16,
                         0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6, 0, fat_sectors, starts[0], 0, CUTOFF,
                         mini_fat_start, -(-len(mini_fat_bytes) // SECTOR), END, 0)
    header += b"".join(struct.pack("<I", v) for v in difat)
    body = b"".join(blob.ljust(-(-len(blob) // SECTOR) * SECTOR, b"\x00") for _owner, blob in blobs)
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    return header + body + fat_bytes


# ---------------------------------------------------------------------------
# Putting it together


def replace_module(vba_project: bytes, module: str, source: str) -> bytes:
    """`vba_project` (a vbaProject.bin) with `module`'s source replaced by `source` (CRLF line ends)."""
    import io

    import olefile

    ole = olefile.OleFileIO(io.BytesIO(vba_project))
    streams = {"/".join(path): ole.openstream(path).read() for path in ole.listdir(streams=True, storages=False)}
    clsids = {"/".join(path): bytes.fromhex(ole.getclsid(path).replace("-", "")) if ole.getclsid(path) else
              b"\x00" * 16 for path in ole.listdir(streams=False, storages=True)}
    ole.close()
    version = struct.unpack_from("<H", streams["VBA/_VBA_PROJECT"], 2)[0]
    if version != 0xFFFF:
        raise ValueError("this VBA project holds compiled code for one Office version; its source cannot be "
                         "replaced without compiling")
    dir_data = decompress(streams["VBA/dir"])
    dir_data, _old = set_module_offset_zero(dir_data, module)
    streams["VBA/dir"] = compress(dir_data)
    text = source.replace("\r\n", "\n").replace("\n", "\r\n")
    streams[f"VBA/{module}"] = compress(text.encode(project_codepage(dir_data)))
    return write_cfb(streams, clsids)


def module_source(vba_project: bytes, module: str) -> str:
    """The source text of one module (to check what was written)."""
    import io

    import olefile

    ole = olefile.OleFileIO(io.BytesIO(vba_project))
    dir_data = decompress(ole.openstream("VBA/dir").read())
    offset, current = None, None
    for record, start, size in _dir_records(dir_data):
        if record == 0x001A:
            current = dir_data[start:start + size].decode("latin-1")
        elif record == 0x0031 and current == module:
            offset = struct.unpack_from("<I", dir_data, start)[0]
    if offset is None:
        raise KeyError(module)
    stream = ole.openstream(f"VBA/{module}").read()
    return decompress(stream[offset:]).decode(project_codepage(dir_data))
