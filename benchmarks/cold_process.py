"""Time a command as a cold process: a fresh interpreter, start-up and imports included.

"Cold" here means a new process with Python's bytecode already compiled (what every run after the first
one sees on an installed package): one untimed run first compiles it, and ``PYTHONDONTWRITEBYTECODE`` is
removed from the environment so that the compiled files are written. ``MULTIVECTOR_HOME`` points at an
empty folder unless a store is passed on the command line, so a configured store never leaks in.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence


def cold_seconds(args: Sequence[str], repeat: int = 3) -> float:
    """Median seconds of ``python -m multivector *args`` over ``repeat`` fresh processes (after one
    untimed run that compiles the bytecode)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MULTIVECTOR_HOME"] = tempfile.mkdtemp(prefix="mv-bench-home-")
    command = [sys.executable, "-m", "multivector", *args]
    subprocess.run(command, check=True, env=env, capture_output=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
