"""Running the ``lineage`` command as a person does: its path, an environment of its own, a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

LINEAGE = str(Path(sys.executable).with_name("lineage"))


def clean_env(home: Path, **extra) -> dict:
    """The environment without NEO4J_*: commands use the local Neo4j of ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(LINEAGE_HOME=str(home), **extra)
    return env


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Ctrl-C, as a person stops ``lineage serve``; killed if it does not end in ``timeout`` seconds."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
