"""Renditions are made by the background worker only (cms/site/renditions.py): after an upload
commits, and by ``manage.py generate_renditions``, for exactly the sizes the templates and
the API use. No request makes one: not the upload, not a reader's page, not the API. Until
the worker has made them, a page shows a placeholder (never the original file) and the API
lists no rendition. A rendition that takes longer than its time budget is abandoned and
logged."""

import itertools
import re
import time
from io import StringIO
from pathlib import Path
from unittest.mock import patch

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.images.models import AbstractImage, Image, Rendition
from wagtail.models import Collection

from cms.api.representation import rendition_filters
from cms.site import renditions
from tests.factories import ImageFactory, NewsPageFactory, PersonPageFactory
from tests.security.uploads import photo_jpeg, upload
from tests.task_worker import run_background_tasks

pytestmark = pytest.mark.django_db


def RENDITION_TASKS():
    """The renditions' tasks (migrate also queues the daily and weekly tasks)."""
    return DBTaskResult.objects.filter(task_path="cms.site.renditions.generate_renditions_task")


IMAGE_TAG = re.compile(r"{%\s*(?:picture|srcset_image|image)\s+\S+\s+(.*?)%}")
FILTER = re.compile(r"^(?:width|height|max|min|fill|scale|format|original)[-\w{},]*$")


def expand(spec):
    """Wagtail's brace syntax: width-{400,800} format-{webp,jpeg} -> four filter specs."""
    parts = []
    for word in spec.split():
        match = re.fullmatch(r"(.*?){(.*)}", word)
        parts.append([match.group(1) + option for option in match.group(2).split(",")] if match else [word])
    return {"|".join(combination) for combination in itertools.product(*parts)}


def template_specs():
    found = set()
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for arguments in IMAGE_TAG.findall(template.read_text()):
            filters = " ".join(word for word in arguments.split() if FILTER.match(word))
            found |= expand(filters)
    return found


def run_the_worker():
    """What ``make run``'s worker does, once: every task queued on the background backend."""
    run_background_tasks()


@pytest.fixture
def no_resizing():
    """Fails the test if anything makes a rendition file while it is active."""
    with patch.object(
        AbstractImage, "generate_rendition_file", side_effect=AssertionError("a rendition was made")
    ) as generate:
        yield generate


def test_the_list_is_exactly_what_the_templates_and_the_api_ask_for():
    asked_for = template_specs() | set(rendition_filters())

    assert "width-400|format-webp" in asked_for
    assert "fill-1200x630" in asked_for
    assert asked_for == set(renditions.SPECS)


def test_the_worker_also_makes_the_rich_text_formats_and_the_admin_thumbnail():
    assert set(renditions.all_specs()) == {*renditions.SPECS, "width-800", "width-500", "max-165x165"}


# The upload: queued for the worker, nothing made on the request


def test_an_upload_queues_its_renditions_for_the_worker_and_makes_none(
    admin_client, django_capture_on_commit_callbacks, no_resizing
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/images/add/",
            {
                "title": "Conference",
                "collection": Collection.get_first_root_node().pk,
                "file": upload("conference.jpg", photo_jpeg(1600, 900), "image/jpeg"),
            },
        )

    assert response.status_code == 302
    image = Image.objects.get(title="Conference")
    assert not image.renditions.exists()
    queued = RENDITION_TASKS().get()
    assert queued.backend_name == "background"
    assert queued.task_path == "cms.site.renditions.generate_renditions_task"
    assert queued.args_kwargs["args"] == [image.pk]
    no_resizing.assert_not_called()


