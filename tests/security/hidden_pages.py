"""One page of every kind that must never reach an anonymous reader, for the leak tests of
every channel (the site's here; the API's reuse ``make_hidden_content``).

Each hidden page carries a unique marker word in its slug, title, summary and body, so a
test asserts simply that the marker appears nowhere in what a channel returns. Around them,
visible content that refers to them the ways real content does: news sharing their topic
(related news), a related-pages block and Legal Eye callout choosing them, the home page
featuring them, and visible news written by hidden authors.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.nations import Nation
from home.models import HomePageFeaturedItem
from people.models import PersonRole
from tests.factories import (
    AdviceTopicPageFactory,
    EmployerFactory,
    LegalEyeArticlePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PersonPageFactory,
    RegionFactory,
    StandardPageFactory,
)

TOPIC = "pay"

# kind: how a page is hidden. Every kind is made for news and for Legal Eye articles.
KINDS = [
    "password",  # view restriction: a shared password
    "login",  # view restriction: any signed-in user
    "groups",  # view restriction: members of a group
    "restricted-parent",  # no restriction of its own; its parent has one
    "draft",  # created, never published
    "unpublished",  # published, then unpublished
    "scheduled",  # published with a go-live date still in the future
    "expired",  # its expiry date has passed
    "pending-changes",  # live, but these words are only in an unpublished newer revision
]


@dataclass
class HiddenPage:
    kind: str
    page_type: str
    page: object
    marker: str


@dataclass
class HiddenContent:
    pages: list
    hidden_authors: list
    visible_news: object
    visible_article: object
    visible_standard_page: object
    news_by_hidden_author: object
    article_by_hidden_author: object
    region: object
    employer: object
    visible_officer: object
    extra: dict = field(default_factory=dict)

    @property
    def markers(self):
        return [hidden.marker for hidden in self.pages] + [author.title for author in self.hidden_authors]

    def leaked_markers(self, text):
        """The markers present in ``text`` (case-insensitive): what a test expects to be empty."""
        lowered = text.lower()
        return [marker for marker in self.markers if marker.lower() in lowered]


def marker_for(kind, page_type):
    return "hiddenmarker" + (kind + page_type).replace("-", "")


def block_id():
    return str(uuid.uuid4())


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>", "id": block_id()}


def restrict(page, kind):
    if kind == "password":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
    elif kind == "login":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    elif kind == "groups":
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get_or_create(name="National Committee")[0]])


def hide(kind, factory, parent, page_type, restricted_parent, **fields):
    """Make one page of ``kind`` under ``parent`` (or under ``restricted_parent``)."""
    marker = marker_for(kind, page_type)
    words = {
        "title": f"Members only {marker}",
        "slug": marker,
        "body": [paragraph(f"Confidential {marker} detail for members.")],
        **fields,
    }
    if kind == "pending-changes":
        page = factory(
            parent=parent, title=f"Published {page_type} with pending changes", slug=f"pending-{page_type}"
        )
        page.title = words["title"]
        page.slug = marker
        page.body = words["body"]
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision()
    elif kind == "restricted-parent":
        page = factory(parent=restricted_parent, **words)
    elif kind == "draft":
        page = factory(parent=parent, live=False, **words)
        page.save_revision()
    elif kind == "unpublished":
        page = factory(parent=parent, **words)
        page.save_revision().publish()
        page.unpublish()
    elif kind == "scheduled":
        page = factory(parent=parent, live=False, **words)
        page.go_live_at = timezone.now() + datetime.timedelta(days=3)
        page.save_revision().publish()
    elif kind == "expired":
        page = factory(parent=parent, live=False, expired=True, **words)
        page.expire_at = timezone.now() - datetime.timedelta(days=1)
        page.save()
    else:
        page = factory(parent=parent, **words)
        restrict(page, kind)
    page.refresh_from_db()
    assert (
        kind == "pending-changes"
        or not page.live
        or page.get_view_restrictions().exists()
        or (kind == "restricted-parent")
    ), kind
    return HiddenPage(kind=kind, page_type=page_type, page=page, marker=marker)


def make_hidden_content(tree):
    """Every kind of hidden news item and Legal Eye article, hidden authors and officers, and
    the visible content that points at them. ``tree`` is ``tests.factories.build_site_tree()``."""
    region = RegionFactory(name="London")
    employer = EmployerFactory(name="Barts Health NHS Trust", region=region)
    visible_officer = PersonPageFactory(
        parent=tree.people_index, title="Sam Visible", role=PersonRole.NATIONAL_OFFICER, regions=[region]
    )

    members_news = NewsIndexPageFactory(parent=tree.home, title="Members' news", slug="members-news")
    restrict(members_news, "login")
    topic = AdviceTopicPageFactory(
        parent=tree.advice_index, title="Pay and conditions", slug="pay-and-conditions"
    )
    members_topic = AdviceTopicPageFactory(
        parent=tree.advice_index, title="Members' advice", slug="members-advice"
    )
    restrict(members_topic, "password")

    pages = []
    for kind in KINDS:
        news = hide(
            kind,
            NewsPageFactory,
            tree.news_index,
            "news",
            members_news,
            standfirst=f"Standfirst {marker_for(kind, 'news')}.",
        )
        article = hide(
            kind,
            LegalEyeArticlePageFactory,
            topic,
            "legaleye",
            members_topic,
            summary=f"Summary {marker_for(kind, 'legaleye')}.",
        )
        for hidden in (news, article):
            hidden.page.specific.tags.add(TOPIC)
            hidden.page.specific.save()
        pages += [news, article]

    draft_author = PersonPageFactory(
        parent=tree.people_index,
        title="hiddenmarkerdraftauthor",
        slug="hiddenmarkerdraftauthor",
        live=False,
        regions=[region],
    )
    private_author = PersonPageFactory(
        parent=tree.people_index,
        title="hiddenmarkerprivateauthor",
        slug="hiddenmarkerprivateauthor",
        regions=[region],
    )
    restrict(private_author, "login")
    hidden_authors = [draft_author, private_author]

    visible_news = NewsPageFactory(
        parent=tree.news_index,
        title="Pay award announced",
        slug="pay-award",
        body=[
            paragraph("What the pay award means."),
            {
                "type": "related_pages",
                "value": {"heading": "Related content", "pages": [hidden.page.pk for hidden in pages]},
                "id": block_id(),
            },
            *[
                {
                    "type": "legal_eye",
                    "value": {
                        "heading": "Do you have an HR problem?",
                        "text": "Read our advice.",
                        "page": hidden.page.pk,
                        "link_label": "Read our Legal Eye advice",
                    },
                    "id": block_id(),
                }
                for hidden in pages
                if hidden.page_type == "legaleye"
            ],
        ],
    )
    visible_news.tags.add(TOPIC)
    visible_news.save()
    visible_article = LegalEyeArticlePageFactory(
        parent=topic, title="Your pay rights", slug="pay-rights", nations=[Nation.ENGLAND]
    )
    visible_article.tags.add(TOPIC)
    visible_article.save()
    visible_standard_page = StandardPageFactory(
        parent=tree.about,
        title="Pay campaign",
        slug="pay-campaign",
        body=[
            {
                "type": "related_pages",
                "value": {
                    "heading": "Read more",
                    "pages": [hidden.page.pk for hidden in pages] + [visible_news.pk],
                },
                "id": block_id(),
            }
        ],
    )
    news_by_hidden_author = NewsPageFactory(
        parent=tree.news_index, title="Team news", slug="team-news", author=draft_author
    )
    NewsPageFactory(
        parent=tree.news_index, title="More team news", slug="more-team-news", author=private_author
    )
    article_by_hidden_author = LegalEyeArticlePageFactory(
        parent=topic, title="Flexible working", slug="flexible-working", author=private_author
    )
    for position, hidden in enumerate(pages[:3]):
        HomePageFeaturedItem.objects.create(page=tree.home, link_page=hidden.page, sort_order=position)

    return HiddenContent(
        pages=pages,
        hidden_authors=hidden_authors,
        visible_news=visible_news,
        visible_article=visible_article,
        visible_standard_page=visible_standard_page,
        news_by_hidden_author=news_by_hidden_author,
        article_by_hidden_author=article_by_hidden_author,
        region=region,
        employer=employer,
        visible_officer=visible_officer,
        extra={"members_news": members_news, "members_topic": members_topic, "topic": topic},
    )
