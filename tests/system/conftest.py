"""System tests start real servers on localhost and stop them (crmkit classroom)."""