def test_the_worker_makes_every_rendition_once(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()

    run_the_worker()

    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(renditions.all_specs())
    assert set(RENDITION_TASKS().values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_replacing_the_file_queues_new_renditions_but_editing_the_title_does_not(
    django_capture_on_commit_callbacks,
):
    image = ImageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        image.title = "Renamed"
        image.save(update_fields=["title"])
    assert not RENDITION_TASKS().exists()

    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    assert RENDITION_TASKS().count() == 1


# Readers and the API: a fast, safe fallback until the worker has made them


@pytest.fixture
def page_with_unready_images(site_tree):
    hero = ImageFactory(description="Delegates at conference")
    inline = ImageFactory(description="A ballot paper")
    block = ImageFactory(description="The picket line")
    page = NewsPageFactory(
        parent=site_tree.news_index,
        hero_image=hero,
        hero_image_alt="",
        body__0__paragraph__value=(
            f'<p>Pay</p><embed embedtype="image" id="{inline.pk}" format="left" alt="A ballot paper"/>'
        ),
        body__1__image__image=block,
        body__1__image__alt_text="",
    )
    return page, [hero, inline, block]


def test_a_readers_page_shows_a_placeholder_and_never_the_original_or_a_resize(
    client, page_with_unready_images, no_resizing
):
    page, images = page_with_unready_images

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    main = BeautifulSoup(html, "html.parser").find("main")
    assert main.find("picture") is None and main.find("img") is None
    assert [pending.get("aria-label") for pending in main.select(".image-pending")] == [
        "Delegates at conference",
        "The picket line",
    ]
    assert 'property="og:image"' not in html
    for image in images:
        assert image.file.url not in html
    assert not Rendition.objects.exists()
    no_resizing.assert_not_called()


def test_the_api_lists_no_rendition_until_the_worker_has_made_them(
    client, page_with_unready_images, no_resizing
):
    page, images = page_with_unready_images

    detail = client.get(f"/api/v2/pages/{page.pk}/").json()
    listing = client.get("/api/v2/images/").json()

    assert detail["hero_image"]["renditions"] == []
    image_block = next(block for block in detail["body"] if block["type"] == "image")
    assert image_block["value"]["image"]["renditions"] == []
    assert "<img" not in detail["body_html"] and "image-pending" in detail["body_html"]
    paragraph = next(block for block in detail["body"] if block["type"] == "paragraph")
    assert "<img" not in paragraph["value"]
    assert {item["id"]: item["renditions"] for item in listing["items"]} == {image.pk: [] for image in images}
    for image in images:
        assert image.file.url not in str(detail)
    assert not Rendition.objects.exists()
    no_resizing.assert_not_called()


def test_once_the_worker_has_made_them_readers_get_them_and_still_nothing_is_made(
    client, page_with_unready_images
):
    page, images = page_with_unready_images
    for image in images:
        renditions.generate(image)
    made = Rendition.objects.count()

    with patch.object(
        AbstractImage, "generate_rendition_file", side_effect=AssertionError("made on a request")
    ):
        html = client.get(page.url).content.decode()
        detail = client.get(f"/api/v2/pages/{page.pk}/").json()

    hero = images[0]
    assert hero.get_rendition("width-800|format-webp").url in html
    assert hero.get_rendition("fill-1200x630").url in html  # og:image
    # The rich text image: a responsive picture from the renditions made ahead of time.
    inline = images[1].get_rendition("width-800|format-jpeg").url
    assert inline in html
    assert "image-pending" not in html
    assert len(detail["hero_image"]["renditions"]) == 6
    paragraph = next(block for block in detail["body"] if block["type"] == "paragraph")
    assert inline in paragraph["value"]
    assert inline in detail["body_html"]
    assert Rendition.objects.count() == made


def test_pages_cached_with_a_placeholder_show_the_image_once_the_worker_has_made_it(
    client, page_with_unready_images, django_capture_on_commit_callbacks
):
    page, images = page_with_unready_images
    assert "image-pending" in client.get(page.url).content.decode()
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    api_before = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert api_before["hero_image"]["renditions"] == []

    with django_capture_on_commit_callbacks(execute=True):
        for image in images:
            renditions.generate_renditions_task.enqueue(image.pk)
    run_the_worker()

    html = client.get(page.url).content.decode()
    assert "image-pending" not in html
    assert images[0].get_rendition("width-800|format-webp").url in html
    assert len(client.get(f"/api/v2/pages/{page.pk}/").json()["hero_image"]["renditions"]) == 6


def test_people_listings_and_profiles_leave_out_a_photo_without_renditions(client, site_tree, no_resizing):
    person = PersonPageFactory(parent=site_tree.people_index, photo=ImageFactory())

    profile = client.get(person.url)
    listing = client.get(site_tree.people_index.url)

    assert profile.status_code == listing.status_code == 200
    assert person.photo.file.url not in profile.content.decode() + listing.content.decode()
    assert BeautifulSoup(profile.content, "html.parser").find("main").find("picture") is None
    assert not Rendition.objects.exists()


# The time budget


def test_a_rendition_over_its_time_budget_is_abandoned_and_logged(caplog):
    image = ImageFactory()

    def slow(*args, **kwargs):
        time.sleep(30)

    started = time.monotonic()
    with (
        override_settings(RENDITION_TIME_BUDGET_SECONDS=0.5),
        patch.object(AbstractImage, "generate_rendition_file", side_effect=slow),
    ):
        made = renditions.generate(image)
    elapsed = time.monotonic() - started

    assert made == 0
    assert not image.renditions.exists()
    # Every rendition was given up after its half second, not after 30 s.
    assert elapsed < len(renditions.all_specs()) * 0.5 + 5
    abandoned = [record for record in caplog.records if "abandoned" in record.getMessage()]
    assert len(abandoned) == len(renditions.all_specs())
    assert f"of image {image.pk}" in abandoned[0].getMessage()
    assert abandoned[0].levelname == "WARNING"


def test_a_rendition_that_fails_is_logged_and_the_others_are_still_made(caplog):
    image = ImageFactory()
    real = AbstractImage.generate_rendition_file

    def fails_for_webp(self, filter, **kwargs):
        if "webp" in filter.spec:
            raise OSError("cannot encode")
        return real(self, filter, **kwargs)

    with patch.object(AbstractImage, "generate_rendition_file", fails_for_webp):
        made = renditions.generate(image)

    assert made == len(renditions.all_specs()) - 3
    assert not image.renditions.filter(filter_spec__contains="webp").exists()
    assert sum("failed in its child process" in record.getMessage() for record in caplog.records) == 3


# Images from before, or after a change of the list


def test_generate_renditions_makes_only_the_missing_ones():
    images = ImageFactory.create_batch(2)
    renditions.generate(images[0])
    images[0].renditions.filter(filter_spec="width-400|format-jpeg").delete()
    out = StringIO()

    call_command("generate_renditions", stdout=out)

    assert f"{len(renditions.all_specs()) + 1} renditions made for 2 images" in out.getvalue()
    for image in images:
        assert image.renditions.count() == len(renditions.all_specs())
    call_command("generate_renditions", stdout=out)
    assert "0 renditions made" in out.getvalue()
