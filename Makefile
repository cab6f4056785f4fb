# Two commands matter: `make start` (set up, build the book, open JupyterLab)
# and `make test` (set up, run every check). Both create .venv themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BOOK_FLAGS := -W -n --keep-going
AUDIENCE ?= learner

# Keep matplotlib, IPython and Jupyter caches out of the home folder.
export MPLCONFIGDIR := $(CURDIR)/_build/.config/matplotlib
export IPYTHONDIR := $(CURDIR)/_build/.config/ipython
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Every process (pytest and its workers, kernels, book builds, hub servers) keeps the bytecode
# of crmkit and of the tests, pytest's assertion rewrites included, for the next one to reuse.
# An environment that sets PYTHONDONTWRITEBYTECODE makes each process compile them again: the
# unit suite spent 101 s of CPU with it, 79 s without.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help start test venv lint unit notebooks-check book books book-trainer book-learner \
        widget-assets page-tools system-deps pages pages-check book-bench bench bench-start bench-rfm bench-unit bench-pages bench-classroom execute-notebooks handouts slides \
        editions image-check \
        learner-notebooks exercises cases labs lite lite-tools classroom classroom-stop hub-tools clean

help:
	@echo "make start         准备环境，在 JupyterLab 中打开起始笔记本；学员版网页书在后台生成，好了会提示地址"
	@echo "make test          准备环境并运行全部检查（ruff、单元测试、nbval、两种网页书、页面测试、基准）"
	@echo "make book-trainer  生成教师版网页书（含教师指引和参考答案）→ _build/trainer/_build/html"
	@echo "make book-learner  生成学员版网页书（不含教师指引和参考答案）→ _build/learner/_build/html"
	@echo "make books         同时生成教师版和学员版（两次生成共用执行缓存，每页只执行一次）"
	@echo "make handouts      生成可打印的角色扮演卡片、案例讲义和工作坊日程（PDF）→ _build/handouts"
	@echo "make learner-notebooks  生成不含参考答案的学员版练习笔记本 → _build/learner-notebooks/exercises"
	@echo "make slides        生成各章讲课幻灯片（reveal.js，离线可放映）→ _build/slides/index.html"
	@echo "make classroom     在本机为全班开一个 JupyterHub（TRAINEES=30 或 classroom/trainees.txt）；make classroom-stop 下课"
	@echo "make lite          生成浏览器版（JupyterLite，不用安装即可运行实验和练习）→ _build/lite，并放进已生成的网页书"
	@echo "                   内网镜像 Pyodide：make lite PYODIDE_URL=https://内网地址/pyodide/v314.0.6/full/pyodide.mjs"
	@echo "make labs          改了实验的文字源 notebooks/text/*.md 之后，重新生成并运行实验笔记本"
	@echo "make cases         改了案例页或 crmkit/data/cases/ 之后，重写案例数据文件和目录里的案例库"
	@echo "make exercises     改了题库 exercises/NN-exercises.yaml 之后，重新生成并运行练习笔记本"
	@echo "make execute-notebooks  重新运行全部笔记本并保存输出（修改笔记本后使用）"
	@echo "make bench         先跑 nbval，再给网页书冷构建、热构建和下限（全部代码在一个进程里各跑一遍）计时，教师版、学员版都测"
	@echo "make bench-start   新机器上的 make start：JupyterLab 多久能用、后台网页书多久生成好"
	@echo "make bench-rfm     rfm_table 的规模测试，并与逐行 Python 循环和 DuckDB 比"
	@echo "make bench-unit    现在的单元测试与第 15 号问题开始时的那一版在本机同一次运行里比用时"
	@echo "make bench-classroom  测培训班 JupyterHub 10 人和 30 人同时登录到内核可用的时间和每人内存"
	@echo "make bench-pages   用 Lighthouse 测学员版六类页面在手机和电脑上的性能（需先能访问 npm）"

