"""Files of images in restricted collections (issue 13, point 5): their originals and renditions
are not served to the public at their predictable /media/ names. The app's rule
(cms/security/media_access.py) is tested here directly and through nginx with the
configuration from deploy/nginx/mip.conf. Without nginx the nginx test skips, unless
REQUIRE_NGINX is set (CI sets it), when it fails."""

import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory
from wagtail.models import Collection, CollectionViewRestriction

from bench.cluster import request
from cms.content import versions
from cms.security import media_access
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

MEDIA = settings.MEDIA_URL


@pytest.fixture
def private_collection(db):
    # A live-server test's database is emptied between tests: the root collection may be gone.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def private_image(private_collection):
    return ImageFactory(collection=private_collection, renditions=True)


@pytest.fixture
def public_image(db):
    return ImageFactory(renditions=True)


def file_paths(image):
    """The original's and every rendition's path under /media/, as a reader would ask for them."""
    return [MEDIA + image.file.name, *(MEDIA + rendition.file.name for rendition in image.renditions.all())]


def ask(client, path):
    """What nginx's auth_request does before it sends a file."""
    return client.get("/_util/media-access/", HTTP_X_ORIGINAL_URI=path)


def test_the_public_may_not_fetch_a_private_images_original_or_renditions(
    client, private_image, public_image
):
    private_paths, public_paths = file_paths(private_image), file_paths(public_image)

    assert len(private_paths) > 10  # the original and every rendition the worker makes
    assert {ask(client, path).status_code for path in private_paths} == {403}
    answers = [ask(client, path) for path in public_paths]
    assert {answer.status_code for answer in answers} == {204}
    assert {answer["X-Media-Cache-Control"] for answer in answers} == {"public, max-age=86400"}


def test_readers_who_pass_the_restriction_and_editors_get_them_marked_private(
    client, django_user_model, admin_user, private_image, private_collection
):
    path = MEDIA + private_image.renditions.first().file.name
    member = django_user_model.objects.create_user("member", password="not-used-here")

    client.force_login(member)
    signed_in = ask(client, path)
    CollectionViewRestriction.objects.filter(collection=private_collection).update(
        restriction_type=CollectionViewRestriction.GROUPS
    )
    CollectionViewRestriction.objects.get(collection=private_collection).groups.add(
        Group.objects.create(name="Officers")
    )
    not_in_the_group = ask(client, path)
    client.force_login(admin_user)
    editor = ask(client, path)

    assert signed_in.status_code == 204
    assert signed_in["X-Media-Cache-Control"] == "private, no-store"
    assert not_in_the_group.status_code == 403
    assert editor.status_code == 204
    assert editor["X-Media-Cache-Control"] == "private, no-store"


def test_an_image_moved_into_a_private_collection_is_refused_at_once_and_again_served_when_moved_out(
    client, public_image, private_collection
):
    path = MEDIA + public_image.renditions.first().file.name
    before = ask(client, path).status_code
    home_collection = public_image.collection

    public_image.collection = private_collection
    public_image.save()
    moved_in = ask(client, path).status_code
    public_image.collection = home_collection
    public_image.save()
    moved_out = ask(client, path).status_code

    assert (before, moved_in, moved_out) == (204, 403, 204)


