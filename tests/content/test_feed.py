"""The change feed (cms/content/feed.py, fanout.py, receivers.py): every change that alters
anything public appends, in its own transaction, exactly the resources it affects."""

import pytest
from django.db import transaction
from taggit.models import Tag
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.content.models import Change
from home.models import SiteSettings
from tests.api.conftest import publish
from tests.factories import ImageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def recorded(action):
    """{key: event} of the rows ``action`` appends to the feed."""
    before = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0
    action()
    return dict(Change.objects.filter(id__gt=before).values_list("key", "event"))


def page(key_page):
    return f"page:{key_page.pk}"


def test_publishing_a_news_item_records_it_its_author_its_listings_and_what_links_to_it(content):
    news = content.news[0]
    linking = StandardPageFactory(
        parent=content.tree.about,
        body=[{"type": "paragraph", "value": f'<p><a linktype="page" id="{news.pk}">pay</a></p>'}],
    )

    rows = recorded(lambda: publish(news))

    assert rows[page(news)] == "published"
    assert f"listing-on:{content.author.pk}" in rows, "the author's profile lists their news"
    assert page(content.author) not in rows, "the profile's own content did not change"
    assert rows[page(linking)] == "updated", "a rich text link to it (the reference index)"
    assert {"list:home.NewsPage", "list:wagtailcore.Page", f"children:{content.tree.news_index.pk}"} <= set(
        rows
    )
    assert page(content.legal_eye) not in rows
    assert page(content.officer) not in rows


def test_changing_the_author_marks_the_old_and_the_new_profile(content):
    news = content.news[0]
    news.author = content.officer

    rows = recorded(lambda: publish(news))

    assert {f"listing-on:{content.author.pk}", f"listing-on:{content.officer.pk}"} <= set(rows)


def test_an_alias_made_with_create_alias_is_recorded_and_follows_its_source(content):
    source = StandardPageFactory(parent=content.tree.about, title="Our goals and values")

    alias_rows = {}

    def make_alias():
        alias_rows["alias"] = source.create_alias(parent=content.tree.about, update_slug="legal-eye-alias")

    rows = recorded(make_alias)
    alias = alias_rows["alias"]
    assert rows[page(alias)] == "published"

    rows = recorded(lambda: publish(source))
    assert rows[page(alias)] in ("published", "updated")


def test_copy_and_publish_is_recorded(content):
    copies = {}

    def copy():
        copies["copy"] = content.news[0].copy(update_attrs={"slug": "copied-news"}, keep_live=True)

    rows = recorded(copy)

    assert rows[page(copies["copy"])] == "published"


def test_unpublishing_a_parent_re_sends_its_children(content):
    section = StandardPageFactory(parent=content.tree.about, title="Branches")
    child = StandardPageFactory(parent=section, title="Leeds branch")

    rows = recorded(section.unpublish)

    assert rows[page(section)] == "unpublished"
    assert rows[page(child)] == "updated", "its meta.parent is now null"


def test_renaming_a_page_re_sends_its_children(content):
    rows = recorded(
        lambda: (
            setattr(content.tree.news_index, "title", "News and views"),
            publish(content.tree.news_index),
        )
    )

    assert {page(item) for item in content.news} <= set(rows)


def test_a_restriction_marks_the_section_and_everything_below(content):
    section = StandardPageFactory(parent=content.tree.about)
    child = StandardPageFactory(parent=section)

    rows = recorded(lambda: PageViewRestriction.objects.create(page=section, restriction_type="login"))

    assert {page(section), page(child)} <= set(rows)


def test_a_move_marks_the_page_its_descendants_and_both_parents(content):
    section = StandardPageFactory(parent=content.tree.about)
    child = StandardPageFactory(parent=section)

    rows = recorded(lambda: section.move(content.tree.home, pos="last-child"))

    assert {
        page(section),
        page(child),
        f"children:{content.tree.about.pk}",
        f"children:{content.tree.home.pk}",
    } <= set(rows)


def test_deleting_a_page_records_it_once_as_deleted(content):
    news = content.news[0]
    rows = recorded(lambda: Page.objects.get(pk=news.pk).delete())

    assert rows[page(news)] == "deleted"
    assert Change.objects.filter(key=page(news), event="deleted").count() == 1


def test_renaming_a_region_marks_the_officers_covering_it(content):
    content.region.name = "Greater London"

    rows = recorded(content.region.save)

    assert rows[f"region:{content.region.pk}"] == "updated"
    assert rows[page(content.officer)] == "updated"
    assert "directory" in rows
    assert page(content.author) not in rows


def test_renaming_and_deleting_a_tag_marks_the_pages_carrying_it(content):
    tag = Tag.objects.get(name="pay")
    tag.name, tag.slug = "Pay and conditions", "pay-and-conditions"

    rows = recorded(tag.save)
    assert {page(item) for item in content.news} <= set(rows)
    assert page(content.legal_eye) not in rows

    rows = recorded(Tag.objects.get(name="equality").delete)
    assert page(content.legal_eye) in rows


def test_the_legal_eye_disclaimer_marks_every_article(content):
    settings_row = SiteSettings.for_site(content.tree.site)
    settings_row.save()
    settings_row.legal_eye_disclaimer = "General information, not legal advice."

    rows = recorded(settings_row.save)

    assert rows[page(content.legal_eye)] == "updated"
    assert "settings" in rows
    assert page(content.news[0]) not in rows


def test_an_image_edit_marks_pages_that_show_it_and_those_that_show_them(content):
    content.photo.title = "New portrait"

    rows = recorded(content.photo.save)

    assert rows[f"image:{content.photo.pk}"] == "updated"
    assert page(content.author) in rows, "the profile shows the photo"
    assert page(content.news[0]) in rows, "the news item shows its author's photo"


def test_moving_a_collection_under_a_private_one_marks_its_media(content):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Members only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    press = root.add_child(name="Press")
    photo = ImageFactory(collection=press)

    def move_like_the_admin():
        # Wagtail's collection edit view saves the collection, then moves it.
        with transaction.atomic():
            press.save()
            press.move(private, "sorted-child")

    rows = recorded(move_like_the_admin)

    assert rows[f"image:{photo.pk}"] == "updated"


def test_a_rolled_back_change_leaves_nothing_in_the_feed(content):
    before = Change.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        publish(content.news[0])
        raise RuntimeError("the request failed part-way")

    assert Change.objects.count() == before


def test_scheduled_publishing_and_expiry_are_recorded(content):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    scheduled = NewsPageFactory(parent=content.tree.news_index, live=False)
    revision = scheduled.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(seconds=1)
    revision.save()
    expiring = content.news[1]
    Page.objects.filter(pk=expiring.pk).update(expire_at=timezone.now() - datetime.timedelta(seconds=1))

    rows = recorded(lambda: call_command("publish_scheduled"))

    assert rows[page(scheduled)] == "published"
    assert rows[page(expiring)] == "unpublished"
