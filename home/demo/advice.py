"""Advice & Information: three topics and six Legal Eye articles.

The law differs across the UK, and the articles say where they apply: the Equality Act 2010 covers
Great Britain while Northern Ireland has its own laws; the job-cuts article is for England only.
One article's review is overdue on purpose, so the demo shows the "review overdue" flag.
"""

from cms.nations import ALL_NATIONS, Nation
from home.demo.blocks import (
    accordion,
    days_ago,
    heading,
    page,
    paragraph,
    quote,
    related,
    table,
)

GREAT_BRITAIN = [Nation.ENGLAND, Nation.SCOTLAND, Nation.WALES]


def _article(slug, title, summary, author, published, reviewed, review_due, nations, tags, body):
    """A Legal Eye article; dates are days before the command runs (negative: in the future)."""
    return {
        "model": "advice.LegalEyeArticlePage",
        "slug": slug,
        "title": title,
        "summary": summary,
        "author": page(author) if author else None,
        "date": days_ago(published),
        "last_reviewed": days_ago(reviewed),
        "review_due": days_ago(review_due),
        "nations": nations,
        "tags": tags,
        "search_description": summary,
        "body": body,
    }


DISCRIMINATION_GB = _article(
    "discrimination-at-work-great-britain",
    "Discrimination at work: your rights in Great Britain",
    "What the Equality Act 2010 protects you from in England, Scotland and Wales, and the tight "
    "deadline for taking a claim further.",
    "ruth-penhaligon",
    published=300,
    reviewed=60,
    review_due=-305,
    nations=GREAT_BRITAIN,
    tags=["Discrimination & equality"],
    body=[
        paragraph(
            "<p>In England, Scotland and Wales the Equality Act 2010 protects you from being treated "
            "unfairly at work because of a protected characteristic. It covers recruitment, pay, "
            "promotion, training, restructures and dismissal, and it applies to senior managers just "
            "as it does to everyone else.</p>"
        ),
        heading("Five kinds of unlawful treatment"),
        paragraph(
            "<ul><li><b>Direct discrimination</b>: being treated less favourably than someone else "
            "because of a protected characteristic.</li>"
            "<li><b>Indirect discrimination</b>: a rule or practice that applies to everyone but puts "
            "people who share a characteristic at a particular disadvantage, without good reason.</li>"
            "<li><b>Harassment</b>: unwanted conduct that violates your dignity or creates a hostile "
            "environment.</li>"
            "<li><b>Victimisation</b>: being treated badly because you complained about "
            "discrimination or supported someone who did.</li>"
            "<li><b>Failing to make reasonable adjustments</b> for a disabled employee.</li></ul>"
        ),
        heading("Deadlines"),
        paragraph(
            "<p>A claim to an employment tribunal must normally start within three months less one "
            "day of the act you are complaining about. Before you can claim you must notify Acas for "
            "early conciliation, which pauses the clock. An internal grievance does <b>not</b> stop "
            "the clock, so get advice early, even while you try to sort things out at work.</p>"
        ),
        related(
            ["discrimination-equality", "disciplinary-grievance"],
            heading_text="More on your rights at work",
        ),
    ],
)

DISCRIMINATION_NI = _article(
    "discrimination-law-northern-ireland",
    "Discrimination law in Northern Ireland: what is different",
    "The Equality Act does not cover Northern Ireland. Here is the separate law that protects you, "
    "the Section 75 equality duty, and where claims are heard.",
    "fiona-macaulay",
    published=280,
    reviewed=45,
    review_due=-320,
    nations=[Nation.NORTHERN_IRELAND],
    tags=["Discrimination & equality"],
    body=[
        paragraph(
            "<p>Most of the Equality Act 2010 does not extend to Northern Ireland. Instead, your "
            "protection comes from a set of separate laws, one or more for each ground. The broad "
            "principles are similar, but the details, and some of the protections, are not the "
            "same as in Great Britain.</p>"
        ),
        heading("The main laws"),
        table(
            [
                ["Ground", "Main law in Northern Ireland"],
                ["Sex, pregnancy and maternity", "Sex Discrimination (Northern Ireland) Order 1976"],
                ["Race", "Race Relations (Northern Ireland) Order 1997"],
                ["Disability", "Disability Discrimination Act 1995, as it applies in Northern Ireland"],
                [
                    "Religious belief and political opinion",
                    "Fair Employment and Treatment (Northern Ireland) Order 1998",
                ],
                [
                    "Sexual orientation",
                    "Employment Equality (Sexual Orientation) Regulations (Northern Ireland) 2003",
                ],
                ["Age", "Employment Equality (Age) Regulations (Northern Ireland) 2006"],
            ],
            caption="Anti-discrimination law in Northern Ireland",
        ),
        heading("Section 75: the public sector equality duty"),
        paragraph(
            "<p>Section 75 of the Northern Ireland Act 1998 requires public authorities, including "
            "the health and social care trusts, to have due regard to the need to promote equality of "
            "opportunity between nine groups of people, and to have regard to good relations between "
            "people of different religious belief, political opinion or racial group. It does not give "
            "you a claim of your own, but it is a strong argument when your employer consults on a "
            "restructure: ask to see the equality screening.</p>"
        ),
        heading("Where claims go"),
        paragraph(
            "<p>Most discrimination claims are heard by an industrial tribunal; claims about "
            "religious belief or political opinion go to the Fair Employment Tribunal. Early "
            "conciliation is through the Labour Relations Agency, not Acas, and the Equality "
            "Commission for Northern Ireland can advise and sometimes support a case. Time limits are "
            "short, so contact your national officer as soon as something goes wrong.</p>"
        ),
        related(
            ["discrimination-at-work-great-britain", "discrimination-equality"],
            heading_text="Compare the law in Great Britain",
        ),
    ],
)