def test_a_collection_made_private_refuses_its_images_files(client, public_image):
    path = MEDIA + public_image.file.name
    before = ask(client, path).status_code

    restriction = CollectionViewRestriction.objects.create(
        collection=public_image.collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    restricted = ask(client, path).status_code
    restriction.delete()

    assert (before, restricted, ask(client, path).status_code) == (204, 403, 204)


def test_another_app_server_refuses_the_file_at_once_not_within_its_second(client, public_image):
    """Other app servers keep the feed's head for up to a second (CONTENT_VERSION_RECHECK_SECONDS);
    the file rule reads it afresh, or a proxy would refetch and keep a file just purged."""
    path = MEDIA + public_image.renditions.first().file.name
    stale = versions.head()
    assert ask(client, path).status_code == 204  # what is private at that head is now cached

    CollectionViewRestriction.objects.create(
        collection=public_image.collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    versions._memo = (time.monotonic() + 60, stale)  # a server that has not looked since

    assert ask(client, path).status_code == 403


def test_a_rendition_made_later_in_the_admin_is_refused_too(client, private_image):
    # The admin's chooser makes its thumbnail on the editor's request, not in the worker.
    assert ask(client, MEDIA + private_image.renditions.first().file.name).status_code == 403

    thumbnail = private_image.get_rendition("max-165x165")

    assert ask(client, MEDIA + thumbnail.file.name).status_code == 403


@pytest.mark.parametrize(
    "trick",
    [
        lambda name: f"{MEDIA}images/../{name}",
        lambda name: f"{MEDIA}documents/../{name}",
        lambda name: MEDIA + quote(name).replace("i", "%69"),
        lambda name: f"{MEDIA}./{name}?download=1",
        lambda name: f"{MEDIA}/{name}",
    ],
)
def test_tricks_in_the_path_are_resolved_before_the_rule_is_applied(client, private_image, trick):
    assert ask(client, trick(private_image.file.name)).status_code == 403


def test_anything_but_an_image_file_is_refused_and_so_is_a_direct_call_without_a_path(client):
    assert ask(client, f"{MEDIA}documents/report.pdf").status_code == 403
    assert ask(client, "/etc/passwd").status_code == 403
    assert client.get("/_util/media-access/").status_code == 403


def test_without_a_web_server_django_serves_media_by_the_same_rule(private_image, public_image):
    """``DEBUG``'s media URL (cms/urls.py): Django serves the files, refusing private ones."""

    def fetch(name):
        request = RequestFactory().get(MEDIA + name)
        request.user = AnonymousUser()
        request.session = {}
        return media_access.serve_media(request, name)

    private = fetch(private_image.renditions.first().file.name)
    rendition = public_image.renditions.first()
    public = fetch(rendition.file.name)

    assert private.status_code == 403
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == Path(rendition.file.path).read_bytes()
    assert public["Cache-Control"] == "public, max-age=86400"


def test_an_image_made_private_has_its_files_purged_from_the_proxy(
    purged, django_capture_on_commit_callbacks, public_image, private_collection
):
    with django_capture_on_commit_callbacks(execute=True):
        public_image.collection = private_collection
        public_image.save()

    assert {f"http://testserver{path}" for path in file_paths(public_image)} <= set(purged)


def test_a_public_image_saved_purges_none_of_its_files(
    purged, django_capture_on_commit_callbacks, public_image
):
    with django_capture_on_commit_callbacks(execute=True):
        public_image.title = "Renamed"
        public_image.save()

    assert not any(MEDIA in url for url in purged)


# Through nginx, with deploy/nginx/mip.conf


@pytest.fixture
def nginx(live_server):
    from bench import packages
    from bench.cluster import Nginx
    from bench.servers import WORK_DIR

    if not packages.command_path("nginx"):
        if os.environ.get("REQUIRE_NGINX"):
            pytest.fail("REQUIRE_NGINX is set but nginx is not installed")
        pytest.skip("nginx is not installed (apt-get install nginx); CI installs it and runs this")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="nginx-test-", dir=WORK_DIR))
    # nginx's workers run as another user: they must reach its folder and the media.
    folder.chmod(0o755)
    for directory, _, _ in os.walk(settings.MEDIA_ROOT):
        Path(directory).chmod(0o755)
    port = int(live_server.url.rsplit(":", 1)[1])
    try:
        with Nginx(folder, [port], settings.MEDIA_ROOT) as server:
            yield server
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_nginx_refuses_private_image_files_to_the_public_and_serves_the_rest(
    transactional_db, nginx, client, admin_user, private_image, public_image
):
    for directory, _, files in os.walk(settings.MEDIA_ROOT):
        Path(directory).chmod(0o755)
        for name in files:
            (Path(directory) / name).chmod(0o644)
    client.force_login(admin_user)
    editor_cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    private_rendition = private_image.renditions.first()
    public_rendition = public_image.renditions.first()

    anonymous = [request(nginx.base + path).status for path in file_paths(private_image)]
    public = request(nginx.base + MEDIA + public_rendition.file.name)
    editor = request(nginx.base + MEDIA + private_rendition.file.name, headers={"Cookie": editor_cookie})
    asked_directly = request(nginx.base + "/_util/media-access/").status

    assert set(anonymous) == {403}
    assert public.status == 200
    assert public.body == Path(public_rendition.file.path).read_bytes()
    assert public.headers["cache-control"] == "public, max-age=86400"
    assert public.headers["content-security-policy"] == "default-src 'none'"
    assert editor.status == 200
    assert editor.body == Path(private_rendition.file.path).read_bytes()
    assert editor.headers["cache-control"] == "private, no-store"
    assert asked_directly == 404
