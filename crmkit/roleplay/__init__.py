"""Role-play call simulations: scenario format, checker, engine, exports and players.

Trainers write one YAML file per scenario (``cases/roleplay/``); ``check_file``
reports problems in Chinese with file and line; ``load_scenario`` compiles a
checked file into the dict both engines play; ``RolePlay`` is the Python engine,
``player/player.js`` its twin for the static book.
"""

from crmkit.roleplay.check import check_file, check_text
from crmkit.roleplay.compile import (
    compile_all,
    compile_scenario,
    compile_text,
    load_scenario,
    scenario_path,
)
from crmkit.roleplay.engine import RolePlay, best_path, load_attempt, play
from crmkit.roleplay.loader import Problem

__all__ = ["Problem", "RolePlay", "best_path", "check_file", "check_text", "compile_all",
           "compile_scenario", "compile_text", "load_attempt", "load_scenario", "play",
           "scenario_path"]
