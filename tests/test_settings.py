"""Settings come from the environment: production refuses to start without its secrets, and
DATABASE_URL / REDIS_URL pick the database and the cache. Each case loads the settings in a
fresh Python process with a clean environment, as a server would at start-up."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import importlib, json, sys
settings = importlib.import_module(sys.argv[1])
print(json.dumps({"DATABASES": settings.DATABASES, "CACHES": settings.CACHES}, default=str))
"""


def clean_environment(**variables):
    """Only what a process needs to run, plus ``variables``: nothing leaks in from the test run."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    if "HOME" in os.environ:
        environment["HOME"] = os.environ["HOME"]
    environment.update(variables)
    return environment


def run_python(*arguments, **variables):
    return subprocess.run(  # noqa: S603 - our own interpreter and project files
        [sys.executable, *arguments],
        cwd=PROJECT_DIR,
        env=clean_environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def loaded_settings(module="cms.settings.base", **variables):
    result = run_python("-c", PRINT_SETTINGS, module, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def long_secret():
    return secrets.token_urlsafe(50)


# Production refuses to start without its secrets


def test_production_settings_refuse_to_load_without_a_secret_key():
    result = run_python("-c", "import cms.settings.production", ALLOWED_HOSTS="www.miphealth.org.uk")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr
    assert "Production needs a long random secret" in result.stderr


def test_production_settings_refuse_an_empty_secret_key():
    result = run_python(
        "-c", "import cms.settings.production", SECRET_KEY="", ALLOWED_HOSTS="www.miphealth.org.uk"
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set." in result.stderr


def test_production_settings_refuse_to_load_without_allowed_hosts():
    result = run_python("-c", "import cms.settings.production", SECRET_KEY=long_secret())
    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS is not set." in result.stderr
    assert "List the site's host names, comma-separated" in result.stderr


def test_production_settings_load_with_a_secret_key_and_hosts():
    result = run_python(
        "-c",
        "from cms.settings import production as s; print(s.DEBUG, s.ALLOWED_HOSTS)",
        SECRET_KEY=long_secret(),
        ALLOWED_HOSTS="www.miphealth.org.uk, miphealth.org.uk",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['www.miphealth.org.uk', 'miphealth.org.uk']"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"ALLOWED_HOSTS": "www.miphealth.org.uk"}, "Configuration error: SECRET_KEY is not set."),
        ({"SECRET_KEY": "x" * 60}, "Configuration error: ALLOWED_HOSTS is not set."),
    ],
    ids=["no-secret-key", "no-allowed-hosts"],
)
def test_manage_py_explains_a_missing_production_setting_in_one_line(variables, message):
    result = run_python("manage.py", "check", DJANGO_SETTINGS_MODULE="cms.settings.production", **variables)
    assert result.returncode != 0
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def test_production_passes_the_deployment_checklist(tmp_path):
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=long_secret(),
        ALLOWED_HOSTS="www.miphealth.org.uk",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# DATABASE_URL picks the database


def test_without_database_url_the_database_is_sqlite_beside_manage_py():
    database = loaded_settings()["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == PROJECT_DIR / "db.sqlite3"
    # Kept open between requests: a new SQLite connection parses the schema again.
    assert database["CONN_MAX_AGE"] > 0


def test_sqlite_database_url_is_honoured(tmp_path):
    database = loaded_settings(DATABASE_URL=f"sqlite:///{tmp_path / 'mip.sqlite3'}")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "mip.sqlite3")
    assert database["CONN_MAX_AGE"] > 0


def test_postgres_database_url_gives_persistent_health_checked_connections():
    database = loaded_settings(DATABASE_URL="postgres://mip:s3cret@db.internal:6543/mip_content")[
        "DATABASES"
    ]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("mip_content", "mip", "s3cret")
    assert (database["HOST"], int(database["PORT"])) == ("db.internal", 6543)
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_database_connection_lifetime_comes_from_the_environment():
    database = loaded_settings(
        DATABASE_URL="postgresql://mip@db.internal/mip_content", DATABASE_CONN_MAX_AGE="60"
    )["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_MAX_AGE"] == 60


def test_production_uses_the_database_url_too():
    database = loaded_settings(
        "cms.settings.production",
        SECRET_KEY=long_secret(),
        ALLOWED_HOSTS="www.miphealth.org.uk",
        DATABASE_URL="postgres://mip@db.internal:5432/mip_content",
    )["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "mip_content"


# REDIS_URL picks the cache


def test_redis_url_gives_a_shared_redis_cache_that_tolerates_outages():
    cache = loaded_settings(REDIS_URL="redis://cache.internal:6379/1")["CACHES"]["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/1"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True


def test_without_redis_url_the_cache_is_in_process_memory():
    cache = loaded_settings()["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


# Which settings: production unless told otherwise


SHOW_SETTINGS = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"


def shown_settings(result):
    """What SHOW_SETTINGS printed (the shell prints a line of its own before it)."""
    return result.stdout.strip().splitlines()[-1].split()


@pytest.mark.parametrize("module", ["cms.wsgi", "cms.asgi"])
def test_the_servers_entry_points_default_to_production_and_refuse_to_start_without_a_secret(module):
    """A forgotten DJANGO_SETTINGS_MODULE no longer means DEBUG on and a public key."""
    result = run_python("-c", f"import {module}", ALLOWED_HOSTS="www.miphealth.org.uk")

    assert result.returncode != 0
    assert result.stderr.startswith("Configuration error: SECRET_KEY is not set.")
    assert "DJANGO_SETTINGS_MODULE=cms.settings.dev" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("module", ["cms.wsgi", "cms.asgi"])
def test_the_servers_entry_points_load_production_settings_by_default(module):
    result = run_python(
        "-c",
        f"import {module}; {SHOW_SETTINGS}",
        SECRET_KEY=long_secret(),
        ALLOWED_HOSTS="www.miphealth.org.uk",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["cms.settings.production", "False"]


def test_manage_py_defaults_to_production_too():
    result = run_python("manage.py", "check", ALLOWED_HOSTS="www.miphealth.org.uk")

    assert result.returncode != 0
    assert result.stderr.startswith("Configuration error: SECRET_KEY is not set.")


@pytest.mark.parametrize(
    "arguments",
    [
        ["shell", "--settings=cms.settings.production", "-c", SHOW_SETTINGS],
        ["shell", "--settings", "cms.settings.production", "-c", SHOW_SETTINGS],
    ],
    ids=["equals", "separate-value"],
)
def test_manage_py_honours_settings_over_the_environment(arguments):
    """As Django documents: --settings wins over DJANGO_SETTINGS_MODULE. Before, the settings
    were loaded from the environment first and --settings was silently ignored."""
    result = run_python(
        "manage.py",
        *arguments,
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        SECRET_KEY=long_secret(),
        ALLOWED_HOSTS="www.miphealth.org.uk",
    )

    assert result.returncode == 0, result.stderr
    assert shown_settings(result) == ["cms.settings.production", "False"]


def test_check_deploy_with_settings_production_checks_production():
    """The command from the issue: it used to run with dev settings and DEBUG on."""
    result = run_python("manage.py", "check", "--deploy", "--settings=cms.settings.production")

    assert result.returncode != 0
    assert result.stderr.startswith("Configuration error: SECRET_KEY is not set.")


def test_manage_py_settings_dev_needs_no_secret():
    result = run_python("manage.py", "shell", "--settings=cms.settings.dev", "-c", SHOW_SETTINGS)

    assert result.returncode == 0, result.stderr
    assert shown_settings(result) == ["cms.settings.dev", "True"]


def test_make_runs_every_developer_command_with_dev_settings_and_tests_with_test_settings():
    result = subprocess.run(
        ["make", "-n", "-B", "run", "check", "test", "security-check"],  # noqa: S607
        cwd=PROJECT_DIR,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    manage_lines = [line for line in result.stdout.splitlines() if "manage.py" in line]
    assert len(manage_lines) >= 6  # migrate, demo, admin, worker, runserver, makemigrations, check
    assert all("DJANGO_SETTINGS_MODULE=cms.settings.dev" in line for line in manage_lines), manage_lines
    pytest_lines = [line for line in result.stdout.splitlines() if "-m pytest" in line]
    assert len(pytest_lines) == 2
    assert all("DJANGO_SETTINGS_MODULE=cms.settings.test" in line for line in pytest_lines)


def test_pytest_uses_the_test_settings():
    from django.conf import settings

    assert settings.SETTINGS_MODULE == "cms.settings.test"


def test_a_purge_address_configures_wagtails_http_backend_but_not_its_publish_time_purges():
    script = (
        "import json, cms.settings.base as s; "
        "print(json.dumps({'cache': s.WAGTAILFRONTENDCACHE, 'apps': s.INSTALLED_APPS}))"
    )
    result = run_python("-c", script, FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081")

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["cache"] == {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
        }
    }
    # Its app would purge inside the publish transaction; cms/content/purge.py purges after.
    assert "wagtail.contrib.frontend_cache" not in loaded["apps"]
