"""Fixtures for the API tests: a small but complete site whose pages use every kind of
content the API resolves (authors with photos, tags, hero images, rich text links, image
and document blocks, page choosers), plus one page of each hidden kind."""

import datetime
import uuid
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.nations import Nation
from events.event_times import LONDON
from people.models import PersonRole
from tests.factories import (
    AdviceTopicPageFactory,
    CampaignPageFactory,
    DocumentFactory,
    EmployerFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    RegionFactory,
    StandardPageFactory,
)


def block_id():
    return str(uuid.uuid4())


def rich_body(image, document, linked_page, related_pages, legal_eye_page):
    """A body with one of each block that refers to other content."""
    return [
        {"type": "heading", "value": {"text": "What the pay award means", "level": "h2"}, "id": block_id()},
        {
            "type": "paragraph",
            "value": (
                f'<p>Read <a linktype="page" id="{linked_page.pk}">our advice</a>, '
                f'download <a linktype="document" id="{document.pk}">the guide</a> or visit '
                '<a href="https://www.nhsemployers.org/">NHS Employers</a>.</p>'
                f'<embed alt="Managers meeting" embedtype="image" format="fullwidth" id="{image.pk}"/>'
            ),
            "id": block_id(),
        },
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "",
                "decorative": False,
                "caption": "At work",
                "credit": "",
            },
            "id": block_id(),
        },
        {
            "type": "quote",
            "value": {"quote": "Managers matter.", "attribution": "Jon Restell", "role": "Chief executive"},
            "id": block_id(),
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Need advice?",
                "text": "Talk to us.",
                "button_label": "Read the advice",
                "page": linked_page.pk,
                "link_url": "",
            },
            "id": block_id(),
        },
        {
            "type": "documents",
            "value": {
                "heading": "Downloads",
                "documents": [
                    {
                        "type": "item",
                        "value": {"document": document.pk, "title": "", "description": "The full guide"},
                        "id": block_id(),
                    }
                ],
            },
            "id": block_id(),
        },
        {
            "type": "accordion",
            "value": {
                "heading": "Questions",
                "items": [
                    {
                        "type": "item",
                        "value": {
                            "question": "Who can help?",
                            "answer": f'<p>Your <a linktype="page" id="{linked_page.pk}">officer</a>.</p>',
                        },
                        "id": block_id(),
                    }
                ],
            },
            "id": block_id(),
        },
        {
            "type": "table",
            "value": {
                "data": [["Band", "Rise"], ["8a", "5%"]],
                "first_row_is_table_header": True,
                "table_caption": "Pay rises",
            },
            "id": block_id(),
        },
        {
            "type": "legal_eye",
            "value": {
                "heading": "Do you have an HR problem?",
                "text": "Read our advice.",
                "page": legal_eye_page.pk,
                "link_label": "Read our Legal Eye advice",
            },
            "id": block_id(),
        },
        {
            "type": "related_pages",
            "value": {"heading": "Related content", "pages": [page.pk for page in related_pages]},
            "id": block_id(),
        },
    ]


def publish(page):
    """Publish the page's current state through a revision, as an editor does, so that
    Wagtail's publish signals fire."""
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page


@dataclass
class ContentSite:
    tree: object
    region: object
    other_region: object
    employer: object
    photo: object
    image: object
    document: object
    author: object
    officer: object
    topic: object
    legal_eye: object
    campaign: object
    news: list = field(default_factory=list)
    hidden: dict = field(default_factory=dict)

    def add_news(self, count, **kwargs):
        created = []
        for _ in range(count):
            page = NewsPageFactory(
                parent=self.tree.news_index,
                author=self.author,
                hero_image=self.image,
                nations=[Nation.WALES],
                body=rich_body(
                    self.image,
                    self.document,
                    self.topic,
                    [self.legal_eye, self.campaign, self.hidden.get("private", self.topic)],
                    self.legal_eye,
                ),
                **kwargs,
            )
            page.tags.add("pay", "redundancy")
            page.save()
            created.append(page)
        self.news.extend(created)
        return created


