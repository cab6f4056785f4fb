"""CONTRIBUTING.md's recipes, followed in a scratch copy: a new role-play scenario and a new
case pass their checks (the quiz-item recipe is test_bank.py's
test_adding_an_item_is_one_yaml_block_and_one_command), and every command the recipes name
exists."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import yaml

from crmkit.cases import case_info, catalog, header_markdown, sync_toc
from crmkit.data import cases as data_cases
from crmkit.data.cases.__main__ import main as data_main
from crmkit.handouts.build import case_sheet
from crmkit.roleplay import best_path, compile_scenario, play
from crmkit.roleplay.cli import run_check

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_every_make_target_and_test_file_the_recipes_name_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"`make ([a-z-]+)`", GUIDE))
    assert {"exercises", "lint", "unit", "book-learner", "notebooks-check"} <= targets
    for target in targets:
        assert re.search(rf"^{target}:", makefile, re.M), target
    for test in set(re.findall(r"tests/[\w/]+\.py", GUIDE)):
        assert (ROOT / test).is_file(), test
    for path in ("book/trainers/roleplay-authoring.md", "crmkit/selfcheck/computed.py",
                 "cases/roleplay/drills/"):
        assert path in GUIDE and (ROOT / path).exists(), path


def test_a_new_scenario_is_one_yaml_file_and_one_check(tmp_path, capsys):
    source = ROOT / "cases" / "roleplay" / "payroll-closing.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["id"] = "payroll-closing-copy"
    data["title"] = "代发工资：第二家企业"
    path = tmp_path / "payroll-closing-copy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run_check([str(path)], course=True) == 0, capsys.readouterr().out
    scenario = compile_scenario(path)
    attempt = play(scenario, best_path(scenario)["options"])
    assert attempt.finished and attempt.outcome["success"]
    data["id"] = "another-name"  # the id must match the file name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run_check([str(path)], course=True) != 0
    assert "与文件名“payroll-closing-copy”不一致" in capsys.readouterr().out


GENERATOR = '''"""社区诊所: the data files of ``cases/small-clinic/``."""

import pandas as pd

from crmkit.data.cases._common import make_rng

LABELS = {"month": "月份", "visits": "门诊量(人次)"}


def generate(seed: int = 901) -> dict[str, pd.DataFrame]:
    """Twelve months of visits around 120 a month."""
    rng = make_rng(seed)
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    return {"visits.csv": pd.DataFrame({"month": months,
                                        "visits": rng.poisson(120, 12)})}
'''


def test_a_new_case_is_its_folder_a_generator_module_and_one_command(tmp_path, monkeypatch):
    """The case recipe: a page with its front matter, a data card, one module in
    crmkit/data/cases/ (found by its name), then `make cases` (data files and _toc.yml)."""
    cases = tmp_path / "cases"
    shutil.copytree(ROOT / "cases" / "county-hospital", cases / "county-hospital")
    folder = cases / "small-clinic"
    folder.mkdir()
    (folder / "DATA.md").write_text(
        "# 数据说明：visits.csv\n\n- 来源：合成数据，由 "
        "`crmkit.data.cases.small_clinic.generate(seed=901)` 生成。\n"
        "- 生成与再现：`python -m crmkit.data.cases small-clinic --out cases/small-clinic/`\n",
        encoding="utf-8")
    (folder / "index.md").write_text(
        "---\ncase:\n  title: 社区诊所\n  module: 7\n  industry: 医疗（社区诊所）\n"
        "  skills: [门诊量, 客户维护]\n  minutes: 30\n  data: [visits.csv]\n---\n\n"
        "# 案例：社区诊所\n\n```{case-header}\n```\n\n## 背景\n\n一家诊所。\n\n"
        "## 分析任务\n\n1. 读门诊量。\n\n## 讨论题\n\n1. 怎么维护？\n", encoding="utf-8")
    package = tmp_path / "generators"
    package.mkdir()
    (package / "small_clinic.py").write_text(GENERATOR, encoding="utf-8")
    monkeypatch.setattr(data_cases, "__path__", [*data_cases.__path__, str(package)])
    monkeypatch.delitem(sys.modules, "crmkit.data.cases.small_clinic", raising=False)
    toc = tmp_path / "_toc.yml"
    shutil.copy2(ROOT / "_toc.yml", toc)
    monkeypatch.chdir(tmp_path)
    try:
        # the one command, `make cases`, is these two
        assert data_main(["--all"]) == 0
        assert sync_toc(toc, cases) is True
    finally:
        sys.modules.pop("crmkit.data.cases.small_clinic", None)
    visits = pd.read_csv(folder / "visits.csv", encoding="utf-8-sig")
    assert visits.columns.tolist() == ["month", "visits"] and len(visits) == 12
    assert "small-clinic" in data_cases.slugs()
    toc_text = toc.read_text(encoding="utf-8")
    assert toc_text.index("cases/county-hospital/index") < toc_text.index(
        "cases/small-clinic/index") < toc_text.index("培训师工具")
    info = case_info(folder / "index.md")
    assert "**数据**：`visits.csv`（教学用合成数据）" in header_markdown(info)
    table = catalog(cases)
    assert len(table) == 2 and table["案例"].iloc[-1] == "社区诊所"  # module 7, no order: last
    assert "社区诊所" in case_sheet(folder / "index.md")
