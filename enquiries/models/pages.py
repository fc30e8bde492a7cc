"""The form page type and the parts editors add to it: questions and topics."""

from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.api.fields import RichTextAPIField, body_api_fields
from cms.blocks import BodyStreamBlock
from cms.site.page_routing import ReaderPageMixin
from cms.site.reader_request import reader_request
from enquiries import routing, submission_limits
from enquiries.api_fields import QuestionsField
from enquiries.forms import EnquiryFormBuilder, FormPageAdminForm
from enquiries.models.submissions import EnquirySubmission
from enquiries.routing import Inbox, Routing
from enquiries.tasks import send_enquiry_emails
from home.models import SiteSettings


class FormField(AbstractFormField):
    page = ParentalKey("enquiries.FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormTopic(Orderable):
    """A topic a member can choose on a form routed by topic, and the inbox it goes to."""

    page = ParentalKey("enquiries.FormPage", on_delete=models.CASCADE, related_name="topics")
    label = models.CharField(max_length=120, help_text="As the member sees it, e.g. 'Pay and conditions'.")
    inbox = models.CharField(max_length=20, choices=Inbox.choices, default=Inbox.GENERAL)

    panels = [FieldPanel("label"), FieldPanel("inbox")]

    def __str__(self):
        return self.label


class FormPage(ReaderPageMixin, AbstractEmailForm):
    """A form members fill in on the website: "Contact us" (routed by topic to the general or
    member-advice inbox), "Ask your national officer" (routed to the officers who cover the
    member's employer or region) or an email news sign-up (kept for export). Editors choose
    the questions; the member's name, email address and consent are always asked."""

    intro = models.TextField(max_length=600, blank=True, help_text="Shown under the title, above the form.")
    body = StreamField(
        BodyStreamBlock(), blank=True, help_text="Optional: anything members should read before they write."
    )
    thank_you_text = RichTextField(
        features=["bold", "italic", "link", "ul", "ol"],
        blank=True,
        help_text="Shown once the form is sent, e.g. when the member can expect a reply.",
    )
    routing = models.CharField(
        "send submissions",
        max_length=20,
        choices=Routing.choices,
        default=Routing.ADDRESSES,
    )
    button_label = models.CharField(
        max_length=40, default="Send", help_text="The words on the form's button, e.g. 'Send' or 'Sign up'."
    )
    send_member_copy = models.BooleanField(
        "email the member a copy",
        default=True,
        help_text="The member gets a copy of what they sent, saying who it went to.",
    )

    content_panels = Page.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel(
            "form_fields",
            label="Question",
            heading="Questions",
            help_text="Name, email address and consent are always asked first and last; add the rest here.",
        ),
        FieldPanel("button_label"),
        FieldPanel("thank_you_text"),
    ]
    routing_panels = [
        FieldPanel("routing"),
        InlinePanel(
            "topics",
            label="Topic",
            heading="Topics",
            help_text="For routing by topic: the member chooses one, and it goes to that topic's inbox.",
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "to_address",
                    help_text="For routing to these addresses, separated by commas. Leave blank to keep "
                    "the submissions only (e.g. a sign-up list to export).",
                ),
                FieldPanel(
                    "subject", help_text="The subject of the email MiP staff get. Default: the title."
                ),
                FieldPanel("from_address", help_text="Default: the site's sending address."),
                FieldPanel("send_member_copy"),
            ],
            heading="Email",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(routing_panels, heading="Routing and email"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    base_form_class = FormPageAdminForm

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    api_fields = [
        APIField("intro"),
        *body_api_fields(),
        APIField("questions", serializer=QuestionsField()),
        APIField("thank_you_text", serializer=RichTextAPIField()),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage", "campaigns.CampaignPage"]
    subpage_types = []

    form_builder = EnquiryFormBuilder

    class Meta:
        verbose_name = "form page"

    @property
    def summary(self):
        return self.intro or self.search_description

    # The form

    def get_submission_class(self):
        return EnquirySubmission

    def get_form(self, *args, **kwargs):
        kwargs.setdefault("page", self)
        return super().get_form(*args, **kwargs)

    @property
    def questions(self):
        """The form as members see it: every field's name, label, type, hint and choices."""
        return self.get_form().describe()

    def answer_fields(self):
        """``(name, label)`` of every answer a submission holds, in the form's order."""
        return [(name, label) for name, label, _kind in self.get_form().answer_fields()]

    def get_submissions_list_view_class(self):
        # Imported when used, as Wagtail does: admin views need the models loaded first.
        from enquiries.views import EnquirySubmissionsListView

        return EnquirySubmissionsListView

    def get_data_fields(self):
        return [
            ("submit_time", "Submission date"),
            *self.answer_fields(),
            ("sent_to", "Sent to"),
            ("emailed_at", "Emailed"),
        ]

    # Serving

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reader_request(request).prepare(self)
        return context

    def serve(self, request, *args, **kwargs):
        response = self._serve_form(request)
        # The form carries a CSRF token: neither the page cache nor a browser or proxy may keep it.
        add_never_cache_headers(response)
        return response

    def _serve_form(self, request):
        status, refusal = 200, None
        site_settings = SiteSettings.for_request(request)
        if request.method == "POST":
            refusal = submission_limits.refusal(request)
            if refusal is not None and refusal.status == 413:
                return self._render_refusal(request, refusal)
            form = self.get_form(request.POST, user=request.user, site_settings=site_settings)
            if refusal is None and form.is_valid():
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission)
            status = refusal.status if refusal else 400
        else:
            form = self.get_form(user=request.user, site_settings=site_settings)
        context = self.get_context(request)
        context.update({"form": form, "refusal": refusal})
        response = TemplateResponse(request, self.get_template(request), context, status=status)
        if refusal is not None and refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response

    def _render_refusal(self, request, refusal):
        context = self.get_context(request)
        context["refusal"] = refusal
        return TemplateResponse(request, "enquiries/form_page_refused.html", context, status=refusal.status)

    def process_form_submission(self, form):
        recipients = routing.recipients(self, form.cleaned_data, form.site_settings)
        with transaction.atomic():
            submission = EnquirySubmission.objects.create(
                page=self, form_data=form.submission_data(), sent_to=recipients
            )
            if recipients or (self.send_member_copy and submission.member_email):
                transaction.on_commit(lambda: send_enquiry_emails.enqueue(submission.pk))
        return submission

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.get_context(request)
        context["form_submission"] = form_submission
        sent_to = form_submission.sent_to if form_submission else []
        context["sent_to_names"] = [routing.describe_name(item) for item in sent_to if item.get("name")]
        return TemplateResponse(request, self.get_landing_page_template(request), context)
