"""Check the single-user image's Dockerfile on a machine without Docker: replay its steps.

:func:`replay` reads ``classroom/kubernetes/Dockerfile`` and carries out its steps in a
folder that stands for the image's file system: image paths under ``/opt``, ``/home`` and
``/srv`` are moved into that folder, ``COPY`` honours ``Dockerfile.dockerignore``, ``ENV``
and ``WORKDIR`` apply to later steps, every ``RUN`` runs in bash, and the interpreter is
this machine's Python of the version the ``FROM`` line names, so the pinned
requirements install into a fresh virtual environment exactly as in the image. What
cannot be replayed without root in a Debian image (``apt-get``, ``useradd``) is listed as
not run, with the reason. pip's ``--no-cache-dir`` and uv's ``--no-cache`` are dropped so
that a replay reuses this machine's uv cache (the flags only keep the image small: the
install stage of ``make test`` has just filled it, and uv links the files from there), and
the bytecode is left out (pip's ``--no-compile``, no uv ``--compile-bytecode``): it only
saves the image's first imports, and writing it for every module of every package is a
third of the replay's install time.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from crmkit.errors import CrmkitError

MOVED = re.compile(r"(?<![\w./-])/(opt|home|srv)(?=/|\b)")
# this machine's way out to the package index, kept in the replay's otherwise clean environment
# (the certificates also come from the system store: UV_SYSTEM_CERTS, as make's install)
NETWORK = {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"}
NOT_REPLAYED = {
    "apt-get": "系统软件包要在 Debian 镜像里以 root 安装，本机用已装好的 git 和字体代替",
    "useradd": "镜像里的用户，本机不创建",
}


@dataclass
class Step:
    line: int
    instruction: str
    argument: str
    ran: bool = False
    note: str = ""


@dataclass
class Replay:
    root: Path
    steps: list[Step] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    workdir: Path | None = None
    user: str = ""
    cmd: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = []
        for s in self.steps:
            mark = "已执行" if s.ran else "未执行"
            text = s.argument if len(s.argument) <= 70 else s.argument[:70] + "…"
            lines.append(f"第 {s.line} 行 {s.instruction} {text}：{mark}"
                         + (f"（{s.note}）" if s.note else ""))
        return "\n".join(lines)


def move(text: str, root: Path) -> str:
    return MOVED.sub(lambda m: f"{root}/{m.group(1)}", text)


def parse(path: Path) -> list[tuple[int, str, str]]:
    """(line number, INSTRUCTION, argument) with continuation lines joined."""
    steps, buffer, start = [], "", 0
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        stripped = raw.strip()
        if not buffer and (not stripped or stripped.startswith("#")):
            continue
        if buffer and stripped.startswith("#"):
            continue
        if not buffer:
            start = number
        if stripped.endswith("\\"):
            buffer += stripped[:-1] + " "
            continue
        text = buffer + stripped
        buffer = ""
        instruction, _, argument = text.partition(" ")
        steps.append((start, instruction.upper(), argument.strip()))
    return steps


def _ignored(patterns: list[str], relative: str) -> bool:
    parts = relative.split("/")
    for pattern in patterns:
        bare = pattern.removeprefix("**/")
        if fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(p, bare) for p in parts):
            return True
    return False


def _copy(context: Path, sources: list[str], dest: Path, ignore: list[str]) -> None:
    into_folder = len(sources) > 1 or str(dest).endswith("/")
    for source in sources:
        origin = (context / source).resolve()
        if origin.is_dir():
            target = dest
            for path in sorted(origin.rglob("*")):
                relative = path.relative_to(context).as_posix()
                if _ignored(ignore, relative) or path.is_dir():
                    continue
                out = target / path.relative_to(origin)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, out)
        else:
            out = dest / origin.name if into_folder or dest.is_dir() else dest
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, out)


def _expand(value: str, env: dict[str, str]) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), value)


def _python_for(image: str) -> Path:
    """This machine's interpreter (outside any virtual environment) of the image's version."""
    match = re.match(r"python:(\d+)\.(\d+)", image)
    if not match:
        raise CrmkitError(f"只会重放基于官方 python 镜像的 Dockerfile，这里是 {image}")
    wanted = (int(match.group(1)), int(match.group(2)))
    base = Path(getattr(sys, "_base_executable", sys.executable))
    if sys.version_info[:2] == wanted and base.is_file():
        return base
    found = shutil.which(f"python{wanted[0]}.{wanted[1]}")
    if not found:
        raise CrmkitError(f"镜像用的是 Python {wanted[0]}.{wanted[1]}，本机没有这个版本",
                          hint=f"装上 python{wanted[0]}.{wanted[1]} 后再检查")
    return Path(found)


def _uv_cache() -> Path:
    """This machine's uv cache (where uv itself looks: UV_CACHE_DIR, XDG_CACHE_HOME, ~/.cache)."""
    if os.environ.get("UV_CACHE_DIR"):
        return Path(os.environ["UV_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "uv"


def replay(dockerfile: str | Path, context: str | Path, root: str | Path,
           timeout: float = 1200) -> Replay:
    """Carry out ``dockerfile``'s steps in ``root``; raise CrmkitError at the first that fails."""
    dockerfile, context, root = Path(dockerfile), Path(context).resolve(), Path(root).resolve()
    ignore_file = dockerfile.with_name(dockerfile.name + ".dockerignore")
    ignore = [line.strip() for line in (ignore_file.read_text(encoding="utf-8").splitlines()
                                        if ignore_file.is_file() else [])
              if line.strip() and not line.startswith("#")]
    shims = root / ".replay-bin"
    shims.mkdir(parents=True, exist_ok=True)
    result = Replay(root=root)
    result.env = {"PATH": f"{shims}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                  "HOME": str(root / "root"), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                  "UV_CACHE_DIR": str(_uv_cache()), "UV_SYSTEM_CERTS": "1",
                  **{k: v for k, v in os.environ.items() if k.upper() in NETWORK}}
    (root / "root").mkdir(exist_ok=True)
    for number, instruction, argument in parse(dockerfile):
        step = Step(number, instruction, argument)
        result.steps.append(step)
        if instruction == "FROM":
            python = _python_for(argument)
            for name in ("python", "python3"):
                (shims / name).unlink(missing_ok=True)
                (shims / name).symlink_to(python)
            step.ran, step.note = True, f"用本机的 {python}"
        elif instruction == "ENV":
            pairs = shlex.split(argument)
            if len(pairs) == 2 and "=" not in pairs[0]:
                pairs = [f"{pairs[0]}={pairs[1]}"]
            for pair in pairs:
                key, _, value = pair.partition("=")
                result.env[key] = move(_expand(value, result.env), root)
            step.ran = True
        elif instruction == "COPY":
            *sources, dest = shlex.split(argument)
            target = Path(move(dest, root))
            if dest.endswith("/"):
                target.mkdir(parents=True, exist_ok=True)
            _copy(context, sources, target, ignore)
            step.ran = True
        elif instruction == "WORKDIR":
            result.workdir = Path(move(argument, root))
            result.workdir.mkdir(parents=True, exist_ok=True)
            step.ran = True
        elif instruction == "USER":
            result.user, step.note = argument, "本机以当前用户执行"
        elif instruction == "CMD":
            import json

            result.cmd = json.loads(argument) if argument.startswith("[") else argument.split()
            step.note = "启动命令，由检查确认它在 PATH 中"
        elif instruction == "RUN":
            first = shlex.split(argument)[0]
            if first in NOT_REPLAYED:
                step.note = NOT_REPLAYED[first]
                continue
            command = re.sub(r"(?<!uv )\bpip install\b", "pip install --no-compile",
                             re.sub(r" --(no-cache-dir|no-cache|compile-bytecode)\b", "",
                                    move(argument, root)))
            done = subprocess.run(["bash", "-ec", command], env=result.env,
                                  cwd=result.workdir or root, capture_output=True, text=True,
                                  timeout=timeout)
            if done.returncode:
                tail = (done.stderr or done.stdout).strip().splitlines()[-8:]
                raise CrmkitError(f"Dockerfile 第 {number} 行的 RUN 失败："
                                  + "\n".join(tail), file=str(dockerfile))
            step.ran = True
        else:
            raise CrmkitError(f"不认识的指令 {instruction}", file=str(dockerfile), row=number,
                              hint="重放只支持 FROM、ENV、COPY、RUN、WORKDIR、USER、CMD")
    return result


def run_in(result: Replay, command: list[str], env: dict[str, str] | None = None,
           cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``command`` (image paths allowed) as the image would, with its environment."""
    moved = [move(part, result.root) for part in command]
    return subprocess.run(moved, env={**result.env, **(env or {})},
                          cwd=cwd or result.workdir or result.root, capture_output=True,
                          text=True, timeout=timeout)


__all__ = ["Replay", "parse", "replay", "run_in"]
