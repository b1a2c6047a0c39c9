"""Starting Spark for screening: checks that say what to install, and a progress poller.

PySpark is an optional extra (``pip install 'techbloc[spark]'``) and needs a Java runtime (17 or
newer for Spark 4); both are checked before a session is started, so a missing piece is named
instead of surfacing as a Py4J traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from techbloc.errors import InvalidArgument, TechblocError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

MIN_JAVA = 17


class SparkUnavailable(TechblocError):
    """PySpark or a suitable Java runtime is missing, or Spark failed."""


def require_spark() -> None:
    """Raise SparkUnavailable naming what to install when PySpark or Java is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkUnavailable(
            "the Spark engine needs PySpark, which is not installed",
            hint="pip install 'techbloc[spark]' (PySpark 4.0), or use --engine duckdb",
        ) from None
    java = _java_executable()
    if java is None:
        home = os.environ.get("JAVA_HOME")
        where = f"JAVA_HOME ({home}) has no bin/java" if home else "no 'java' on PATH"
        raise SparkUnavailable(
            f"the Spark engine needs a Java runtime (17 or newer): {where}",
            hint="install one, e.g. 'apt-get install openjdk-17-jre-headless', or set JAVA_HOME",
        )
    version = java_major_version(java)
    if version is not None and version < MIN_JAVA:
        raise SparkUnavailable(
            f"Spark 4 needs Java {MIN_JAVA} or newer; {java} is Java {version}",
            hint="install a newer Java runtime (e.g. openjdk-17-jre-headless) or set JAVA_HOME",
        )


def _java_executable() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if candidate.exists() else None
    return shutil.which("java")


def java_major_version(java: str) -> int | None:
    """The major version that ``java -version`` reports (8 for 1.8), or None if unreadable."""
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_java_version(done.stderr + done.stdout)


def parse_java_version(text: str) -> int | None:
    """The major version in ``java -version`` output: 'version "17.0.15"' → 17, "1.8.0" → 8."""
    found = re.search(r'version "(\d+)(?:\.(\d+))?', text)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def start_session(master: str = "local[*]") -> SparkSession:
    """A Spark session for screening (an existing one in this process is reused).

    For a local master the executors' Python is this interpreter (so they import this techbloc)
    and Spark binds to the loopback address unless SPARK_LOCAL_IP says otherwise.
    """
    require_spark()
    from pyspark.sql import SparkSession

    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("techbloc")
        .config("spark.ui.showConsoleProgress", "false")
        # Tables Spark saves (Ibis may) go to a temporary folder, not ./spark-warehouse.
        .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="techbloc-spark-warehouse-"))
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_failure(exc: BaseException) -> TechblocError | None:
    """A Spark or Py4J error as a TechblocError (None for any other exception).

    An error of techbloc raised on an executor reaches the driver as a Python traceback inside
    Spark's message; its own message is taken out of it.
    """
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    if not isinstance(exc, Py4JError | PySparkException):
        return None
    text = str(exc)
    ours = re.findall(r"techbloc\.errors\.\w+: (.+)", text)
    if ours:
        return InvalidArgument(ours[-1].strip())
    first = next((line.strip() for line in text.splitlines() if line.strip()), repr(exc))
    return SparkUnavailable(
        f"Spark failed: {first[:500]}",
        hint="run with --engine duckdb to rule out the data, or see Spark's log",
    )


@contextlib.contextmanager
def job_group(session: SparkSession, group: str, description: str) -> Iterator[None]:
    """Run the Spark jobs started inside the block under ``group`` (which StageProgress follows)."""
    context = session.sparkContext
    context.setJobGroup(group, description)
    try:
        yield
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)  # type: ignore[arg-type]
        context.setLocalProperty("spark.job.description", None)  # type: ignore[arg-type]


class StageProgress:
    """Reports the tasks done and in total of a job group's stages, from a background thread."""

    def __init__(
        self,
        session: SparkSession,
        group: str,
        on_progress: Callable[[int, int], None],
        every: float = 0.5,
    ) -> None:
        self.tracker = session.sparkContext.statusTracker()
        self.group = group
        self.on_progress = on_progress
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="spark-progress", daemon=True)

    def __enter__(self) -> StageProgress:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.poll()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.poll()

    def poll(self) -> None:
        done = total = 0
        active = set(self.tracker.getActiveStageIds())
        for job_id in self.tracker.getJobIdsForGroup(self.group):
            job = self.tracker.getJobInfo(job_id)
            for stage_id in job.stageIds if job else []:
                stage = self.tracker.getStageInfo(stage_id)
                # stages yet to run, and skipped ones (their result is known), do not count
                if stage and (stage_id in active or stage.numCompletedTasks > 0):
                    done += stage.numCompletedTasks
                    total += stage.numTasks
        self.on_progress(done, total)
