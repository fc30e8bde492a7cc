"""The one rule for what the public may see (cms/content/visibility.py), checked on a page in
hand and as a queryset filter, which must always agree."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from cms.content import versions
from cms.content.visibility import Restrictions
from home.models import NewsPage
from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def public():
    versions.forget()
    return versions.public_content()


def agree(page):
    """The answer for one page, after checking the in-hand and queryset answers agree."""
    rule = public()
    in_hand = rule.is_public(Page.objects.get(pk=page.pk))
    listed = rule.visible(Page.objects.filter(pk=page.pk)).exists()
    assert in_hand == listed, page.title
    return in_hand


def test_a_live_page_in_the_site_is_public(site_tree):
    assert agree(NewsPageFactory(parent=site_tree.news_index))


def test_drafts_and_unpublished_pages_are_not(site_tree):
    draft = NewsPageFactory(parent=site_tree.news_index, live=False)
    unpublished = NewsPageFactory(parent=site_tree.news_index)
    unpublished.unpublish()

    assert not agree(draft)
    assert not agree(unpublished)


def test_a_page_past_its_expiry_is_hidden_before_publish_scheduled_runs(site_tree):
    expired = NewsPageFactory(parent=site_tree.news_index)
    child_of_expired = StandardPageFactory(parent=site_tree.about)
    Page.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    later = NewsPageFactory(
        parent=site_tree.news_index, expire_at=timezone.now() + datetime.timedelta(days=1)
    )

    assert not agree(expired)
    assert agree(later)
    assert agree(child_of_expired)


def test_a_restriction_hides_the_page_and_everything_below_it(site_tree):
    section = StandardPageFactory(parent=site_tree.about, title="Members only")
    child = StandardPageFactory(parent=section, title="Branch minutes")
    grandchild = StandardPageFactory(parent=child, title="Annex")
    sibling = StandardPageFactory(parent=site_tree.about, title="Open to all")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)

    assert [agree(page) for page in (section, child, grandchild, sibling)] == [False, False, False, True]


def test_an_alias_of_a_restricted_page_is_restricted_too(site_tree):
    """Wagtail's own check uses the source's restrictions for an alias; so does the rule."""
    section = StandardPageFactory(parent=site_tree.about, title="Members only")
    source = StandardPageFactory(parent=section, title="Members' guide")
    alias = source.create_alias(parent=site_tree.home, update_slug="members-guide-alias")
    alias_of_alias = alias.create_alias(parent=site_tree.about, update_slug="alias-two")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert not agree(alias)
    assert not agree(alias_of_alias)


def test_a_page_outside_the_site_is_not_public(site_tree):
    other_root = Page.get_first_root_node().add_child(instance=NewsPage(title="Elsewhere", slug="elsewhere"))

    assert not agree(other_root)


def test_media_in_a_restricted_collection_or_below_one_is_hidden():
    root = Collection.get_first_root_node()
    private = root.add_child(name="Members only")
    inside = private.add_child(name="Members only / photos")
    open_collection = root.add_child(name="Press")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    hidden_image = ImageFactory(collection=inside)
    hidden_document = DocumentFactory(collection=private)
    shown_image = ImageFactory(collection=open_collection)

    rule = public()
    assert not rule.is_public_media(hidden_image)
    assert not rule.is_public_media(hidden_document)
    assert rule.is_public_media(shown_image)
    assert list(rule.visible_media(type(shown_image).objects.all())) == [shown_image]


def test_the_restrictions_are_read_once_per_version(site_tree, django_assert_num_queries):
    versions.restrictions()
    with django_assert_num_queries(1):  # the feed's head only
        versions.forget()
        versions.restrictions()


def test_a_new_restriction_is_read_with_the_new_version(site_tree):
    page = StandardPageFactory(parent=site_tree.about)
    assert public().is_public(page)

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert page.path in public().restricted_paths
    assert Restrictions.load().restricted_paths == public().restricted_paths
