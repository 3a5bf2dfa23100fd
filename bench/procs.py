"""Running commands with their wall time and peak memory measured."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def lineage_command() -> list[str]:
    """The ``lineage`` console script of this interpreter's environment."""
    script = VENV_BIN / "lineage"
    return [str(script)] if script.exists() else [sys.executable, "-m", "lineage.cli"]


@dataclass
class Measured:
    """A finished command: exit code, wall seconds, peak RSS and its output."""

    returncode: int
    seconds: float
    peak_rss_mib: float
    stdout: str
    stderr: str
    timed_out: bool = False
    # The largest sum of the resident sets of the command and its descendants alive at one time
    # (sampled every 0.1 s): a command of several processes (the loader's checker and writer) needs them all.
    peak_tree_rss_mib: float | None = None

    @property
    def peak_mib(self) -> float:
        """The command's peak memory: its processes' summed resident sets, else wait4's peak.

        wait4's figure alone can overstate a small command: a child forked from a large process starts with
        that process's high-water mark, and Linux keeps it across exec.
        """
        return round(self.peak_tree_rss_mib or self.peak_rss_mib, 1)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure(self) -> str:
        """One line saying why the command failed."""
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        lines = [line for line in (self.stderr or self.stdout).strip().splitlines() if line.strip()]
        return f"exit code {self.returncode}: {lines[-1][:300] if lines else 'no output'}"


def run_measured(cmd: list[str], *, env: dict | None = None, cwd: str | Path | None = None,
                 timeout: float = 3600.0, log_dir: Path | None = None, name: str = "cmd") -> Measured:
    """Run ``cmd`` to its end; wall time and the peak RSS of the process.

    The peak comes from ``wait4``'s resource usage of this very child (its
    largest resident set, or that of a descendant it waited for), so other
    children of the suite do not blur it. Output goes to files under
    ``log_dir`` (kept for a post-mortem) and is returned as text.
    """
    log_dir = Path(log_dir or Path.cwd())
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"{name}.stdout", log_dir / f"{name}.stderr"
    timed_out = threading.Event()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                                start_new_session=True)

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        tree = TreeRss(proc.pid)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            tree.stop()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        returncode=proc.returncode,
        seconds=seconds,
        peak_rss_mib=usage.ru_maxrss / 1024.0,  # KiB on Linux
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
        timed_out=timed_out.is_set(),
        peak_tree_rss_mib=tree.peak_mib,
    )


class TreeRss:
    """Samples the summed resident set of a process and its descendants, in a thread, until :meth:`stop`."""

    def __init__(self, pid: int, interval: float = 0.1):
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-rss", daemon=True)
        self._thread.start()

    @property
    def peak_mib(self) -> float | None:
        return round(self.peak_kib / 1024.0, 1) if self.peak_kib else None

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in _tree(self.pid)))
            self._stop.wait(self.interval)


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants alive now (``/proc/<pid>/task/<tid>/children``)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:  # gone meanwhile, or not Linux
            continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def command_help(cmd: list[str], env: dict | None = None) -> str | None:
    """The ``--help`` text of a command, or None when it does not exist."""
    try:
        proc = subprocess.run([*cmd, "--help"], capture_output=True, text=True, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    return proc.stdout


def rss_mib(pid: int) -> float | None:
    """The current resident set of a process, in MiB (None when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def self_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def loadavg() -> float:
    """The 1-minute load average (other work on the machine blurs the figures)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return -1.0


class Background:
    """A server the suite starts and stops itself (by its own pid, never by name)."""

    def __init__(self, cmd: list[str], *, env: dict | None, cwd: str | Path | None, log_dir: Path, name: str):
        log_dir.mkdir(parents=True, exist_ok=True)
        self.out_path = log_dir / f"{name}.stdout"
        self.err_path = log_dir / f"{name}.stderr"
        self._out = open(self.out_path, "wb")
        self._err = open(self.err_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self._out, stderr=self._err, stdin=subprocess.DEVNULL,
                                     env=env, cwd=cwd, start_new_session=True)

    def wait_for_output(self, pattern: str, timeout: float = 120.0) -> "re.Match":
        """Wait until the standard output matches ``pattern``; RuntimeError if the process ends first."""
        import re

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.out_path.read_text(errors="replace")
            match = re.search(pattern, text)
            if match:
                return match
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        err = self.err_path.read_text(errors="replace").strip().splitlines()
        raise RuntimeError(f"{self.proc.args[0]} did not start: {err[-1][:300] if err else 'no output'}")

    def wait_for_port(self, port: int, timeout: float = 120.0) -> None:
        import socket

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            with socket.socket() as s:
                s.settimeout(0.5)
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        err = self.err_path.read_text(errors="replace").strip().splitlines()
        raise RuntimeError(f"{self.proc.args[0]} did not listen on {port}: {err[-1][:300] if err else 'no output'}")

    def stop(self, timeout: float = 20.0) -> None:
        if self.proc.poll() is None:
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.proc.pid, sig)
                except OSError:
                    break
                try:
                    self.proc.wait(timeout)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self._out.close()
        self._err.close()
