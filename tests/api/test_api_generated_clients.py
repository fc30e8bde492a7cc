"""The OpenAPI document generates clean typed clients, checked as an app team would check
it: against a live server, with the generators they use (README, "OpenAPI clients").

- openapi-typescript (npm) generates the types, and ``tsc --strict`` compiles the sample
  app in tests/clients/typescript/app.ts, which narrows page types on ``type`` and
  switches exhaustively over every block type;
- openapi-python-client (PyPI) generates a client with no "Unable to process schema"
  warning, and that client fetches a news page and a page of sync as typed models;
- Redocly's recommended lint finds no error and no warning (tests/clients/redocly.yaml says
  which rule is off, and why).

The npm tools are pinned in tests/clients/package.json and installed there with ``npm ci``
(CI does it first; this module does it if they are missing). Without npm the module is
skipped, except where CI sets REQUIRE_CLIENT_CHECKS, where it fails.
"""

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

CLIENTS = Path(settings.BASE_DIR) / "tests" / "clients"
BIN = CLIENTS / "node_modules" / ".bin"
TIMEOUT = 300

# The live server reads committed data. serialized_rollback: the flush after each test would
# otherwise take the root page and the default site that migrations made.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.timeout(TIMEOUT * 2),
]


def run(command, **kwargs):
    return subprocess.run(  # noqa: S603 - our own tools, fixed arguments
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )


@pytest.fixture(scope="module")
def npm_tools():
    """The pinned npm tools, installed with ``npm ci`` when they are missing or older than
    the lock file."""
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("REQUIRE_CLIENT_CHECKS"):
            pytest.fail("npm is not installed, and REQUIRE_CLIENT_CHECKS is set")
        pytest.skip("npm is not installed: the generated-client checks need Node.js and npm")
    installed = CLIENTS / "node_modules" / ".package-lock.json"
    lock = CLIENTS / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        result = run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=CLIENTS)
        assert result.returncode == 0, result.stdout + result.stderr
    return BIN


@pytest.fixture
def live_api(live_server, content):
    """The live test server's address, with the API's content in its database."""
    return live_server.url


@pytest.fixture
def openapi_url(live_api):
    return f"{live_api}/api/v2/openapi.json"


def typescript_config(tmp_path, app):
    """A tsconfig that compiles ``app`` with the project's strict settings."""
    config = tmp_path / "tsconfig.json"
    config.write_text(json.dumps({"extends": str(CLIENTS / "tsconfig.json"), "files": [str(app)]}))
    return config


def test_typescript_client_narrows_page_types_and_switches_over_every_block(npm_tools, openapi_url, tmp_path):
    generated = CLIENTS / "typescript" / "generated" / "api.d.ts"
    generation = run([npm_tools / "openapi-typescript", openapi_url, "--output", generated], cwd=CLIENTS)
    assert generation.returncode == 0, generation.stdout + generation.stderr

    compiled = run([npm_tools / "tsc", "--project", CLIENTS / "tsconfig.json"], cwd=CLIENTS)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr

    # The switch is exhaustive only if leaving a block type out fails to compile.
    app = (CLIENTS / "typescript" / "app.ts").read_text()
    table_case = app[app.index('        case "table":') : app.index('        case "legal_eye":')]
    missing_case = app.replace(table_case, "").replace('from "./generated/api"', 'from "./api"')
    assert missing_case != app
    incomplete = generated.parent / "app_without_the_table_case.ts"
    incomplete.write_text(missing_case)
    try:
        broken = run([npm_tools / "tsc", "--project", typescript_config(tmp_path, incomplete)], cwd=CLIENTS)
    finally:
        incomplete.unlink()
    assert broken.returncode != 0
    assert 'type: "table"' in broken.stdout
    assert "not assignable to parameter of type 'never'" in broken.stdout


def test_python_client_has_a_model_per_page_type_and_fetches_news_and_sync(
    openapi_url, live_api, content, tmp_path
):
    package = tmp_path / "mip_api_client"
    generation = run(
        [Path(sys.executable).parent / "openapi-python-client", "generate", "--url", openapi_url]
        + ["--meta", "none", "--output-path", package],
        # It formats what it writes with ruff, from the same virtualenv.
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    output = generation.stdout + generation.stderr
    assert generation.returncode == 0, output
    assert "Unable to process schema" not in output and "Warning" not in output, output

    sys.path.insert(0, str(tmp_path))
    try:
        client_module = importlib.import_module("mip_api_client")
        get_page = importlib.import_module("mip_api_client.api.pages.get_page")
        sync_pages = importlib.import_module("mip_api_client.api.sync.sync_pages")
        models = importlib.import_module("mip_api_client.models")
        client = client_module.Client(base_url=live_api, raise_on_unexpected_status=True)

        news = content.news[0]
        page = get_page.sync(id=news.pk, client=client)
        synced = sync_pages.sync(client=client, limit=100)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == "mip_api_client"]:
            del sys.modules[name]

    assert isinstance(page, models.HomeNewsPage)
    assert page.title == news.title and page.type_ == "home.NewsPage"
    assert isinstance(page.author, models.Person) and page.author.name == content.author.title
    assert {type(block).__name__ for block in page.body} >= {"HeadingBlock", "ParagraphBlock", "ImageBlock"}
    assert all(item is not None for item in synced.updated)
    by_type = {type(item).__name__ for item in synced.updated}
    assert {"HomeNewsPage", "AdviceLegalEyeArticlePage", "CampaignsCampaignPage", "PeoplePersonPage"} <= (
        by_type
    )
    assert {item.id for item in synced.updated} >= {news.pk for news in content.news}


def test_redocly_recommended_lint_finds_nothing(npm_tools, openapi_url):
    linted = run(
        [npm_tools / "redocly", "lint", "--config", CLIENTS / "redocly.yaml"]
        + ["--format", "json", openapi_url],
        cwd=CLIENTS,
    )
    report = json.loads(linted.stdout)
    problems = [f"{problem['ruleId']}: {problem['message']}" for problem in report["problems"]]

    assert linted.returncode == 0, linted.stderr
    assert report["totals"]["errors"] == 0 and report["totals"]["warnings"] == 0, problems
