"""The demo site's forms: "Send us a message" and "Ask your national officer" under Contact us,
and the Managers Matter email news sign-up under the campaign."""

CONTACT_FORM = {
    "model": "enquiries.FormPage",
    "slug": "send-us-a-message",
    "title": "Send us a message",
    "intro": (
        "Write to MiP's head office or to our member advice team. Tell us what your message is about "
        "and it goes straight to the right people."
    ),
    "routing": "topic",
    "topics": [
        {"label": "A problem at work: advice or representation", "inbox": "member-advice"},
        {"label": "Pay, terms and conditions", "inbox": "member-advice"},
        {"label": "Joining MiP, or my membership", "inbox": "general"},
        {"label": "A media enquiry", "inbox": "general"},
        {"label": "Something else", "inbox": "general"},
    ],
    "form_fields": [
        {
            "label": "Membership number",
            "field_type": "singleline",
            "required": False,
            "help_text": "If you are a member. It is on your membership card and your subscription emails.",
        },
        {
            "label": "Your message",
            "field_type": "multiline",
            "required": True,
            "help_text": "Please leave out medical details, and anything about colleagues we do not need.",
        },
    ],
    "subject": "Website message",
    "button_label": "Send message",
    "send_member_copy": True,
    "thank_you_text": (
        "<p>We answer most messages within two working days. If your problem at work is urgent, call "
        "your national officer: [[page:our-people|find your national officer]].</p>"
    ),
}

OFFICER_FORM = {
    "model": "enquiries.FormPage",
    "slug": "ask-your-national-officer",
    "title": "Ask your national officer",
    "intro": (
        "Your national officer advises and represents MiP members where you work. Tell us your employer "
        "or your region and your question goes to the officer who covers it."
    ),
    "routing": "officer",
    "form_fields": [
        {
            "label": "Membership number",
            "field_type": "singleline",
            "required": False,
            "help_text": "It is on your membership card and your subscription emails.",
        },
        {
            "label": "Your job title",
            "field_type": "singleline",
            "required": False,
        },
        {
            "label": "Your question",
            "field_type": "multiline",
            "required": True,
            "help_text": "What has happened, and any dates or meetings coming up.",
        },
    ],
    "subject": "Question for your national officer",
    "button_label": "Send question",
    "send_member_copy": True,
    "thank_you_text": (
        "<p>Your national officer will reply, usually within two working days. If you have a meeting "
        "about your job in the next few days, say so when you call.</p>"
    ),
}

EMAIL_NEWS_FORM = {
    "model": "enquiries.FormPage",
    "slug": "email-news",
    "title": "Get our email news",
    "intro": (
        "Hear about new Managers Matter guides, webinars and campaign news first. One email a month; "
        "every email has a link to stop them."
    ),
    "routing": "addresses",
    "form_fields": [
        {
            "label": "Where do you work?",
            "field_type": "dropdown",
            "required": False,
            "choices": "The NHS\nSocial care\nIndependent healthcare\nSomewhere else",
        },
        {
            "label": "Send me MiP's email news",
            "field_type": "checkbox",
            "required": True,
        },
    ],
    "button_label": "Sign up",
    "send_member_copy": True,
    "thank_you_text": (
        "<p>You are on the list for MiP's email news. The first one will arrive with the next Managers "
        "Matter guide. Not a member yet? [[page:join-mip|Join MiP]].</p>"
    ),
}
