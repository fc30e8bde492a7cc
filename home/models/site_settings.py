"""Site-wide settings editors change in Settings → Site settings."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

DEFAULT_DISCLAIMER = (
    "Legal Eye gives general information about employment law, not legal advice on your own "
    "situation. If you have a problem at work, contact your MiP national officer before you act."
)

DEFAULT_FORM_CONSENT = (
    "I agree that MiP may keep the details I have given in this form and use them to answer me. "
    "MiP deletes them after a year and never shares them outside MiP and its national officers."
)


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    tagline = models.CharField(max_length=120, default="The union for health and care managers")
    contact_email = models.EmailField(
        default="info@miphealth.org.uk",
        help_text="The general inbox, shown in the footer. Website forms send general messages here.",
    )
    member_advice_email = models.EmailField(
        default="MemberAdvice@miphealth.org.uk",
        help_text=(
            "Where members send requests for advice and representation. Website forms send advice "
            "questions here, and officer questions no national officer covers."
        ),
    )
    phone = models.CharField(
        max_length=40,
        blank=True,
        default="0800 0 857 857",
        help_text="Shown in the footer (UNISONDirect, when the office is closed).",
    )
    head_office_address = models.TextField(
        default="Managers in Partnership\nEbbark House\n93–95 Borough High Street\nLondon SE1 1NL"
    )
    join_url = models.URLField(
        default="https://www.miphealth.org.uk/join",
        help_text="Where every 'Join MiP' button points.",
    )
    join_footer_heading = models.CharField(max_length=120, default="More reasons to join MiP today")
    join_footer_text = models.TextField(
        default=(
            "MiP represents managers in the NHS, social care and private healthcare: expert "
            "advice, representation at work and a voice for managers nationally."
        )
    )
    legal_eye_disclaimer = models.TextField(
        default=DEFAULT_DISCLAIMER,
        help_text="Shown on every Legal Eye article and sent with it in the API.",
    )
    form_consent_text = models.TextField(
        "form consent text",
        max_length=500,
        default=DEFAULT_FORM_CONSENT,
        help_text=(
            "The box every website form asks members to tick before they send it: what MiP does "
            "with their details. It is stored with each submission as the member's consent."
        ),
    )

    panels = [
        FieldPanel("tagline"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("member_advice_email"),
                FieldPanel("phone"),
                FieldPanel("head_office_address"),
            ],
            heading="Contact details",
        ),
        MultiFieldPanel(
            [FieldPanel("join_url"), FieldPanel("join_footer_heading"), FieldPanel("join_footer_text")],
            heading="Joining",
        ),
        FieldPanel("legal_eye_disclaimer"),
        FieldPanel("form_consent_text"),
    ]

    class Meta:
        verbose_name = "site settings"
