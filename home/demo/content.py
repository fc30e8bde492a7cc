"""The home page and the standard pages: About MiP and its children, Join MiP and Contact us.
Also ``SECTIONS``: every section of the demo site in menu order."""

from home.demo.advice import ADVICE_SECTION
from home.demo.blocks import (
    accordion,
    call_to_action,
    heading,
    image,
    legal_eye,
    paragraph,
    picture,
    quote,
    related,
    table,
)
from home.demo.campaigns import CAMPAIGNS_SECTION
from home.demo.events import EVENTS_SECTION
from home.demo.forms import CONTACT_FORM, OFFICER_FORM
from home.demo.news import NEWS_SECTION
from home.demo.people import PEOPLE_INDEX, person_pages
from home.demo.regions import REGIONS

JOIN_URL = "https://www.miphealth.org.uk/join"

HOME = {
    "model": "home.HomePage",
    "slug": "home",
    "title": "Managers in Partnership",
    "hero_heading": "The union for health and care managers",
    "hero_intro": (
        "Expert advice, representation at work and a national voice for managers in the NHS, social "
        "care and independent healthcare, in every part of the UK."
    ),
    "hero_link_label": "Join MiP",
    "hero_image": image("home-hero"),
    "hero_image_alt": (
        "Illustration of five simple figures standing side by side, with the words 'Managers in Partnership'."
    ),
    "featured": ["managers-matter", "nhs-job-cuts-england", "national-committee-election"],
    "latest_news_heading": "Latest news",
    "latest_news_count": 4,
    "search_description": (
        "Managers in Partnership (MiP) is the trade union for senior managers in the NHS, social "
        "care and independent healthcare across the UK."
    ),
    "body": [
        heading("Why managers join MiP"),
        paragraph(
            "<p>Managers face problems other staff rarely meet: restructures that put their own jobs "
            "at risk while they lead their teams through them, accountability for decisions made "
            "above them, and public criticism of the work they do. MiP exists to support them. "
            "[[page:about-mip|Find out about MiP]] or read our "
            "[[page:advice-information|advice for managers]].</p>"
        ),
        call_to_action(
            "Join the union for health and care managers",
            "Join MiP",
            text="Open to NHS staff on band 8a and above, graduate management trainees and senior "
            "managers in care and independent healthcare.",
            page_slug="join-mip",
        ),
    ],
}

_SEATS_TABLE = [["Constituency", "Seats"]] + [[name, str(seats)] for name, _, seats in REGIONS]
_SEATS_TABLE.append(["Total", str(sum(seats for _, _, seats in REGIONS))])

