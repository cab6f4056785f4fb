"""The classroom hub end to end on localhost: ten scripted trainees and the trainer.

``crmkit classroom start`` runs the real JupyterHub with its npm proxy. Each trainee logs
in through the form (with ``_xsrf``), starts a server, runs the landing notebook and the
module 7 exercises through a kernel and checks an answer; the trainer's results notebook
then shows all ten; a trainee cannot open another's server or files; ``stop`` leaves no
process behind (the last test, on the same class). Trainees work four at a time, as a
room does. Every wait is bounded (crmkit.classroom.client).
"""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crmkit.classroom import cli
from crmkit.classroom.client import HubUser
from crmkit.classroom.hub import ANSWERS, TRAINER, _ephemeral_low, server_runtime_dir

N = 10
TOGETHER = 4  # trainees working at the same moment
PLAYERS = 3  # the first three trainees also finish a role-play (the best path)
PLAY = ("from crmkit.roleplay import best_path, load_scenario\n"
        "from crmkit.widgets.roleplay import roleplay_widget\n"
        "w = roleplay_widget('phone-invitation-zjtx')\n"
        "for o in best_path(load_scenario('phone-invitation-zjtx'))['options']:\n"
        "    w.choose(o)\n"
        "print(w.message.value)")


# what the kernel says of how it talks to its server (crmkit.classroom.hub.singleuser_args)
TRANSPORT = ("from ipykernel.kernelapp import IPKernelApp\n"
             "print(IPKernelApp.instance().transport, IPKernelApp.instance().ip)")


def _free_ports() -> int:
    for base in range(18100, 18900, 10):
        if all(socket.socket().connect_ex(("127.0.0.1", base + k)) != 0 for k in range(3)):
            return base
    raise RuntimeError("no three free ports between 18100 and 18900")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if not cli.PROXY.is_file():
        pytest.fail("configurable-http-proxy is missing: run make hub-tools")
    state = tmp_path_factory.mktemp("class")
    port = _free_ports()
    settings = cli.start(state, trainees=N, ip="127.0.0.1", port=port, timeout=90)
    try:
        yield settings, f"http://127.0.0.1:{port}"
    finally:
        cli.stop(state)


def _morning(base: str, password: str, k: int, name: str) -> dict:
    """One trainee's morning: log in, start, run the landing notebook and an exercise on
    one kernel (a kernel each cost the class ten more kernel starts and imports)."""
    user = HubUser(base, name, password)
    seen = {"user": user, "spawn": user.start_server(), "errors": {}}
    answer = "B" if k % 2 == 0 else "A"  # half right, half wrong
    notebooks = [("course/notebooks/00-start-here.ipynb", [TRANSPORT]),
                 ("course/exercises/07-exercises.ipynb",
                  [PLAY] * (k < PLAYERS) + [f'print(check("7.1", "{answer}"))'])]
    runs = user.run_notebooks(notebooks, seconds=240)
    for (path, _), outputs in zip(notebooks, runs, strict=True):
        errors = [o["error"] for o in outputs if o["error"]] or ["没有运行"] * (not outputs)
        if errors:
            seen["errors"][f"{name} {path}"] = errors
    seen["transport"] = (runs[0] or [{"text": ""}])[-1]["text"].split()
    exercise = runs[-1] or [{"text": ""}] * 2  # (not run: its error is recorded above)
    seen["feedback"] = exercise[-1]["text"]
    if k < PLAYERS:
        seen["played"] = exercise[-2]["text"]
    return seen


@pytest.fixture(scope="module")
def class_day(hub):
    """The class arrives together: trainees log in and work at the same time, a few at
    once (as in a room; also what keeps this test's waits overlapping)."""
    settings, base = hub
    with ThreadPoolExecutor(max_workers=TOGETHER) as pool:
        mornings = list(pool.map(lambda k: _morning(base, settings.password, k,
                                                    settings.trainees[k]), range(N)))
    seen = {"spawn": [], "errors": {}, "feedback": {}, "users": {}, "played": {},
            "transport": {}}
    for name, day in zip(settings.trainees, mornings, strict=True):
        seen["users"][name] = day["user"]
        seen["spawn"].append(day["spawn"])
        seen["errors"].update(day["errors"])
        seen["feedback"][name] = day["feedback"]
        seen["transport"][name] = day["transport"]
        if "played" in day:
            seen["played"][name] = day["played"]
    return seen


