"""Stripping solutions and trainer notes for the learner build."""

import json

from crmkit.learner import strip_file, strip_notebook, strip_text

PAGE = """# 题目

````{solution} ex-1
:class: dropdown

参考答案：秘密。

```python
answer = 42
```
````

正文继续。

```{trainer-note}
教师才看的话。
```

:::{tip}
提示留下。
:::
"""


def test_strip_text_removes_solution_with_nested_fence_and_trainer_note():
    out = strip_text(PAGE)
    assert "秘密" not in out and "answer = 42" not in out and "教师才看的话" not in out
    assert "# 题目" in out and "正文继续。" in out and "提示留下。" in out


def test_strip_text_keeps_ordinary_directives_and_code():
    text = "```{note}\n普通说明\n```\n\n```python\nx = 1\n```\n"
    assert strip_text(text) == text


def test_gated_solution_across_cells_is_removed_with_its_code():
    nb = {"cells": [
        {"cell_type": "markdown", "source": "问题一"},
        {"cell_type": "markdown", "source": "```{solution-start} ex-1\n```\n解法说明"},
        {"cell_type": "code", "source": "secret_code = 1"},
        {"cell_type": "markdown", "source": "最后一句解法\n```{solution-end}\n```"},
        {"cell_type": "code", "source": "learner_code = 2"},
    ]}
    out = strip_notebook(nb)
    sources = [c["source"] for c in out["cells"]]
    assert sources == ["问题一", "learner_code = 2"]


def test_strip_file_on_notebook(tmp_path):
    path = tmp_path / "x.ipynb"
    nb = {"cells": [{"cell_type": "markdown", "source": [PAGE]}], "metadata": {},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    assert strip_file(path) is True
    assert "秘密" not in path.read_text(encoding="utf-8")
    assert strip_file(path) is False  # nothing left to strip


def test_learner_copies_of_the_shipped_exercises_have_no_solutions(tmp_path):
    from pathlib import Path

    from crmkit.learner import learner_notebooks

    root = Path(__file__).resolve().parents[2]
    written = learner_notebooks(root, tmp_path)
    assert len(written) == len(list((root / "exercises").glob("*-exercises.ipynb"))) >= 8
    for copy in written:
        original = json.loads((root / "exercises" / copy.name).read_text(encoding="utf-8"))
        stripped = json.loads(copy.read_text(encoding="utf-8"))
        text = json.dumps(stripped, ensure_ascii=False)
        assert "{solution" not in text and "参考答案：" not in text
        # every question and every answer cell stays
        def count(nb, needle):
            return sum(needle in "".join(c["source"]) for c in nb["cells"])
        assert count(stripped, "{exercise-start}") == count(original, "{exercise-start}")
        assert count(stripped, "check(") == count(original, "check(")
