import socket

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from cms.webhooks import addresses
from cms.webhooks.models import EVENT_CHOICES, Endpoint


class EndpointForm(WagtailAdminModelForm):
    url = Endpoint._meta.get_field("url").formfield(assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="What this app is told about. Unpublishing and making a page private both send "
        "page.unpublished.",
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "secret", "events", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            addresses.check_url(url)
        except addresses.RefusedAddress as error:
            raise forms.ValidationError(str(error)) from error
        except (socket.gaierror, UnicodeError) as error:
            raise forms.ValidationError(
                "This host name could not be found. Check the address, or ask the app's developers."
            ) from error
        return url