# uv (pinned in requirements.txt, put in the environment by its pip) installs the list from its
# cache, in parallel: 8 s here against pip's 26 s (21 s with an empty cache). Bytecode is
# compiled right after, on every core (compileall -j 0), instead of file by file (the compile:
# 37 s on one core, 23 s on two here). Not left out: the first test and build processes would
# each compile what they import (60 s more). Left out: the packages' own test suites, pip and
# setuptools, which nothing here imports (a quarter of the files: 18 s -> 12 s here).
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$$(grep -m1 '^uv==' requirements.txt)"
	$(BIN)/uv pip install --quiet --system-certs --python $(BIN)/python -r requirements.txt
	$(BIN)/python -m compileall -q -j 0 -x '/(tests?|pip|setuptools)/' \
	  "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
	$(BIN)/uv pip install --quiet --system-certs --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m crmkit.labsettings
	touch $@

venv: $(STAMP)

widget-assets:
	tools/fetch_widget_assets.sh

# axe-core for the page tests' accessibility checks (npm, into _vendor/npm)
page-tools:
	tools/fetch_page_tools.sh

system-deps:
	tools/install_system_deps.sh

book: book-$(AUDIENCE)

# crmkit.bookbuild is `jupyter-book build` with a Sphinx process per core and one more.
# --execute: while Jupyter Book and Sphinx start, crmkit.bookexec runs the uncached pages two
# at a time into the execution cache (notebooks nbval has just verified keep their saved
# outputs); Sphinx reads once they are done, and executes none.
JUPYTER_BOOK := $(BIN)/python -m crmkit.bookbuild --execute
book-trainer: $(STAMP) widget-assets
	CRMKIT_AUDIENCE=trainer $(JUPYTER_BOOK) build . --path-output _build/trainer $(BOOK_FLAGS)

book-learner: $(STAMP) widget-assets
	$(BIN)/python -c "from crmkit.booktools import learner_toc; learner_toc('.', '_build/_toc_learner.yml')"
	CRMKIT_AUDIENCE=learner $(JUPYTER_BOOK) build . --path-output _build/learner \
	  --toc _build/_toc_learner.yml $(BOOK_FLAGS)

# Both editions at once: each Sphinx run leaves part of the cores idle (its serial steps), the
# other fills them; each takes half the cores (crmkit.bookbuild.default_jobs). Their pages'
# runs take turns on the shared cache (crmkit.bookexec.RUN_LOCK): the second finds the pages
# they share already executed. Each build's output comes in one piece when it is done
# (--output-sync).
books: $(STAMP) widget-assets
	@echo "教师版和学员版同时生成，完成后分别在 _build/trainer/_build/html 和 _build/learner/_build/html"
	CRMKIT_BUILDS_AT_ONCE=2 $(MAKE) --no-print-directory -j2 --output-sync=target \
	  book-trainer book-learner

# JupyterLab opens at once on the start notebook (its outputs are saved in it) and serves the
# whole kit, so the chapters, cases and exercises the start notebook links to open too; the book
# builds in the background and says where it is when it is done. LAB_ARGS: extra options
# for jupyter lab (benchmarks/start.py passes --no-browser and a port).
BOOK_HTML := $(CURDIR)/_build/$(AUDIENCE)/_build/html/index.html
LAB_ARGS ?=
start: $(STAMP)
	@mkdir -p _build
	@echo "网页书正在后台生成（第一次约需半分钟，慢的电脑要一两分钟；进度见 _build/book.log），完成后在：file://$(BOOK_HTML)"
	@($(MAKE) --no-print-directory book > _build/book.log 2>&1 \
	  && echo "【网页书已生成】file://$(BOOK_HTML)" \
	  || echo "【网页书没有生成成功】原因见 _build/book.log；JupyterLab 里的实验不受影响") &
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" notebooks/00-start-here.ipynb $(LAB_ARGS) \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

