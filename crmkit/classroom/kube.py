"""Past one machine: the class on Kubernetes with Zero to JupyterHub (the official chart).

``classroom/kubernetes/values.yaml`` holds what every class shares (image, first-login
course copy, class record volume, trainer view); :func:`class_values` writes what is this
class's own (passwords, trainees, roster) into a second values file, kept out of git.
:func:`check_values` does what ``helm install`` does first: merge the chart's defaults
with the given files (Helm's rule: maps merge key by key, anything else replaces, ``null``
removes a default) and validate the result against the chart's JSON schema.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import yaml

from crmkit.classroom.hub import TRAINER, new_password, read_trainees
from crmkit.errors import CrmkitError

ROOT = Path(__file__).resolve().parents[2]
KUBE_DIR = ROOT / "classroom" / "kubernetes"
VALUES = KUBE_DIR / "values.yaml"
CHART_VERSION = "4.4.0"


def helm_merge(base: dict, override: dict) -> dict:
    """``override`` laid over ``base`` the way Helm coalesces values files."""
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _load_yaml(path: Path, what: str) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise CrmkitError(f"{what}打不开（{err.strerror or err}）", file=str(path)) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CrmkitError(f"{what}不是有效的 YAML", file=str(path),
                          row=mark.line + 1 if mark else None,
                          hint="检查缩进（只用空格）和冒号后的空格") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CrmkitError(f"{what}的最外层应是键值对", file=str(path))
    return data


def load_chart(chart: str | Path) -> tuple[dict, dict]:
    """(default values, JSON schema) of an unpacked chart (``helm pull --untar``)."""
    chart = Path(chart)
    if (chart / "values.schema.json").is_file():
        schema = json.loads((chart / "values.schema.json").read_text(encoding="utf-8"))
    elif (chart / "values.schema.yaml").is_file():
        schema = _load_yaml(chart / "values.schema.yaml", "Chart 的 schema")
    else:
        raise CrmkitError("这个 chart 文件夹里没有 values.schema.json", file=str(chart),
                          hint=f"用 helm pull jupyterhub/jupyterhub --version {CHART_VERSION} "
                               "--untar 取得完整的 chart，再指向解开的 jupyterhub 文件夹")
    return _load_yaml(chart / "values.yaml", "Chart 的默认值文件"), schema


def check_values(chart: str | Path, files: list[str | Path]) -> list[str]:
    """Problems (Chinese, one per line, naming the key) of ``files`` against the chart."""
    from jsonschema import Draft7Validator

    defaults, schema = load_chart(chart)
    merged = defaults
    for path in files:
        merged = helm_merge(merged, _load_yaml(Path(path), "配置文件"))
    problems = []
    for err in sorted(Draft7Validator(schema).iter_errors(merged),
                      key=lambda e: [str(p) for p in e.absolute_path]):
        where = ".".join(str(p) for p in err.absolute_path) or "（最外层）"
        problems.append(f"{where}：{_chinese(err)}")
    for key, code in (merged.get("hub", {}).get("extraConfig") or {}).items():
        try:
            compile(code, f"hub.extraConfig.{key}", "exec")
        except SyntaxError as err:
            problems.append(f"hub.extraConfig.{key}：第 {err.lineno} 行 Python 语法错误")
    return problems


def _chinese(err) -> str:
    """jsonschema's message for the cases a hand-edited values file runs into, in Chinese."""
    kinds = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true/false",
             "object": "键值对", "array": "列表", "null": "空"}
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return (f"chart 不认识 {'、'.join(map(repr, extra))}（拼写错了，或放错了层级？"
                "对照 chart 的配置参考）")
    if err.validator == "type":
        wanted = err.validator_value if isinstance(err.validator_value, list) \
            else [err.validator_value]
        return f"应是{'或'.join(kinds.get(t, t) for t in wanted)}，这里是 {err.instance!r}"
    if err.validator == "required":
        return f"缺少必填的键（{err.message}）"
    if err.validator == "enum":
        return f"只能是 {'、'.join(map(repr, err.validator_value))} 之一，这里是 {err.instance!r}"
    return err.message


