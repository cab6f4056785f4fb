"""What a trainee's server knows about its class: where records go and who is answering.

The hub sets these variables for each server (the one-machine hub in its spawn hook, the
Kubernetes set-up in its values file). Kept free of heavy imports: the quiz checker and the
role-play player both read them.
"""

from __future__ import annotations

import json
import os

#: The folder of the trainee's home where every check and every finished role-play is saved.
CLASS_ANSWERS_ENV = "CRMKIT_ANSWERS_DIR"
#: Login name → display name of the whole class, as JSON (the Kubernetes set-up sets it for
#: every pod; the one-machine hub sets CRMKIT_LEARNER per trainee instead).
CLASS_ROSTER_ENV = "CRMKIT_CLASS_ROSTER"
#: On the trainer's server in Kubernetes: the class record volume, one folder per trainee.
CLASS_RECORDS_ENV = "CRMKIT_CLASS_ANSWERS"


def class_roster() -> dict[str, str]:
    """The class roster from ``CRMKIT_CLASS_ROSTER`` (empty when unset or unreadable)."""
    try:
        roster = json.loads(os.environ.get(CLASS_ROSTER_ENV) or "{}")
    except json.JSONDecodeError:
        return {}
    return {str(k): str(v) for k, v in roster.items()} if isinstance(roster, dict) else {}


def class_learner() -> str:
    """Who this hub server belongs to, by display name where the class roster has one."""
    login = os.environ.get("JUPYTERHUB_USER") or ""
    return os.environ.get("CRMKIT_LEARNER") or class_roster().get(login) or login