ABOUT_SECTION = {
    "model": "home.StandardPage",
    "slug": "about-mip",
    "title": "About MiP",
    "show_in_menus": True,
    "intro": (
        "MiP is the trade union for senior managers in health and care: a partnership of UNISON and "
        "the FDA, run by its members."
    ),
    "hero_image": image("about-mip"),
    "search_description": "Who MiP is, who we represent and how we are run.",
    "body": [
        paragraph(
            "<p>Managers in Partnership (MiP) represents senior managers in the NHS, social care and "
            "independent healthcare across the UK. We were set up in 2005 as a joint venture between "
            "two unions: UNISON, the largest union in public services, and the FDA, the union for "
            "senior public servants. MiP is a national branch of UNISON and a section of the FDA, and "
            "through the FDA we are affiliated to the TUC.</p>"
            "[[image:about-mip]]"
            "<p>Today we have more than 6,000 members, from service managers to chief executives.</p>"
        ),
        heading("Who we represent"),
        paragraph(
            "<ul><li>NHS staff on Agenda for Change band 8a or above, and very senior managers.</li>"
            "<li>Members of the NHS Graduate Management Training Scheme.</li>"
            "<li>Managers in health and care outside the NHS with management responsibility and a "
            "basic salary of £40,000 or more.</li></ul>"
        ),
        quote(
            "Managers are part of the solution, not the problem. Our job is to make sure they are "
            "treated that way.",
            "Alison Kerridge",
            "MiP chief executive",
        ),
        related(["our-people", "managers-matter", "advice-information"], heading_text="Find out more"),
        call_to_action(
            "More reasons to join",
            "Join MiP",
            text="Advice, representation and a voice for managers nationally.",
            page_slug="join-mip",
        ),
    ],
    "children": [
        {
            "model": "home.StandardPage",
            "slug": "our-goals-and-values",
            "title": "Our goals & values",
            "intro": "What MiP is for, and the values that guide how we work for members.",
            "search_description": "MiP's goals and values as the union for health and care managers.",
            "body": [
                heading("Our goals"),
                paragraph(
                    "<ul><li>To advise, support and represent members at work.</li>"
                    "<li>To negotiate fair pay, terms and conditions for senior managers.</li>"
                    "<li>To speak up for management as a profession and for the services our members "
                    "run.</li>"
                    "<li>To support members through organisational change.</li>"
                    "<li>To promote equality and fairness in health and care workplaces.</li></ul>"
                ),
                heading("Our values"),
                paragraph(
                    "<p>We work in partnership with employers where we can, and challenge them where "
                    "we must. We are independent, we are run by our members, and we treat every "
                    "member's problem as if it were our own.</p>"
                ),
            ],
        },
        {
            "model": "home.StandardPage",
            "slug": "how-mip-is-governed",
            "title": "How MiP is governed",
            "intro": (
                "MiP is run by its members through an elected National Committee, with a joint "
                "FDA and UNISON Management Board."
            ),
            "hero_image": image("governance"),
            "search_description": (
                "MiP's National Committee, its constituencies and seats, and the Management Board."
            ),
            "body": [
                paragraph(
                    "<p>Members in each constituency elect their representatives to the National "
                    "Committee, which sets MiP's priorities, agrees its policies and oversees the work "
                    "of the staff. The Committee is chaired by "
                    "[[page:siobhan-doherty|Siobhan Doherty]]. A Management Board with members from "
                    "the FDA and UNISON oversees MiP's finances and the partnership between the two "
                    "unions.</p>"
                ),
                heading("National Committee seats"),
                table(_SEATS_TABLE, caption="National Committee seats by constituency"),
                paragraph(
                    "<p>The number of seats has changed over time as the NHS has been reorganised, and "
                    "the notice for each election gives the current figures. Elections are held every "
                    "two years; any member of at least 13 weeks' standing who is, or agrees to become, "
                    "an accredited workplace rep can stand.</p>"
                ),
            ],
        },
        {
            "model": "home.StandardPage",
            "slug": "equality-diversity",
            "title": "Equality & diversity",
            "intro": (
                "MiP works for health and care organisations where managers from every background "
                "are treated fairly and can reach the top."
            ),
            "search_description": (
                "MiP's work on equality, diversity and inclusion for health and care managers."
            ),
            "body": [
                paragraph(
                    "<p>Health and care services are run better when their leaders reflect the people "
                    "they serve. Yet managers from ethnic minority backgrounds, disabled managers and "
                    "women remain under-represented at senior levels, and more likely to be treated "
                    "unfairly in restructures and disciplinary processes.</p>"
                ),
                picture(
                    "equality",
                    caption="Inclusive workplaces are the theme of the second Managers Matter guide.",
                ),
                heading("What we do"),
                paragraph(
                    "<ul><li>Represent members who face discrimination at work.</li>"
                    "<li>Press employers to act on their equality data, not just publish it.</li>"
                    "<li>Hold sessions on equality at our annual Members' Summit.</li>"
                    "<li>Publish practical guides, including on pregnancy and maternity.</li></ul>"
                ),
                legal_eye(
                    "Do you have an equalities-related HR problem?",
                    "If you think you have been treated unfairly because of who you are, our Legal "
                    "Eye advice explains your rights and what to do next.",
                    "discrimination-equality",
                    link_label="Read our Legal Eye advice on discrimination",
                ),
                related(["maternity-leave-guide", "discrimination-at-work-great-britain"]),
            ],
        },
    ],
}

