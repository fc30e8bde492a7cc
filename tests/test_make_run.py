"""`make run` as a new user meets it: a progress line for each step, pip's own progress while
installing, one line for the migrations, and every absolute link on the address it serves
(`make run PORT=8101 HOST=…`).

The Makefile runs here for real, with a stand-in for the virtualenv's Python that records each
command and the environment it got, so nothing is installed, migrated or served."""

import json
import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.test_settings import run_python

PROJECT_DIR = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")

RECORDING_PYTHON = """#!/bin/sh
# Stands in for .venv/bin/python: records its arguments and the address the step was given.
printf '%s\\n' "{\\"args\\": \\"$*\\", \\"address\\": \\"$WAGTAILADMIN_BASE_URL\\"}" >> "$CALLS"
"""


@pytest.fixture
def make(tmp_path):
    """``make(*targets, **variables)`` runs the project's Makefile with a recording Python in a
    throwaway virtualenv folder; returns (output, the manage.py and pip calls in order)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(RECORDING_PYTHON)
    python.chmod(0o755)
    calls = tmp_path / "calls.jsonl"

    def run(*arguments, environment=None, **variables):
        env = {key: value for key, value in os.environ.items() if key != "WAGTAILADMIN_BASE_URL"}
        env.update(environment or {}, CALLS=str(calls))
        settings = [f"{name}={value}" for name, value in variables.items()]
        result = subprocess.run(  # noqa: S603 - make with our own Makefile
            [MAKE, "--no-print-directory", *arguments, f"VENV={venv}", *settings],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        recorded = [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []
        calls.unlink(missing_ok=True)
        return result.stdout, recorded

    return run


def test_every_step_gets_the_address_make_run_serves(make):
    output, calls = make("demo", "admin", PORT="8101", HOST="localhost")

    steps = [call["args"] for call in calls if call["args"].startswith("manage.py")]
    assert steps == ["manage.py migrate_quietly", "manage.py load_demo_content", "manage.py ensure_admin"]
    assert {call["address"] for call in calls if call["args"].startswith("manage.py")} == {
        "http://localhost:8101"
    }


def test_serving_on_every_interface_links_to_this_machine(make):
    output, _calls = make("-n", "run", PORT="8101", HOST="0.0.0.0")  # noqa: S104 - what a user may type

    assert "manage.py runserver 0.0.0.0:8101" in output
    assert "Serving the site at http://127.0.0.1:8101/" in output


def test_an_address_already_in_the_environment_wins(make):
    _output, calls = make("demo", environment={"WAGTAILADMIN_BASE_URL": "https://staging.example"})

    assert {call["address"] for call in calls if call["args"].startswith("manage.py")} == {
        "https://staging.example"
    }


def test_it_says_what_each_step_does_and_shows_pip_at_work(make):
    output, calls = make("demo", "admin")

    steps = [line for line in output.splitlines() if line.startswith("==> ")]
    assert steps[0].startswith("==> Installing Python packages into ")
    assert steps[1:] == [
        "==> Preparing the database",
        "==> Loading the demo content (only what is missing and was never loaded)",
        "==> Admin user",
    ]
    requirements = next(call["args"] for call in calls if "requirements-dev.txt" in call["args"])
    assert "--quiet" not in requirements.split()


def test_the_dev_settings_follow_the_address():
    result = run_python(
        "-c",
        "from django.conf import settings; import json; "
        "print(json.dumps([settings.WAGTAILAPI_BASE_URL, settings.ALLOWED_HOSTS]))",
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        WAGTAILADMIN_BASE_URL="http://mip.test:8101",
    )
    assert result.returncode == 0, result.stderr
    api_base_url, allowed_hosts = json.loads(result.stdout)
    assert api_base_url == "http://mip.test:8101"
    assert "mip.test" in allowed_hosts


@pytest.mark.django_db
def test_migrations_are_summed_up_in_one_line():
    output = StringIO()
    call_command("migrate_quietly", stdout=output)
    lines = output.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Database ready: ") and lines[0].endswith(" is up to date.")
