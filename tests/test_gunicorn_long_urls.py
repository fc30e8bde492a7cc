"""Long URLs reach the app under gunicorn as the README's production command runs it.

gunicorn refuses a request line over 4,094 bytes by default with its own HTML error, before
the app sees it; a 10,000-character search is an app's ordinary request. The README's command
carries ``--limit-request-line 0`` (gunicorn allows at most 8,190 otherwise; 0 leaves the
limit to the app, which answers an over-long parameter with its JSON 400, and to the proxy).
This starts gunicorn on a free port, with the README's flags, against a migrated SQLite
database, and compares it with gunicorn's default."""

import json
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.timeout(300)

LONG_SEARCH = "pay " * 2500  # 10,000 characters


def readme_gunicorn_command():
    """The gunicorn line of the README's production recipe, as a list of arguments."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    recipe = readme[readme.index("## Running in production") :]
    line = next(line for line in recipe.splitlines() if line.startswith("gunicorn "))
    return shlex.split(line.split("#")[0])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("gunicorn") / "db.sqlite3"
    environment = server_environment(path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        timeout=240,
    )
    return path


def server_environment(database_path):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"sqlite:///{database_path}",
    }


class Server:
    def __init__(self, arguments, database_path):
        self.port = free_port()
        command = [Path(sys.executable).parent / "gunicorn", *arguments]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--log-level", "warning"]
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn from our virtualenv
            [str(part) for part in command],
            cwd=settings.BASE_DIR,
            env=server_environment(database_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start within 60 s")

    def get(self, path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=60) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def without_bind_and_workers(arguments):
    """The README's arguments less those the test sets itself (address, worker count)."""
    kept, skip = [], False
    for argument in arguments[1:]:
        if skip:
            skip = False
            continue
        if argument in ("--bind", "-b", "--workers", "-w"):
            skip = True
            continue
        kept.append(argument)
    return kept


def test_the_readme_command_lifts_gunicorns_request_line_limit():
    command = readme_gunicorn_command()

    assert command[0] == "gunicorn" and "cms.wsgi" in command
    # With the production configuration (preload, gc.freeze before fork).
    assert command[command.index("-c") + 1] == "deploy/gunicorn.conf.py"
    assert "--limit-request-line" in command
    assert command[command.index("--limit-request-line") + 1] == "0"


def test_a_10000_character_search_gets_the_apps_json_answer(database):
    server = Server(without_bind_and_workers(readme_gunicorn_command()), database)
    try:
        status, content_type, body = server.get(f"/api/v2/pages/?search={LONG_SEARCH.replace(' ', '+')}")
        site_status, site_type, _html = server.get(f"/search/?query={LONG_SEARCH.replace(' ', '+')}")
    finally:
        server.stop()

    assert len(LONG_SEARCH) == 10_000
    assert status == 400 and content_type == "application/json"
    assert "search" in json.loads(body)["message"]
    assert site_status == 200 and site_type.startswith("text/html")


def test_gunicorns_default_would_refuse_it_with_html(database):
    server = Server(["cms.wsgi"], database)
    try:
        status, content_type, _body = server.get(f"/api/v2/pages/?search={LONG_SEARCH.replace(' ', '+')}")
    finally:
        server.stop()

    assert status in (400, 414) and "json" not in content_type
