"""Sync as an offline app lives it, checked by Hypothesis: editors do anything the admin lets
them (publish, unpublish, delete, move, restrict, alias, copy, rename tags and regions, change
settings, edit images, move and restrict collections) while apps sync at arbitrary points,
some stopping part-way through a sync. Whenever we look, every app's copy, built only by
applying deltas, must equal a fresh full sync item by item, and that must equal what the API's
detail URLs serve.

Each Hypothesis example runs inside a savepoint that is rolled back afterwards, so every
example starts from the same site (the ``content`` fixture plus a little more, below)."""

import os
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.utils.text import slugify
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from taggit.models import Tag
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site

from cms.api.sync import KINDS
from cms.content import versions
from home.models import SiteSettings, StandardPage
from people.models import Employer, Region
from tests.api.conftest import publish
from tests.api.test_api_sync import App, fresh_state
from tests.factories import AdviceTopicPageFactory, StandardPageFactory

EDITOR = "stateful-editor"
SYNC_LIMIT = 3  # small, so every sync pages through snapshots and deltas
MAX_MIRRORS = 3

# Words editors type, with characters that must survive HTML, JSON and slugs.
WORDS = st.sampled_from(
    ["Pay award", "Négociations", "Q&A <draft>", 'The "new" deal', "Équipe d'Écosse", "Bank staff"]
)