ONE_TO_ONE = _article(
    "one-to-one-consultation-meeting",
    "It's Your Future: preparing for your one-to-one consultation meeting",
    "The one-to-one meeting is your chance to shape what happens to your job in a restructure. "
    "How to prepare, what to ask and what to do afterwards.",
    None,
    published=620,
    reviewed=560,
    review_due=195,
    nations=ALL_NATIONS,
    tags=["Consultations", "Organisational change"],
    body=[
        paragraph(
            "<p>In most restructures your employer will invite you to a one-to-one meeting to discuss "
            "how the proposals affect you. It is part of consultation, so nothing should have been "
            "decided yet. Treat it as a negotiation, not a formality.</p>"
        ),
        heading("Before the meeting"),
        paragraph(
            "<ul><li>Read the consultation paper and the new structure chart closely, and note "
            "anything that is unclear or looks wrong.</li>"
            "<li>Compare your current job description with the new roles. Which posts are a close "
            "match?</li>"
            "<li>Check your contract, your pay protection terms and your employer's organisational "
            "change policy.</li>"
            "<li>Write down what you want: a particular role, a change to the proposals, or time to "
            "think about voluntary redundancy.</li></ul>"
        ),
        heading("In the meeting"),
        paragraph(
            "<p>You can usually bring an MiP rep or officer. Ask how roles will be matched, what the "
            "timetable is, and what happens if you are not matched. Put your own ideas forward. Take "
            "notes, and ask for the employer's notes afterwards.</p>"
        ),
        heading("Afterwards"),
        paragraph(
            "<p>Follow up in writing with anything you agreed or asked for. If you are at risk of "
            "redundancy, ask for a list of vacancies and register for redeployment. Keep your "
            "national officer up to date.</p>"
        ),
    ],
)

DUTY_TO_CONSULT = _article(
    "duty-to-consult",
    "Restructures: your employer's duty to consult",
    "When your employer proposes changes that affect your job, it has to consult: collectively "
    "with unions when many jobs are at risk, and with you individually. What that means in practice.",
    "daniel-okafor",
    published=400,
    reviewed=200,
    review_due=-165,
    nations=ALL_NATIONS,
    tags=["Consultations", "Organisational change", "Redundancy"],
    body=[
        paragraph(
            "<p>Consultation means more than being told. Your employer must give you and your union "
            "enough information to respond, listen to what you say and consider it genuinely before "
            "it decides anything.</p>"
        ),
        heading("Collective consultation"),
        paragraph(
            "<p>When an employer proposes 20 or more redundancies at one establishment within 90 days, "
            "it must consult the recognised unions collectively, about ways to avoid or reduce the job "
            "losses as well as how selection will work. The law sets minimum consultation periods for "
            "larger proposals, and they are not the same in Great Britain and Northern Ireland. NHS "
            "organisational change policies often promise more than the legal minimum.</p>"
        ),
        heading("Individual consultation"),
        paragraph(
            "<p>Whatever the numbers, you should be consulted about how the changes affect you, "
            "usually in a one-to-one meeting. Read our guide to "
            "[[page:one-to-one-consultation-meeting|preparing for your one-to-one]].</p>"
        ),
        related(["one-to-one-consultation-meeting", "organisational-change"]),
    ],
)

