"""The "Our people" section. Every person here is INVENTED (domain.md §7): names, emails and
phone numbers are made up. Phone numbers come from Ofcom's range reserved for drama
(020 7946 0000 to 0999), so none of them rings a real line."""

from home.demo.blocks import days_ago, image
from people.models import PersonRole

PEOPLE_INDEX = {
    "model": "people.PeopleIndexPage",
    "slug": "our-people",
    "title": "Our people",
    "show_in_menus": True,
    "intro": (
        "MiP's national officers advise and represent members in every part of the UK. Find the "
        "officer for your region, or meet the team at head office and the members who run the union."
    ),
    "search_description": (
        "MiP's chief executive, national officers, head-office team and National Committee."
    ),
}

# (name, job title, role, regions covered, biography). Emails follow MiP's real pattern,
# initial.surname@miphealth.org.uk, with invented surnames.
PEOPLE = [
    (
        "Alison Kerridge",
        "Chief Executive",
        PersonRole.CHIEF_EXECUTIVE,
        [],
        "<p>Alison leads MiP's staff team and speaks for the union in national negotiations on pay, "
        "pensions and the future of NHS management. Before joining MiP she spent fifteen years as "
        "an NHS manager in acute and community services.</p>",
    ),
    (
        "Tom Ashworth",
        "National Officer (North West, North East and Yorkshire & Humber)",
        PersonRole.NATIONAL_OFFICER,
        ["North West", "North East", "Yorkshire & Humber"],
        "<p>Tom represents members in the north of England, including through the ICB mergers in "
        "the region. He was a service manager in mental health before becoming a full-time "
        "officer.</p>",
    ),
    (
        "Priya Raman",
        "National Officer (London and NHS England)",
        PersonRole.NATIONAL_OFFICER,
        ["London", "NHS England"],
        "<p>Priya looks after members in London's trusts and ICBs and staff of NHS England and the "
        "other national bodies. She leads MiP's work on the voluntary redundancy scheme.</p>",
    ),
    (
        "Daniel Okafor",
        "National Officer (Midlands and East of England)",
        PersonRole.NATIONAL_OFFICER,
        ["West Midlands", "East Midlands", "East of England"],
        "<p>Daniel covers the Midlands and the East of England and runs MiP's course for new "
        "workplace reps. He is a former HR business partner.</p>",
    ),
    (
        "Ruth Penhaligon",
        "National Officer (South of England)",
        PersonRole.NATIONAL_OFFICER,
        ["South East Coast", "South Central", "South West"],
        "<p>Ruth represents members from Kent to Cornwall. Her particular interests are "
        "disciplinary cases and flexible working.</p>",
    ),
    (
        "Fiona MacAulay",
        "National Officer (Scotland and Northern Ireland)",
        PersonRole.NATIONAL_OFFICER,
        ["Scotland", "Northern Ireland"],
        "<p>Fiona works with members in NHS Scotland's health boards and Northern Ireland's health "
        "and social care trusts, where pay, terms and employment law differ from England's.</p>",
    ),
    (
        "Gareth Prosser",
        "National Officer (Wales)",
        PersonRole.NATIONAL_OFFICER,
        ["Wales"],
        "<p>Gareth represents members in the Welsh health boards and trusts and is building MiP's "
        "network of workplace reps in Wales. He speaks Welsh.</p>",
    ),
    (
        "Martin Sadler",
        "National Organiser",
        PersonRole.HEAD_OFFICE,
        [],
        "<p>Martin organises MiP's workplace reps, its training programme and the National "
        "Committee elections.</p>",
    ),
    (
        "Joanne Whitcombe",
        "Membership and Office Manager",
        PersonRole.HEAD_OFFICE,
        [],
        "<p>Joanne runs the head office in London and looks after membership: joining, "
        "subscriptions and changes to your details.</p>",
    ),
    (
        "Kwame Mensah",
        "Communications Officer",
        PersonRole.HEAD_OFFICE,
        [],
        "<p>Kwame edits MiP's website and email news and works with the editor of "
        "<i>Healthcare Manager</i>, the members' magazine.</p>",
    ),
    (
        "Siobhan Doherty",
        "Chair of the National Committee (Northern Ireland)",
        PersonRole.NATIONAL_COMMITTEE,
        [],
        "<p>Siobhan is a senior manager in a health and social care trust and the elected member "
        "for Northern Ireland. She chairs the National Committee and writes for MiP on leadership "
        "and culture.</p>",
    ),
]


def slug_for(name):
    return name.lower().replace(" ", "-")


def email_for(name):
    first, *rest = name.lower().split()
    return f"{first[0]}.{rest[-1]}@miphealth.org.uk"


def person_pages():
    """Page specs for everyone, with invented contact details for staff only (the National
    Committee member is a lay member, contacted through the office)."""
    specs = []
    for index, (name, job_title, role, regions, biography) in enumerate(PEOPLE):
        is_staff = role != PersonRole.NATIONAL_COMMITTEE
        specs.append(
            {
                "model": "people.PersonPage",
                "slug": slug_for(name),
                "title": name,
                "job_title": job_title,
                "role": role,
                "photo": image(f"portrait-{slug_for(name)}"),
                "biography": biography,
                "email": email_for(name) if is_staff else "",
                "phone": f"020 7946 0{101 + index:03d}" if is_staff else "",
                "regions": regions,
                "search_description": f"{name}, {job_title} at MiP.",
                "first_published_at": days_ago(760),
            }
        )
    return specs


def portraits():
    """(image key, name, index) for each person's generated photo."""
    return [(f"portrait-{slug_for(name)}", name, index) for index, (name, *_) in enumerate(PEOPLE)]