lint: $(STAMP)
	$(BIN)/ruff check crmkit tests benchmarks tools
	$(BIN)/python -m crmkit.roleplay scenario check --course
	$(BIN)/python -m crmkit.selfcheck build --check
	$(BIN)/python -m crmkit.cases toc --check
	$(BIN)/python -m crmkit.labsource build --check

# The lab notebooks from their text sources (notebooks/text/*.md); runs the ones whose code
# changed, so nbval and the book see current outputs.
labs: $(STAMP)
	$(BIN)/python -m crmkit.labsource build --execute

# Every case's data files from its module in crmkit/data/cases/, and the case library's
# part of _toc.yml from the case pages' front matter.
cases: $(STAMP)
	$(BIN)/python -m crmkit.data.cases --all
	$(BIN)/python -m crmkit.cases toc

# The exercise notebooks from their banks (exercises/NN-exercises.yaml); runs the ones whose
# code changed, so nbval and the book see current outputs.
exercises: $(STAMP)
	$(BIN)/python -m crmkit.selfcheck build --execute

# Three workers on two cores: a few tests wait on kernels, timeouts and subprocesses (the
# nbval plugins' runs, a stalled page, the kernel-reuse runs); the third worker fills those
# waits (five runs each here: 33.4-36.7 s against 34.6-44.4 s with two workers).
# --dist loadgroup: the files that start processes or build costly fixtures go first, each
# whole to one worker (tests/conftest.py, ONE_WORKER_FILES). benchmarks/unit.py reads this
# command.
unit: $(STAMP) system-deps
	$(BIN)/pytest tests/unit -q -n 3 --dist loadgroup

# Two notebooks at a time (each notebook's cells stay on one kernel: --dist loadscope); each
# worker keeps its kernel from notebook to notebook, reset in between (crmkit.nbreuse).
# crmkit.nbverified marks the notebooks that passed, charts included, so the book build
# shows their saved outputs instead of running them again.
notebooks-check: $(STAMP)
	$(BIN)/pytest --nbval notebooks exercises --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  -p crmkit.nbverified -p crmkit.nbreuse -n 2 --dist loadscope -p no:cacheprovider -q

pages: $(STAMP) system-deps page-tools book-trainer book-learner slides lite lite-tools
	$(BIN)/pytest tests/pages -q

# make test's trainer build (its builds stage, after the nbval stage has marked the notebooks
# it verified): a cold and a warm build, timed; leaves that build in _build/trainer.
book-bench: $(STAMP) widget-assets
	$(BIN)/python benchmarks/build.py --no-floor

# The same builds against the floor, in make test's order: nbval first (the notebooks it
# verifies keep their outputs in the build), then cold, warm and floor, and the ratios.
# Without nbval's marks every page executes: python benchmarks/build.py alone measures that.
bench: $(STAMP) widget-assets notebooks-check
	$(BIN)/python benchmarks/build.py

# A fresh `make start`: seconds until JupyterLab answers, and until the book is built.
bench-start: $(STAMP)
	$(BIN)/python benchmarks/start.py

# rfm_table at 10k/100k/1M customers, against a per-customer Python loop and DuckDB's SQL.
bench-rfm: $(STAMP)
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	$(BIN)/python benchmarks/rfm_scale.py

# The unit tests now against the suite at issue 15's start (commit 869deb6, one process), one
# after the other on this machine: the ratio, which does not depend on how fast the machine is today.
bench-unit: $(STAMP) system-deps
	$(BIN)/python benchmarks/unit.py

# `crmkit score` on a 2,000,000-row CSV against plain pandas.read_csv: time, rows/s, memory.
bench-score: $(STAMP)
	$(BIN)/python benchmarks/score_file.py

# Lighthouse (mobile and desktop) on six page types of the learner book, served with gzip.
bench-pages: $(STAMP) system-deps book-learner
	$(BIN)/python benchmarks/pages.py

