"""The class on Kubernetes: values merging and checking, the class's own values file, the
trainer hook in values.yaml, the first-login pull, the trainer's view of the record volume
and the Dockerfile replayer (on small Dockerfiles; the real one is replayed in tests/system)."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from crmkit import CrmkitError
from crmkit.classroom import dockerfile, kube
from crmkit.classroom.cli import main, pull_home
from crmkit.classroom.hub import TRAINER
from crmkit.classroom.trainer_notebook import RESULTS_NOTEBOOK

SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object", "additionalProperties": False, "required": ["hub", "singleuser"],
    "properties": {
        "hub": {"type": "object", "additionalProperties": True},
        "singleuser": {"type": "object", "additionalProperties": False, "properties": {
            "uid": {"type": ["integer", "null"]},
            "cmd": {"type": ["string", "array", "null"]},
            "image": {"type": "object", "properties": {"name": {"type": "string"}}}}},
        "cull": {"type": "object", "properties": {"enabled": {"type": "boolean"}}}},
}
DEFAULTS = {"hub": {"config": {"JupyterHub": {"admin_access": True}}},
            "singleuser": {"uid": 1000, "cmd": "jupyterhub-singleuser",
                           "image": {"name": "sample"}},
            "cull": {"enabled": True}}


@pytest.fixture
def chart(tmp_path):
    folder = tmp_path / "chart"
    folder.mkdir()
    (folder / "values.yaml").write_text(yaml.safe_dump(DEFAULTS), encoding="utf-8")
    (folder / "values.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return folder


def test_helm_merge_merges_maps_replaces_the_rest_and_null_removes():
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 1, "e": {"f": 1}}
    over = {"a": {"c": [3], "g": 2}, "d": {"x": 1}, "e": None}
    assert kube.helm_merge(base, over) == {"a": {"b": 1, "c": [3], "g": 2}, "d": {"x": 1}}
    assert base["a"] == {"b": 1, "c": [1, 2]}  # the defaults are not changed


def test_check_values_names_each_wrong_key_in_chinese(chart, tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("singleuser:\n  uid: 1001\n", encoding="utf-8")
    assert kube.check_values(chart, [good]) == []
    bad = tmp_path / "bad.yaml"
    bad.write_text("singleuser:\n  uid: abc\n  imagee: x\ncull:\n  enabled: 'yes'\n"
                   "hub:\n  extraConfig:\n    x: |\n      def f(:\n", encoding="utf-8")
    assert kube.check_values(chart, [bad]) == [
        "cull.enabled：应是true/false，这里是 'yes'",
        "singleuser：chart 不认识 'imagee'（拼写错了，或放错了层级？对照 chart 的配置参考）",
        "singleuser.uid：应是整数或空，这里是 'abc'",
        "hub.extraConfig.x：第 1 行 Python 语法错误",
    ]
    removed = tmp_path / "removed.yaml"
    removed.write_text("hub: null\n", encoding="utf-8")
    assert kube.check_values(chart, [removed])[0].startswith("（最外层）：缺少必填的键")


def test_check_values_refuses_what_it_cannot_read(chart, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("singleuser:\n  uid: 1\n   cmd: x\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match=r"broken.yaml，第 3 行：配置文件不是有效的 YAML"):
        kube.check_values(chart, [broken])
    (chart / "values.schema.json").unlink()
    with pytest.raises(CrmkitError, match="helm pull jupyterhub/jupyterhub --version 4.4.0"):
        kube.check_values(chart, [])


def test_the_class_values_file_holds_the_roster_and_is_private(tmp_path):
    names = tmp_path / "trainees.txt"
    names.write_text("zhangsan 张三\nlisi\n", encoding="utf-8")
    out = tmp_path / "secret" / "class.yaml"
    assert main(["kube-values", "--trainees-file", str(names), "--password", "abcd-efgh",
                 "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    values = yaml.safe_load(out.read_text(encoding="utf-8"))
    config = values["hub"]["config"]
    assert config["Authenticator"] == {"allowed_users": ["zhangsan", "lisi", TRAINER],
                                       "admin_users": [TRAINER]}
    assert config["SharedPasswordAuthenticator"]["user_password"] == "abcd-efgh"
    assert len(config["SharedPasswordAuthenticator"]["admin_password"]) >= 32
    roster = json.loads(values["singleuser"]["extraEnv"]["CRMKIT_CLASS_ROSTER"])
    assert roster == {"zhangsan": "张三", "lisi": "lisi"}
    with pytest.raises(CrmkitError, match="至少要 8 个字符"):
        kube.class_values(["a"], {}, "short", "x" * 32)


class FakeUser:
    def __init__(self, name):
        self.name = name


class FakeSpawner:
    def __init__(self, name, mounts):
        self.user, self.volume_mounts = FakeUser(name), mounts
        self.environment = {"CRMKIT_ANSWERS_DIR": "/home/jovyan/.crmkit/answers", "X": "1"}


def _trainer_hook():
    values = yaml.safe_load(kube.VALUES.read_text(encoding="utf-8"))
    namespace = {"c": type("C", (), {"KubeSpawner": type("K", (), {})()})()}
    for code in values["hub"]["extraConfig"].values():
        exec(compile(code, "extraConfig", "exec"), namespace)
    return namespace["c"].KubeSpawner.pre_spawn_hook, values


@pytest.mark.parametrize("as_dict", [True, False])
def test_the_trainer_pod_reads_the_whole_record_volume_and_trainees_only_their_own(as_dict):
    hook, values = _trainer_hook()
    own = values["singleuser"]["storage"]["extraVolumeMounts"]["class-answers"]
    assert own["subPath"] == "{username}"
    assert own["mountPath"] == values["singleuser"]["extraEnv"]["CRMKIT_ANSWERS_DIR"]
    for name in ("trainee01", TRAINER):
        mounts = {"home": {"name": "home"}, "class-answers": dict(own)} if as_dict \
            else [{"name": "home"}, dict(own)]
        spawner = FakeSpawner(name, mounts)
        hook(spawner)
        listed = list(spawner.volume_mounts.values()) if as_dict else spawner.volume_mounts
        answers = [m for m in listed if m["name"] == "class-answers"]
        assert len(answers) == 1 and {"name": "home"} in listed
        if name == TRAINER:
            assert answers[0] == {"name": "class-answers", "mountPath": "/srv/class-answers",
                                  "readOnly": True}
            assert spawner.environment == {"X": "1", "CRMKIT_CLASS_ANSWERS": "/srv/class-answers"}
        else:
            assert answers[0] == own and "CRMKIT_ANSWERS_DIR" in spawner.environment


def test_values_and_dockerfile_agree_on_the_course_and_the_start_command():
    values = yaml.safe_load(kube.VALUES.read_text(encoding="utf-8"))["singleuser"]
    steps = dockerfile.parse(kube.KUBE_DIR / "Dockerfile")
    runs = " ".join(arg for _, ins, arg in steps if ins == "RUN")
    hook = values["lifecycleHooks"]["postStart"]["exec"]["command"]
    repo = hook[hook.index("--repo") + 1]
    assert f"crmkit.classroom stage --repo {repo}" in runs
    assert hook[hook.index("--home") + 1] == values["storage"]["homeMountPath"]
    assert [arg for _, ins, arg in steps if ins == "CMD"] == [f'["{values["cmd"]}"]']
    assert f"--uid {values['uid']}" in runs and f"--gid {values['fsGid']}" in runs
    assert values["defaultUrl"] == "/lab/tree/course/notebooks/00-start-here.ipynb"


def _course(tmp_path) -> Path:
    from crmkit.classroom.course import _git

    repo = tmp_path / "course.git"
    (repo / "notebooks").mkdir(parents=True)
    (repo / "notebooks" / "00-start-here.ipynb").write_text("{}", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "c")
    return repo


def test_pull_home_copies_the_course_and_gives_the_trainer_the_results(tmp_path, monkeypatch):
    repo = _course(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "trainee01")
    assert pull_home(str(repo), tmp_path / "a") == 0
    assert (tmp_path / "a" / "course" / "notebooks" / "00-start-here.ipynb").is_file()
    assert not (tmp_path / "a" / RESULTS_NOTEBOOK).exists()
    monkeypatch.setenv("JUPYTERHUB_USER", TRAINER)
    assert pull_home(str(repo), tmp_path / "t") == 0
    assert (tmp_path / "t" / RESULTS_NOTEBOOK).is_file()


def test_a_failed_pull_keeps_a_course_already_there(tmp_path, capsys):
    assert pull_home(str(tmp_path / "missing.git"), tmp_path / "new") == 2
    assert "课程没能更新" in capsys.readouterr().err
    (tmp_path / "old" / "course").mkdir(parents=True)
    assert pull_home(str(tmp_path / "missing.git"), tmp_path / "old") == 0


def test_the_trainer_view_reads_the_record_volume_on_kubernetes(tmp_path, monkeypatch):
    from crmkit.classroom.results import class_results, class_roleplays

    volume = tmp_path / "class-answers"
    for login, name in (("zhangsan", "张三"), (TRAINER, "培训师")):
        (volume / login).mkdir(parents=True)
        (volume / login / f"answers-m7-{name}.json").write_text(json.dumps(
            {"format": "crmkit-answers/1", "learner": name, "module": "7",
             "items": [{"item": "7.1", "ok": True}]}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("CRMKIT_CLASS_ANSWERS", str(volume))
    monkeypatch.setenv("CRMKIT_CLASS_ROSTER", json.dumps({"zhangsan": "张三", "lisi": "李四"}))
    g = class_results(quiet=True)
    assert list(g.exports["学员"]) == ["张三"] and g.roster_missing == ["李四"]
    assert class_roleplays(quiet=True).not_played == ["张三", "李四"]
    monkeypatch.setenv("CRMKIT_CLASS_ANSWERS", str(tmp_path / "not-mounted"))
    with pytest.raises(CrmkitError, match="班级记录卷没有挂载"):
        class_results(quiet=True)


def test_a_trainee_on_kubernetes_answers_under_the_roster_name(monkeypatch):
    from crmkit.classroom.record import class_learner

    monkeypatch.delenv("CRMKIT_LEARNER", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "zhangsan")
    monkeypatch.setenv("CRMKIT_CLASS_ROSTER", json.dumps({"zhangsan": "张三"}))
    assert class_learner() == "张三"
    monkeypatch.setenv("CRMKIT_CLASS_ROSTER", "not json")
    assert class_learner() == "zhangsan"


def test_parse_joins_continuations_and_skips_comments(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text("# c\nFROM python:3.11-slim\n\nRUN a \\\n # inside\n && b\nENV X=1\n",
                    encoding="utf-8")
    assert dockerfile.parse(path) == [(2, "FROM", "python:3.11-slim"), (4, "RUN", "a  && b"),
                                      (7, "ENV", "X=1")]


def _version() -> str:
    return f"python:{sys.version_info[0]}.{sys.version_info[1]}-slim"


def test_replay_runs_the_steps_in_a_folder_standing_for_the_image(tmp_path):
    context = tmp_path / "ctx"
    (context / "pkg" / "skip").mkdir(parents=True)
    (context / "pkg" / "a.txt").write_text("A", encoding="utf-8")
    (context / "pkg" / "skip" / "b.txt").write_text("B", encoding="utf-8")
    (context / "notes.md").write_text("N", encoding="utf-8")
    path = context / "Dockerfile"
    path.write_text(f"FROM {_version()}\nRUN apt-get install -y git\n"
                    "ENV APP=/opt/app\nENV PATH=/opt/app/bin:$PATH\n"
                    "COPY pkg /opt/app/src\nCOPY notes.md /opt/app/\n"
                    "RUN mkdir -p /opt/app/bin && python -c 'import sys; print(sys.version)' "
                    "> $APP/version.txt\nWORKDIR /home/jovyan\nUSER 1000\n"
                    'CMD ["python", "-V"]\n', encoding="utf-8")
    (context / "Dockerfile.dockerignore").write_text("# no\n**/skip\n", encoding="utf-8")
    root = tmp_path / "image"
    image = dockerfile.replay(path, context, root)
    assert (root / "opt/app/src/a.txt").read_text(encoding="utf-8") == "A"
    assert not (root / "opt/app/src/skip").exists()
    assert (root / "opt/app/notes.md").is_file()
    assert (root / "opt/app/version.txt").read_text().startswith(sys.version.split()[0])
    assert image.env["PATH"].startswith(f"{root}/opt/app/bin:")
    assert image.workdir == root / "home/jovyan" and image.cmd == ["python", "-V"]
    assert [s.ran for s in image.steps] == [True, False, True, True, True, True, True, True,
                                            False, False]
    assert "第 2 行 RUN apt-get install -y git：未执行（系统软件包" in image.report()
    out = dockerfile.run_in(image, ["python", "-c", "import os; print(os.getcwd())"])
    assert out.stdout.strip() == str(root / "home/jovyan")


def test_replay_installs_with_the_download_cache_and_without_bytecode(tmp_path, monkeypatch):
    context = tmp_path / "ctx"
    (context / "bin").mkdir(parents=True)
    for name in ("pip", "uv"):  # print the arguments the replay ran them with, and the cache
        fake = context / "bin" / name
        fake.write_text('#!/bin/sh\necho "$UV_CACHE_DIR" "$@"\n', encoding="utf-8")
        fake.chmod(0o755)
    monkeypatch.setenv("UV_CACHE_DIR", str(tmp_path / "machine-uv-cache"))
    path = context / "Dockerfile"
    path.write_text(f"FROM {_version()}\nCOPY bin /opt/fake/bin\n"
                    "ENV PATH=/opt/fake/bin:$PATH\n"
                    "RUN pip install --no-cache-dir --quiet -r req.txt > /opt/args.txt \\\n"
                    " && uv pip install --no-cache --compile-bytecode --quiet -r req.txt"
                    " > /opt/uv.txt\n", encoding="utf-8")
    root = tmp_path / "image"
    dockerfile.replay(path, context, root)
    cache = str(tmp_path / "machine-uv-cache")
    assert (root / "opt/args.txt").read_text().split() == [
        cache, "install", "--no-compile", "--quiet", "-r", "req.txt"]
    assert (root / "opt/uv.txt").read_text().split() == [
        cache, "pip", "install", "--quiet", "-r", "req.txt"]
    monkeypatch.delenv("UV_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert dockerfile._uv_cache() == tmp_path / "xdg" / "uv"


def test_replay_stops_at_a_failing_step_and_names_it(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text(f"FROM {_version()}\nRUN echo ok\nRUN echo broken >&2 && false\n",
                    encoding="utf-8")
    with pytest.raises(CrmkitError, match="第 3 行的 RUN 失败：broken"):
        dockerfile.replay(path, tmp_path, tmp_path / "image")
    path.write_text(f"FROM {_version()}\nADD x /opt/x\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="第 2 行：不认识的指令 ADD"):
        dockerfile.replay(path, tmp_path, tmp_path / "image2")
    path.write_text("FROM ubuntu:24.04\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="只会重放基于官方 python 镜像"):
        dockerfile.replay(path, tmp_path, tmp_path / "image3")


def test_the_class_commands_run_from_the_command_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "crmkit.classroom", "kube-check", "--chart",
                          str(tmp_path)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert out.returncode == 2 and "没有 values.schema.json" in out.stderr
    assert "Traceback" not in out.stderr
