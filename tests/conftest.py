import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# xlkit.cache keeps checked templates between runs: tests (and the commands they start) use a fresh
# folder of their own, never the user's ~/.cache
os.environ["XLKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="xlkit-test-cache-")
atexit.register(shutil.rmtree, os.environ["XLKIT_CACHE_DIR"], True)

# XLKIT_TEST_HALVES=1: every sheet this process reads is read in two halves at once (xlkit.read.halves), however
# small, so that the whole suite can show the halves give the same ledgers as one read
if os.environ.get("XLKIT_TEST_HALVES"):
    from xlkit.read import halves

    halves.SPLIT_FROM = 0
    halves._cores = lambda: 2
    halves.SHARED_TEXTS_SHARE = float("inf")