@pytest.fixture
def content(site_tree):
    """The site: people, advice, a campaign and three news items, plus hidden pages."""
    region = RegionFactory(name="London", nation=Nation.ENGLAND)
    other_region = RegionFactory(name="Wales", nation=Nation.WALES)
    employer = EmployerFactory(name="Barts Health NHS Trust", region=region)
    photo = ImageFactory(title="Portrait", description="Portrait of Jo Bloggs", renditions=True)
    image = ImageFactory(renditions=True)
    document = DocumentFactory()
    author = PersonPageFactory(
        parent=site_tree.people_index,
        title="Jo Bloggs",
        job_title="Head of Communications",
        role=PersonRole.HEAD_OFFICE,
        photo=photo,
        biography=f'<p>Jo writes about <a linktype="page" id="{site_tree.news_index.pk}">news</a>.</p>',
    )
    officer = PersonPageFactory(
        parent=site_tree.people_index, title="Sam Officer", job_title="National Officer", regions=[region]
    )
    topic = AdviceTopicPageFactory(parent=site_tree.advice_index, title="Discrimination & equality")
    legal_eye = LegalEyeArticlePageFactory(parent=topic, author=author, nations=[Nation.ENGLAND])
    legal_eye.tags.add("equality")
    legal_eye.save()
    campaign = CampaignPageFactory(
        parent=site_tree.campaign_index,
        resources=[
            {
                "type": "resource",
                "value": {
                    "title": "Managing inclusive workplaces",
                    "resource_type": "guide",
                    "description": "",
                    "status": "forthcoming",
                    "expected_date": "2031-03-01",
                    "document": None,
                    "link_url": "",
                },
                "id": block_id(),
            },
            {
                "type": "resource",
                "value": {
                    "title": "The guide",
                    "resource_type": "guide",
                    "description": "",
                    "status": "published",
                    "expected_date": None,
                    "document": document.pk,
                    "link_url": "",
                },
                "id": block_id(),
            },
        ],
    )
    site = ContentSite(
        tree=site_tree,
        region=region,
        other_region=other_region,
        employer=employer,
        photo=photo,
        image=image,
        document=document,
        author=author,
        officer=officer,
        topic=topic,
        legal_eye=legal_eye,
        campaign=campaign,
    )
    site.hidden = hidden_pages(site_tree)
    site.add_news(3)
    return site


def hidden_pages(tree):
    """One page of each kind the API must never show."""
    news_index = tree.news_index
    draft = NewsPageFactory(parent=news_index, title="Draft pay news", live=False)
    private = NewsPageFactory(parent=news_index, title="Private pay news")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    private_section = StandardPageFactory(parent=tree.about, title="Members only section")
    PageViewRestriction.objects.create(
        page=private_section, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    private_child = StandardPageFactory(parent=private_section, title="Child of a private page")
    unpublished = NewsPageFactory(parent=news_index, title="Unpublished pay news")
    unpublished.unpublish()
    scheduled = NewsPageFactory(
        parent=news_index,
        title="Scheduled pay news",
        live=False,
        go_live_at=timezone.now() + datetime.timedelta(days=2),
    )
    return {
        "scheduled": scheduled,
        "draft": draft,
        "private": private,
        "private_section": private_section,
        "private_child": private_child,
        "unpublished": unpublished,
    }


@dataclass
class EventsSite:
    index: object
    summit: object
    webinar: object
    agm: object
    past: object
    hidden: dict
    content: object

    def add(self, count):
        """``count`` more events, each with everything the API resolves."""
        return [
            event_with_everything(self.content, self.index, title=f"Members' meeting {number}")
            for number in range(count)
        ]


def event_with_everything(content, index, **fields):
    """An event with an organiser (with a photo), a hero image, topics, nations and a body
    that refers to other content."""
    event = EventPageFactory(
        parent=index,
        organiser=content.author,
        hero_image=content.image,
        nations=[Nation.WALES],
        body=rich_body(
            content.image, content.document, content.topic, [content.legal_eye], content.legal_eye
        ),
        **fields,
    )
    event.tags.add("pay", "reps")
    event.save()
    return event


def uk_time(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def events(content):
    """An events index with an all-day conference, an online webinar and a hybrid AGM to
    come, a meeting that has ended, and a draft and a private event."""
    index = EventIndexPageFactory(parent=content.tree.home, slug="events")
    now = timezone.now()
    summit = event_with_everything(
        content,
        index,
        title="Members' Summit",
        all_day=True,
        start=uk_time(now.year + 2, 10, 14),
        end=uk_time(now.year + 2, 10, 15),
        booking="link",
        booking_url="https://www.miphealth.org.uk/events/book/summit",
    )
    webinar = EventPageFactory(
        parent=index,
        title="Pay webinar",
        attendance_mode="online",
        venue="",
        street_address="",
        town="",
        postcode="",
        join_url="https://www.miphealth.org.uk/webinars/pay",
        start=uk_time(now.year + 1, 1, 20, 12, 30),
        end=uk_time(now.year + 1, 1, 20, 13, 30),
        audience="everyone",
    )
    agm = EventPageFactory(
        parent=index,
        title="Annual general meeting",
        attendance_mode="mixed",
        join_url="https://www.miphealth.org.uk/webinars/agm",
        start=uk_time(now.year + 1, 7, 2, 14),
        end=uk_time(now.year + 1, 7, 2, 15, 30),
        nations=[Nation.SCOTLAND],
    )
    past = EventPageFactory(
        parent=index,
        title="Wales members' meeting",
        start=now - datetime.timedelta(days=30),
        end=now - datetime.timedelta(days=30) + datetime.timedelta(hours=2),
    )
    draft = EventPageFactory(parent=index, title="Draft event", live=False)
    private = EventPageFactory(parent=index, title="Private event")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return EventsSite(
        index=index,
        summit=summit,
        webinar=webinar,
        agm=agm,
        past=past,
        hidden={"draft": draft, "private": private},
        content=content,
    )


@pytest.fixture
def api():
    """An anonymous HTTP client."""
    return Client()


@pytest.fixture
def editor(db, django_user_model):
    """A superuser: whatever credentials they send, the API shows them what it shows anyone."""
    return django_user_model.objects.create_superuser(
        username="api-editor", email="api-editor@miphealth.org.uk", password="correct horse battery"
    )
