"""The classroom hub's parts: the trainee list, the course each home pulls, the live answers."""

import json
import os
import random
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from crmkit import CrmkitError
from crmkit.classroom import hub
from crmkit.classroom.course import COURSE_DIR, pull_course, stage_course
from crmkit.classroom.hub import TRAINER, new_password, read_trainees
from crmkit.labsettings import write_overrides

ROOT = Path(__file__).resolve().parents[2]


def test_trainees_from_a_count_or_a_file(tmp_path):
    names, shown = read_trainees(count=3)
    assert names == ["trainee01", "trainee02", "trainee03"] and shown == {}
    names, shown = read_trainees(ROOT / "classroom" / "trainees.example.txt")
    assert names == ["zhangsan", "lisi", "wangwu"] and shown["lisi"] == "李四"
    bad = tmp_path / "名单.txt"
    bad.write_text("# 注释\nzhangsan 张三\n\n张三丰\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="登录名") as err:
        read_trainees(bad)
    assert "第 4 行" in err.value.message and "名单.txt" in err.value.message
    bad.write_text("zhangsan\nZhangSan 张三\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="重复"):
        read_trainees(bad)
    bad.write_text(f"{TRAINER}\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="不能用"):
        read_trainees(bad)
    with pytest.raises(CrmkitError, match="1–200"):
        read_trainees(count=0)


def test_class_password_is_long_enough_and_varies():
    words = {new_password() for _ in range(20)}
    assert len(words) == 20 and all(len(w) == 14 and w.count("-") == 2 for w in words)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_course_is_the_learner_copy_and_a_commit_only_when_it_changed(tmp_path):
    repo = tmp_path / "course.git"
    first = stage_course(ROOT, repo)
    assert stage_course(ROOT, repo) == first  # nothing changed: no new commit
    files = _git(repo, "ls-files").splitlines()
    assert "notebooks/00-start-here.ipynb" in files and "exercises/07-exercises.ipynb" in files
    assert "exercises/trainer-class-report.ipynb" not in files
    assert not any(f.startswith(("book/", "crmkit/", "tests/")) for f in files)
    text = (repo / "exercises" / "07-exercises.ipynb").read_text(encoding="utf-8")
    assert "{solution" not in text and "%pip install" not in text


def test_a_trainees_edits_survive_a_course_update(tmp_path):
    """nbgitpuller's rule, as a trainee meets it: first login copies the course; after the
    trainer updates it, new material arrives, the trainee's edited file is kept, and a file
    the trainee deleted comes back."""
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    _git(upstream, "init", "-q", "-b", "main")
    (upstream / "lab.ipynb").write_text("原版\n", encoding="utf-8")
    (upstream / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (upstream / "notes.md").write_text("讲义\n", encoding="utf-8")
    _git(upstream, "add", "-A")
    _git(upstream, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "v1")
    home = tmp_path / "homes" / "zhangsan"
    pull_course(upstream.as_uri(), home)
    course = home / COURSE_DIR
    assert (course / "lab.ipynb").read_text(encoding="utf-8") == "原版\n"
    (course / "lab.ipynb").write_text("我的笔记\n", encoding="utf-8")  # the trainee's work
    (course / "notes.md").unlink()
    (upstream / "data.csv").write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    (upstream / "new-lab.ipynb").write_text("新实验\n", encoding="utf-8")
    _git(upstream, "add", "-A")
    _git(upstream, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "v2")
    pull_course(upstream.as_uri(), home)
    assert (course / "lab.ipynb").read_text(encoding="utf-8") == "我的笔记\n"
    assert (course / "new-lab.ipynb").read_text(encoding="utf-8") == "新实验\n"
    assert (course / "data.csv").read_text(encoding="utf-8") == "a,b\n1,2\n3,4\n"
    assert (course / "notes.md").read_text(encoding="utf-8") == "讲义\n"


def test_a_check_on_the_hub_saves_the_module_record_in_the_home(tmp_path, monkeypatch):
    from crmkit.selfcheck import check
    from crmkit.selfcheck.core import clear_record

    clear_record()
    answers = tmp_path / "home" / ".crmkit" / "answers"
    monkeypatch.setenv("CRMKIT_ANSWERS_DIR", str(answers))
    monkeypatch.setenv("CRMKIT_LEARNER", "张三")
    try:
        check("7.1", "A")
        check("7.1", "B")
        record = json.loads((answers / "answers-m7-张三.json").read_text(encoding="utf-8"))
        assert record["learner"] == "张三" and record["items"][0]["ok"] is True
        assert [t["answer"] for t in record["items"][0]["attempts"]] == ["A", "B"]
        assert not list(answers.glob("*.tmp"))
        blocked = tmp_path / "a-file"
        blocked.write_text("", encoding="utf-8")
        monkeypatch.setenv("CRMKIT_ANSWERS_DIR", str(blocked / "answers"))
        feedback = check("7.5", "A")
        assert "没能存进班级记录" in feedback.message and feedback.ok is not None
    finally:
        clear_record()


def test_the_trainers_view_reads_every_home_but_the_trainers(tmp_path):
    from crmkit.classroom.hub import ANSWERS, Settings
    from crmkit.classroom.results import answer_files, class_results
    from crmkit.classroom.trainer_notebook import write_results_notebook

    settings = Settings(state=str(tmp_path), trainees=["zhangsan", "lisi"],
                        display_names={"zhangsan": "张三", "lisi": "李四"})
    settings.save()
    for who, shown in (("zhangsan", "张三"), (TRAINER, "培训师")):
        folder = tmp_path / "homes" / who / ANSWERS
        folder.mkdir(parents=True)
        (folder / f"answers-m7-{shown}.json").write_text(json.dumps(
            {"format": "crmkit-answers/1", "learner": shown, "module": "7",
             "items": [{"item": "7.1", "ok": True}]}, ensure_ascii=False), encoding="utf-8")
    assert [p.parents[2].name for p in answer_files(settings.homes)] == ["zhangsan"]
    g = class_results(tmp_path, quiet=True)
    assert list(g.exports["学员"]) == ["张三"] and g.roster_missing == ["李四"]
    notebook = write_results_notebook(tmp_path / "homes" / TRAINER / "班级练习情况.ipynb")
    notebook.write_text(notebook.read_text(encoding="utf-8") + " ", encoding="utf-8")
    kept = notebook.read_text(encoding="utf-8")
    write_results_notebook(notebook)
    assert notebook.read_text(encoding="utf-8") == kept  # the trainer's edits are kept


def test_jupyterlab_opens_in_chinese(tmp_path):
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "x"}}),
                    encoding="utf-8")
    write_overrides(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@jupyterlab/translation-extension:plugin"] == {"locale": "zh_CN"}
    assert data["@jupyterlab/apputils-extension:themes"] == {"theme": "x"}


def _finish(rp, pick):
    """Play ``rp`` to an ending, taking ``pick(options)`` at each node (bounded)."""
    for _ in range(40):
        if rp.finished:
            return rp
        rp.choose(pick(rp.node["options"])["id"])
    raise AssertionError("no ending within 40 choices")


def test_a_finished_roleplay_on_the_hub_is_saved_for_the_trainer(tmp_path, monkeypatch):
    from crmkit.roleplay import best_path, load_attempt, load_scenario
    from crmkit.widgets.roleplay import roleplay_widget

    answers = tmp_path / "home" / ".crmkit" / "answers"
    best = best_path(load_scenario("phone-invitation-zjtx"))["options"]
    widget = roleplay_widget("phone-invitation-zjtx", folder=tmp_path / "own")
    for option in best[:-1]:  # nothing saved off the hub
        widget.choose(option)
    monkeypatch.setenv("CRMKIT_ANSWERS_DIR", str(answers))
    monkeypatch.setenv("CRMKIT_LEARNER", "张三")
    widget.choose(best[-1])
    saved = list(answers.glob("roleplay-phone-invitation-zjtx-*.json"))
    assert len(saved) == 1 and "已存进班级记录" in widget.message.value
    replayed = load_attempt(saved[0])
    assert replayed.total == widget.engine.total and replayed.finished
    assert json.loads(saved[0].read_text(encoding="utf-8"))["learner"] == "张三"
    assert not list(answers.glob("*.tmp")) and not (tmp_path / "own").exists()


def test_the_trainer_sees_roleplay_scores_per_trainee_and_scenario(tmp_path, monkeypatch):
    from crmkit.classroom.hub import ANSWERS, Settings
    from crmkit.classroom.results import class_roleplays
    from crmkit.roleplay import RolePlay, best_path, load_scenario
    from crmkit.roleplay.classrecord import by_learner, by_scenario, save_for_class

    sid = "phone-invitation-zjtx"
    scenario = load_scenario(sid)
    best = best_path(scenario)
    settings = Settings(state=str(tmp_path), trainees=["zhangsan", "lisi", "wangwu"],
                        display_names={"zhangsan": "张三", "lisi": "李四", "wangwu": "王五"})
    settings.save()

    def worst(options):
        return min(options, key=lambda o: (o["score"], o["id"]))

    played = {}
    for who, shown, picks in (("zhangsan", "张三", ["worst", "best"]), ("lisi", "李四", ["worst"]),
                              (TRAINER, "培训师", ["best"])):
        monkeypatch.setenv("CRMKIT_ANSWERS_DIR", str(tmp_path / "homes" / who / ANSWERS))
        for pick in picks:
            rp = RolePlay(scenario)
            rp.play(best["options"]) if pick == "best" else _finish(rp, worst)
            assert save_for_class(rp, shown) is None
            played.setdefault(shown, []).append(rp)
    broken = tmp_path / "homes" / "lisi" / ANSWERS / "roleplay-phone-invitation-zjtx-x.json"
    broken.write_text('{"format": "crmkit-roleplay-attempt/1"', encoding="utf-8")

    r = class_roleplays(tmp_path, quiet=True)
    assert sorted(r.attempts["学员"]) == ["张三", "张三", "李四"]  # the trainer's own left out
    assert r.not_played == ["王五"] and [s[0] for s in r.skipped] == [broken.name]
    table = by_learner(r)
    worst_share = played["李四"][0].debrief()["percent_of_best"]
    assert worst_share < 100.0
    assert table.loc["张三", scenario["title"]] == 100.0
    assert table.loc["李四", scenario["title"]] == worst_share
    assert table["练习次数"].to_dict() == {"张三": 2, "李四": 1}
    per = by_scenario(r).loc[scenario["title"]]
    assert per["练过的人数"] == 2 and per["练习次数"] == 3
    assert per["个人最好成绩中位数(%)"] == (100.0 + worst_share) / 2
    success = sum(rp.outcome["success"] for rps in (played["张三"], played["李四"]) for rp in rps)
    assert per["成功结局(%)"] == round(100 * success / 3, 1)
    # 张三's latest attempt is the best path, so only 李四's misses count
    missed = {m["node"] for m in played["李四"][0].debrief()["missed"]}
    node, _, rest = per["最常错过的一步"].partition("（")
    assert node in missed and rest.startswith("1/2 人错过）更好的说法：")


def test_each_trainee_server_keeps_its_kernel_sockets_in_a_short_folder_of_its_own(
        tmp_path, monkeypatch):
    """However deep the class's folder or the temporary folder, a socket's path stays
    within the 103 bytes macOS allows (107 on Linux); the folder is the same at every start
    of one trainee's server."""
    homes = tmp_path / ("很长的培训班文件夹" * 8) / "homes"
    for temporary in (None, str(tmp_path / ("临时" * 20))):
        monkeypatch.setattr(tempfile, "tempdir", temporary)
        first, second = (hub.server_runtime_dir(homes / n) for n in ("trainee01", "trainee02"))
        assert first != second and first == hub.server_runtime_dir(homes / "trainee01")
        socket_path = first / f"kernel-{uuid.uuid4()}-ipc-5"
        assert len(os.fsencode(str(socket_path))) <= 103, socket_path
    assert "--KernelManager.transport=ipc" in hub.singleuser_args()


class _Spawner:
    def __init__(self, name: str):
        self.user = type("User", (), {"name": name})()
        self.environment: dict[str, str] = {}
        self.log = type("Log", (), {"warning": lambda *args: None})()


def test_a_server_start_makes_its_socket_folder_private_and_refuses_one_made_by_another_user(
        tmp_path, monkeypatch):
    settings = hub.Settings(state=str(tmp_path), trainees=["trainee01"])
    settings.save()
    monkeypatch.setenv("CRMKIT_CLASS_STATE", str(tmp_path))
    home = settings.homes / "trainee01"
    (home / COURSE_DIR).mkdir(parents=True)  # a course already there (its update then fails:
    spawner = _Spawner("trainee01")          # this class has no course repository)
    hub.pre_spawn_hook(spawner)
    runtime = Path(spawner.environment["JUPYTER_RUNTIME_DIR"])
    assert runtime == hub.server_runtime_dir(home)
    assert spawner.port == 0 or 10000 <= spawner.port < hub._ephemeral_low()  # (see below)
    assert runtime.is_dir() and runtime.stat().st_mode & 0o777 == 0o700
    runtime.rmdir()
    if os.getuid() == 0:  # (only root can make a folder that belongs to someone else)
        runtime.mkdir()
        os.chown(runtime, 65534, 65534)
        try:
            with pytest.raises(CrmkitError, match="属于另一个系统用户"):
                hub.pre_spawn_hook(_Spawner("trainee01"))
        finally:
            runtime.rmdir()


def test_a_trainees_server_gets_a_free_port_below_the_outgoing_range_and_no_two_the_same(
        monkeypatch):
    """JupyterHub's own choice is a port the system also gives outgoing connections: one
    could take it before the server binds it. These are below that range, and free."""
    monkeypatch.setattr(hub, "_ephemeral_low", lambda: 32768)  # Linux's usual start
    low = hub._ephemeral_low()
    ports = [hub.server_port() for _ in range(300)]
    assert len(set(ports)) == 300 and all(10000 <= p < low for p in ports)
    # a port a server listens on is passed over; where the range leaves no room, none is given
    with socket.socket() as taken:
        taken.bind(("", next(p for p in range(20000, 30000) if not {p, p + 1} & hub._GIVEN
                             and hub.port_free(p) and hub.port_free(p + 1))))
        taken.listen()
        busy = taken.getsockname()[1]
        monkeypatch.setattr(random, "SystemRandom", lambda: _Draws(busy, busy + 1))
        assert hub.server_port(low=10000) == busy + 1
        monkeypatch.setattr(hub, "_ephemeral_low", lambda: 10999)
        assert hub.server_port(low=10000) == 0  # JupyterHub then chooses


class _Draws:
    """Ports drawn in a given order."""

    def __init__(self, *ports: int):
        self.ports = list(ports)

    def randrange(self, low: int, high: int) -> int:
        return self.ports.pop(0)