JOIN_PAGE = {
    "model": "home.StandardPage",
    "slug": "join-mip",
    "title": "Join MiP",
    "show_in_menus": True,
    "show_join_footer": False,
    "intro": (
        "Join the union for health and care managers: advice when you need it, and a voice for managers."
    ),
    "search_description": "Who can join MiP, what you get and how to join.",
    "body": [
        heading("Who can join"),
        paragraph(
            "<ul><li>NHS staff on Agenda for Change band 8a or above, and very senior managers.</li>"
            "<li>Members of the NHS Graduate Management Training Scheme.</li>"
            "<li>Managers in health and care outside the NHS with management responsibility and a "
            "basic salary of £40,000 or more.</li></ul>"
        ),
        heading("What you get"),
        paragraph(
            "<ul><li>Advice and representation from a national officer who knows managers' "
            "problems.</li><li>Legal Eye guidance on employment law across the UK.</li>"
            "<li>A say in national negotiations on pay and conditions.</li>"
            "<li>The member benefits of both UNISON and the FDA.</li></ul>"
        ),
        accordion(
            [
                (
                    "How much does membership cost?",
                    "<p>Subscriptions depend on your salary band and are paid monthly by direct debit, "
                    "or through your payroll where your employer offers it. Graduate management "
                    "trainees pay a reduced rate.</p>",
                ),
                (
                    "I'm already in UNISON. Do I need to join again?",
                    "<p>No: your membership transfers. See "
                    "[[page:moving-from-unison|what changes when you move to MiP]].</p>",
                ),
                (
                    "Can MiP help with a problem I already have?",
                    "<p>New members normally wait four weeks before we can take on individual "
                    "representation, and we cannot usually help with a problem that started before "
                    "you joined. Join before you need us.</p>",
                ),
            ],
            heading_text="Joining questions",
        ),
        call_to_action(
            "Join MiP today",
            "Join online",
            text="It takes about five minutes.",
            url=JOIN_URL,
        ),
    ],
}

CONTACT_PAGE = {
    "model": "home.StandardPage",
    "slug": "contact-us",
    "title": "Contact us",
    "show_in_menus": True,
    "contact_email": "info@miphealth.org.uk",
    "intro": "How to reach MiP's head office, get advice as a member and sign up for our email news.",
    "search_description": "Contact Managers in Partnership: head office, member advice and email news.",
    "body": [
        heading("Head office"),
        paragraph(
            "<p>Managers in Partnership<br/>Ebbark House<br/>93–95 Borough High Street<br/>"
            "London SE1 1NL</p><p>Email: info@miphealth.org.uk</p>"
        ),
        heading("Advice for members"),
        paragraph(
            "<p>Email MemberAdvice@miphealth.org.uk, [[page:ask-your-national-officer|ask your national "
            "officer]] a question online, or contact them directly: "
            "[[page:our-people|find your national officer]].</p>"
        ),
        heading("When the office is closed"),
        paragraph("<p>Call UNISONDirect on 0800 0 857 857.</p>"),
        heading("Email news"),
        paragraph(
            "<p>Members receive our email news automatically. Not a member? "
            "[[page:email-news|Sign up for our email news]]. To change how we contact you, email "
            "info@miphealth.org.uk with your membership number.</p>"
        ),
        call_to_action(
            "Write to us",
            "Send us a message",
            text="Head office or member advice: choose a topic and your message goes to the right people.",
            page_slug="send-us-a-message",
        ),
    ],
    "children": [CONTACT_FORM, OFFICER_FORM],
}

PEOPLE_SECTION = {**PEOPLE_INDEX, "children": person_pages()}

# The home page's sections, in menu order.
SECTIONS = [
    ABOUT_SECTION,
    ADVICE_SECTION,
    CAMPAIGNS_SECTION,
    NEWS_SECTION,
    EVENTS_SECTION,
    PEOPLE_SECTION,
    JOIN_PAGE,
    CONTACT_PAGE,
]
