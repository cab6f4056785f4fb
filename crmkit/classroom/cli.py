"""``crmkit classroom start|stop|status``: one JupyterHub for the whole class on this machine.

``start`` writes the class's settings, commits the learner course for nbgitpuller, starts
``jupyterhub -f classroom/jupyterhub_config.py`` in the background (the npm
``configurable-http-proxy`` in ``_vendor/hub`` is its proxy), waits until it answers and
prints what trainees type. ``stop`` ends the hub, its proxy and every trainee's server.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from crmkit.classroom.hub import (
    TRAINER,
    Settings,
    load_settings,
    new_password,
    read_trainees,
    server_runtime_dir,
)
from crmkit.errors import CrmkitError

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "classroom" / "jupyterhub_config.py"
PROXY = ROOT / "_vendor" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _pid(state: Path) -> int | None:
    path = state / "classroom.pid"
    try:
        pid = int(path.read_text())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def lan_url(settings: Settings) -> str:
    from crmkit.serve import lan_address

    host = lan_address() if settings.ip in ("0.0.0.0", "") else settings.ip
    return f"http://{host}:{settings.port}"


def start(state: Path, trainees: int | None = None, trainees_file: str | None = None,
          ip: str = "0.0.0.0", port: int = 8000, password: str | None = None,
          timeout: float = 60) -> Settings:
    """Start the class's hub in the background; return its settings (with the passwords)."""
    from crmkit.classroom.course import stage_course

    state = Path(state).resolve()
    if _pid(state):
        raise CrmkitError("这个班的 JupyterHub 已经在运行", file=str(state),
                          hint="先运行 crmkit classroom stop，或用 status 查看地址")
    if not PROXY.is_file():
        raise CrmkitError("没有找到 configurable-http-proxy", file=str(PROXY),
                          hint="运行 tools/fetch_hub_tools.sh（make classroom 会自动运行）")
    if password is not None and len(password) < 8:
        raise CrmkitError("班级密码至少要 8 个字符",
                          hint="换一个长一点的密码，或不写 --password 自动生成")
    ports = [port, port + 1, port + 2]
    busy = [p for p in ports if not _free(p)]
    if busy:
        raise CrmkitError(f"端口 {'、'.join(map(str, busy))} 已被占用",
                          hint=f"用 --port 换一个端口（会用到它和后面两个端口：{port}–{port + 2}）")
    names, shown = read_trainees(trainees_file, trainees)
    old = state / "settings.json"
    previous = json.loads(old.read_text(encoding="utf-8")) if old.is_file() else {}
    settings = Settings(
        state=str(state), trainees=names, display_names=shown,
        password=password or previous.get("password") or new_password(),
        trainer_password=previous.get("trainer_password") or secrets.token_urlsafe(24),
        ip=ip, port=port, proxy_api_port=port + 1, hub_port=port + 2,
        proxy_command=[str(PROXY)])
    settings.save()
    stage_course(ROOT, settings.course_repo)
    log = (state / "jupyterhub.log").open("ab")
    env = {**os.environ, "CRMKIT_CLASS_STATE": str(state),
           "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    proc = subprocess.Popen([str(Path(sys.executable).with_name("jupyterhub")), "-f", str(CONFIG)],
                            cwd=state, stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)
    (state / "classroom.pid").write_text(str(proc.pid))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise CrmkitError("JupyterHub 启动失败", file=str(state / "jupyterhub.log"),
                              hint="看日志最后几行；常见原因是端口被占用或依赖没装全（make venv）")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/health", timeout=2):
                return settings
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    stop(state)
    raise CrmkitError(f"JupyterHub 在 {timeout:.0f} 秒内没有就绪",
                      file=str(state / "jupyterhub.log"), hint="看日志最后几行")


def stop(state: Path, timeout: float = 30) -> bool:
    """Stop the hub, the proxy and every trainee's server; True if something was running."""
    state = Path(state).resolve()
    pid = _pid(state)
    if pid is None:
        return False
    try:
        os.killpg(pid, signal.SIGTERM)  # the hub stops the servers it started (cleanup_servers)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _group_alive(pid):
        time.sleep(0.2)
    if _group_alive(pid):
        os.killpg(pid, signal.SIGKILL)
    for leftover in _servers_of(state):  # a trainee's server in a session of its own
        try:
            os.kill(leftover, signal.SIGKILL)
        except ProcessLookupError:
            pass
    homes = state / "homes"
    for home in homes.iterdir() if homes.is_dir() else ():  # the servers' socket folders
        shutil.rmtree(server_runtime_dir(home), ignore_errors=True)
    (state / "classroom.pid").unlink(missing_ok=True)
    return True


