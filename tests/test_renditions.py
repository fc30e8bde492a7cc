"""Renditions are made ahead of time (cms/renditions.py): on upload, and by
``manage.py generate_renditions``, for exactly the sizes the templates and the API use, so a
reader never waits for a resize."""

import itertools
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.images.models import Rendition

from cms import renditions
from cms.api.representation import rendition_filters
from tests.factories import ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

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


def test_the_list_is_exactly_what_the_templates_and_the_api_ask_for():
    asked_for = template_specs() | set(rendition_filters())

    assert "width-400|format-webp" in asked_for
    assert "fill-1200x630" in asked_for
    assert asked_for == set(renditions.SPECS)


def test_an_uploaded_image_gets_every_rendition_when_saved(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()

    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(renditions.SPECS)


def test_a_reader_never_waits_for_a_rendition(client, site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(description="Delegates at conference")
    page = NewsPageFactory(parent=site_tree.news_index, hero_image=image, hero_image_alt="")
    made_on_upload = Rendition.objects.count()

    response = client.get(page.url)

    assert response.status_code == 200
    assert image.get_rendition("width-800|format-webp").url in response.content.decode()
    assert Rendition.objects.count() == made_on_upload


def test_generate_renditions_makes_only_the_missing_ones():
    images = ImageFactory.create_batch(2)
    images[0].get_rendition("width-400|format-jpeg")
    out = StringIO()

    call_command("generate_renditions", stdout=out)

    assert f"{2 * len(renditions.SPECS) - 1} renditions made for 2 images" in out.getvalue()
    for image in images:
        assert image.renditions.count() == len(renditions.SPECS)
    call_command("generate_renditions", stdout=out)
    assert "0 renditions made" in out.getvalue()
