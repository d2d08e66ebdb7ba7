"""One base for every problem the user can fix (a file that cannot be read, an output that exists, …).

Each door catches `XlkitError` once: the command line prints `错误：<message>` and exits with
`exit_code`; an Excel button shows the message in a box and writes it to the error log. Any other
exception is a bug: a traceback in the button's log, never a message dressed up as the user's fault.
"""

from __future__ import annotations


class XlkitError(Exception):
    """A problem the user can fix; `str(error)` is a Chinese message naming the file and what to do."""

    #: the command line's exit code (DESIGN §8: 2 for input that cannot be used, 1 for a failed result)
    exit_code: int = 2
