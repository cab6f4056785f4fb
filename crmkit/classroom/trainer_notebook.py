"""The trainer's results notebook on the hub (班级练习情况.ipynb): a few cells that call
:mod:`crmkit.classroom.results`. Written once into the trainer's home; edits are kept."""

from __future__ import annotations

from pathlib import Path

import nbformat

RESULTS_NOTEBOOK = "班级练习情况.ipynb"
CELLS = [
    ("markdown", "# 班级练习情况（实时）\n\n学员在练习笔记本里每检查一次答案，"
                 "记录就存进他自己的文件夹。每次从上到下运行本笔记本，表格就更新到此刻。“花名册上还没交文件的学员”是还没检查过任何一题的人。"),
    ("code", "from crmkit.classroom.results import class_results\n"
             "from crmkit.selfcheck.gather import (item_summary, scores_by_module, "
             "stuck_by_learner,\n                                     weakest_by_skill)\n\n"
             "g = class_results()"),
    ("markdown", "## 每位学员、每个模块的答对率（%）"),
    ("code", "scores_by_module(g)"),
    ("markdown", "## 谁卡在哪里"),
    ("code", "stuck_by_learner(g)"),
    ("markdown", "## 首次答对率最低的题"),
    ("code", "item_summary(g).sort_values(\"首次答对率(%)\").head(10)"),
    ("markdown", "## 各技能的答对率（最弱的在前）和每项技能最薄弱的学员"),
    ("code", "weakest_by_skill(g)"),
    ("markdown", "## 角色扮演得分\n\n学员每走到一个结局，这次练习就存进他的文件夹。"
                 "第一张表是每人每个场景的最好成绩（占最佳路径得分的百分比）和练习次数；"
                 "第二张表按场景汇总，最后一列是最多人错过的一步，讲评时从这一步讲起。"),
    ("code", "from crmkit.classroom.results import class_roleplays\n"
             "from crmkit.roleplay.classrecord import by_learner, by_scenario\n\n"
             "r = class_roleplays()\nby_learner(r)"),
    ("code", "by_scenario(r)"),
]


def write_results_notebook(path: Path) -> Path:
    """The trainer's results notebook (written once; the trainer's edits are kept)."""
    path = Path(path)
    if path.exists():
        return path
    cells = [nbformat.v4.new_markdown_cell(text) if kind == "markdown"
             else nbformat.v4.new_code_cell(text) for kind, text in CELLS]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path
