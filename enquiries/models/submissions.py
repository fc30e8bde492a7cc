"""What members sent through the website's forms."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from wagtail.contrib.forms.models import AbstractFormSubmission

from enquiries import routing


class EnquirySubmission(AbstractFormSubmission):
    """What a member sent, who it was routed to and when the emails went. Deleted after
    ``FORM_RETENTION_DAYS`` (``enquiries.retention``)."""

    sent_to = models.JSONField(
        default=list, encoder=DjangoJSONEncoder, help_text="[{name, email}] the message was routed to."
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "form submission"
        indexes = [models.Index(fields=["submit_time"], name="enquiry_submit_time_idx")]

    def get_data(self):
        return {
            **super().get_data(),
            "sent_to": ", ".join(routing.describe(recipient) for recipient in self.sent_to),
            "emailed_at": self.emailed_at,
        }

    @property
    def member_email(self):
        return self.form_data.get("email", "")