JOB_CUTS_ENGLAND = _article(
    "nhs-job-cuts-england",
    "NHS job cuts in England: the voluntary redundancy scheme and your options",
    "A running page for members in ICBs, NHS England and trusts in England facing job cuts: the "
    "national voluntary redundancy scheme, what to check before you apply, and how MiP can help.",
    "priya-raman",
    published=50,
    reviewed=8,
    review_due=-82,
    nations=[Nation.ENGLAND],
    tags=["Redundancy", "Organisational change"],
    body=[
        paragraph(
            "<p><b>This page is updated as things change.</b> The government's decision to bring NHS "
            "England into the Department of Health and Social Care, and to cut integrated care "
            "boards' running costs sharply, puts thousands of management posts in England at risk. "
            "Many of those posts are held by MiP members.</p>"
        ),
        heading("The national voluntary redundancy scheme"),
        paragraph(
            "<p>A national voluntary redundancy (VR) scheme is open to staff in ICBs and NHS England. "
            "Unions, MiP among them, "
            "[[page:unions-decline-voluntary-exit-scheme|refused to endorse its terms]], but it is "
            "going ahead, and some members will want to apply. Voluntary redundancy is your choice; "
            "compulsory redundancy may still follow if not enough people leave.</p>"
        ),
        accordion(
            [
                (
                    "Should I apply for voluntary redundancy?",
                    "<p>Only you can decide, but don't apply before you know what you would get. Ask "
                    "for a written estimate of your payment and your pension position, and talk to "
                    "your national officer.</p>",
                ),
                (
                    "I have taken partial retirement. Does the scheme treat me differently?",
                    "<p>It can. How the scheme treats partial retirees was one reason unions would "
                    "not back it. Check the terms with us before you apply.</p>",
                ),
                (
                    "Will I have to pay anything back if I work in the NHS again?",
                    "<p>Possibly. If you are re-employed in the NHS within a set period after leaving "
                    "with a VR payment, some or all of it may have to be repaid (clawback). Read the "
                    "rules before you sign.</p>",
                ),
            ],
            heading_text="Questions members are asking",
        ),
        heading("What to do now"),
        paragraph(
            "<ol><li>Don't sign anything until you have had advice.</li>"
            "<li>Ask HR for your reckonable service and an estimate of any redundancy pay.</li>"
            "<li>Ask NHS Pensions for a pension estimate.</li>"
            "<li>Keep notes of every meeting and copies of every letter.</li></ol>"
            "<p>Our officers are supporting members through job cuts in every English region.</p>"
        ),
    ],
)

FACING_A_DISCIPLINARY = _article(
    "facing-a-disciplinary",
    "Facing a disciplinary: first steps",
    "If you have been told you are under investigation or face a disciplinary hearing, what you do "
    "in the first few days matters. Three things to do before you respond.",
    "ruth-penhaligon",
    published=240,
    reviewed=90,
    review_due=-275,
    nations=ALL_NATIONS,
    tags=["Disciplinary & grievance"],
    body=[
        paragraph(
            "<ol><li><b>Get the allegations in writing.</b> You cannot answer them properly until you "
            "know exactly what they are.</li>"
            "<li><b>Find the policy.</b> Your employer's disciplinary policy, and the statutory code "
            "of practice (Acas in Great Britain, the Labour Relations Agency in Northern Ireland), "
            "say how the process must be run.</li>"
            "<li><b>Call your national officer before you respond.</b> Don't send a statement or "
            "attend an investigation meeting until you have had advice.</li></ol>"
        ),
        quote(
            "The worst thing you can do is answer allegations on the day you receive them. Take a "
            "breath, get the detail in writing and call us first.",
            "Ruth Penhaligon",
            "MiP national officer",
        ),
        heading("Your right to be accompanied"),
        paragraph(
            "<p>At a disciplinary or grievance hearing you have a legal right to be accompanied by a "
            "trade union representative or a colleague. Many NHS policies extend this to "
            "investigation meetings too. New members normally wait four weeks before MiP can take on "
            "individual representation, and we cannot usually take on a problem that began before "
            "you joined, so don't wait until you need us.</p>"
        ),
    ],
)

