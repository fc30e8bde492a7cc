"""Before the soak: the environment for production settings (``bench.settings``) on the soak's
own PostgreSQL and Redis, a migrated database with the demo content, editor accounts, the
URLs the readers walk, and the edit form an editor's browser posts for a news page."""

import io
import os
import re
import secrets
import time
from contextlib import redirect_stdout
from dataclasses import dataclass

from bench.run import recreate_database

EDITOR_PAGES = 2  # news pages per editor; no two editors edit the same page
MARKER = re.compile(r"\[soak ([\w-]+)\]$")


def configure_environment(database_url, redis_url, folder):
    """For this process and the gunicorn it starts (``bench.servers.Server`` passes the
    environment on). ``--capture-output`` sends the workers' error logging to gunicorn's log
    file, not to the terminal."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        GUNICORN_CMD_ARGS="--capture-output",
    )
    os.environ.pop("BENCH_CACHE", None)


def marker_in(title):
    """The save marker an ``EditForms`` title ends with."""
    found = MARKER.search(title or "")
    return found.group(1) if found else f"(no marker: {title!r})"


@dataclass
class Site:
    reader_paths: dict
    editors: list  # [(username, password, [(page id, parent id)])]
    forms: "EditForms"
    timings: dict


def prepare(database_url, editor_count, log):
    """Migrate a fresh database, load the demo content, collect static files and analyze the
    tables; then the editors, their pages and the readers' URLs."""
    import django

    timings = {}
    started = time.perf_counter()
    recreate_database(database_url)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate_s"] = round(time.perf_counter() - started, 1)
    with redirect_stdout(io.StringIO()):  # the demo command's own report
        call_command("load_demo_content")
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        # Planner statistics, as a database in service has them. Without them PostgreSQL
        # JIT-compiles the page queries (over a second each), which a live site never sees.
        cursor.execute("ANALYZE")
    timings["demo_and_static_s"] = round(time.perf_counter() - started - timings["migrate_s"], 1)
    log(f"migrated in {timings['migrate_s']} s; demo content, static files {timings['demo_and_static_s']} s")

    from home.models import NewsIndexPage, NewsPage

    news = list(NewsPage.objects.live().order_by("pk"))
    needed = 1 + editor_count * EDITOR_PAGES
    if len(news) < needed:
        raise RuntimeError(f"the demo content has {len(news)} news pages; the soak needs {needed}")
    read_page, edited = news[0], news[1:needed]
    reader_paths = {
        "home": "/",
        "news index": NewsIndexPage.objects.get().url,
        "news page": read_page.url,
        "search": "/search/?query=pay",
        "API listing": "/api/v2/pages/?type=home.NewsPage&fields=*&limit=20",
        "API detail": f"/api/v2/pages/{read_page.pk}/",
        "sync": "/api/v2/sync/",
    }
    editors = []
    for number in range(1, editor_count + 1):
        pages = edited[(number - 1) * EDITOR_PAGES : number * EDITOR_PAGES]
        username, password = create_editor(f"soak-editor-{number}")
        editors.append((username, password, [(page.pk, page.get_parent().pk) for page in pages]))
    return Site(reader_paths, editors, EditForms(edited), timings)


def create_editor(username):
    """A member of Wagtail's Moderators group (who may edit and publish every page), with a
    password made for this run."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    password = secrets.token_urlsafe(18)
    user = get_user_model().objects.create_user(username, f"{username}@example.com", password)
    user.groups.add(Group.objects.get(name="Moderators"))
    return username, password


class EditForms:
    """The POST data of a news page's edit form, as the admin's JavaScript builds it: every
    field as stored, the title with the save's marker, and a body of one paragraph naming it
    (StreamField inputs exist only in the browser, so the body comes from Wagtail's form-data
    helpers)."""

    def __init__(self, pages, label="soak"):
        from taggit.utils import edit_string_for_tags

        self.label = label
        self.pages = {}
        for page in pages:
            self.pages[page.pk] = {
                "fields": {
                    "title": page.title,
                    "slug": page.slug,
                    "date": page.date.isoformat(),
                    "article_type": page.article_type,
                    "author": page.author_id or "",
                    "standfirst": page.standfirst,
                    "hero_image": page.hero_image_id or "",
                    "hero_image_alt": page.hero_image_alt,
                    "hero_caption": page.hero_caption,
                    "tags": edit_string_for_tags(page.tags.all()),
                    "seo_title": page.seo_title,
                    "search_description": page.search_description,
                },
                "nations": list(page.nations),
            }

    def edit_data(self, page_id, marker, publish):
        from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

        page = self.pages[page_id]
        data = nested_form_data(
            {
                **page["fields"],
                "title": f"{page['fields']['title']} [{self.label} {marker}]",
                "body": streamfield(
                    [("paragraph", rich_text(f"<p>Saved by the {self.label}: {marker}.</p>"))]
                ),
            }
        )
        data["nations"] = page["nations"]  # a multiple choice: one value per ticked box
        if publish:
            data["action-publish"] = "action-publish"
        return data
