"""The trainer's live view on the hub: every trainee's checked answers, gathered on demand.

A trainee's kernel saves each module's record into ``<home>/.crmkit/answers/`` at every
check (crmkit.selfcheck.export.save_for_class). The trainer's server reads all homes
(the trainer runs on the same machine) and uses the same tables as the class report.
"""

from __future__ import annotations

import os
from pathlib import Path

from crmkit.classroom.hub import ANSWERS, TRAINER, load_settings
from crmkit.classroom.record import CLASS_RECORDS_ENV, class_roster
from crmkit.errors import CrmkitError
from crmkit.roleplay import classrecord as roleplay
from crmkit.selfcheck.gather import Gathered, gather, summary


def _files(base: Path, pattern: str) -> list[Path]:
    """Files matching ``pattern`` under each trainee's folder of ``base`` (not the trainer's)."""
    base = Path(base)
    return sorted(p for p in base.glob(pattern) if p.relative_to(base).parts[0] != TRAINER)


def answer_files(homes: Path) -> list[Path]:
    """Every trainee's saved answer files (the trainer's own home left out)."""
    return _files(homes, f"*/{ANSWERS}/answers-*.json")


def roleplay_files(homes: Path) -> list[Path]:
    """Every trainee's finished role-play attempts saved on the hub."""
    return _files(homes, f"*/{ANSWERS}/{roleplay.PATTERN}")


def _class(state: str | Path | None) -> tuple[list[Path], list[Path], list[str], str]:
    """(answer files, role-play files, roster, where) of the class this server belongs to.

    On Kubernetes the trainer's server mounts the class record volume (one folder per
    trainee) and knows the roster from the environment; on the one-machine hub the class's
    settings say where the homes are.
    """
    volume = os.environ.get(CLASS_RECORDS_ENV)
    if volume and state is None:
        folder = Path(volume)
        if not folder.is_dir():
            raise CrmkitError("班级记录卷没有挂载", file=str(folder),
                              hint="检查 values.yaml 里培训师的 class-answers 挂载和 PVC")
        roster = class_roster()
        names = [roster[n] for n in roster if n != TRAINER]
        return (_files(folder, "*/answers-*.json"), _files(folder, f"*/{roleplay.PATTERN}"),
                names, str(folder))
    settings = load_settings(state)
    names = [settings.display_names.get(n, n) for n in settings.trainees]
    return (answer_files(settings.homes), roleplay_files(settings.homes), names,
            str(settings.homes))


def class_roleplays(state: str | Path | None = None, quiet: bool = False
                    ) -> roleplay.ClassRoleplays:
    """Read every trainee's role-play attempts now; print who has played and what was skipped."""
    _, files, names, _ = _class(state)
    r = roleplay.read_attempts(files, roster=names)
    if not quiet:
        print(roleplay.summary(r))
    return r


def class_results(state: str | Path | None = None, quiet: bool = False) -> Gathered:
    """Gather the class now; print who has answered and what could not be read."""
    files, _, names, where = _class(state)
    if not files:
        raise CrmkitError("还没有学员检查过答案", file=where,
                          hint="学员在练习笔记本里运行 check(...) 之后，再运行本格")
    g = gather(Path(where), roster=names or None, files=files, label="全班")
    if not quiet:
        print(summary(g))
    return g
