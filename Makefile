# 两条命令：make demo（安装并在示例台账上跑一遍全部工作）；make test（安装并运行全部测试）
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# fonts-crosextra-carlito: metric twin of Calibri, the output workbooks' base font; without it LibreOffice
# measures columns in DejaVu Sans digits (9.3 px, not Calibri's 7 px) and prints every column a third wider
# than Excel does, so the tests would judge row heights and clipped text on the wrong widths.
SYSTEM_PACKAGES = libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-zenhei fonts-crosextra-carlito poppler-utils

.PHONY: setup sysdeps demo test lint bench windows-bundle

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# LibreOffice (the real client the tests open outputs with), a CJK font, Calibri's metrics and poppler.
sysdeps:
	@if command -v soffice >/dev/null && command -v pdftotext >/dev/null && fc-list | grep -qi "wenquanyi\|noto.*cjk" && fc-list | grep -qi carlito; then \
		echo "LibreOffice、中文字体和 poppler 已安装。"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
	else \
		echo "请先安装：sudo apt-get install $(SYSTEM_PACKAGES)"; exit 1; \
	fi

demo: setup
	$(BIN)/xlkit demo -o 演示输出 --force

test: setup sysdeps
	$(BIN)/ruff check .
	# every core (-n auto), a test file's tests on one worker (--dist loadfile: a module's LibreOffice fixture is made
	# once); 1363 tests in about 7 minutes on 2 cores, 25 one at a time. The slowest listed at the end.
	$(BIN)/pytest -q -n auto --dist loadfile --durations=15

# dist/xlkit-windows/: the offline bundle for 64-bit Windows PCs (CPython 3.11 and 3.12), see 安装说明.txt in it.
windows-bundle: setup
	$(BIN)/python tools/windows_bundle.py dist/xlkit-windows

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_scale.py --shared
	$(BIN)/python benchmarks/bench_read.py
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_docs.py
	$(BIN)/python benchmarks/bench_quarterly.py
	$(BIN)/python benchmarks/bench_buttons.py
