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
