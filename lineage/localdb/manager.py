"""Build, start, stop and inspect the local Neo4j of a home folder."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lineage.errors import DatabaseUnavailable

DEFAULT_PORT = 7687
LAUNCHER_CLASS = "lineage.launcher.LocalNeo4j"
STATE_FILE = "neo4j.json"
# Sized for 2-core, 24 GiB machines; the benchmarks raise them through the env.
DEFAULT_HEAP = os.environ.get("LINEAGE_HEAP", "1g")
DEFAULT_PAGECACHE_MIB = int(os.environ.get("LINEAGE_PAGECACHE_MIB", "512"))


def _cache_root() -> Path:
    base = os.environ.get("LINEAGE_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) if base else Path.home() / ".cache" / "remix-lineage-explorer"


def _launcher_sources() -> dict[str, bytes]:
    root = resources.files("lineage.localdb") / "launcher"
    java = root / "src" / "main" / "java" / "lineage" / "launcher"
    files = {"pom.xml": (root / "pom.xml").read_bytes()}
    for entry in java.iterdir():
        if entry.name.endswith(".java"):
            files[f"src/main/java/lineage/launcher/{entry.name}"] = entry.read_bytes()
    return files


def java_version() -> int:
    """The major version of the ``java`` on PATH; DatabaseUnavailable if none."""
    java = shutil.which("java")
    if not java:
        raise DatabaseUnavailable(
            "Java 17 or newer is needed for the local Neo4j and none is on PATH "
            "(apt-get install openjdk-17-jdk-headless), or set NEO4J_URI to a running server"
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise DatabaseUnavailable(f"cannot tell the Java version from: {out.strip()[:200]}")
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 else major


def build_launcher() -> Path:
    """Build the launcher once per source version; return its Java argument file.

    The argument file holds ``-cp <launcher jar and Neo4j's jars>``; Maven
    resolves the jars from Maven Central into the local Maven cache.
    """
    if java_version() < 17:
        raise DatabaseUnavailable("the local Neo4j needs Java 17 or newer (found an older java on PATH)")
    sources = _launcher_sources()
    digest = hashlib.sha256(b"".join(k.encode() + v for k, v in sorted(sources.items()))).hexdigest()[:16]
    folder = _cache_root() / f"launcher-{digest}"
    argfile = folder / "java.args"
    if argfile.is_file():
        return argfile
    mvn = shutil.which("mvn")
    if not mvn:
        raise DatabaseUnavailable(
            "Maven is needed once to fetch Neo4j's jars and none is on PATH "
            "(apt-get install maven), or set NEO4J_URI to a running server"
        )
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time (parallel test sessions)
        if argfile.is_file():
            return argfile
        for rel, data in sources.items():
            target = folder / "src" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        build = folder / "target"
        proc = subprocess.run(
            [mvn, "-B", "-q", "-f", str(folder / "src" / "pom.xml"),
             f"-Dlauncher.build.directory={build}", "package"],
            capture_output=True, text=True,
        )
        if proc.returncode != 0:
            tail = " | ".join((proc.stdout + proc.stderr).strip().splitlines()[-5:])
            raise DatabaseUnavailable(f"building the local Neo4j launcher with Maven failed: {tail}")
        jar = next(build.glob("lineage-local-neo4j-*.jar"))
        classpath = f"{jar}{os.pathsep}{(build / 'classpath.txt').read_text().strip()}"
        tmp = argfile.with_suffix(".tmp")
        tmp.write_text(f'-cp "{classpath}"\n')
        tmp.rename(argfile)
    return argfile


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as err:
        return err.errno == errno.EPERM
    with contextlib.suppress(OSError):  # a zombie is not alive
        if Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z":
            return False
    return True


@dataclass
class Status:
    running: bool
    pid: int | None = None
    port: int | None = None
    auth: bool = False

    @property
    def uri(self) -> str | None:
        return f"bolt://127.0.0.1:{self.port}" if self.port else None


class LocalNeo4j:
    """The local Neo4j whose data lives under ``home``."""

    def __init__(self, home: str | Path):
        self.home = Path(home).absolute()

    @property
    def state_file(self) -> Path:
        return self.home / STATE_FILE

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "launcher.log"

    def _state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return {}

    def status(self) -> Status:
        state = self._state()
        pid, port = state.get("pid"), state.get("port")
        auth = bool(state.get("auth"))
        if pid and _pid_alive(pid) and LAUNCHER_CLASS in _cmdline(pid):
            return Status(True, pid, port, auth)
        return Status(False, None, port, auth)

    def start(
        self, port: int | None = None, timeout: float = 180.0, password: str | None = None
    ) -> tuple[Status, bool]:
        """Start in the background and wait until Bolt answers.

        ``password``, given when the store is first created, makes the server
        ask for user ``neo4j`` with that password from then on (the default
        is no authentication, on loopback only). Returns the status and
        whether it was already running.
        """
        current = self.status()
        if current.running:
            return current, True
        port = port or current.port or DEFAULT_PORT
        if not _port_is_free(port):
            raise DatabaseUnavailable(
                f"port {port} on 127.0.0.1 is taken by another process; pass --port N to use another"
            )
        argfile = build_launcher()
        self.home.mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        auth = self._state().get("auth", False)
        if password is not None and not (self.home / "data" / "databases").exists():
            self._set_initial_password(argfile, password)
            auth = True
        with open(self.log_file, "w") as log:
            proc = subprocess.Popen(
                ["java", f"-Xms256m", f"-Xmx{DEFAULT_HEAP}", "-XX:+UseG1GC",
                 "-XX:+ExitOnOutOfMemoryError", f"@{argfile}", LAUNCHER_CLASS,
                 str(self.home), str(port), str(DEFAULT_PAGECACHE_MIB), "auth" if auth else "noauth"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,  # outlives the command that started it
                cwd=self.home,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise DatabaseUnavailable(self._explain_failure(port))
            if "READY bolt://" in self.log_file.read_text(errors="replace"):
                break
            time.sleep(0.2)
        else:
            proc.terminate()
            raise DatabaseUnavailable(f"the local Neo4j did not start within {timeout:.0f}s; see {self.log_file}")
        self.state_file.write_text(json.dumps({"pid": proc.pid, "port": port, "auth": auth}))
        _wait_for_bolt(f"bolt://127.0.0.1:{port}", deadline)
        return Status(True, proc.pid, port, auth), False

    def _set_initial_password(self, argfile: Path, password: str) -> None:
        proc = subprocess.run(
            ["java", f"@{argfile}", "org.neo4j.cli.AdminTool", "dbms", "set-initial-password", password],
            capture_output=True, text=True, env={**os.environ, "NEO4J_HOME": str(self.home)},
        )
        if proc.returncode != 0:
            last = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or ["no output"]
            raise DatabaseUnavailable(f"setting the local Neo4j's password failed: {last[0][:300]}")

    def _explain_failure(self, port: int) -> str:
        text = self.log_file.read_text(errors="replace")
        debug = self.home / "logs" / "debug.log"
        if debug.is_file():
            text += debug.read_text(errors="replace")[-20000:]
        if re.search(r"FileLockException|locked by another process|Unable to get lock", text):
            return f"the store under {self.home / 'data'} is locked by another process (another Neo4j on this home?)"
        if re.search(r"Address already in use|BindException|PortBindException", text):
            return f"port {port} on 127.0.0.1 is taken by another process; pass --port N to use another"
        lines = [line for line in text.strip().splitlines() if line.strip()]
        last = lines[-1] if lines else "no output"
        return f"the local Neo4j exited while starting: {last[:300]} (see {self.log_file})"

    def stop(self, timeout: float = 90.0) -> bool:
        """Stop with SIGTERM (SIGKILL after ``timeout``). False if it was not running."""
        current = self.status()
        if not current.running:
            return False
        os.kill(current.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _pid_alive(current.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _pid_alive(current.pid):
            os.kill(current.pid, signal.SIGKILL)
        return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _wait_for_bolt(uri: str, deadline: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with GraphDatabase.driver(uri, auth=None) as driver:
                driver.verify_connectivity()
                return
        except AuthError:
            return  # it answers, and asks for a password
        except (DriverError, Neo4jError, OSError) as err:
            last = err
            time.sleep(0.3)
    raise DatabaseUnavailable(f"the local Neo4j at {uri} does not answer Bolt: {last}")
