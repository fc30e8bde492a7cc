"""The soak's own PostgreSQL and Redis: throwaway servers on free ports under the run's
temporary folder, so stopping and restarting them during the soak disturbs nobody else's
database or cache. Both are context managers that stop their server and remove its files on
exit."""

import glob
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

from bench.servers import free_port

POSTGRES_BIN_HINT = (
    "PostgreSQL server binaries not found (looked for initdb and pg_ctl in SOAK_POSTGRES_BIN and "
    "/usr/lib/postgresql/*/bin): apt-get install -y postgresql-15"
)
REDIS_HINT = "redis-server not found: apt-get install -y redis-server"
DATABASE_NAME = "mip_soak"


class MissingService(RuntimeError):
    """A server binary the soak needs is not installed."""


def postgres_bin_dir():
    candidates = [os.environ.get("SOAK_POSTGRES_BIN", "")]
    # The newest installed major version first.
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name)
    )[::-1]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    raise MissingService(POSTGRES_BIN_HINT)


def accepts_connections(url, timeout=1):
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=timeout):
            return True
    except psycopg.Error:
        return False


class PrivatePostgres:
    """A PostgreSQL server of its own: trust authentication, 127.0.0.1 only, no Unix socket.
    PostgreSQL refuses to run as root, so as root its commands run as the ``postgres`` user.

    ``fsync=off`` makes migrating quick; it only matters if the machine itself crashes, which
    the soak does not simulate (a fast shutdown still writes every committed transaction)."""

    def __init__(self, folder, log_path):
        self.bin = postgres_bin_dir()
        self.folder = Path(folder) / "postgres"
        self.data = self.folder / "data"
        self.server_log = self.folder / "server.log"
        self.log_path = Path(log_path)  # where the server's log is kept after clean-up
        self.port = free_port()
        self.server_url = f"postgres://postgres@127.0.0.1:{self.port}"
        self.url = f"{self.server_url}/{DATABASE_NAME}"
        self.as_user = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise MissingService(
                    "as root, PostgreSQL runs as the 'postgres' user, and there is none"
                ) from None
            if shutil.which("runuser") is None:
                raise MissingService(
                    "as root, PostgreSQL runs as the 'postgres' user, through runuser: not found"
                )
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def command(self, name, *arguments, check=True, timeout=60):
        return subprocess.run(
            [*self.as_user, str(self.bin / name), *arguments],
            check=check,
            timeout=timeout,
            capture_output=True,
            text=True,
            # Its own session: a Ctrl-C in the terminal reaches the soak, which stops it in order.
            start_new_session=True,
        )

    def __enter__(self):
        self.folder.mkdir(parents=True)
        if self.as_user:
            # The postgres user must be able to reach its folder inside ours.
            parent = self.folder.parent
            parent.chmod(parent.stat().st_mode | 0o111)
            shutil.chown(self.folder, "postgres", "postgres")
        try:
            self.command("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def start(self):
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c full_page_writes=off"
        )
        self.command("pg_ctl", "-D", str(self.data), "-l", str(self.server_log), "-o", options, "-w", "start")

    def stop(self, mode="fast"):
        self.command("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def wait_until_accepting(self, timeout=30, interval=0.05):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if accepts_connections(f"{self.server_url}/postgres"):
                return time.monotonic()
            time.sleep(interval)
        raise RuntimeError(f"PostgreSQL did not come back within {timeout} s; see {self.server_log}")

    def cleanup(self):
        if (self.data / "postmaster.pid").exists():
            self.stop(mode="immediate")
        if self.server_log.exists():
            shutil.copyfile(self.server_log, self.log_path)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __exit__(self, *exc_info):
        self.cleanup()


class PrivateRedis:
    """A Redis server of its own, in memory only (no snapshots, no append-only file)."""

    def __init__(self, folder, log_path):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise MissingService(REDIS_HINT)
        self.folder = Path(folder)
        self.log_path = Path(log_path)
        self.log_path.unlink(missing_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def __enter__(self):
        self.start()
        return self

    def start(self, timeout=10):
        command = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.folder),
            "--logfile",
            str(self.log_path),
        ]
        self.process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answers():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start; see {self.log_path}")

    def answers(self):
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def __exit__(self, *exc_info):
        self.stop()
