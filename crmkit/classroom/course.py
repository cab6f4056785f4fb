"""The course as trainees get it on the hub: a local git repository nbgitpuller pulls from.

``stage_course(root, repo)`` writes the learner copies of the labs and exercises (no
solutions, no trainer report) and the case data into ``repo`` and commits when something
changed. At each trainee's first login nbgitpuller clones it into the home's ``course/``;
at later logins it merges the new commit, keeping the trainee's own edits (its rule:
local changes win, deleted files come back). tests/unit/test_classroom.py checks that rule.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from crmkit.errors import CrmkitError

COURSE_DIR = "course"
README = """# 课程材料

- `notebooks/`：实验笔记本，从 `00-start-here.ipynb` 开始；
- `exercises/`：每个模块一本练习，`check()` 即时给出反馈，答案会自动交给培训师；
- `cases/`：案例数据。

这里的文件是你自己的：改动会一直保留，培训师更新课程时只会补上新内容，不会覆盖你改过的文件。
"""
_GIT = ["git", "-c", "user.name=crmkit", "-c", "user.email=crmkit@localhost",
        "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run([*_GIT, *args], cwd=repo, capture_output=True, text=True)
    if done.returncode:
        raise CrmkitError(f"git {args[0]} 没有成功：{done.stderr.strip()[-300:]}",
                          file=str(repo), hint="确认已安装 git（apt-get install git）")
    return done.stdout.strip()


def stage_course(root: Path, repo: Path) -> str:
    """Write the learner course into the git repository ``repo`` (created if needed) and
    commit it when it changed; return the commit id trainees will pull."""
    from crmkit.lite.build import stage_contents

    repo = Path(repo)
    repo.mkdir(parents=True, exist_ok=True)
    if not (repo / ".git").is_dir():
        _git(repo, "init", "-q")
    for child in repo.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    stage_contents(Path(root), repo, setup_cell=False)
    (repo / "README.md").write_text(README, encoding="utf-8")
    _git(repo, "add", "-A")
    if _git(repo, "status", "--porcelain"):
        _git(repo, "commit", "-q", "-m", "课程更新")
    return _git(repo, "rev-parse", "HEAD")


def pull_course(repo_url: str, home: Path) -> list[str]:
    """Clone or merge the course into ``home/course`` with nbgitpuller; return its log."""
    from nbgitpuller.pull import GitPuller

    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    target = home / COURSE_DIR
    puller = GitPuller(repo_url, str(target), branch="main", depth=0)
    return list(puller.pull())


def prepare_home(repo: str | Path, home: Path, trainer: bool = False) -> str | None:
    """Bring the course into ``home`` as every server start does, on one machine or on
    Kubernetes: pull it (:func:`pull_course`) and give the trainer the results notebook.

    A failed pull never locks a trainee out of a course already there: it returns what
    went wrong (None when all went well). With no course at all it raises CrmkitError.
    """
    from crmkit.classroom.trainer_notebook import RESULTS_NOTEBOOK, write_results_notebook

    home = Path(home)
    url = str(repo) if "://" in str(repo) else Path(repo).resolve().as_uri()
    problem = None
    try:
        pull_course(url, home)
    except Exception as err:  # nbgitpuller raises plain exceptions on git trouble
        if not (home / COURSE_DIR).is_dir():
            raise CrmkitError(f"课程没能更新：{err}；学员文件夹里还没有课程", file=str(home),
                              hint="确认课程仓库存在（crmkit classroom stage），再重新启动服务器"
                              ) from None
        problem = f"课程没能更新：{err}；保留文件夹里现有的课程"
    if trainer:
        write_results_notebook(home / RESULTS_NOTEBOOK)
    return problem
