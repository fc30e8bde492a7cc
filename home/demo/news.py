"""News: fifteen items of every article type over the last two years, by MiP or by a named
member of staff, including the seed items 9 to 14 of domain.md §4. Quoted speakers are the
invented staff of home/demo/people.py or unnamed members."""

from cms.nations import Nation
from home.demo.blocks import (
    accordion,
    call_to_action,
    date_text,
    days_ago,
    downloads,
    heading,
    image,
    legal_eye,
    page,
    paragraph,
    picture,
    quote,
    related,
    table,
)

ENGLAND = [Nation.ENGLAND]


def _news(slug, title, days, article_type, author, standfirst, hero, tags, body, nations=None):
    return {
        "model": "home.NewsPage",
        "slug": slug,
        "title": title,
        "date": days_ago(days),
        "article_type": article_type,
        "author": page(author) if author else None,
        "standfirst": standfirst,
        "hero_image": image(hero),
        "tags": tags,
        "nations": nations or [],
        "search_description": standfirst,
        "body": body,
    }


NEWS_ITEMS = [
    _news(
        "icb-mergers-consultation",
        "ICB mergers: how to protect your role in the consultation",
        18,
        "news",
        "tom-ashworth",
        "As integrated care boards merge and cut running costs, our officers explain what members "
        "should do as consultation begins.",
        "job-cuts",
        ["Organisational change", "Consultations", "Redundancy"],
        [
            paragraph(
                "<p>Consultation on merging several integrated care boards has now started, and many "
                "members have received at-risk letters. The next few weeks matter: this is when the "
                "proposals can still change.</p>"
                "<p>Read our guides to [[page:duty-to-consult|your employer's duty to consult]] and "
                "[[page:one-to-one-consultation-meeting|preparing for your one-to-one]], then talk to "
                "your national officer.</p>"
            ),
            quote(
                "Don't assume the structure chart is final. We have seen roles added and matching "
                "rules changed because members responded to consultation in detail.",
                "Tom Ashworth",
                "MiP national officer",
            ),
            related(["nhs-job-cuts-england", "organisational-change"], heading_text="Advice on job cuts"),
        ],
        nations=ENGLAND,
    ),
    _news(
        "unions-decline-voluntary-exit-scheme",
        "Unions decline to endorse the national voluntary exit scheme",
        65,
        "news",
        "priya-raman",
        "MiP and the other NHS unions will not back the voluntary redundancy scheme for ICB and NHS "
        "England staff, after talks failed to fix its treatment of clawback and partial retirees.",
        "job-cuts",
        ["Redundancy", "Organisational change"],
        [
            paragraph(
                "<p>MiP and the other NHS trade unions have told employers that they cannot endorse "
                "the national voluntary redundancy scheme for staff in integrated care boards and NHS "
                "England. Several weeks of talks failed to resolve our concerns.</p>"
            ),
            heading("What worries us"),
            paragraph(
                "<ul><li>Clawback rules that could force members who later return to the NHS to repay "
                "much of their payment.</li>"
                "<li>Worse terms for members who have taken partial retirement.</li>"
                "<li>A short window to make a decision that affects the rest of your career.</li>"
                "<li>No promise that volunteers leaving will prevent compulsory redundancies.</li></ul>"
            ),
            quote(
                "Members are being asked to make a life-changing decision in a matter of weeks, on "
                "terms that could see them pay much of it back. We could not put our name to that.",
                "Priya Raman",
                "MiP national officer",
            ),
            paragraph(
                "<p>The scheme will still open. If you are thinking of applying, read our "
                "[[page:organisational-change|advice on organisational change]] and speak to your "
                "national officer first.</p>"
            ),
        ],
        nations=ENGLAND,
    ),
    _news(
        "national-committee-election",
        "Election: stand for the National Committee",
        100,
        "news",
        "martin-sadler",
        "Nominations are open for seats on MiP's National Committee, the elected body that sets the "
        "union's direction. Here is the timetable and how to stand.",
        "election",
        ["Elections", "Workplace reps"],
        [
            paragraph(
                "<p>The National Committee is made up of members elected by the members in their "
                "constituency. It sets MiP's priorities and holds the staff to account. If you want a "
                "say in how your union is run, this is your chance.</p>"
            ),
            heading("Timetable"),
            table(
                [
                    ["Stage", "Date"],
                    ["Nominations open", date_text(100)],
                    ["Nominations close (noon)", date_text(72)],
                    ["Voting opens", date_text(58)],
                    ["Voting closes (noon)", date_text(37)],
                    ["Results announced", date_text(30)],
                ],
                caption="National Committee election timetable",
            ),
            heading("Who can stand"),
            paragraph(
                "<p>Any member who has belonged to MiP for at least 13 weeks and is, or agrees to "
                "become, an accredited workplace rep. You need two nominations from members in your "
                "own constituency. See [[page:how-mip-is-governed|how MiP is governed]] for the seats "
                "in each constituency.</p>"
            ),
            downloads(
                [
                    (
                        "nomination-form",
                        "",
                        "Complete the form, add a statement of up to 300 words and return it by the "
                        "closing date.",
                    )
                ],
                heading_text="Nomination form",
            ),
        ],
    ),
    _news(
        "stress-survey",
        "Survey finds rising stress among senior NHS leaders",
        150,
        "news",
        "alison-kerridge",
        "Our member survey paints a picture of senior managers stretched thin by reform, cuts and "
        "constant criticism, and many thinking about leaving.",
        "stress-survey",
        ["Organisational culture", "Regulation of managers"],
        [
            paragraph(
                "<p>More members than ever took part in this year's survey, and their message is "
                "clear: workloads are growing, support is shrinking and morale is low. A clear "
                "majority said their job had become more stressful in the past year, and many said "
                "they were thinking of leaving the NHS within five years.</p>"
            ),
            heading("What members told us"),
            paragraph(
                "<ul><li>Restructures are constant, and often announced before anyone is consulted.</li>"
                "<li>Cuts to management posts are pushing more work onto those who remain.</li>"
                "<li>Public criticism of managers is hurting recruitment and retention.</li></ul>"
            ),
            quote(
                "I spend more time defending my team's existence than leading it.",
                "Survey respondent",
                "Director of operations, acute trust",
            ),
            heading("What happens next"),
            paragraph(
                "<p>We are taking the findings to employers and ministers, and they shape our "
                "[[page:managers-matter|Managers Matter]] campaign.</p>"
            ),
        ],
    ),
    _news(
        "opinion-blame-and-fear",
        "Blame and fear don't change culture",
        170,
        "opinion",
        "siobhan-doherty",
        "Every new scandal brings calls for managers to be punished. The chair of MiP's National "
        "Committee argues that fear makes services less safe, not more.",
        "culture",
        ["Organisational culture"],
        [
            paragraph(
                "<p>When something goes badly wrong in a hospital, the search for someone to blame "
                "starts at once. It is an understandable instinct. But in twenty years of managing "
                "services I have never seen fear make a team safer.</p>"
                "<p>People who are afraid hide problems. They stop reporting near misses, they avoid "
                "difficult conversations and they wait for someone else to speak. By the time the "
                "problem surfaces, it has become a crisis.</p>"
            ),
            quote(
                "If we want managers who speak up, we have to stop punishing the ones who do.",
                "Siobhan Doherty",
                "Chair, MiP National Committee",
            ),
            heading("What works instead"),
            paragraph(
                "<p>Cultures change when leaders ask what happened before they ask who did it; when "
                "managers are given realistic goals and the time to meet them; and when raising a "
                "concern is treated as part of the job. None of that is soft. It is harder than "
                "finding a scapegoat, and it works.</p>"
            ),
            related(["managers-matter", "stress-survey"]),
        ],
    ),
    _news(
        "mip-at-work-reps-training",
        "MiP at Work: training our first workplace reps",
        200,
        "mip-at-work",
        "daniel-okafor",
        "Twelve members have finished MiP's first two-day course for workplace reps. What they "
        "learned, and why we need more of them.",
        "reps-training",
        ["Workplace reps"],
        [
            paragraph(
                "<p>For most of its history MiP has relied on its national officers to support "
                "members face to face. As members' numbers and problems have grown, we have started "
                "to build a network of workplace reps: members who support colleagues locally and work "
                "closely with the national officer for their region.</p>"
            ),
            heading("What our reps learn", level="h3"),
            paragraph(
                "<ul><li>How to support a member at an investigation or hearing.</li>"
                "<li>How consultation works, and how to respond to a restructure.</li>"
                "<li>Where the employer's policies and the law fit together.</li>"
                "<li>When to pass a case to a national officer.</li></ul>"
            ),
            table(
                [
                    ["", "Morning", "Afternoon"],
                    [
                        "Day one",
                        "The rep's role; MiP and its members",
                        "Individual cases: listening and note-taking",
                    ],
                    ["Day two", "Consultation and organisational change", "Practice hearing and next steps"],
                ],
                caption="The two-day workplace reps course",
                first_col_is_header=True,
            ),
            quote(
                "I joined MiP when my own job was at risk. Now I can help colleagues through the same thing.",
                "Course participant",
                "Head of contracting, integrated care board",
            ),
        ],
    ),
    _news(
        "maternity-leave-guide",
        "Maternity leave and returning to work: new MiP guide for managers",
        230,
        "news",
        None,
        "Our new guide explains your rights during pregnancy, maternity leave and your return to "
        "work, and what to do if a restructure happens while you are away.",
        "maternity",
        ["Maternity", "Discrimination & equality"],
        [
            paragraph(
                "<p>Members tell us that restructures announced during maternity leave, and refused "
                "requests for flexible working on their return, are some of the most stressful "
                "problems they face. Our new guide sets out your rights at each stage.</p>"
            ),
            heading("What the guide covers"),
            paragraph(
                "<ul><li>Telling your employer, risk assessments and time off for antenatal care.</li>"
                "<li>Maternity pay, keeping-in-touch days and holiday.</li>"
                "<li>Your protection if your job is at risk while you are on leave.</li>"
                "<li>Flexible working and returning to your job.</li></ul>"
            ),
            downloads([("maternity-guide", "", "The full guide, eight sections, as a PDF.")]),
            legal_eye(
                "Treated unfairly because you are pregnant or on maternity leave?",
                "Pregnancy and maternity discrimination is unlawful. Find out what the law says and "
                "how MiP can help.",
                "discrimination-equality",
            ),
        ],
    ),
    _news(
        "wales-reps-network",
        "MiP at Work: building a network of reps in Wales",
        260,
        "mip-at-work",
        "gareth-prosser",
        "Members in four Welsh health boards now have a local MiP rep. Our national officer for Wales "
        "explains how the network is growing.",
        "reps-training",
        ["Workplace reps"],
        [
            paragraph(
                "<p>Wales's health boards are large organisations spread over wide areas, and members "
                "have told us they want support closer to home. Since the spring, members from four "
                "health boards have completed our [[page:mip-at-work-reps-training|reps course]], and "
                "each now supports colleagues in their own organisation.</p>"
            ),
            call_to_action(
                "Could you be a rep?",
                "Talk to your national officer",
                text="Training is free and you will have the support of your national officer.",
                page_slug="gareth-prosser",
            ),
        ],
        nations=[Nation.WALES],
    ),
    _news(
        "pay-rise-falls-short",
        "MiP says proposed 2.5% NHS pay rise falls short",
        290,
        "media-release",
        None,
        "Responding to the government's evidence to the NHS Pay Review Body, MiP warns that a 2.5% "
        "award would deepen the recruitment and retention crisis among senior staff.",
        "pay",
        ["Pay"],
        [
            paragraph(
                "<p>Managers in Partnership has said that the government's proposal of a 2.5% pay "
                "rise for NHS staff in England falls well short of what is needed to keep experienced "
                "managers in the service. Senior staff have seen the value of their pay fall sharply "
                "over the past decade.</p>"
            ),
            quote(
                "Managers have held the NHS together through years of crisis. A below-inflation award "
                "tells them their work is worth less every year. The Pay Review Body must look again.",
                "Alison Kerridge",
                "MiP chief executive",
            ),
            heading("Notes to editors"),
            paragraph(
                "<p>Managers in Partnership (MiP) is the trade union for senior managers in the NHS, "
                "social care and independent healthcare, with more than 6,000 members. It was founded "
                "in 2005 as a partnership between UNISON and the FDA.</p>"
            ),
        ],
        nations=ENGLAND,
    ),
    _news(
        "pay-scotland",
        "Pay in Scotland: what the new Agenda for Change deal means for managers",
        320,
        "news",
        "fiona-macaulay",
        "NHS Scotland's pay deal has been agreed. Our national officer for Scotland explains what it "
        "means for members in bands 8a to 9.",
        "pay",
        ["Pay"],
        [
            paragraph(
                "<p>Pay for NHS staff in Scotland is negotiated separately from England, and the "
                "agreement reached this year again differs in timing and detail. Members on bands 8a "
                "to 9 will see the new rates in their pay, backdated to the start of the financial "
                "year.</p>"
            ),
            heading("Beyond the headline figure"),
            paragraph(
                "<p>The deal also includes commitments on the working week and protected time for "
                "learning. We will be checking how health boards apply them to managers, whose hours "
                "are too often unlimited in practice.</p>"
            ),
        ],
        nations=[Nation.SCOTLAND],
    ),
    _news(
        "members-summit-equality",
        "Members' Summit: what we heard about race equality data",
        380,
        "feature",
        "alison-kerridge",
        "At this year's online summit, a panel of members and experts asked why NHS race equality "
        "data still shows so little change at senior levels, and what managers can do about it.",
        "summit",
        ["Discrimination & equality"],
        [
            paragraph(
                "<p>Our annual Members' Summit went online again this year, with a session on race "
                "equality in NHS management. The data tells a familiar story: staff from ethnic "
                "minority backgrounds remain under-represented in senior roles and are more likely to "
                "face formal disciplinary action.</p>"
            ),
            heading("Three messages from the panel"),
            paragraph(
                "<ol><li>Publish the data, but act on it too: targets without plans change nothing.</li>"
                "<li>Look closely at restructures, where unfairness in matching and selection can "
                "undo years of progress.</li>"
                "<li>Make inclusive management part of every manager's objectives.</li></ol>"
            ),
            quote(
                "Every restructure is a test of whether an organisation means what it says about equality.",
                "Panel member",
                "Deputy director of workforce, NHS trust",
            ),
            paragraph("<p>Read more about [[page:equality-diversity|MiP's work on equality]].</p>"),
        ],
    ),
    _news(
        "northern-ireland-members-meeting",
        "Northern Ireland: members meet on the future of HSC management",
        410,
        "news",
        "fiona-macaulay",
        "Members from across Northern Ireland's health and social care trusts met in Belfast to "
        "discuss management posts, pay parity and the next steps for MiP in Northern Ireland.",
        "governance",
        ["Organisational change", "Pay"],
        [
            paragraph(
                "<p>More than forty members from the health and social care trusts came to our "
                "members' meeting in Belfast. Pay parity with colleagues elsewhere in the UK, and "
                "plans to reshape management in the trusts, dominated the discussion.</p>"
                "<p>Employment law in Northern Ireland differs from Great Britain's: see our Legal Eye "
                "article on [[page:discrimination-law-northern-ireland|discrimination law in Northern "
                "Ireland]].</p>"
            ),
        ],
        nations=[Nation.NORTHERN_IRELAND],
    ),
    _news(
        "moving-from-unison",
        "Already a UNISON member? What changes when you move to MiP",
        470,
        "feature",
        None,
        "When you reach band 8a your UNISON membership can transfer to MiP. What changes, what stays "
        "the same, and why it is worth it.",
        "about-mip",
        ["Pay", "Workplace reps"],
        [
            paragraph(
                "<p>MiP is a national branch of UNISON, so moving to us when you become a senior "
                "manager is a transfer, not a new start. Your membership history counts, and you keep "
                "UNISON's member benefits.</p>"
            ),
            heading("What changes"),
            paragraph(
                "<ul><li>Advice and representation come from an MiP national officer who specialises "
                "in senior managers' problems.</li>"
                "<li>You are part of a union that negotiates and campaigns for managers.</li>"
                "<li>You gain the FDA's benefits as well as UNISON's.</li></ul>"
            ),
            call_to_action(
                "Ready to move?",
                "Transfer to MiP",
                text="Tell us your UNISON membership number and we will do the rest.",
                url="https://www.miphealth.org.uk/join",
            ),
        ],
    ),
    _news(
        "regulation-of-managers",
        "MiP responds to plans to regulate NHS managers",
        520,
        "media-release",
        None,
        "MiP supports professional standards for managers, but warns that regulation must be fair, "
        "and must not become another way of blaming managers for problems they did not create.",
        "governance",
        ["Regulation of managers"],
        [
            paragraph(
                "<p>MiP has responded to the government's consultation on regulating NHS managers in "
                "England. We support clear professional standards and proper training for managers. "
                "But any system must give managers a fair process, take account of the pressures they "
                "work under and hold boards and ministers to the same standards.</p>"
            ),
            accordion(
                [
                    (
                        "Does MiP support regulation of managers?",
                        "<p>We support professional standards and would support a regulator that is "
                        "fair, independent and properly funded.</p>",
                    ),
                    (
                        "What are MiP's main concerns?",
                        "<p>That managers could be barred for decisions imposed on them, without a "
                        "fair hearing or the right to be represented.</p>",
                    ),
                ],
                heading_text="Questions and answers",
            ),
        ],
        nations=ENGLAND,
    ),
    _news(
        "healthy-workplace-guide-launched",
        "Managers Matter: our guide to creating a healthy workplace",
        680,
        "news",
        "kwame-mensah",
        "The first of three Managers Matter guides is out: practical steps to build a workplace "
        "culture where managers and their teams can thrive.",
        "managers-matter",
        ["Organisational culture"],
        [
            paragraph(
                "<p>We have launched <i>Creating a healthy workplace</i>, the first guide in our "
                "[[page:managers-matter|Managers Matter]] campaign. It looks at what good workplace "
                "culture looks like, why it matters for patients as well as staff, and what managers "
                "can do even when the pressure is on.</p>"
            ),
            picture(
                "managers-matter",
                caption="The guide is the first of three: inclusion and managing change come next.",
            ),
            downloads([("healthy-workplace-guide", "", "The guide as a PDF.")]),
            call_to_action(
                "Not a member yet?",
                "Join MiP",
                text="Join the union that stands up for managers.",
                page_slug="join-mip",
            ),
        ],
    ),
]

NEWS_SECTION = {
    "model": "home.NewsIndexPage",
    "slug": "news",
    "title": "News",
    "show_in_menus": True,
    "intro": "News, features, opinion and media releases from MiP, the union for health and care managers.",
    "search_description": "The latest news, features and opinion from Managers in Partnership.",
    "children": NEWS_ITEMS,
}