ADVICE_SECTION = {
    "model": "advice.AdviceIndexPage",
    "slug": "advice-information",
    "title": "Advice & Information",
    "show_in_menus": True,
    "intro": (
        "Practical advice on the problems managers meet at work, from restructures to discrimination. "
        "Our Legal Eye articles explain the law and say which parts of the UK it covers."
    ),
    "search_description": (
        "MiP's advice for health and care managers, with Legal Eye employment-law articles."
    ),
    "children": [
        {
            "model": "advice.AdviceTopicPage",
            "slug": "discrimination-equality",
            "title": "Discrimination & equality",
            "summary": (
                "Your rights if you are treated unfairly because of who you are, and how MiP can help "
                "you challenge it."
            ),
            "search_description": "Discrimination at work: your rights across the UK and how MiP can help.",
            "body": [
                paragraph(
                    "<p>Every manager has the right to fair treatment at work. If you are passed over, "
                    "singled out in a restructure or harassed because of who you are, the law is on "
                    "your side, and so are we.</p>"
                ),
                heading("The protected characteristics"),
                paragraph(
                    "<ul><li>age</li><li>disability</li><li>gender reassignment</li>"
                    "<li>marriage and civil partnership</li><li>pregnancy and maternity</li>"
                    "<li>race</li><li>religion or belief</li><li>sex</li>"
                    "<li>sexual orientation</li></ul>"
                    "<p>That is the list in Great Britain's Equality Act 2010. Northern Ireland has "
                    "separate laws, which also protect political opinion. Our Legal Eye articles below "
                    "explain both.</p>"
                ),
                heading("Act quickly"),
                paragraph(
                    "<p>Tribunal time limits are short: usually three months. Talking to your manager "
                    "or raising a grievance does not stop the clock, so get advice as soon as "
                    "something happens.</p>"
                ),
            ],
            "children": [DISCRIMINATION_GB, DISCRIMINATION_NI],
        },
        {
            "model": "advice.AdviceTopicPage",
            "slug": "organisational-change",
            "title": "Organisational change",
            "summary": (
                "Restructures, consultations, mergers and redundancy: what your employer must do, and "
                "how to protect your job and your pay."
            ),
            "search_description": (
                "Restructures, consultation and redundancy: advice for NHS and care managers."
            ),
            "body": [
                paragraph(
                    "<p>Managers are often the first to feel a restructure, and are also asked to lead "
                    "their teams through it. You have rights in both roles. Your employer must consult "
                    "you before it decides, look for alternatives to redundancy, and treat everyone "
                    "fairly.</p>"
                ),
                heading("It's Your Future: getting through a consultation"),
                paragraph(
                    "<p>Our three-part guide takes you from the first announcement to your one-to-one "
                    "meeting: why consultations happen, what your employer's legal duty is, and how to "
                    "prepare. Start with the Legal Eye articles below.</p>"
                ),
                accordion(
                    [
                        (
                            "Can my employer change my job without consulting me?",
                            "<p>No. Significant changes to your role, pay or hours need consultation, "
                            "and changes to your contract need your agreement or proper notice.</p>",
                        ),
                        (
                            "What counts as suitable alternative employment?",
                            "<p>A job close to yours in pay, status, skills and location. You have a "
                            "trial period to try it. Turning down a suitable offer without good reason "
                            "can cost you your redundancy pay, so talk to us before you say no.</p>",
                        ),
                        (
                            "How is NHS redundancy pay worked out?",
                            "<p>Under Agenda for Change it is based on your reckonable NHS service, "
                            "with a maximum of 24 months' pay. Very senior managers' contracts may "
                            "differ: check yours.</p>",
                        ),
                        (
                            "What is clawback?",
                            "<p>If you take a redundancy or exit payment and return to the NHS within "
                            "a set period, you may have to repay some or all of it.</p>",
                        ),
                        (
                            "Should I sign a settlement agreement?",
                            "<p>Not without independent legal advice, which the law requires for the "
                            "agreement to be binding. Your employer usually pays for it. Ask your "
                            "national officer first.</p>",
                        ),
                    ],
                    heading_text="Redundancy FAQs",
                ),
            ],
            "children": [ONE_TO_ONE, DUTY_TO_CONSULT, JOB_CUTS_ENGLAND],
        },
        {
            "model": "advice.AdviceTopicPage",
            "slug": "disciplinary-grievance",
            "title": "Disciplinary & grievance",
            "summary": (
                "What to do if you face an investigation, suspension or disciplinary hearing, or need "
                "to raise a grievance yourself."
            ),
            "search_description": "Disciplinary, suspension and grievance: first steps for managers.",
            "body": [
                paragraph(
                    "<p>Managers are more exposed than most staff when things go wrong: you are "
                    "accountable for your team's work as well as your own. A fair process protects "
                    "you, and MiP will make sure your employer follows one.</p>"
                ),
                heading("If you are suspended"),
                paragraph(
                    "<p>Suspension should be a neutral act, not a punishment, and should be as short "
                    "as possible. Ask why it is necessary, how long it will last and who you can "
                    "contact while you are away. Keep your pay slips: you should be paid as normal.</p>"
                ),
                heading("Raising a grievance"),
                paragraph(
                    "<p>Put your grievance in writing, say what outcome you want, and keep to the "
                    "facts. Your employer should meet you without unreasonable delay, and you can "
                    "appeal if you are not satisfied.</p>"
                ),
            ],
            "children": [FACING_A_DISCIPLINARY],
        },
    ],
}
