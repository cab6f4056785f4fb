"""Exercise notebooks of modules 4–7 match their items: one four-cell block per item.

The reference solutions quote the computed answers; these tests keep the quotes
equal to what the models compute, so a change in a generator cannot leave a stale
number or a mismatched option letter on the page. Module 7's items 7.7–7.12 were
inserted into an existing notebook, so its cell ids are stable but not in order.
"""

import json
import re
from pathlib import Path

import pytest

from crmkit.selfcheck import ITEMS

ROOT = Path(__file__).resolve().parents[2]
MODULES = ["4", "5", "6", "7"]

# How each number item's reference solution writes the computed answer.
QUOTES = {
    "4.6": "{:.1f}%", "4.7": "{:.1f}%", "4.10": "{:.1f} 万元", "4.11": "{:.1f} 万元",
    "4.12": "{:.1f}%", "5.9": "{:.2f} 倍", "5.10": "{:.1f} 万元", "5.11": "{:.1f} 万元",
    "5.12": "{:,.1f} 万元", "6.8": "{:.1f} 个百分点", "7.8": "{:.2f} 万元",
    "7.11": "{:.2f} 万元",
}


def cells(module):
    path = ROOT / "exercises" / f"0{module}-exercises.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"]), c) for c in notebook["cells"]]


def items_of(module):
    return sorted((i for i in ITEMS if ITEMS[i].module == module),
                  key=lambda i: [int(p) for p in i.split(".")])


@pytest.mark.parametrize("module", MODULES)
def test_header_setup_and_closing(module):
    all_cells = cells(module)
    ids = [c[2]["id"] for c in all_cells]
    assert len(set(ids)) == len(ids)
    if module != "7":
        assert ids == [f"c{i:02d}" for i in range(len(all_cells))]
    assert all_cells[0][2]["metadata"]["tags"] == ["remove-cell"]
    assert all_cells[1][1].startswith(f"(ex-0{module})=\n# 模块")
    assert f"共 {len(items_of(module))} 题" in all_cells[1][1]
    assert all_cells[2][0] == "code" and "from crmkit.selfcheck import check" in all_cells[2][1]
    assert f'export_answers(learner, "{module}")' in all_cells[-3][1]
    assert f"{{quiz-export}} {module}" in all_cells[-2][1]
    assert all_cells[-1][1].startswith("## 做完以后") and "{ref}`" in all_cells[-1][1]


@pytest.mark.parametrize("module", MODULES)
def test_one_block_of_four_cells_per_item(module):
    all_cells = cells(module)
    items = items_of(module)
    assert len(all_cells) == 3 + 4 * len(items) + 4
    for k, item in enumerate(items, start=1):
        question, answer, quiz, solution = all_cells[3 + 4 * (k - 1): 7 + 4 * (k - 1)]
        label = f"ex0{module}-{k}"
        assert question[1].startswith(f"```{{exercise-start}}\n:label: {label}\n```")
        assert question[1].rstrip().endswith("```{exercise-end}\n```")
        assert re.search(r"\*\*(概念|计算|判断|编程)\*\*", question[1])
        assert re.fullmatch(rf'answer_{k} = None  # \S.*\ncheck\("{item}", answer_{k}\)', answer[1])
        shown = "".join(answer[2]["outputs"][0]["data"]["text/plain"])
        assert shown.startswith(f"[{item}] ✏️ 还没有作答")
        assert quiz[1].startswith("不运行代码也可以在网页里直接作答：")
        assert f"```{{quiz}} {item}\n```" in quiz[1]
        assert solution[1].startswith(f"````{{solution}} {label}\n:class: dropdown\n\n参考答案：")


# 7.1–7.6 are the original value-matrix items: some of their solutions show the code only.
QUOTED = [i for m in MODULES for i in items_of(m) if m != "7" or int(i.split(".")[1]) > 6]


@pytest.mark.parametrize("item", QUOTED)
def test_solution_quotes_the_computed_answer(item):
    module, k = item.split(".")
    all_cells = cells(module)
    question = all_cells[3 + 4 * (int(k) - 1)][1]
    solution = all_cells[6 + 4 * (int(k) - 1)][1]
    spec = ITEMS[item]
    if spec.kind == "choice":
        assert f"参考答案：{spec.correct}" in solution
        for letter in spec.why:
            assert f"{letter}. " in question, f"{item}: option {letter} missing in the question"
    elif spec.kind == "number":
        assert QUOTES[item].format(spec.expected()) in solution
    else:
        assert all(str(x) in solution for x in spec.expected())