def class_values(names: list[str], shown: dict[str, str], password: str,
                 trainer_password: str) -> dict:
    """This class's own values: who may log in, the passwords and the roster for the
    trainees' records and the trainer's view."""
    if len(password) < 8:
        raise CrmkitError("班级密码至少要 8 个字符", hint="换一个长一点的密码，或不写 --password")
    roster = {n: shown.get(n, n) for n in names}
    return {
        "hub": {"config": {
            "SharedPasswordAuthenticator": {"user_password": password,
                                            "admin_password": trainer_password},
            "Authenticator": {"allowed_users": [*names, TRAINER], "admin_users": [TRAINER]}}},
        "singleuser": {"extraEnv": {
            "CRMKIT_CLASS_ROSTER": json.dumps(roster, ensure_ascii=False)}},
    }


def write_class_values(out: str | Path, trainees_file: str | None = None,
                       trainees: int | None = None, password: str | None = None) -> dict:
    """Write this class's values file (readable by its owner only); return the values."""
    names, shown = read_trainees(trainees_file, trainees)
    values = class_values(names, shown, password or new_password(), secrets.token_urlsafe(24))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.touch(mode=0o600)
    out.write_text("# 本班的登录名单和密码：不要提交到 git，不要发给学员\n"
                   + yaml.safe_dump(values, allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    out.chmod(0o600)
    return values


def image_check(root: str | Path, dockerfile: Path | None = None,
                values: Path | None = None) -> list[str]:
    """Replay the single-user image's Dockerfile in ``root`` and try it as a pod would:
    the start command is there, the values file's postStart hook copies the course into a
    trainee's and the trainer's home, and a check in the image saves the trainee's record
    where the values file says. Returns what was done; raises CrmkitError on the first
    failure."""
    import shutil

    from crmkit.classroom.dockerfile import replay, run_in
    from crmkit.classroom.trainer_notebook import RESULTS_NOTEBOOK

    dockerfile = Path(dockerfile or KUBE_DIR / "Dockerfile")
    values = _load_yaml(Path(values or VALUES), "配置文件")
    image = replay(dockerfile, ROOT, root)
    done = [image.report()]

    def run(command: list[str], what: str, **kwargs) -> str:
        out = run_in(image, command, **kwargs)
        if out.returncode:
            tail = (out.stderr or out.stdout).strip().splitlines()[-6:]
            raise CrmkitError(f"{what}失败：" + "\n".join(tail))
        return out.stdout

    start = shutil.which(image.cmd[0], path=image.env["PATH"]) if image.cmd else None
    if not start:
        raise CrmkitError(f"镜像的启动命令 {image.cmd} 不在 PATH 中", file=str(dockerfile))
    version = run([start, "--version"], "启动命令").strip()
    done.append(f"启动命令 {image.cmd[0]} 在镜像里（jupyterhub {version}）")
    run(["python", "-m", "pip", "check"], "依赖检查")
    done.append("pip check：依赖完整、版本相容")
    single = values["singleuser"]
    hook = single["lifecycleHooks"]["postStart"]["exec"]["command"]
    home_path = single["storage"]["homeMountPath"]
    env = {k: str(v) for k, v in single["extraEnv"].items()}
    for user in ("trainee01", TRAINER):
        home = image.root / "home" / user  # each pod has its own home; side by side here
        home.mkdir(parents=True, exist_ok=True)
        mine = {k: v.replace(home_path, str(home)) for k, v in env.items()}
        command = [part.replace(home_path, str(home)) for part in hook]
        run(command, f"{user} 的 postStart", cwd=home,
            env={**mine, "HOME": str(home), "JUPYTERHUB_USER": user})
        landing = home / single["defaultUrl"].removeprefix("/lab/tree/")
        if not landing.is_file():
            raise CrmkitError(f"{user} 的文件夹里没有起始笔记本", file=str(landing))
        if user == TRAINER and not (home / RESULTS_NOTEBOOK).is_file():
            raise CrmkitError("培训师的文件夹里没有“班级练习情况”笔记本", file=str(home))
        if user != TRAINER:
            run(["python", "-c", "from crmkit.selfcheck import check; check('7.1', 'B')"],
                "镜像里的答案检查", cwd=home,
                env={**mine, "HOME": str(home), "JUPYTERHUB_USER": user})
            saved = Path(mine["CRMKIT_ANSWERS_DIR"]) / f"answers-m7-{user}.json"
            if not saved.is_file():
                raise CrmkitError("镜像里检查答案后，记录没有存进班级记录文件夹", file=str(saved))
    done.append("postStart 把课程拉进学员和培训师的文件夹，起始笔记本就位，"
                "培训师有“班级练习情况”；学员检查答案后记录存进 CRMKIT_ANSWERS_DIR")
    return done
