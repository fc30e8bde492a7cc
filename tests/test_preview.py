"""Editors preview every page type before publishing: the preview renders unsaved changes
with the page's own template, and the live page stays as it was."""

import pytest

from enquiries.models import FormField
from tests.factories import (
    AdviceTopicPageFactory,
    CampaignPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    FormPageFactory,
    LegalEyeArticlePageFactory,
    NewsPageFactory,
    PersonPageFactory,
    StandardPageFactory,
)


def every_page_type(tree):
    topic = AdviceTopicPageFactory(parent=tree.advice_index)
    events_index = EventIndexPageFactory(parent=tree.home)
    return [
        tree.home,
        tree.about,
        StandardPageFactory(parent=tree.about, title="Equality & diversity"),
        tree.news_index,
        NewsPageFactory(parent=tree.news_index),
        tree.campaign_index,
        CampaignPageFactory(parent=tree.campaign_index),
        tree.advice_index,
        topic,
        LegalEyeArticlePageFactory(parent=topic),
        tree.people_index,
        PersonPageFactory(parent=tree.people_index),
        events_index,
        EventPageFactory(parent=events_index),
        FormPageFactory(parent=tree.about, form_fields=[FormField(label="Message", field_type="multiline")]),
    ]


@pytest.mark.django_db
def test_every_page_type_previews_its_unsaved_changes(site_tree, client, rf, admin_user):
    for page in every_page_type(site_tree):
        live_title = page.title
        draft = page.specific
        draft.title = f"Draft: {live_title} (not yet published)"

        request = rf.get(page.url)
        request.user = admin_user
        response = draft.make_preview_request(original_request=request)

        label = type(draft).__name__
        assert response.status_code == 200, label
        assert "(not yet published)" in response.content.decode(), label
        live = client.get(page.url).content.decode()
        assert "(not yet published)" not in live, label
