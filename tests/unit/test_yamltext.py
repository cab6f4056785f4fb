"""crmkit.yamltext: libyaml's speed, PyYAML's results and error messages."""

from pathlib import Path

import pytest
import yaml

from crmkit import yamltext
from crmkit.roleplay import loader

ROOT = Path(__file__).resolve().parents[2]
KIT_YAML = sorted(p for pattern in ("*.yml", "exercises/*.yaml", "cases/**/*.yaml",
                                    "classroom/**/*.yaml")
                  for p in ROOT.glob(pattern))


def test_the_kit_has_yaml_files_to_compare():
    names = {p.name for p in KIT_YAML}
    assert {"_toc.yml", "_config.yml", "01-exercises.yaml", "payroll-closing.yaml"} <= names


def test_libyaml_is_used_where_pyyaml_has_it():
    assert yamltext.FastSafeLoader is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.mark.parametrize("path", KIT_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_kit_file_reads_as_safe_load_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert yamltext.load(text) == yaml.safe_load(text)


def test_an_error_carries_pyyamls_wording_and_line():
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yamltext.load("items:\n  - id: a\n    hint: 注意: 这里有冒号: 和空格\n")
    # libyaml says "not allowed in this context"; the kit's messages match PyYAML's text
    assert caught.value.problem == "mapping values are not allowed here"
    assert caught.value.problem_mark.line + 1 == 3


def test_a_scenario_error_is_explained_with_its_line():
    source, problems = loader.parse_yaml("title: 示例\nsteps:\n  - say: 客户说: 不需要\n",
                                         "broken.yaml")
    assert source is None
    assert [(p.line, p.message[:8]) for p in problems] == [(3, "冒号用得不对：一")]


@pytest.mark.parametrize("path", sorted((ROOT / "cases" / "roleplay").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_scenarios_read_the_same_without_libyaml(path, monkeypatch):
    """Lines, raw texts and problems are the parser's marks: both parsers give the same."""
    text = path.read_text(encoding="utf-8")
    fast, fast_problems = loader.parse_yaml(text, path.name)
    monkeypatch.setattr(loader, "FastSafeLoader", yaml.SafeLoader)
    plain, plain_problems = loader.parse_yaml(text, path.name)
    assert (fast.data, fast.lines, fast.raw) == (plain.data, plain.lines, plain.raw)
    assert fast_problems == plain_problems


def test_duplicate_keys_are_found_by_the_fast_parser_too():
    source, problems = loader.parse_yaml("title: 甲\ntitle: 乙\n", "dup.yaml")
    assert [(p.line, p.code) for p in problems] == [(2, "duplicate-key")]
    assert source.data == {"title": "乙"}
