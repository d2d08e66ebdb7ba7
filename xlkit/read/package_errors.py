"""What reading a zip package (.xlsx/.xlsm/.xlsb/.ods) with `zipfile` can raise when its bytes are damaged.

zipfile checks the directory and raises BadZipFile for what it finds there, but a part's own bytes are read
by other modules underneath it: a broken deflate stream is zlib.error ("invalid distance too far back"), one
cut short EOFError, a bzip2 part OSError, an LZMA part LZMAError, an unknown compression method or zip
version ("zip file version 23.3", a flipped byte in a header) NotImplementedError, a bad CRC BadZipFile, a
damaged header struct.error or ValueError. Each place that reads a package catches all of them, so a damaged
file is a message and never a traceback.
"""

from __future__ import annotations

import lzma
import struct
import zipfile
import zlib

PACKAGE_ERRORS: tuple[type[BaseException], ...] = (
    OSError, EOFError, KeyError, IndexError, ValueError, RuntimeError, NotImplementedError, OverflowError,
    struct.error, zlib.error, lzma.LZMAError, zipfile.BadZipFile, zipfile.LargeZipFile,
)
