"""Read a scenario file into plain Python data and remember the line of every value.

PyYAML's composer gives each node a mark; walking the node tree ourselves (instead
of ``yaml.safe_load``) keeps those line numbers, catches duplicate keys (which
``safe_load`` silently overwrites) and keeps the text exactly as the trainer typed
it, so a message can say “you wrote 14:30, YAML read it as a number”.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from crmkit.yamltext import FastSafeLoader

Path_ = tuple[Any, ...]


_QUOTED = re.compile(r"(“[^”]*”)")
_CJK_LATIN = re.compile(r"([\u4e00-\u9fff])([A-Za-z0-9])")
_LATIN_CJK = re.compile(r"([A-Za-z0-9])([\u4e00-\u9fff])")


def spaced(text: str) -> str:
    """Put a space between Chinese and Latin letters or digits, except inside “quotes”."""
    parts = _QUOTED.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = _LATIN_CJK.sub(r"\1 \2", _CJK_LATIN.sub(r"\1 \2", parts[i]))
    return "".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file: where, what (in Chinese), and a stable code."""

    file: str
    line: int | None
    message: str
    code: str

    def __post_init__(self):
        object.__setattr__(self, "message", spaced(self.message))

    def __str__(self) -> str:
        where = f"文件 {self.file}" + (f"，第 {self.line} 行" if self.line else "")
        return f"{where}：{self.message} [{self.code}]"


@dataclass
class Source:
    """A parsed scenario: the data plus the line (1-based) of every key and list item."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)

    def line(self, path: Path_) -> int:
        """Line of ``path``, or of its nearest ancestor that has one (the file start: 1)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


# PyYAML's own problem texts → what a trainer should do about them.
_YAML_PROBLEMS = [
    ("'\\t'", "这里用了制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("tab character", "这里用了制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("mapping values are not allowed here",
     "冒号用得不对：一行里出现了第二个“键: 值”，多半是文字里有英文冒号加空格；"
     "请把整段文字用引号括起来，或改用中文冒号“：”"),
    ("could not find expected ':'", "这一行缺少“键: 值”中的冒号，或者上面的引号没有配对"),
    ("while scanning a quoted scalar", "从这里开始的引号没有配对：请检查这段文字的引号是否成对"),
    ("expected <block end>", "缩进没有对齐：这一行与同一层的其他行缩进不同"),
    ("did not find expected key", "缩进没有对齐：这一行与同一层的其他行缩进不同"),
    ("did not find expected '-' indicator", "列表没有对齐：同一个列表的每一项都要以“- ”开头并对齐"),
    ("expected a single document", "一个文件只能写一个场景，请不要用 --- 分隔多个文档"),
    ("undefined alias", "引用了没有定义的锚点（*名称）"),
    ("unknown escape character", "双引号里的反斜杠 \\ 用法不对；不需要转义时请改用单引号"),
    ("could not determine a constructor", "用了场景文件不支持的标签（以 ! 开头）"),
]


def _yaml_message(err: yaml.MarkedYAMLError) -> tuple[str, int | None]:
    text = f"{err.context or ''} {err.problem or ''}"
    mark = err.problem_mark
    # For an unclosed quote or a missing colon, the start of the construct is the useful line.
    if err.context_mark is not None and err.context in ("while scanning a quoted scalar",
                                                         "while scanning a simple key"):
        mark = err.context_mark
    message = next((m for needle, m in _YAML_PROBLEMS if needle in text),
                   f"YAML 格式错误（{(err.problem or err.context or '').strip()}）")
    return message, (mark.line + 1 if mark is not None else None)


def read_text(path: str | Path, name: str | None = None) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying why it cannot be read (missing, not UTF-8)."""
    path = Path(path)
    name = name or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, None, "找不到这个文件，请检查路径和文件名", "file-missing")]
    except OSError as err:
        return None, [Problem(name, None, f"无法读取这个文件（{err.strerror}）", "file-unreadable")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return None, [Problem(name, line, "文件不是 UTF-8 编码（可能是 GBK）；"
                              "请在编辑器里另存为 UTF-8", "encoding")]


def parse_yaml(text: str, name: str) -> tuple[Source | None, list[Problem]]:
    """Parse ``text``; return the Source (None if unreadable) and any problems found.

    libyaml's parser first (about six times faster over the kit's scenarios); a text it
    refuses is parsed again by PyYAML's, whose problem texts ``_YAML_PROBLEMS`` explains.
    """
    if FastSafeLoader is not yaml.SafeLoader:
        try:
            return _parse(FastSafeLoader, text, name)
        except yaml.YAMLError:
            pass
    try:
        return _parse(yaml.SafeLoader, text, name)
    except yaml.MarkedYAMLError as err:
        message, line = _yaml_message(err)
        return None, [Problem(name, line, message, "yaml")]
    except yaml.YAMLError as err:  # pragma: no cover - every PyYAML parse error is marked
        return None, [Problem(name, None, f"YAML 格式错误（{err}）", "yaml")]


def _parse(loader_class: type, text: str, name: str) -> tuple[Source | None, list[Problem]]:
    """The scenario's Source and problems; a YAML error is left to the caller."""
    problems: list[Problem] = []
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, [Problem(name, 1, "文件是空的，里面没有场景", "empty")]
        source = Source(name, None)
        source.data = _walk(loader, root, (), source, problems)
        return source, problems
    finally:
        loader.dispose()


def _walk(loader: yaml.SafeLoader, node, path: Path_, source: Source,
          problems: list[Problem]) -> Any:
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)  # resolve "<<" merge keys first
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, str) else str(key)
            line = key_node.start_mark.line + 1
            if key in out:
                problems.append(Problem(
                    source.file, line,
                    f"同一层里键“{key}”写了两次（第 {first_line[key]} 行已有），"
                    "后写的会覆盖先写的；请删掉或改名其中一个", "duplicate-key"))
            first_line.setdefault(key, line)
            child = path + (key,)
            source.lines[child] = line
            out[key] = _walk(loader, value_node, child, source, problems)
        return out
    if isinstance(node, SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            child = path + (i,)
            source.lines[child] = item.start_mark.line + 1
            items.append(_walk(loader, item, child, source, problems))
        return items
    if isinstance(node, ScalarNode):
        source.raw[path] = node.value
    return loader.construct_object(node, deep=True)


def load_source(path: str | Path, name: str | None = None) -> tuple[Source | None, list[Problem]]:
    """Read and parse a scenario file, keeping line numbers."""
    text, problems = read_text(path, name)
    if text is None:
        return None, problems
    return parse_yaml(text, name or str(path))