# Login to a running kernel and memory per trainee on the classroom hub, 10 and 30 trainees,
# against one learner's JupyterLab.
bench-classroom: $(STAMP) hub-tools
	$(BIN)/python benchmarks/classroom.py

# Every check, as timed stages (tools/stages.py prints seconds per stage at the end):
# install, lint, unit, nbval, builds (the benchmark's cold trainer build is the one checked),
# pages. `python3 tools/stages.py lint unit` runs some of them.
test:
	$(PYTHON) tools/stages.py

# Two files at a time (a file's tests share their browser pages and servers; the page audit
# and the phone layout share their visits, so they go together: tests/conftest.py);
# the hub tests, the longest file, go first so the other worker takes the pages meanwhile.
# PAGES_ARGS: more pytest options (make test passes --ignore=$(IMAGE_TEST): it runs the image
# replay with the builds).
PAGES_ARGS ?=
pages-check: $(STAMP)
	$(BIN)/pytest tests/system tests/pages -q -n 2 --dist loadgroup $(PAGES_ARGS)

# After the benchmark has built the trainer book: the decks, the browser edition and the
# learner book, one after another (the learner book links the browser edition).
editions: $(STAMP)
	$(MAKE) --no-print-directory -o book-trainer slides lite book-learner

# The classroom image replayed from its Dockerfile into a scratch folder (tests/system). Mostly
# pip installing the pinned requirements: make test runs it beside the editions, whose Sphinx
# builds leave the second core idle.
IMAGE_TEST := tests/system/test_classroom_image.py
image-check: $(STAMP)
	$(BIN)/pytest $(IMAGE_TEST) -q -p no:cacheprovider

# Printable role-play cards, case handouts and the workshop schedule (PDF, headless Chromium).
handouts: $(STAMP) system-deps
	$(BIN)/python -m crmkit.handouts --out _build/handouts

# Exercise notebooks for learners: solutions removed, not just hidden.
learner-notebooks: $(STAMP)
	$(BIN)/python -m crmkit.learner --out _build/learner-notebooks

# Lecture slides per chapter (reveal.js fetched from npm, served next to the decks);
# the charts and tables come from the trainer book's executed chapters.
slides: $(STAMP) book-trainer
	tools/fetch_reveal.sh
	$(BIN)/python -m crmkit.slides --out _build/slides

# The browser edition (JupyterLite): every lab and exercise runs in the browser tab. Pyodide
# is loaded at run time from its CDN, or from PYODIDE_URL (a bank's intranet mirror).
PYODIDE_URL ?=
lite: $(STAMP)
	tools/fetch_lite_wheels.sh
	$(BIN)/python -m crmkit.lite --out _build/lite $(if $(PYODIDE_URL),--pyodide-url "$(PYODIDE_URL)") \
	  --into _build/trainer/_build/html --into _build/learner/_build/html

# The Pyodide core runtime from npm (no pandas), for the test that imports crmkit in Pyodide.
lite-tools:
	tools/fetch_pyodide_core.sh

# The classroom: one JupyterHub for the whole class on this machine (see README 给全班开课).
# make classroom TRAINEES=30, or a name list in classroom/trainees.txt.
TRAINEES ?=
classroom: $(STAMP) hub-tools
	$(BIN)/crmkit classroom start $(if $(TRAINEES),--trainees $(TRAINEES))

classroom-stop: $(STAMP)
	$(BIN)/crmkit classroom stop

# configurable-http-proxy (npm), the proxy JupyterHub starts
hub-tools:
	tools/fetch_hub_tools.sh

execute-notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=300 \
	  --ExecutePreprocessor.record_timing=False \
	  --ExecutePreprocessor.kernel_manager_class=crmkit.kernels.AsyncIpcKernelManager \
	  notebooks/*.ipynb exercises/*.ipynb

clean:
	rm -rf _build _vendor
