"""Build, start, stop and inspect the local Neo4j of a home folder."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from lineage.config import DEFAULT_HEAP, DEFAULT_PAGECACHE_MIB, PASSWORD_FILE, Settings, from_env, kept_password
from lineage.errors import DatabaseUnavailable, InvalidParameter

# What a first start does once and takes a while for (the Maven build, the class
# archive), said on this logger; the command line prints it on stderr.
log = logging.getLogger("lineage.localdb")
DEFAULT_PORT = 7687
LAUNCHER_CLASS = "lineage.launcher.LocalNeo4j"
STATE_FILE = "neo4j.json"
MIN_PASSWORD_LENGTH = 8  # Neo4j refuses shorter ones
# Server-side transaction memory, as fractions of the heap: one query that would
# take more fails with Neo.TransientError.General.MemoryPoolOutOfMemoryError
# instead of starving the others.
TX_TOTAL_FRACTION = 0.6
TX_ONE_FRACTION = 0.3
# Transaction log files: preallocated (Neo4j's default, and what keeps a full
# disk from leaving a torn log that recovery refuses), at this size each. Each
# database always holds one whole file, so it is kept small (2 x 16 MiB at rest).
TX_LOG_ROTATION = "16m"
# Less free space than this beside a failed transaction: the disk is the cause.
LOW_DISK_BYTES = 2 * 16 << 20
# As in Neo4j's own neo4j.conf: without them Neo4j cannot reach a file's descriptor,
# and preallocation fails ("Incorrect file descriptor", a warning in debug.log).
JVM_OPENS = ("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
             "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED")


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


@functools.lru_cache(maxsize=None)
def _java_identity(java: str) -> str:
    """What ``java -version`` says about the ``java`` at that path."""
    return subprocess.run([java, "-version"], capture_output=True, text=True).stderr


def _java() -> str:
    java = shutil.which("java")
    if not java:
        raise DatabaseUnavailable(
            "Java 17 or newer is needed for the local Neo4j and none is on PATH "
            "(apt-get install openjdk-17-jdk-headless), or set NEO4J_URI to a running server"
        )
    return os.path.realpath(java)


def java_version() -> int:
    """The major version of the ``java`` on PATH; DatabaseUnavailable if none."""
    out = _java_identity(_java())
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not match:
        raise DatabaseUnavailable(f"cannot tell the Java version from: {out.strip()[:200]}")
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 else major


def launcher_folder(sources: dict[str, bytes] | None = None) -> Path:
    """Where the launcher of these sources (default: the package's) is built and kept, with its class archive."""
    sources = _launcher_sources() if sources is None else sources
    digest = hashlib.sha256(b"".join(k.encode() + v for k, v in sorted(sources.items()))).hexdigest()[:16]
    return _cache_root() / f"launcher-{digest}"


def build_launcher() -> Path:
    """Build the launcher once per source version; return its Java argument file.

    The argument file holds ``-cp <launcher jar and Neo4j's jars>``; Maven
    resolves the jars from Maven Central into the local Maven cache.
    """
    if java_version() < 17:
        raise DatabaseUnavailable("the local Neo4j needs Java 17 or newer (found an older java on PATH)")
    sources = _launcher_sources()
    folder = launcher_folder(sources)
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
        log.info("building the local Neo4j's launcher with Maven (once per machine; a few minutes the first time)")
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


def heap_mib(heap: str = DEFAULT_HEAP) -> int:
    """The heap size of a ``-Xmx`` value (``1g``, ``512m``) in MiB.

    >>> heap_mib("1g"), heap_mib("768m"), heap_mib("2G")
    (1024, 768, 2048)
    """
    match = re.fullmatch(r"(\d+)([kmgKMG]?)", heap.strip())
    if not match:
        raise InvalidParameter(f"LINEAGE_HEAP={heap!r} is not a Java heap size such as 1g or 768m")
    number, unit = int(match.group(1)), match.group(2).lower()
    return {"k": number // 1024, "m": number, "g": number * 1024, "": number // (1 << 20)}[unit]


def server_settings(auth: bool, heap: str = DEFAULT_HEAP, pagecache_mib: int = DEFAULT_PAGECACHE_MIB) -> dict:
    """The Neo4j settings the launcher applies (Neo4j's own names), decided here only."""
    mib = heap_mib(heap)
    return {
        "dbms.security.auth_enabled": "true" if auth else "false",
        "server.memory.pagecache.size": f"{pagecache_mib}m",
        "db.memory.transaction.total.max": f"{int(mib * TX_TOTAL_FRACTION)}m",
        "db.memory.transaction.max": f"{int(mib * TX_ONE_FRACTION)}m",
        "db.tx_log.preallocate": "true",
        "db.tx_log.rotation.size": TX_LOG_ROTATION,
        # Bolt stops after the databases, with nothing left to finish: its two waits of 5 s
        # each were most of a stop (12 s; 2.4 s without them, measured 2026-12-03), and Netty's
        # quiet period of 5 s then ran into them (2.2 s; 0.4 s without it, measured 2026-12-04).
        "internal.server.bolt.thread_pool_shutdown_wait_time": "1s",
        "internal.server.bolt.connection_shutdown_wait_time": "1s",
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        # A local server of one user's data phones no one.
        "dbms.usage_report.enabled": "false",
    }


def java_command(argfile: Path, home: Path, port: int, auth: bool, memory: Settings | None = None) -> list[str]:
    """The command line of the server, with the memory of ``memory`` (default: the environment's, read now).

    No ``-XX:+ExitOnOutOfMemoryError``: a query that exhausts the heap (a
    string doubled thirty times escapes the transaction memory pool) then
    fails with Neo4j's OutOfMemoryError and the server goes on answering.
    """
    memory = memory or from_env()
    settings = [f"{k}={v}" for k, v in server_settings(auth, memory.heap, memory.pagecache_mib).items()]
    archive = class_archive(argfile)
    shared = [f"-XX:SharedArchiveFile={archive}"] if archive.is_file() else []
    return ["java", "-Xms256m", f"-Xmx{memory.heap}", "-XX:+UseG1GC", *shared, *JVM_OPENS, f"@{argfile}",
            LAUNCHER_CLASS, str(home), str(port), *settings]


def class_archive(argfile: Path) -> Path:
    """Where the server's class-data archive of this launcher and this ``java`` lives (made by
    :func:`make_class_archive`; it may not exist)."""
    java = hashlib.sha256(_java_identity(_java()).encode()).hexdigest()[:12]
    return argfile.parent / f"classes-{java}.jsa"


def make_class_archive(argfile: Path, timeout: float = 300.0) -> Path | None:
    """Make the server's class-data archive once, by a training run; its path, or None if that failed.

    A start spends about 4 of its 11 s loading and linking Neo4j's classes
    (measured 2026-12-03: 11-13 s without the archive, 7.5-8.5 s with it). The
    JVM keeps them in a dynamic CDS archive (``-XX:ArchiveClassesAtExit``)
    written when a server exits: here a server on a throw-away home that runs
    the kind of statements the project sends, then stops. A JVM that cannot use
    the archive (another ``java``, another class path) warns in the launcher
    log and starts as before. A failed training is written down beside it and
    not tried again for this ``java``.
    """
    archive = class_archive(argfile)
    failed = archive.with_suffix(".failed")
    if archive.is_file() or failed.is_file():
        return archive if archive.is_file() else None
    with open(argfile.parent / ".archive-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one training at a time; the others wait and use it
        if archive.is_file() or failed.is_file():
            return archive if archive.is_file() else None
        log.info("preparing the local Neo4j's class archive (once per machine, about 30 s; later starts are faster)")
        why = _train(argfile, archive, timeout)
        if why:
            failed.write_text(why + "\n")
            return None
    return archive


def _train(argfile: Path, archive: Path, timeout: float) -> str | None:
    """Run a server that writes ``archive`` when it exits; None on success, else why not."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    partial = archive.with_suffix(".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    home = Path(tempfile.mkdtemp(prefix="training-", dir=argfile.parent))
    port = free_port()
    command = java_command(argfile, home, port, auth=False, memory=from_env({}))
    command.insert(1, f"-XX:ArchiveClassesAtExit={partial}")
    try:
        with open(home / "launcher.log", "w") as log:
            proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=home)
        try:
            if _await_ready(proc, home / "launcher.log", time.monotonic() + timeout) != "ready":
                return "the training server did not start"
            with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None) as driver:
                for database, statement in TRAINING_STATEMENTS:
                    driver.execute_query(statement, database_=database)
        except (DriverError, Neo4jError, OSError) as err:
            return f"the training server failed: {err}"
        finally:
            proc.terminate()  # the archive is written as the JVM exits
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if not partial.is_file() or partial.stat().st_size == 0:
            return "the training server wrote no archive"
        partial.rename(archive)
        return None
    finally:
        shutil.rmtree(home, ignore_errors=True)


# The launcher's READY line ends so when every database came up (it asks in-process, which is
# 1.3-1.8 s quicker than a cold server's first SHOW DATABASES); otherwise it names those that did not.
ALL_AVAILABLE = " all-databases-available"


def _await_ready(proc: subprocess.Popen, log_file: Path, deadline: float) -> str:
    """Wait for the launcher's READY line: ``"ready"``, ``"exited"`` (the process ended) or ``"timeout"``."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return "exited"
        if "READY bolt://" in log_file.read_text(errors="replace"):
            return "ready"
        time.sleep(0.2)
    return "timeout"


# What a start asks a server already running, or one whose launcher saw a database down
# (LocalNeo4j.check_databases), and so the training server too.
SHOW_DATABASES = "SHOW DATABASES YIELD name, currentStatus, statusMessage"
# What the training server runs, (database, statement): what a start, a load and the site send first.
TRAINING_STATEMENTS = (
    ("system", SHOW_DATABASES),
    ("neo4j", "CREATE CONSTRAINT work_id IF NOT EXISTS FOR (w:Work) REQUIRE w.id IS UNIQUE"),
    ("neo4j", "UNWIND range(1, 200) AS i MERGE (w:Work {id: toString(i)}) "
              "SET w.title = 'Work ' + i, w.created_at = '2020-01-01'"),
    ("neo4j", "UNWIND range(2, 200) AS i MATCH (d:Work {id: toString(i)}), (s:Work {id: toString(i / 2)}) "
              "MERGE (d)-[r:REMIXES]->(s) SET r.weight = 1.0"),
    ("neo4j", "MATCH (w:Work {id: '1'})<-[:REMIXES*1..5]-(d:Work) RETURN d.id AS id, d.title AS title "
              "ORDER BY id LIMIT 50"),
    ("neo4j", "MATCH (w:Work) OPTIONAL MATCH (w)<-[r:REMIXES]-() RETURN w.id, count(r) AS n ORDER BY n DESC LIMIT 10"),
)


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_taken(port: int) -> str:
    """What to say when ``port`` is taken: by whom, if it is this project's Neo4j of another home, and what to run."""
    owner = "another process"
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if LAUNCHER_CLASS in args:
            i = args.index(LAUNCHER_CLASS)
            if args[i + 2:i + 3] == [str(port)]:
                owner = f"this project's local Neo4j of another home ({args[i + 1]})"
                break
    return (f"port {port} on 127.0.0.1 is taken by {owner}; start this home's on another port with "
            f"lineage db start --port N (later commands use that port)")


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not _port_is_free(port) and time.monotonic() < deadline:
        time.sleep(0.2)


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
    note: str | None = None  # what ``start`` found and did (it had died, the home was secured)

    @property
    def uri(self) -> str | None:
        return f"bolt://127.0.0.1:{self.port}" if self.port else None


def _generate_password(length: int = 24) -> str:
    """Letters and digits only: nothing a shell, a URL or an option parser reads specially."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def check_password(password: str) -> None:
    """InvalidParameter unless Neo4j would take ``password``."""
    if len(password) < MIN_PASSWORD_LENGTH or password != password.strip() or "\n" in password:
        raise InvalidParameter(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters (Neo4j's minimum), "
            "without leading or trailing spaces"
        )


class LocalNeo4j:
    """The local Neo4j whose data lives under ``home``.

    Authentication is on: user ``neo4j`` with the password kept in
    ``<home>/neo4j.password`` (mode 0600), generated when the store is created
    (or given with ``--password``). A home made before passwords were kept is
    secured the next time it starts.
    """

    def __init__(self, home: str | Path):
        self.home = Path(home).absolute()

    @property
    def state_file(self) -> Path:
        return self.home / STATE_FILE

    @property
    def password_file(self) -> Path:
        return self.home / PASSWORD_FILE

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "launcher.log"

    @property
    def previous_log_file(self) -> Path:
        return self.home / "logs" / "launcher.previous.log"

    @property
    def password(self) -> str | None:
        """The kept password of user ``neo4j``, or None (no file: an unsecured old home)."""
        return kept_password(self.home)

    @property
    def auth(self) -> tuple[str, str] | None:
        password = self.password
        return ("neo4j", password) if password else None

    def _state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            return {}

    def _write_state(self, **state: object) -> None:
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state))
        tmp.rename(self.state_file)

    def status(self) -> Status:
        state = self._state()
        pid, port = state.get("pid"), state.get("port")
        auth = bool(state.get("auth"))
        if pid and _pid_alive(pid) and LAUNCHER_CLASS in _cmdline(pid):
            return Status(True, pid, port, auth)
        return Status(False, None, port, auth)

    def store_exists(self) -> bool:
        """Whether a Neo4j store was ever made under the home (a first start makes it)."""
        return (self.home / "data" / "databases").exists()

    def start(
        self, port: int | None = None, timeout: float = 180.0, password: str | None = None,
        memory: Settings | None = None,
    ) -> tuple[Status, bool]:
        """Start in the background and wait until Bolt answers.

        ``password`` is the one of user ``neo4j`` when the store is created
        (default: a generated one); it is kept in ``<home>/neo4j.password``.
        ``memory`` gives the heap and page cache (default: the environment's, read now).
        Returns the status and whether it was already running; the status's
        ``note`` says if the server had died (and why) or the home was secured.
        """
        if password is not None:
            check_password(password)
        current = self.status()
        notes = []
        if current.running:
            if password is not None and password != self.password:
                raise InvalidParameter(
                    f"--password cannot change the password of the running local Neo4j of {self.home} "
                    "(its password is kept in neo4j.password; see lineage db status --show-password)"
                )
            try:
                self.check_databases(current.uri)
                if self.password is None:  # started by a version that kept no password
                    current.note = ("this local Neo4j asks for no password: lineage db stop, then lineage db start "
                                    "secures it")
                return current, True
            except DatabaseUnavailable as err:
                # A database that failed (a full disk, say) recovers on a restart.
                notes.append(f"{err}: restarted it")
                self.stop()
                port = port or current.port
        port = port or current.port or DEFAULT_PORT
        if port == current.port and self._state().get("pid"):
            _wait_for_port(port, 15.0)  # a server that just died may hold its port a moment longer
        if not _port_is_free(port):
            raise DatabaseUnavailable(port_taken(port))
        argfile = build_launcher()
        make_class_archive(argfile)
        if note := self._why_it_stopped():
            notes.append(note)
        fresh_home = not self.home.exists()
        self.home.mkdir(parents=True, exist_ok=True)
        if fresh_home:
            self.home.chmod(0o700)  # the store and the password: the owner's only
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        kept = self.password
        if kept is None:
            had_store = self.store_exists()
            self._secure(argfile, password or _generate_password())
            if had_store:
                notes.append(f"this home's Neo4j had no password: it now asks for one "
                             f"(user neo4j, kept in {self.password_file}; lineage db status --show-password)")
        elif password is not None and password != kept:
            raise InvalidParameter(
                f"the local Neo4j of {self.home} already has a password (kept in {self.password_file}); "
                "--password only sets it when the store is created"
            )
        with open(self.log_file, "w") as log:
            proc = subprocess.Popen(
                java_command(argfile, self.home, port, auth=True, memory=memory),
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,  # outlives the command that started it
                cwd=self.home,
            )
        deadline = time.monotonic() + timeout
        ready = _await_ready(proc, self.log_file, deadline)
        if ready == "exited":
            raise DatabaseUnavailable(self._explain_failure(port))
        if ready == "timeout":
            proc.terminate()
            raise DatabaseUnavailable(f"the local Neo4j did not start within {timeout:.0f}s; see {self.log_file}")
        self._write_state(pid=proc.pid, port=port, auth=True, stopped=False)
        uri = f"bolt://127.0.0.1:{port}"
        _wait_for_bolt(uri, self.auth, deadline)
        if ALL_AVAILABLE not in self.log_file.read_text(errors="replace"):
            self.check_databases(uri)  # which database is down, and Neo4j's reason
        return Status(True, proc.pid, port, True, "; ".join(notes) or None), False

    def _secure(self, argfile: Path, password: str) -> None:
        """Give user ``neo4j`` ``password`` (Neo4j's set-initial-password) and keep it in the home.

        On an existing store made without authentication the user still has
        Neo4j's default initial password, which set-initial-password replaces
        on the next start as well.
        """
        proc = subprocess.run(
            # "--": a password may start with "-" and must not be read as an option.
            # C1 only: a tool that runs for half a second has no use for the optimising compiler
            # (0.84 s -> 0.55 s, measured 2026-12-04).
            ["java", "-XX:TieredStopAtLevel=1", f"@{argfile}", "org.neo4j.cli.AdminTool",
             "dbms", "set-initial-password", "--", password],
            capture_output=True, text=True, env={**os.environ, "NEO4J_HOME": str(self.home)},
        )
        if proc.returncode != 0:
            last = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or ["no output"]
            raise DatabaseUnavailable(f"setting the local Neo4j's password failed: {last[0][:300]}")
        tmp = self.password_file.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(password + "\n")
        tmp.rename(self.password_file)

    def _why_it_stopped(self) -> str | None:
        """Why a server that was not stopped with ``stop`` is gone (None after a clean stop)."""
        state = self._state()
        if not state.get("pid") or state.get("stopped", True):  # no key: written before it was kept
            return None
        if not self.log_file.is_file():
            return "the local Neo4j had stopped; started again"
        text = self.log_file.read_text(errors="replace")
        shutil.copyfile(self.log_file, self.previous_log_file)
        if re.search(r"OutOfMemoryError|Java heap space", text):
            why = "out of memory"
        elif re.search(r"No space left on device", text):
            why = "the disk was full"
        else:
            why = "killed, or the machine restarted"
        return f"the local Neo4j had stopped ({why}: see {self.previous_log_file}); started again"

    def check_databases(self, uri: str | None = None) -> None:
        """DatabaseUnavailable naming each database of the server that is not online."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import DriverError, Neo4jError

        uri = uri or self.status().uri
        try:
            with GraphDatabase.driver(uri, auth=self.auth) as driver:
                rows, _, _ = driver.execute_query(SHOW_DATABASES, database_="system")
        except (DriverError, Neo4jError, OSError) as err:
            raise DatabaseUnavailable(f"the local Neo4j at {uri} does not answer: {err}") from None
        bad = [r for r in rows if r["currentStatus"] != "online"]
        for row in rows:
            if (row["currentStatus"] == "online" and row["name"] != "system"  # it answered SHOW DATABASES
                    and (failure := _probe(uri, self.auth, row["name"]))):
                # "online" yet failed: a panic (a full disk, say) leaves it listed so.
                bad.append({"name": row["name"], "currentStatus": "failed", "statusMessage": failure})
        if bad:
            debug = self.home / "logs" / "debug.log"
            shown = "; ".join(f"{r['name']} is {r['currentStatus']}"
                              + (f" ({_first_sentence(r['statusMessage'])})" if r["statusMessage"] else "")
                              for r in bad)
            raise DatabaseUnavailable(f"the local Neo4j runs but {shown} (see {debug})")

    def _explain_failure(self, port: int) -> str:
        text = self.log_file.read_text(errors="replace")
        debug = self.home / "logs" / "debug.log"
        if debug.is_file():
            text += debug.read_text(errors="replace")[-20000:]
        if re.search(r"FileLockException|locked by another process|Unable to get lock", text):
            return f"the store under {self.home / 'data'} is locked by another process (another Neo4j on this home?)"
        if re.search(r"Address already in use|BindException|PortBindException", text):
            return port_taken(port)
        if re.search(r"No space left on device", text):
            return f"the disk holding {self.home} is full: free some space and start again (see {self.log_file})"
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
        self._write_state(**{**self._state(), "stopped": True})
        return True


def _probe(uri: str, auth: tuple[str, str] | None, database: str) -> str | None:
    """None if ``database`` starts a transaction, else the server's message."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError

    with GraphDatabase.driver(uri, auth=auth) as driver, driver.session(database=database) as session:
        try:
            session.run("RETURN 1").consume()
        except Neo4jError as err:
            return err.message or err.code
    return None


def _first_sentence(text: str) -> str:
    return " ".join(str(text).split())[:240]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _wait_for_bolt(uri: str, auth: tuple[str, str] | None, deadline: float) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with GraphDatabase.driver(uri, auth=auth) as driver:
                driver.verify_connectivity()
                return
        except AuthError as err:
            raise DatabaseUnavailable(
                f"the local Neo4j at {uri} refused the password kept in its home ({err.message})"
            ) from None
        except (DriverError, Neo4jError, OSError) as err:
            last = err
            time.sleep(0.3)
    raise DatabaseUnavailable(f"the local Neo4j at {uri} does not answer Bolt: {last}")