def test_every_trainee_runs_the_landing_notebook_and_an_exercise(hub, class_day):
    settings, _ = hub
    assert not class_day["errors"], class_day["errors"]
    for k, name in enumerate(settings.trainees):
        said = class_day["feedback"][name]
        assert said.startswith("[7.1] ✅ 正确" if k % 2 == 0 else "[7.1] ❌ 还不对"), said
        saved = Path(settings.state) / "homes" / name / ANSWERS / f"answers-m7-{name}.json"
        assert saved.is_file()
    assert max(class_day["spawn"]) < 120
    # every kernel over Unix sockets in its server's own short folder, not over TCP ports
    for name in settings.trainees:
        transport, ip = class_day["transport"][name]
        home = Path(settings.state) / "homes" / name
        assert transport == "ipc" and Path(ip).parent == server_runtime_dir(home), (name, ip)


def test_the_trainer_sees_all_ten_live(hub, class_day):
    settings, base = hub
    trainer = HubUser(base, TRAINER, settings.trainer_password)
    trainer.start_server()
    outputs = trainer.run_notebook("班级练习情况.ipynb", seconds=120)
    assert not [o["error"] for o in outputs if o["error"]]
    assert f"{N} 位学员" in outputs[1]["text"]
    table = outputs[2]["data"][0]["text/plain"]
    assert all(name in table for name in settings.trainees)
    rates = [line.split()[-1] for line in table.splitlines() if line.startswith("trainee")]
    assert sorted(rates) == sorted(["100.0"] * (N // 2) + ["0.0"] * (N - N // 2))
    assert all("已存进班级记录" in said for said in class_day["played"].values())
    assert len(class_day["played"]) == PLAYERS
    assert f"角色扮演：{PLAYERS} 位学员完成了 {PLAYERS} 次练习" in outputs[6]["text"]
    scores = outputs[6]["data"][0]["text/plain"]
    assert [line.split()[0] for line in scores.splitlines() if line.startswith("trainee")] \
        == settings.trainees[:PLAYERS]
    assert all(line.split()[1] == "100.0" for line in scores.splitlines()
               if line.startswith("trainee"))
    per = outputs[7]["data"][0]["text/plain"]
    assert "电话" in per or "邀约" in per


def test_jupyterlab_is_in_chinese_for_trainees(hub, class_day):
    settings, _ = hub
    user = class_day["users"][settings.trainees[0]]
    reply = user.http.get(f"{user.base}/user/{user.name}/lab/api/settings/"
                          "@jupyterlab/translation-extension:plugin", timeout=30)
    assert reply.status_code == 200
    assert reply.json()["schema"]["properties"]["locale"]["default"] == "zh_CN"


def test_a_trainee_cannot_open_another_trainees_server_or_files(hub, class_day):
    settings, base = hub
    a, b = (class_day["users"][n] for n in settings.trainees[:2])
    for path in (f"/user/{a.name}/api/contents/course",
                 f"/user/{a.name}/files/{ANSWERS}/answers-m7-{a.name}.json",
                 f"/user/{a.name}/api/kernels"):
        reply = b.http.get(base + path, timeout=30)
        assert reply.status_code == 403, (path, reply.status_code)
    own = b.api("GET", "contents/course")
    assert own.status_code == 200


def test_stop_leaves_no_process_behind(hub, class_day):
    """Last in this file, on the class above with eleven servers and their kernels still
    running: stop leaves nothing behind (the fixture's own stop then finds nothing)."""
    settings, _ = hub
    state = Path(settings.state)
    assert len(cli._servers_of(state)) > N  # the hub, the proxy, every trainee's server
    # each server on its own port below the range outgoing connections draw from (hub.server_port)
    ports = set()
    for pid in cli._servers_of(state):
        for item in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
            if item.startswith(b"JUPYTERHUB_SERVICE_URL="):
                ports.add(urlsplit(item.split(b"=", 1)[1].decode()).port)
    assert len(ports) == N + 1, ports
    if _ephemeral_low() - 10000 >= 1000:  # (else JupyterHub chose them: see hub.server_port)
        assert all(10000 <= p < _ephemeral_low() for p in ports), ports
    assert cli.stop(state)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and cli._servers_of(state):
        time.sleep(0.2)
    assert not cli._servers_of(state)
    assert not any(server_runtime_dir(home).exists() for home in (state / "homes").iterdir())
    assert all(socket.socket().connect_ex(("127.0.0.1", settings.port + k)) != 0
               for k in range(3))
    assert "没有在运行" in cli.status(state)
    assert not cli.stop(state)