# Without shrinking a failure takes no longer than a pass; the failing steps are printed
# anyway. HYPOTHESIS_SHRINK=1 shrinks them to a minimal program (minutes) when debugging;
# SYNC_STATEFUL_EXAMPLES=100 explores further (a nightly run, or after changing the core).
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
RUNS = settings(
    max_examples=int(os.environ.get("SYNC_STATEFUL_EXAMPLES", "20")),
    phases=[*PHASES, Phase.shrink] if os.environ.get("HYPOTHESIS_SHRINK") else PHASES,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


class Mirror(App):
    """An app's copy, built only from what sync sends, checking each response's shape."""

    def __init__(self, api, name):
        super().__init__(api)
        self.name = name

    def __repr__(self):
        return self.name

    def fetch(self, limit=SYNC_LIMIT):
        data = super().fetch(limit)
        sent = [(item["kind"], item["id"]) for item in data["updated"]]
        sent += [(tombstone["kind"], tombstone["id"]) for tombstone in data["deleted"]]
        assert len(sent) == len(set(sent)), f"a resource appears twice in one response: {sent}"
        assert {kind for kind, _ in sent} <= set(KINDS)
        for tombstone in data["deleted"]:
            assert tombstone["type"] and tombstone["deleted_at"], tombstone
        return data


def differences(mirror, expected, mirror_name, expected_name):
    """What differs between two copies, readably: missing, extra and differing items (with the
    paths of the fields that differ, e.g. ``meta.parent.title``)."""
    lines = []
    for key in sorted(set(expected) - set(mirror)):
        label = expected[key].get("title") or expected[key].get("name")
        lines.append(f"{mirror_name} lacks {key} ({label})")
    for key in sorted(set(mirror) - set(expected)):
        lines.append(f"{mirror_name} has {key}, which {expected_name} does not")
    for key in sorted(set(mirror) & set(expected)):
        fields = "; ".join(
            f"{path}: {ours!r} != {theirs!r}"
            for path, ours, theirs in field_differences(mirror[key], expected[key])
        )
        if fields:
            lines.append(f"{mirror_name} {key} differs from {expected_name}: {fields}")
    return lines


def field_differences(ours, theirs, path=""):
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for name in sorted(set(ours) | set(theirs)):
            yield from field_differences(ours.get(name), theirs.get(name), f"{path}.{name}" if path else name)
    elif ours != theirs:
        yield path, ours, theirs


def build_world(content):
    """The starting site: the ``content`` fixture, plus a public section with a child (so
    there is a public subtree to unpublish, restrict or move), a second advice topic (somewhere
    to move a Legal Eye article), a page tree outside the site (somewhere to move pages out to),
    and media in two collections of their own."""
    section = StandardPageFactory(parent=content.tree.about, title="Branch network", slug="branches")
    StandardPageFactory(parent=section, title="Branch meetings", slug="meetings")
    AdviceTopicPageFactory(parent=content.tree.advice_index, title="Pay & conditions", slug="pay")
    StandardPage.get_first_root_node().add_child(
        instance=StandardPage(title="Archive (another site)", slug="archive")
    )
    root = Collection.get_first_root_node()
    assets = root.add_child(name="Campaign assets")
    photos = root.add_child(name="Staff photos")
    for item, collection in ((content.image, assets), (content.document, assets), (content.photo, photos)):
        item.collection = collection
        item.save()
    # Images carry tags too, which their API items show.
    content.image.tags.add("pay")
    get_user_model().objects.create_superuser(username=EDITOR, email="editor@miphealth.org.uk", password="x")


class EditorsAndApps(RuleBasedStateMachine):
    """Editors change the site; apps sync now and then; a check compares every copy."""

    def __init__(self):
        super().__init__()
        # Rolled back in teardown: the next example starts from the same site.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        cache.clear()
        versions.forget()
        self.api = Client()
        self.mirrors = [Mirror(self.api, "app 0")]
        self.counter = 0
        self.editor = get_user_model().objects.get(username=EDITOR)

    def teardown(self):
        try:
            if sys.exc_info()[0] is None:
                # However the steps ended, the apps catch up and must be right.
                self.check()
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            cache.clear()
            versions.forget()

    # Helpers ------------------------------------------------------------------------------

    def unique(self, words):
        self.counter += 1
        return f"{words} {self.counter}"

    @staticmethod
    def pages(min_depth=2, **filters):
        """Pages (by default every page but the tree's root), in tree order, as base Pages."""
        return list(Page.objects.filter(depth__gte=min_depth, **filters).order_by("path"))

    @staticmethod
    def editable_pages(**filters):
        # Aliases are not edited: they follow their source.
        return [page for page in EditorsAndApps.pages(**filters) if page.alias_of_id is None]

    @staticmethod
    def publish(page):
        try:
            with transaction.atomic():
                publish(page)
        except ValidationError:
            pass  # the admin refuses it (a Legal Eye article with no body): nothing changes

    @staticmethod
    def parents_for(page):
        """Where the admin lets this page be created, copied or aliased to."""
        model = page.specific_class
        return [parent for parent in EditorsAndApps.pages() if model.can_create_at(parent)]

    # Sync ---------------------------------------------------------------------------------

    @initialize()
    def an_app_has_synced_the_starting_site(self):
        """So that every change below reaches it as a delta (later apps start from nothing)."""
        self.mirrors[0].sync(limit=SYNC_LIMIT)

    @precondition(lambda self: len(self.mirrors) < MAX_MIRRORS)
    @rule()
    def an_app_starts_syncing(self):
        """A new install: it starts from nothing, at whatever point the site is in."""
        self.mirrors.append(Mirror(self.api, f"app {len(self.mirrors)}"))

    @rule(data=st.data())
    def an_app_syncs(self, data):
        data.draw(st.sampled_from(self.mirrors)).sync(limit=SYNC_LIMIT)

    @rule(data=st.data())
    def an_app_fetches_one_page_and_goes_offline(self, data):
        """Part-way through a snapshot or a delta: editors carry on before it continues."""
        data.draw(st.sampled_from(self.mirrors)).fetch(limit=SYNC_LIMIT)

    @rule()
    def check(self):
        for mirror in self.mirrors:
            mirror.sync(limit=SYNC_LIMIT)
            again = mirror.fetch(limit=SYNC_LIMIT)
            assert (again["updated"], again["deleted"], again["has_more"]) == ([], [], False), (
                "a sync that just finished has nothing more to send"
            )
        fresh = Mirror(self.api, "a fresh full sync")
        fresh.sync(limit=100)
        problems = []
        for mirror in self.mirrors:
            problems += differences(mirror.store, fresh.store, mirror.name, fresh.name)
        assert not problems, "\n".join(problems)
        problems = differences(fresh.store, fresh_state(self.api), fresh.name, "the detail URLs")
        assert not problems, "\n".join(problems)

    # Pages --------------------------------------------------------------------------------

    @rule(data=st.data(), words=WORDS)
    def publish_a_page_with_a_new_title(self, data, words):
        page = data.draw(st.sampled_from(self.editable_pages()), label="page").specific
        page.title = self.unique(words)
        self.publish(page)

    @precondition(lambda self: Page.objects.filter(alias_of__isnull=False).exists())
    @rule(data=st.data(), words=WORDS)
    def publish_the_source_of_an_alias(self, data, words):
        aliases = self.pages(alias_of__isnull=False)
        source = data.draw(st.sampled_from(aliases), label="alias").alias_of.specific
        if source.alias_of_id is None:
            source.title = self.unique(words)
            self.publish(source)

    @precondition(lambda self: Page.objects.filter(depth__gt=1, live=True).exists())
    @rule(data=st.data(), with_descendants=st.booleans())
    def unpublish_a_page(self, data, with_descendants):
        page = data.draw(st.sampled_from(self.pages(live=True)), label="page")
        UnpublishPageAction(page.specific, user=self.editor, include_descendants=with_descendants).execute()

    @precondition(lambda self: Page.objects.filter(depth__gt=1, live=True, numchild__gt=0).exists())
    @rule(data=st.data())
    def unpublish_a_parent(self, data):
        """Its children stay live, but their ``meta.parent`` changes."""
        parent = data.draw(st.sampled_from(self.pages(live=True, numchild__gt=0)), label="parent")
        parent.specific.unpublish(user=self.editor)

    @rule(data=st.data())
    def delete_a_page(self, data):
        # Not the site's root (the admin won't) nor the archive: depth 2.
        candidates = self.pages(min_depth=3)
        if candidates:
            data.draw(st.sampled_from(candidates), label="page").specific.delete(user=self.editor)

    @rule(data=st.data())
    def move_a_page(self, data):
        """Anywhere the admin's move chooser allows, including out of the site (under the
        archive) and back."""
        targets = self.pages()
        moves = []
        for page in self.pages(min_depth=3):
            specific = page.specific
            moves += [
                (specific, target)
                for target in targets
                if target.path != page.path[: -Page.steplen]
                and not target.path.startswith(page.path)  # the admin refuses a move into itself
                and specific.can_move_to(target)
            ]
        if moves:
            page, target = data.draw(st.sampled_from(moves), label="move")
            page.move(target, pos="last-child", user=self.editor)

    def restrict(self, data, candidates):
        if candidates:
            page = data.draw(st.sampled_from(candidates), label="page")
            kind = data.draw(st.sampled_from([PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD]))
            PageViewRestriction.objects.create(
                page=page, restriction_type=kind, password="s3cret" if kind == "password" else ""
            )

    @rule(data=st.data())
    def restrict_a_page(self, data):
        self.restrict(data, self.pages(numchild=0, view_restrictions__isnull=True))

    @rule(data=st.data())
    def restrict_a_section(self, data):
        self.restrict(data, self.pages(numchild__gt=0, view_restrictions__isnull=True))

    @precondition(lambda self: PageViewRestriction.objects.exists())
    @rule(data=st.data())
    def remove_a_restriction(self, data):
        restrictions = list(PageViewRestriction.objects.order_by("page__path"))
        data.draw(st.sampled_from(restrictions), label="restriction").delete()

    @rule(data=st.data(), recursive=st.booleans())
    def create_an_alias(self, data, recursive):
        """As the admin's "Create alias" does: under a parent that may hold the page, with a
        new slug when a sibling already has its slug."""
        options = [
            (page, parent) for page in self.editable_pages(min_depth=3) for parent in self.parents_for(page)
        ]
        if not options:
            return
        page, parent = data.draw(st.sampled_from(options), label="alias of, under")
        if parent.path.startswith(page.path):
            recursive = False  # the admin refuses to alias a page's descendants into itself
        page.specific.create_alias(
            parent=parent,
            update_slug=slugify(self.unique(f"{page.slug} alias")),
            recursive=recursive,
            user=self.editor,
        )

    @rule(data=st.data(), words=WORDS, recursive=st.booleans())
    def copy_and_publish_a_page(self, data, words, recursive):
        options = [
            (page, parent) for page in self.editable_pages(min_depth=3) for parent in self.parents_for(page)
        ]
        if not options:
            return
        page, parent = data.draw(st.sampled_from(options), label="copy, to")
        if parent.path.startswith(page.path):
            recursive = False
        title = self.unique(words)
        page.specific.copy(
            to=parent,
            update_attrs={"title": title, "slug": slugify(title)},
            keep_live=True,
            recursive=recursive,
            user=self.editor,
        )

    # Tags, directory, settings --------------------------------------------------------------

    @precondition(lambda self: Tag.objects.exists())
    @rule(data=st.data(), words=WORDS)
    def rename_a_tag(self, data, words):
        tag = data.draw(st.sampled_from(list(Tag.objects.order_by("pk"))), label="tag")
        tag.name = self.unique(words)
        tag.slug = slugify(tag.name)
        tag.save()

    @precondition(lambda self: Tag.objects.exists())
    @rule(data=st.data())
    def delete_a_tag(self, data):
        data.draw(st.sampled_from(list(Tag.objects.order_by("pk"))), label="tag").delete()

    @rule(data=st.data(), words=WORDS)
    def rename_a_region(self, data, words):
        region = data.draw(st.sampled_from(list(Region.objects.order_by("pk"))), label="region")
        region.name = self.unique(words)
        region.save()

    @rule(data=st.data(), words=WORDS, rename=st.booleans(), move=st.booleans())
    def change_an_employer(self, data, words, rename, move):
        employer = data.draw(st.sampled_from(list(Employer.objects.order_by("pk"))), label="employer")
        if rename:
            employer.name = self.unique(words)
        if move or not rename:
            employer.region = Region.objects.exclude(pk=employer.region_id).order_by("pk").first()
        employer.save()

    @rule(words=WORDS)
    def change_the_legal_eye_disclaimer(self, words):
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.legal_eye_disclaimer = self.unique(words)
        site_settings.save()

    # Images, documents, collections -------------------------------------------------------------

    @rule(data=st.data(), words=WORDS, model=st.sampled_from(["image", "document"]))
    def edit_a_title(self, data, words, model):
        model = get_image_model() if model == "image" else get_document_model()
        obj = data.draw(st.sampled_from(list(model.objects.order_by("pk"))), label="item")
        obj.title = self.unique(words)
        obj.save()

    @staticmethod
    def collections():
        return list(Collection.objects.filter(depth__gt=1).order_by("path"))

    @staticmethod
    def private_collections():
        restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
        return [c for c in EditorsAndApps.collections() if any(c.path.startswith(p) for p in restricted)]

    def make_private(self, collection):
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )

    @rule(data=st.data())
    def make_a_collection_private(self, data):
        candidates = [c for c in self.collections() if not c.view_restrictions.exists()]
        if candidates:
            self.make_private(data.draw(st.sampled_from(candidates), label="collection"))

    @precondition(lambda self: CollectionViewRestriction.objects.exists())
    @rule(data=st.data())
    def make_a_collection_public_again(self, data):
        restrictions = list(CollectionViewRestriction.objects.order_by("pk"))
        data.draw(st.sampled_from(restrictions), label="restriction").delete()

    def move_collection(self, collection, target):
        # As the admin's collection edit view does: save the form, then move.
        collection.save()
        collection.move(target, "sorted-child")

    @rule(data=st.data())
    def move_a_collection_under_a_private_one(self, data):
        private = self.private_collections()
        if not private:
            members = Collection.get_first_root_node().add_child(name=self.unique("Members area"))
            self.make_private(members)
            private = [members]
        moves = [
            (collection, target)
            for collection in self.collections()
            for target in private
            if not target.path.startswith(collection.path) and collection.get_parent().pk != target.pk
        ]
        if moves:
            self.move_collection(*data.draw(st.sampled_from(moves), label="collection, under"))

    @rule(data=st.data())
    def move_a_collection(self, data):
        moves = [
            (collection, target)
            for collection in self.collections()
            for target in [Collection.get_first_root_node(), *self.collections()]
            if not target.path.startswith(collection.path) and collection.get_parent().pk != target.pk
        ]
        if moves:
            self.move_collection(*data.draw(st.sampled_from(moves), label="collection, under"))

    @rule(data=st.data(), model=st.sampled_from(["image", "document"]))
    def move_an_item_to_another_collection(self, data, model):
        model = get_image_model() if model == "image" else get_document_model()
        obj = data.draw(st.sampled_from(list(model.objects.order_by("pk"))), label="item")
        targets = [c for c in Collection.objects.order_by("path") if c.pk != obj.collection_id]
        obj.collection = data.draw(st.sampled_from(targets), label="to")
        obj.save()


@pytest.mark.django_db
def test_a_mirror_built_from_deltas_always_equals_a_fresh_full_sync(content):
    build_world(content)

    run_state_machine_as_test(EditorsAndApps, settings=RUNS)
