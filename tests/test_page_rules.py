"""Where each page type can be created, how many of each a site may have, and that editors can
create the main content types through the Wagtail admin."""

import datetime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from advice.models import AdviceIndexPage, AdviceTopicPage, LegalEyeArticlePage
from campaigns.models import CampaignIndexPage, CampaignPage
from enquiries.models import FormPage
from events.models import EventIndexPage, EventPage
from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from people.models import PeopleIndexPage, PersonPage
from tests.factories import AdviceTopicPageFactory, EventIndexPageFactory, RegionFactory, build_site_tree

SECTION_INDEXES = [AdviceIndexPage, CampaignIndexPage, EventIndexPage, NewsIndexPage, PeopleIndexPage]


class TestWhereEachPageTypeGoes(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_the_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(set(HomePage.creatable_subpage_models()), {StandardPage, FormPage, *SECTION_INDEXES})
        for item_model in (
            NewsPage,
            CampaignPage,
            AdviceTopicPage,
            LegalEyeArticlePage,
            PersonPage,
            EventPage,
        ):
            self.assertCanNotCreateAt(HomePage, item_model)

    def test_standard_pages_sit_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage, FormPage})

    def test_news_pages_only_under_the_news_index(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        for elsewhere in (HomePage, StandardPage, CampaignIndexPage, AdviceTopicPage, PeopleIndexPage):
            self.assertCanNotCreateAt(elsewhere, NewsPage)

    def test_campaign_pages_only_under_the_campaign_index(self):
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})
        self.assertAllowedParentPageTypes(CampaignPage, {CampaignIndexPage})
        self.assertAllowedSubpageTypes(CampaignPage, {FormPage})
        self.assertCanNotCreateAt(HomePage, CampaignPage)
        self.assertCanNotCreateAt(StandardPage, CampaignPage)

    def test_advice_topics_under_the_advice_index_and_legal_eye_only_under_a_topic(self):
        self.assertAllowedParentPageTypes(AdviceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(AdviceIndexPage, {AdviceTopicPage})
        self.assertAllowedParentPageTypes(AdviceTopicPage, {AdviceIndexPage})
        self.assertAllowedSubpageTypes(AdviceTopicPage, {LegalEyeArticlePage})
        self.assertAllowedParentPageTypes(LegalEyeArticlePage, {AdviceTopicPage})
        self.assertAllowedSubpageTypes(LegalEyeArticlePage, set())
        self.assertCanCreateAt(AdviceTopicPage, LegalEyeArticlePage)
        for elsewhere in (AdviceIndexPage, HomePage, StandardPage, NewsIndexPage):
            self.assertCanNotCreateAt(elsewhere, LegalEyeArticlePage)

    def test_event_pages_only_under_the_events_index(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        for elsewhere in (HomePage, StandardPage, NewsIndexPage, CampaignIndexPage, PeopleIndexPage):
            self.assertCanNotCreateAt(elsewhere, EventPage)

    def test_person_pages_only_under_the_people_index(self):
        self.assertAllowedParentPageTypes(PeopleIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PeopleIndexPage, {PersonPage})
        self.assertAllowedParentPageTypes(PersonPage, {PeopleIndexPage})
        self.assertAllowedSubpageTypes(PersonPage, set())
        self.assertCanNotCreateAt(StandardPage, PersonPage)


class TestHowManyOfEachPageType(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        EventIndexPageFactory(parent=cls.tree.home, slug="events")

    def test_a_site_has_one_home_page(self):
        root = Page.get_first_root_node()
        self.assertFalse(HomePage.can_create_at(root))
        self.assertEqual(HomePage.objects.count(), 1)

    def test_a_site_has_one_of_each_section_index(self):
        for index_model in SECTION_INDEXES:
            with self.subTest(index_model.__name__):
                self.assertEqual(index_model.max_count, 1)
                self.assertFalse(index_model.can_create_at(self.tree.home))

    def test_there_can_be_many_standard_pages(self):
        self.assertTrue(StandardPage.can_create_at(self.tree.home))
        self.assertTrue(StandardPage.can_create_at(self.tree.about))

    def test_the_admin_offers_only_standard_and_form_pages_under_a_complete_home_page(self):
        self.login()
        response = self.client.get(f"/admin/pages/{self.tree.home.pk}/add_subpage/")
        home = self.tree.home.pk
        self.assertContains(response, f"/admin/pages/add/home/standardpage/{home}/")
        self.assertContains(response, f"/admin/pages/add/enquiries/formpage/{home}/")
        for index_model in SECTION_INDEXES:
            self.assertNotContains(response, f"/{index_model._meta.model_name}/{home}/")

    def test_the_admin_refuses_a_second_section_index(self):
        self.login()
        for index_model in SECTION_INDEXES:
            with self.subTest(index_model.__name__):
                opts = index_model._meta
                response = self.client.get(
                    f"/admin/pages/add/{opts.app_label}/{opts.model_name}/{self.tree.home.pk}/", follow=True
                )
                self.assertEqual(response.redirect_chain, [("/admin/", 302)])
                self.assertEqual(
                    [str(message).strip() for message in response.context["messages"]],
                    ["Sorry, you do not have permission to access this area."],
                )
        self.assertEqual(NewsIndexPage.objects.count(), 1)


class TestEditorsCreatePagesInTheAdmin(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()
        cls.topic = AdviceTopicPageFactory(parent=cls.tree.advice_index, title="Discrimination & equality")
        cls.region = RegionFactory(name="Yorkshire and the Humber")

    def setUp(self):
        self.login()

    def test_create_a_news_page(self):
        data = nested_form_data(
            {
                "title": "Managers' pay award announced",
                "date": "2025-06-01",
                "article_type": "feature",
                "author": "",
                "standfirst": "What this year's award means for senior managers.",
                "hero_image": "",
                "hero_image_alt": "",
                "hero_caption": "",
                "body": streamfield(
                    [
                        ("heading", {"text": "What changes", "level": "h2"}),
                        ("paragraph", rich_text("<p>The award is <b>3.6%</b>.</p>")),
                        ("quote", {"quote": "A step forward.", "attribution": "MiP", "role": ""}),
                    ]
                ),
                "tags": "Pay, Conditions",
            }
        )
        data["nations"] = ["england", "wales"]
        self.assertCanCreate(self.tree.news_index, NewsPage, data)

        page = NewsPage.objects.get(slug="managers-pay-award-announced")
        self.assertTrue(page.live)
        self.assertEqual(page.get_parent().specific, self.tree.news_index)
        self.assertEqual(page.article_type, "feature")
        self.assertEqual([block.block_type for block in page.body], ["heading", "paragraph", "quote"])
        self.assertEqual(page.body[0].value["text"], "What changes")
        self.assertEqual(sorted(tag.name for tag in page.tags.all()), ["Conditions", "Pay"])
        self.assertEqual(page.nations, ["england", "wales"])
        self.assertEqual(page.byline, "MiP")

    def test_create_a_legal_eye_article(self):
        today = datetime.date.today()
        data = nested_form_data(
            {
                "title": "Reasonable adjustments at work",
                "summary": "What your employer must do if you are disabled.",
                "author": "",
                "body": streamfield(
                    [
                        ("paragraph", rich_text("<p>The Equality Act 2010 sets out the duty.</p>")),
                        (
                            "call_to_action",
                            {
                                "heading": "Need help?",
                                "text": "",
                                "button_label": "Contact your officer",
                                "page": str(self.tree.people_index.pk),
                                "link_url": "",
                            },
                        ),
                    ]
                ),
                "date": (today - datetime.timedelta(days=10)).isoformat(),
                "last_reviewed": (today - datetime.timedelta(days=2)).isoformat(),
                "review_due": (today + datetime.timedelta(days=365)).isoformat(),
                "tags": "Disability",
            }
        )
        data["nations"] = ["england", "scotland", "wales"]
        self.assertCanCreate(self.topic, LegalEyeArticlePage, data)

        article = LegalEyeArticlePage.objects.get(slug="reasonable-adjustments-at-work")
        self.assertTrue(article.live)
        self.assertEqual(article.get_parent().specific, self.topic)
        self.assertEqual(article.nations, ["england", "scotland", "wales"])
        self.assertEqual(article.review_due, today + datetime.timedelta(days=365))
        self.assertFalse(article.review_overdue)
        self.assertEqual(article.body[1].value.url(), self.tree.people_index.url)

    def test_create_a_campaign_page(self):
        data = nested_form_data(
            {
                "title": "Managers Matter",
                "strapline": "Good managers make good services.",
                "status": "active",
                "hero_image": "",
                "hero_image_alt": "",
                "hero_caption": "",
                "aims": inline_formset(
                    [{"text": "Stop the scapegoating of managers."}, {"text": "Fair pay for managers."}],
                    min=1,
                ),
                "body": streamfield([("paragraph", rich_text("<p>Why managers matter.</p>"))]),
                "resources": streamfield(
                    [
                        (
                            "resource",
                            {
                                "title": "Managing inclusive workplaces",
                                "resource_type": "guide",
                                "description": "",
                                "status": "forthcoming",
                                "expected_date": "2031-09-01",
                                "document": "",
                                "link_url": "",
                            },
                        )
                    ]
                ),
                "calls_to_action": streamfield(
                    [
                        (
                            "call_to_action",
                            {
                                "heading": "Not a member yet?",
                                "text": "",
                                "button_label": "Join MiP",
                                "page": "",
                                "link_url": "https://www.miphealth.org.uk/join",
                            },
                        )
                    ]
                ),
                "tags": "Managers Matter",
            }
        )
        self.assertCanCreate(self.tree.campaign_index, CampaignPage, data)

        campaign = CampaignPage.objects.get(slug="managers-matter")
        self.assertTrue(campaign.live)
        self.assertEqual(campaign.aim_list, ["Stop the scapegoating of managers.", "Fair pay for managers."])
        self.assertEqual(campaign.resources[0].value["expected_date"], datetime.date(2031, 9, 1))
        self.assertEqual(campaign.calls_to_action[0].value.url(), "https://www.miphealth.org.uk/join")

    def test_create_a_person_page(self):
        data = nested_form_data(
            {
                "title": "Jo Bloggs",
                "job_title": "National Officer (Yorkshire and the Humber)",
                "role": "national-officer",
                "photo": "",
                "photo_alt": "",
                "biography": rich_text("<p>Jo has represented managers since 2015.</p>"),
                "email": "jo.bloggs@miphealth.org.uk",
                "phone": "020 7654 3210",
            }
        )
        data["regions"] = [str(self.region.pk)]
        self.assertCanCreate(self.tree.people_index, PersonPage, data)

        person = PersonPage.objects.get(slug="jo-bloggs")
        self.assertTrue(person.live)
        self.assertEqual(list(person.regions.all()), [self.region])
        self.assertEqual(list(PersonPage.objects.officers_for_region(self.region)), [person])
        self.assertIn("represented managers since 2015", person.biography)
