"""Nothing is lost: scripts/backup.sh and scripts/restore.sh (``make backup`` /
``make restore``) bring back every page, revision, image and document, and every uploaded
file byte for byte, into a fresh database. PostgreSQL only: production runs on it, and
backup.sh refuses a SQLite database (copy its file instead). CI runs the suite on both."""

import hashlib
import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory, build_site_tree

PROJECT_DIR = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="backup and restore use pg_dump/pg_restore: run with DATABASE_URL=postgres://... (CI does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def database_url(name):
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}"


def run_script(script, *arguments, **variables):
    environment = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **variables}
    result = subprocess.run(  # noqa: S603 - the project's own scripts
        [str(PROJECT_DIR / "scripts" / script), *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result


def checksums(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


COUNTS = {
    "wagtailcore_page": Page,
    "wagtailcore_revision": Revision,
    "wagtailimages_image": Image,
    "wagtaildocs_document": Document,
}


def restored_counts(url):
    with psycopg.connect(url) as restored:
        return {table: restored.execute(f"select count(*) from {table}").fetchone()[0] for table in COUNTS}  # noqa: S608


@pytest.fixture
def content(db):
    tree = build_site_tree()
    for number in range(3):
        news = NewsPageFactory(parent=tree.news_index, title=f"Pay award {number}", hero_image=ImageFactory())
        news.title = f"Pay award {number} (updated)"
        news.save_revision().publish()
        news.title = f"Pay award {number} (draft)"
        news.save_revision()
    DocumentFactory(title="Managers Matter guide")
    assert Revision.objects.count() >= 6
    return tree


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_every_page_revision_image_document_and_file(content, fresh_database, tmp_path):
    source_url = database_url(connection.settings_dict["NAME"])
    backup = run_script(
        "backup.sh", str(tmp_path / "backups"), DATABASE_URL=source_url, MEDIA_ROOT=str(settings.MEDIA_ROOT)
    )
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert sorted(path.name for path in folder.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media-files.sha256",
        "media.tar.gz",
    ]

    restored_media = tmp_path / "restored-media"
    run_script("restore.sh", str(folder), DATABASE_URL=fresh_database, MEDIA_ROOT=str(restored_media))

    assert restored_counts(fresh_database) == {
        table: model.objects.count() for table, model in COUNTS.items()
    }
    original_files = checksums(settings.MEDIA_ROOT)
    assert any(name.startswith("original_images/") for name in original_files)
    assert any(name.startswith("documents/") for name in original_files)
    assert checksums(restored_media) == original_files


def test_restore_refuses_a_database_that_already_has_content(content, tmp_path):
    source_url = database_url(connection.settings_dict["NAME"])
    backup = run_script(
        "backup.sh", str(tmp_path / "backups"), DATABASE_URL=source_url, MEDIA_ROOT=str(settings.MEDIA_ROOT)
    )
    folder = backup.stdout.strip().splitlines()[-1]

    result = subprocess.run(  # noqa: S603
        [str(PROJECT_DIR / "scripts" / "restore.sh"), folder],
        env={"PATH": os.environ["PATH"], "DATABASE_URL": source_url, "MEDIA_ROOT": str(tmp_path / "empty")},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "restore needs a fresh one" in result.stderr
    assert Page.objects.filter(title="Pay award 0 (updated)").exists()


def test_restore_refuses_a_damaged_backup(content, fresh_database, tmp_path):
    source_url = database_url(connection.settings_dict["NAME"])
    backup = run_script(
        "backup.sh", str(tmp_path / "backups"), DATABASE_URL=source_url, MEDIA_ROOT=str(settings.MEDIA_ROOT)
    )
    folder = Path(backup.stdout.strip().splitlines()[-1])
    with (folder / "database.dump").open("ab") as dump:
        dump.write(b"tampered")

    result = subprocess.run(  # noqa: S603
        [str(PROJECT_DIR / "scripts" / "restore.sh"), str(folder)],
        env={
            "PATH": os.environ["PATH"],
            "DATABASE_URL": fresh_database,
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "is damaged" in result.stderr
