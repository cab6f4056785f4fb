"""System tests start real servers on localhost and stop them (crmkit classroom)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
