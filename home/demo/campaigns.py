"""Campaigns: Managers Matter (active, with its three guides) and the archived Respect for NHS
managers campaign of 2014 to 2015."""

import datetime

from home.demo.blocks import (
    call_to_action,
    days_ago,
    document,
    downloads,
    heading,
    image,
    paragraph,
    quote,
    related,
    video,
)
from home.demo.embeds import LAUNCH_VIDEO
from home.demo.forms import EMAIL_NEWS_FORM

MANAGERS_MATTER_AIMS = [
    "Managers keep services running safely, day and night.",
    "Good management is how clinical care reaches patients.",
    "Managers turn national policy into services that work for local people.",
    "Managers lead their teams through change, and look after them while they do it.",
    "Managers spend public money carefully and account for every pound.",
    "Managers speak up when something is wrong, and must be protected when they do.",
    "Managers build inclusive workplaces where everyone can do their best work.",
    "Managers solve the problems that would otherwise land on clinicians' desks.",
    "Managers deserve respect, fair treatment and a healthy place to work.",
]


def _resource(title, description, status, expected_date=None, document_key=None):
    return {
        "type": "resource",
        "value": {
            "title": title,
            "resource_type": "guide",
            "description": description,
            "status": status,
            "expected_date": expected_date,
            "document": document(document_key) if document_key else None,
            "link_url": "",
        },
    }


CAMPAIGNS_SECTION = {
    "model": "campaigns.CampaignIndexPage",
    "slug": "campaigns",
    "title": "Campaigns",
    "show_in_menus": True,
    "intro": (
        "MiP campaigns for managers to be valued for the work they do, and for the conditions they "
        "need to do it well."
    ),
    "search_description": "MiP's campaigns for health and care managers, including Managers Matter.",
    "children": [
        {
            "model": "campaigns.CampaignPage",
            "slug": "managers-matter",
            "title": "Managers Matter",
            "strapline": "Good managers make good services. It's time to stop apologising for management.",
            "status": "active",
            "hero_image": image("managers-matter"),
            "aims": MANAGERS_MATTER_AIMS,
            "tags": ["Organisational culture", "Discrimination & equality", "Organisational change"],
            "first_published_at": days_ago(700),
            "search_description": (
                "Managers Matter: MiP's campaign for respect for NHS and care managers, with guides on "
                "healthy workplaces, inclusion and managing change."
            ),
            "body": [
                paragraph(
                    "<p>For years politicians and parts of the media have treated NHS managers as an "
                    "easy target: pen-pushers, bureaucrats, a cost to be cut. We think managers should "
                    "stop apologising for what they do. Managers Matter sets out what good management "
                    "achieves, and what managers need from their employers to do it well.</p>"
                ),
                heading("Watch the launch webinar"),
                video(LAUNCH_VIDEO.url, LAUNCH_VIDEO.title),
                quote(
                    "Nobody goes into NHS management for an easy life. Our members hold services "
                    "together under enormous pressure, and they deserve to be valued for it, not blamed.",
                    "Alison Kerridge",
                    "MiP chief executive",
                ),
                heading("Three guides for managers"),
                paragraph(
                    "<p>The campaign is built around three practical guides: the first on creating a "
                    "healthy workplace culture, the second on managing inclusive workplaces and the "
                    "third on managing change. The first is out now; the others follow. If you are "
                    "facing unfair treatment yourself, see our advice on "
                    "[[page:discrimination-equality|discrimination and equality]].</p>"
                ),
                downloads(
                    [
                        (
                            "healthy-workplace-guide",
                            "",
                            "Guide 1: what a healthy workplace culture looks like, and five things "
                            "managers can do now.",
                        )
                    ],
                    heading_text="Download the first guide",
                ),
            ],
            "resources": [
                _resource(
                    "Creating a healthy workplace",
                    "Our guide to organisational culture: what good looks like, and how managers can "
                    "build it even when the pressure is on.",
                    "published",
                    document_key="healthy-workplace-guide",
                ),
                _resource(
                    "Managing inclusive workplaces",
                    "The equality and diversity guide: practical steps for fair recruitment, "
                    "promotion and restructures.",
                    "forthcoming",
                    expected_date=days_ago(-45),
                ),
                _resource(
                    "Managing change",
                    "How to lead a team through a restructure while looking after yourself and your people.",
                    "forthcoming",
                    expected_date=days_ago(-140),
                ),
            ],
            "calls_to_action": [
                call_to_action(
                    "Join MiP",
                    "Join MiP",
                    text="The union for health and care managers: advice, representation and a voice.",
                    page_slug="join-mip",
                ),
                call_to_action(
                    "Sign up for email news",
                    "Get our email news",
                    text="Hear about new guides, webinars and campaign news first.",
                    page_slug="email-news",
                ),
                call_to_action(
                    "Contact your national officer",
                    "Find your national officer",
                    text="Tell us how the campaign's issues affect you and your team.",
                    page_slug="our-people",
                ),
            ],
            "children": [EMAIL_NEWS_FORM],
        },
        {
            "model": "campaigns.CampaignPage",
            "slug": "respect-for-nhs-managers",
            "title": "Respect for NHS managers",
            "strapline": "Stop the attacks on the people who run the health service.",
            "status": "archived",
            "hero_image": image("respect-campaign"),
            "aims": [
                "An end to politicians' attacks on managers as a cost to be cut.",
                "Fair treatment for managers whose jobs went in the 2013 reorganisation.",
                "Recognition that managers are part of the solution, not the problem.",
                "Support, not blame, for managers who raise concerns.",
            ],
            "tags": ["Organisational culture"],
            "first_published_at": datetime.date(2014, 6, 2),
            "search_description": "MiP's 2014 to 2015 campaign for respect for NHS managers (archived).",
            "body": [
                paragraph(
                    "<p>MiP ran this campaign in 2014 and 2015, after a reorganisation of the NHS in "
                    "England cost thousands of managers their jobs and left those who stayed carrying "
                    "the blame for the service's problems. This page is kept as a record.</p>"
                ),
                heading("What changed"),
                paragraph(
                    "<p>The campaign put managers' case to ministers and the media, and won a hearing "
                    "for the idea that good management is part of good care. That work continues in "
                    "our current campaign.</p>"
                ),
                related(["managers-matter"], heading_text="Our current campaign"),
            ],
        },
    ],
}
