"""python-calamine panicking on a damaged file: a message for the clerk, never a Rust backtrace.

calamine's Rust code panics on some damaged files (an .xls cut short: "slice index starts at 12288 but ends at
11929"). pyo3 turns the panic into PanicException, which is a BaseException, not an Exception, so an
`except Exception` let it through as a Python traceback; and before raising it Rust's panic hook prints the
panic and (with RUST_BACKTRACE set) a backtrace of some seventy frames on standard error. The reader catches
the exception (`calamine_failed`) and runs calamine with standard error caught (`quiet_panics`): what was
written there while calamine ran is shown afterwards unless calamine panicked.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator


def calamine_failed(error: BaseException) -> bool:
    """Whether `error` is python-calamine failing on a file: its own errors and the others it raises for broken
    files, or a panic of its Rust code."""
    return isinstance(error, Exception) or is_panic(error)


def is_panic(error: BaseException) -> bool:
    return type(error).__name__ == "PanicException"  # pyo3_runtime.PanicException, importable from nowhere


def failure_name(error: BaseException) -> str:
    """How a failure is named in a message: its type, or 读取程序内部错误 for a panic."""
    return "读取程序内部错误" if is_panic(error) else type(error).__name__


class _Caught:
    """Standard error (file descriptor 2) sent to a temporary file while any thread runs calamine: the reader
    and the prefetch thread may do so at once, so the first to enter sends it there and the last to leave
    brings it back."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.saved: int | None = None
        self.file = None
        self.panicked = False

    def enter(self) -> None:
        with self.lock:
            if self.depth == 0:
                try:
                    sys.stderr.flush()
                except (AttributeError, OSError, ValueError):
                    pass
                try:
                    saved = os.dup(2)
                except OSError:  # no standard error at all (pythonw): nothing to catch
                    saved = None
                if saved is not None:
                    try:
                        self.file = tempfile.TemporaryFile()
                        os.dup2(self.file.fileno(), 2)
                    except OSError:
                        os.close(saved)
                        saved = None
                        if self.file is not None:
                            self.file.close()
                            self.file = None
                self.saved = saved
                self.panicked = False
            self.depth += 1

    def leave(self, panicked: bool) -> None:
        with self.lock:
            self.panicked = self.panicked or panicked
            self.depth -= 1
            if self.depth or self.saved is None:
                return
            try:
                sys.stderr.flush()
            except (AttributeError, OSError, ValueError):
                pass
            os.dup2(self.saved, 2)
            os.close(self.saved)
            self.saved = None
            caught, self.file = self.file, None
            try:
                if not self.panicked:  # something else said on standard error meanwhile: said now
                    caught.seek(0)
                    if text := caught.read():
                        os.write(2, text)
            except OSError:
                pass
            finally:
                caught.close()


_caught = _Caught()


@contextlib.contextmanager
def quiet_panics() -> Iterator[None]:
    """Run calamine with what a panic prints on standard error kept from the clerk."""
    _caught.enter()
    panicked = False
    try:
        yield
    except BaseException as error:
        panicked = is_panic(error)
        raise
    finally:
        _caught.leave(panicked)
