"""What ``classroom/jupyterhub_config.py`` needs: the class's settings and the spawn hook.

``crmkit classroom start`` writes the settings into the class's state folder
(``_build/classroom`` unless told otherwise) as ``settings.json``; the config file reads
them back with :func:`load_settings`, so the hub's configuration stays one readable file.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from crmkit.errors import CrmkitError

TRAINER = "trainer"
ANSWERS = ".crmkit/answers"
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


@dataclass
class Settings:
    """One class: who may log in, with which passwords, where homes and state live."""

    state: str
    trainees: list[str]
    display_names: dict[str, str] = field(default_factory=dict)
    password: str = ""
    trainer_password: str = ""
    ip: str = "0.0.0.0"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    proxy_command: list[str] = field(default_factory=list)
    landing: str = "course/notebooks/00-start-here.ipynb"

    @property
    def homes(self) -> Path:
        return Path(self.state) / "homes"

    @property
    def course_repo(self) -> Path:
        return Path(self.state) / "course.git"

    def save(self) -> Path:
        path = Path(self.state) / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
        path.chmod(0o600)
        return path


def load_settings(state: str | Path | None = None) -> Settings:
    state = Path(state or os.environ.get("CRMKIT_CLASS_STATE", "_build/classroom"))
    path = state / "settings.json"
    if not path.is_file():
        raise CrmkitError("还没有开过班", file=str(path), hint="先运行 crmkit classroom start")
    return Settings(**json.loads(path.read_text(encoding="utf-8")))


def read_trainees(path: str | Path | None = None, count: int | None = None
                  ) -> tuple[list[str], dict[str, str]]:
    """Login names and display names: from a file (one trainee a line, ``登录名 显示名``,
    ``#`` starts a comment) or ``count`` generated names trainee01, trainee02 …"""
    if path is None:
        n = 20 if count is None else count
        if not 1 <= n <= 200:
            raise CrmkitError(f"学员人数 {n} 不在 1–200 之间", hint="用 --trainees 30 这样的数字")
        names = [f"trainee{i:02d}" for i in range(1, n + 1)]
        return names, {}
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise CrmkitError("学员名单读不出来", file=str(path),
                          hint="名单应是 UTF-8 文本，每行一位学员："
                               "登录名（小写字母和数字）空格 姓名") from err
    names, shown = [], {}
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        login, _, display = text.partition(" ")
        login = login.strip().lower()
        if not _NAME.match(login) or login == TRAINER:
            raise CrmkitError(f"登录名 {login!r} 不能用", file=str(path), row=number,
                              hint="登录名用小写英文字母开头，只含字母、数字、- 和 _，最多 32 位，"
                                   f"且不能是 {TRAINER}；中文姓名写在登录名后面")
        if login in names:
            raise CrmkitError(f"登录名 {login} 重复了", file=str(path), row=number)
        names.append(login)
        if display.strip():
            shown[login] = display.strip()
    if not names:
        raise CrmkitError("学员名单是空的", file=str(path), hint="每行写一位学员的登录名")
    return names, shown


def new_password() -> str:
    """A class password easy to write on a whiteboard: three groups of four letters/digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def singleuser_command() -> list[str]:
    return [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]


def singleuser_args() -> list[str]:
    """A trainee server's options: its kernels talk over Unix sockets, not TCP ports (a
    class starts its kernels at the same moment; crmkit.kernels says why that matters), and
    ``--allow-root`` where a training room's machine runs the class as root."""
    return ["--KernelManager.transport=ipc"] + (["--allow-root"] if os.geteuid() == 0 else [])


# Ports handed to servers by this hub process, not handed out again (two trainees starting at
# the same moment could otherwise draw the same free port before either server binds it).
_GIVEN: set[int] = set()


def server_port(low: int = 10000) -> int:
    """A free port for a trainee's server, below the range the system draws the ports of
    outgoing connections from (32768 and up on Linux). JupyterHub's own choice comes from
    that range: a port it found free and let go could be taken by any outgoing connection
    in the second before the server binds it, and that trainee's server would fail to start.
    Below the range, only another server could take it."""
    import random

    high = _ephemeral_low()
    if high - low < 1000:  # no room below the outgoing range on this machine
        return 0  # (JupyterHub then picks one itself)
    draw = random.SystemRandom()
    for _ in range(100):
        port = draw.randrange(low, high)
        if port not in _GIVEN and port_free(port):
            _GIVEN.add(port)
            return port
    return 0  # (JupyterHub then picks one itself)


def port_free(port: int) -> bool:
    """Whether no process on this machine holds ``port``."""
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("", port))
        except OSError:
            return False
    return True


def _ephemeral_low() -> int:
    try:
        text = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text(encoding="ascii")
        return int(text.split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # (macOS's range starts at 49152)


def server_runtime_dir(home: Path) -> Path:
    """Where the server of ``home`` keeps its connection files and kernel sockets: a short
    folder of its own (a socket's path has a length limit that a home inside the course
    folder would pass)."""
    from crmkit.kernels import server_socket_folder

    return server_socket_folder(str(Path(home).resolve()))


def pre_spawn_hook(spawner) -> None:
    """Before a server starts: bring the course into the home (first login: a copy; later:
    new material merged, the trainee's edits kept), and tell the kernel where to save
    answers. The trainer's home gets the class results notebook instead."""
    from crmkit.classroom.course import prepare_home

    settings = load_settings()
    name = spawner.user.name
    home = settings.homes / name
    problem = prepare_home(settings.course_repo, home, trainer=name == TRAINER)
    if problem:
        spawner.log.warning("%s: %s", name, problem)
    spawner.environment["CRMKIT_ANSWERS_DIR"] = str(home / ANSWERS)
    spawner.environment["CRMKIT_LEARNER"] = settings.display_names.get(name, name)
    spawner.environment["CRMKIT_CLASS_STATE"] = str(Path(settings.state).resolve())
    runtime = server_runtime_dir(home)
    runtime.mkdir(mode=0o700, exist_ok=True)
    if runtime.stat().st_uid != os.getuid():  # made by someone else: not a place for sockets
        raise CrmkitError(f"{name} 的内核通信文件夹属于另一个系统用户", file=str(runtime),
                          hint="删掉这个文件夹（它只在服务器运行时有用），再让学员重新启动服务器")
    spawner.environment["JUPYTER_RUNTIME_DIR"] = str(runtime)
    spawner.port = server_port()
    if name == TRAINER:
        spawner.environment.pop("CRMKIT_ANSWERS_DIR")