def _group_alive(pgid: int) -> bool:
    # When this process started the hub (the tests do), the hub is its child: once it has
    # exited it stays a zombie in its group until reaped, and would look alive to killpg.
    try:
        os.waitpid(pgid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def _servers_of(state: Path) -> list[int]:
    """Processes still running from this class (their command line names its state folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if f"CRMKIT_CLASS_STATE={state}".encode() in environ.split(b"\0"):
            found.append(int(proc.name))
    return [p for p in found if p != os.getpid()]


def status(state: Path) -> str:
    state = Path(state).resolve()
    if not (state / "settings.json").is_file():
        return "还没有开过班：运行 crmkit classroom start"
    settings = load_settings(state)
    if _pid(state) is None:
        return f"没有在运行（班级文件夹 {state}）。运行 crmkit classroom start 开班。"
    homes = sorted(p.name for p in settings.homes.glob("*") if p.is_dir())
    return (f"正在运行：{lan_url(settings)}\n学员 {len(settings.trainees)} 人，"
            f"已登录过 {len([h for h in homes if h != TRAINER])} 人；班级密码 {settings.password}\n"
            f"培训师登录名 {TRAINER}，密码见 {state / 'settings.json'}")


def _image_side(args: argparse.Namespace) -> int:
    """The commands used to build and run the class on Kubernetes."""
    from crmkit.classroom import kube

    if args.command == "stage":
        from crmkit.classroom.course import stage_course

        print(f"课程已写入 {args.repo}（提交 {stage_course(ROOT, Path(args.repo))[:10]}）")
    elif args.command == "pull":
        return pull_home(args.repo, Path(args.home))
    elif args.command == "kube-values":
        values = kube.write_class_values(args.out, args.trainees_file, args.trainees,
                                         args.password)
        config = values["hub"]["config"]
        auth, people = config["SharedPasswordAuthenticator"], config["Authenticator"]
        print(f"已写入 {args.out}（学员 {len(people['allowed_users']) - 1} 人）。"
              f"班级密码：{auth['user_password']}；培训师用户名 {TRAINER}，"
              f"密码：{auth['admin_password']}")
    elif args.command == "kube-check":
        files = args.files or [str(kube.VALUES)]
        problems = kube.check_values(args.chart, files)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 2
        print(f"通过：{'、'.join(files)} 与 chart 的默认值合并后符合它的 schema。")
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as scratch:
            print("\n".join(kube.image_check(Path(args.root or scratch))))
    return 0


def pull_home(repo: str, home: Path) -> int:
    """``crmkit classroom pull`` (a pod's postStart hook): :func:`prepare_home` for the user
    the hub started this server for."""
    from crmkit.classroom.course import prepare_home

    try:
        problem = prepare_home(repo, home, trainer=os.environ.get("JUPYTERHUB_USER") == TRAINER)
    except CrmkitError as err:
        print(err.message, file=sys.stderr)
        return 2
    if problem:
        print(problem, file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crmkit classroom",
                                     description="在这台电脑上为全班开一个 JupyterHub")
    parser.add_argument("--state", default=str(ROOT / "_build" / "classroom"),
                        help="班级文件夹：学员文件夹、数据库和日志（默认 _build/classroom）")
    commands = parser.add_subparsers(dest="command", required=True)
    go = commands.add_parser("start", help="开班")
    who = go.add_mutually_exclusive_group()
    who.add_argument("--trainees", type=int, help="学员人数，自动生成登录名 trainee01 …")
    who.add_argument("--trainees-file",
                     help="学员名单：每行“登录名 姓名”（默认 classroom/trainees.txt）")
    go.add_argument("--ip", default="0.0.0.0", help="监听地址（默认全部网卡，局域网可访问）")
    go.add_argument("--port", type=int, default=8000, help="端口（还会用到后面两个）")
    go.add_argument("--password", help="班级共同密码（至少 8 个字符；不写则自动生成）")
    commands.add_parser("stop", help="下课：停止 JupyterHub 和全部学员的服务器")
    commands.add_parser("status", help="查看是否在运行、地址和人数")
    stage = commands.add_parser("stage", help="把学员版课程写进一个 git 仓库（镜像构建时用）")
    stage.add_argument("--repo", required=True, help="课程仓库的文件夹")
    pull = commands.add_parser("pull", help="把课程拉进学员文件夹（服务器启动时用）")
    pull.add_argument("--repo", required=True, help="课程仓库：文件夹或 git 地址")
    pull.add_argument("--home", required=True, help="学员的文件夹")
    values = commands.add_parser("kube-values",
                                 help="为 Kubernetes 生成本班的名单和密码文件（不要提交到 git）")
    source = values.add_mutually_exclusive_group()
    source.add_argument("--trainees", type=int, help="学员人数，自动生成登录名 trainee01 …")
    source.add_argument("--trainees-file", help="学员名单：每行“登录名 姓名”")
    values.add_argument("--password", help="班级共同密码（至少 8 个字符；不写则自动生成）")
    values.add_argument("--out", required=True, help="写到哪个文件，例如 class.yaml")
    kcheck = commands.add_parser("kube-check",
                                 help="用 Zero to JupyterHub chart 的 schema 检查配置文件")
    kcheck.add_argument("--chart", required=True,
                        help="解开的 chart 文件夹（helm pull jupyterhub/jupyterhub --untar）")
    kcheck.add_argument("files", nargs="*",
                        help="配置文件（默认 classroom/kubernetes/values.yaml）")
    image = commands.add_parser("image-check",
                                help="在没有 Docker 的机器上重放镜像的 Dockerfile 并试用")
    image.add_argument("--root", help="重放到哪个文件夹（默认临时文件夹，检查完删除）")
    args = parser.parse_args(argv)
    state = Path(args.state)
    try:
        if args.command in ("stage", "pull", "kube-values", "kube-check", "image-check"):
            return _image_side(args)
        if args.command == "start":
            file = args.trainees_file
            if file is None and args.trainees is None and (ROOT / "classroom" / "trainees.txt"
                                                           ).is_file():
                file = str(ROOT / "classroom" / "trainees.txt")
            settings = start(state, args.trainees, file, args.ip, args.port, args.password)
            print(f"已开班：{lan_url(settings)}（学员 {len(settings.trainees)} 人）\n"
                  f"学员在浏览器里打开这个地址，用户名填自己的登录名"
                  f"（{settings.trainees[0]} …），密码填：{settings.password}\n"
                  f"培训师用户名 {TRAINER}，密码：{settings.trainer_password}\n"
                  f"下课运行 crmkit classroom stop")
        elif args.command == "stop":
            print("已停止。" if stop(state) else "没有在运行的班级。")
        else:
            print(status(state))
    except CrmkitError as err:
        print(err.message, file=sys.stderr)
        return 2
    return 0
