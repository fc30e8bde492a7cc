"""gunicorn for the benchmark's passes, the editing run, the cluster's nodes and the soak: on a
free loopback port, production settings (``bench.settings``), stopped with its workers.

Every server records its workers' peak memory as it stops, in ``SERVER_MEMORY``: the whole
run's figures for issue #15's memory target."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from bench import load

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Scratch space (SQLite file, media, static files, logs); BENCH_WORK_DIR lets two people on one
# machine run the benchmark at once. bench/settings.py reads the same variable.
WORK_DIR = Path(os.environ.get("BENCH_WORK_DIR") or Path(tempfile.gettempdir()) / "mip-bench")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving cms.wsgi on bench settings; stopped with its workers on exit.

    ``environment`` is added to this process's environment (the cluster's nodes get their own
    cache, purge address and so on). Each worker's peak memory is read just before the server
    stops, so it covers the server's whole life: ``memory`` afterwards."""

    def __init__(self, workers, cache="", environment=None, name=None):
        self.workers = workers
        self.cache = cache
        self.environment = environment or {}
        self.name = name or f"gunicorn {cache or 'warm'}"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = WORK_DIR / f"{self.name.replace(' ', '-')}.log"
        self.process = None
        self.memory = None

    def __enter__(self):
        environment = {**os.environ, "BENCH_CACHE": self.cache, **self.environment}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config=deploy/gunicorn.conf.py",
            "cms.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--timeout=60",
            # Let the 100,000-character search reach the app (gunicorn stops lines over 4,094 bytes).
            "--limit-request-line=0",
            "--log-level=warning",
            f"--error-logfile={self.log_path}",
        ]
        self.process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=environment, start_new_session=True, stdout=subprocess.DEVNULL
        )
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_until_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log_path}")
            status, _ms, _body = load.fetch(f"{self.base}/bench/floor.json", timeout=5)
            if status == 200 and len(self.worker_pids()) >= self.workers:
                return
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def worker_pids(self):
        return child_pids(self.process.pid)

    def worker_cpu_ticks(self):
        return sum(process_cpu_ticks(pid) for pid in self.worker_pids())

    def wait_until_idle(self, timeout=90, interval=0.5):
        """Wait until the workers stop using CPU: a load run ends with requests still in
        flight, which the workers finish anyway, and they must not slow the next URL down."""
        deadline = time.monotonic() + timeout
        before = self.worker_cpu_ticks()
        while time.monotonic() < deadline:
            time.sleep(interval)
            now = self.worker_cpu_ticks()
            if now - before <= 2:  # idle workers still tick now and then for their heartbeat
                return
            before = now

    def worker_memory(self):
        """Each worker's peak (VmHWM) and current (VmRSS) resident size, in MB."""
        workers = []
        for pid in sorted(self.worker_pids()):
            values = process_status(pid)
            if values:
                workers.append(
                    {
                        "pid": pid,
                        "peak_mb": round(kilobytes(values.get("VmHWM")) / 1024, 1),
                        "rss_mb": round(kilobytes(values.get("VmRSS")) / 1024, 1),
                    }
                )
        return {"server": self.name, "workers": workers}

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.memory = self.worker_memory()
        group = os.getpgid(self.process.pid)
        os.killpg(group, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        with suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)  # any worker left behind
        self.process.wait(timeout=10)

    def __exit__(self, *exc_info):
        self.stop()
        if self.memory:
            SERVER_MEMORY.append(self.memory)


# Every server's workers' memory, in the order the servers stopped: the whole run's figures.
SERVER_MEMORY = []


def child_pids(parent):
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            pids.append(int(stat.parent.name))
    return pids


def process_cpu_ticks(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def process_status(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in status.splitlines() if ":" in line)


def kilobytes(value):
    return int((value or "0 kB").split()[0])
