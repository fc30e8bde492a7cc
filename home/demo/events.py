"""Events: the Members' Summit (a two-day conference), the AGM (in person and online), webinars,
regional members' meetings and reps' training, some past and some to come. Dates are relative
to the day the command runs, so the upcoming ones stay upcoming on a fresh site."""

from cms.nations import Nation
from home.demo.blocks import (
    accordion,
    call_to_action,
    days_ago,
    heading,
    image,
    page,
    paragraph,
    related,
    table,
    weekday_at,
)

BOOKING_BASE = "https://www.miphealth.org.uk/events/book/"
WEBINAR_BASE = "https://www.miphealth.org.uk/webinars/"


def _event(slug, title, summary, start, end, organiser, tags, body, announced, **fields):
    return {
        "model": "events.EventPage",
        "slug": slug,
        "title": title,
        "summary": summary,
        "start": start,
        "end": end,
        "organiser": page(organiser),
        "tags": tags,
        "body": body,
        "first_published_at": days_ago(announced),
        **fields,
    }


EVENTS = [
    _event(
        "members-summit",
        "MiP Members' Summit",
        "Two days for MiP members to hear from national leaders, question them, and share what works "
        "in managing through reorganisation, with sessions on race equality and inclusive management.",
        weekday_at(6, "tuesday", 9),
        weekday_at(6, "wednesday", 17),
        "martin-sadler",
        ["Equality", "Leadership"],
        [
            paragraph(
                "<p>The Members' Summit is MiP's annual conference, open to every member. This year it "
                "takes place over two days in central London, with a parliamentary reception on the "
                "first evening and the sessions recorded for members who can't travel.</p>"
            ),
            heading("Programme"),
            table(
                [
                    ["When", "Session"],
                    ["Day 1, 10am", "Opening: the state of NHS management"],
                    ["Day 1, 2pm", "Race equality data: what it tells managers, and what to do"],
                    ["Day 1, 6pm", "Parliamentary reception"],
                    ["Day 2, 10am", "Leading teams through restructures"],
                    ["Day 2, 2pm", "Your union: questions to the chief executive"],
                ],
                "Summit programme (times are UK time)",
            ),
            accordion(
                [
                    (
                        "Does it cost anything to attend?",
                        "<p>No. The Summit is free for MiP members, and we pay reasonable travel costs "
                        "for members who ask their employer first.</p>",
                    ),
                    (
                        "Can I get time off to attend?",
                        "<p>Many employers give paid time off for union conferences. Your "
                        "[[page:our-people|national officer]] can write to your manager if that "
                        "helps.</p>",
                    ),
                ],
                heading_text="Questions",
            ),
            related(["members-summit-equality"], heading_text="From last year's Summit"),
        ],
        announced=30,
        all_day=True,
        attendance_mode="in-person",
        venue="TUC Congress House",
        street_address="Great Russell Street",
        town="London",
        postcode="WC1B 3LS",
        booking="link",
        booking_url=BOOKING_BASE + "members-summit",
        audience="members",
        hero_image=image("summit"),
    ),
    _event(
        "annual-general-meeting",
        "Annual general meeting",
        "Members vote on MiP's annual report, accounts and motions from the branches, and hear the "
        "results of the National Committee election. Come in person or join online.",
        weekday_at(3, "thursday", 14),
        weekday_at(3, "thursday", 15, 30),
        "alison-kerridge",
        ["Governance"],
        [
            paragraph(
                "<p>Every member may attend and vote at the AGM. The agenda, the annual report and "
                "the accounts are sent to members by email two weeks before the meeting.</p>"
                "<p>If you join online, you can vote through the meeting's polling tool. Please "
                "join ten minutes early so we can check you in.</p>"
            ),
            call_to_action(
                "Not a member yet?",
                "Join MiP",
                text="Join before the meeting to take part and vote.",
                page_slug="join-mip",
            ),
        ],
        announced=45,
        attendance_mode="mixed",
        venue="UNISON Centre",
        street_address="130 Euston Road",
        town="London",
        postcode="NW1 2AY",
        join_url=WEBINAR_BASE + "agm",
        booking="not-needed",
        audience="members",
    ),
    _event(
        "webinar-managing-inclusive-workplaces",
        "Webinar: managing inclusive workplaces",
        "An hour on our new guide to equality and diversity for managers: what the law expects, what "
        "good practice looks like, and your questions to the authors.",
        weekday_at(1, "wednesday", 12, 30),
        weekday_at(1, "wednesday", 13, 30),
        "priya-raman",
        ["Equality", "Managers Matter"],
        [
            paragraph(
                "<p>The second guide of our [[page:managers-matter|Managers Matter]] campaign looks "
                "at how managers build teams where everyone can do their best work. Book a place to "
                "get the joining link; the recording goes to everyone who books.</p>"
            ),
        ],
        announced=20,
        attendance_mode="online",
        booking="link",
        booking_url=BOOKING_BASE + "inclusive-workplaces",
        audience="everyone",
        hero_image=image("equality"),
    ),
    _event(
        "members-meeting-northern-ireland",
        "Northern Ireland members' meeting",
        "A meeting for members in Northern Ireland's health and social care trusts on pay parity "
        "and the restructuring of the Department of Health's arm's-length bodies.",
        weekday_at(2, "tuesday", 18),
        weekday_at(2, "tuesday", 19, 30),
        "fiona-macaulay",
        ["Pay", "Organisational change"],
        [
            paragraph(
                "<p>We have postponed this meeting while the Department of Health's consultation is "
                "extended. We will set a new date as soon as the consultation closes.</p>"
            ),
        ],
        announced=25,
        status="postponed",
        attendance_mode="in-person",
        venue="Unite House",
        street_address="26 Antrim Road",
        town="Belfast",
        postcode="BT15 2AA",
        booking="contact-officer",
        audience="members",
        nations=[Nation.NORTHERN_IRELAND],
    ),
    _event(
        "scotland-members-meeting",
        "Scotland members' meeting",
        "Meet other MiP members working in NHS Scotland's health boards, and hear the latest on "
        "Agenda for Change pay talks and the National Care Service.",
        weekday_at(4, "thursday", 18),
        weekday_at(4, "thursday", 19, 30),
        "fiona-macaulay",
        ["Pay"],
        [
            paragraph(
                "<p>An evening meeting for members in Scotland, with time for questions and a chance "
                "to meet your national officer. Light refreshments are provided.</p>"
            ),
        ],
        announced=12,
        attendance_mode="in-person",
        venue="UNISON Scotland",
        street_address="14 West Campbell Street",
        town="Glasgow",
        postcode="G2 6RX",
        booking="contact-officer",
        audience="members",
        nations=[Nation.SCOTLAND],
    ),
    _event(
        "reps-training-representing-members",
        "Reps' training: representing members at work",
        "A two-day course for new MiP workplace reps: how to support a member through a grievance, a "
        "disciplinary or a restructure, and when to bring in your national officer.",
        weekday_at(8, "monday", 9, 30),
        weekday_at(8, "tuesday", 16, 30),
        "daniel-okafor",
        ["Reps", "Training"],
        [
            paragraph(
                "<p>The course is for members who have volunteered as workplace reps, and for those "
                "thinking about it. It counts towards your accreditation, and we cover travel and "
                "overnight accommodation.</p>"
            ),
            heading("What you will learn"),
            paragraph(
                "<ul><li>Your rights as a rep, and your employer's duties to you</li>"
                "<li>Accompanying a member at a grievance or disciplinary hearing</li>"
                "<li>Consultation on restructures: what to ask for, and when</li>"
                "<li>Keeping notes and keeping members' information safe</li></ul>"
            ),
        ],
        announced=15,
        attendance_mode="in-person",
        venue="UNISON West Midlands",
        street_address="24 Livery Street",
        town="Birmingham",
        postcode="B3 2PA",
        booking="link",
        booking_url=BOOKING_BASE + "reps-training",
        audience="reps",
        hero_image=image("reps-training"),
    ),
    _event(
        "webinar-nhs-job-cuts-questions",
        "Webinar: NHS job cuts, your questions answered",
        "Our officers answered members' questions on the voluntary redundancy scheme, consultation "
        "and the support MiP gives members whose jobs are at risk.",
        weekday_at(-2, "wednesday", 12, 30),
        weekday_at(-2, "wednesday", 13, 30),
        "priya-raman",
        ["Redundancy", "Organisational change"],
        [
            paragraph(
                "<p>Thank you to the 300 members who joined. Read our "
                "[[page:nhs-job-cuts-england|live updates on NHS job cuts]] for what has happened "
                "since.</p>"
            ),
        ],
        announced=40,
        attendance_mode="online",
        join_url=WEBINAR_BASE + "job-cuts-questions",
        booking="not-needed",
        audience="members",
        nations=[Nation.ENGLAND],
        hero_image=image("job-cuts"),
    ),
    _event(
        "wales-members-meeting",
        "Wales members' meeting",
        "Members in the Welsh health boards and trusts met their national officer to discuss the "
        "NHS Wales pay award and building MiP's network of reps in Wales.",
        weekday_at(-5, "thursday", 18),
        weekday_at(-5, "thursday", 19, 30),
        "gareth-prosser",
        ["Pay", "Reps"],
        [
            paragraph(
                "<p>Twenty-five members came to the meeting in Cardiff. Four volunteered as workplace "
                "reps and will join the next reps' training course.</p>"
            ),
        ],
        announced=80,
        attendance_mode="in-person",
        venue="UNISON Cymru/Wales",
        street_address="1 Cathedral Road",
        town="Cardiff",
        postcode="CF11 9SB",
        booking="contact-officer",
        audience="members",
        nations=[Nation.WALES],
    ),
]

EVENTS_SECTION = {
    "model": "events.EventIndexPage",
    "slug": "events",
    "title": "Events",
    "show_in_menus": True,
    "intro": (
        "The Members' Summit, the AGM, webinars, regional members' meetings and training for reps. "
        "Add any event to your calendar, or subscribe to them all."
    ),
    "search_description": (
        "MiP's events for members: the Members' Summit, webinars, meetings and reps' training."
    ),
    "children": EVENTS,
}
