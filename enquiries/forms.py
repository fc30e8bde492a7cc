"""The forms behind a form page: the one members fill in (built from the editor's questions
plus the questions every form asks), and the page editor's checks on a form page.

The member's form follows the GOV.UK Design System's patterns, so it reads the same with a
screen reader, a keyboard or no JavaScript: a real label and hint for every field, error
messages that say how to fix the answer ("Enter your email address"), each tied to its field
with ``aria-describedby``, and a summary of every error at the top of the page linking to the
field at fault (``error_summary()``; templates/enquiries/includes/error_summary.html)."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.forms.boundfield import BoundField
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.models import Site

from enquiries.routing import Routing
from home.models import SiteSettings
from people.models import Employer, Region, regions_by_nation

# A field real people never see or fill in. Bots that fill in every box fill this one too.
HONEYPOT = "website"

# The questions every form asks (and the column each answer is stored under), which the
# editor's questions may not reuse.
BUILT_IN_COLUMNS = {
    "name": "Name",
    "email": "Email address",
    "topic": "Topic",
    "employer": "Employer",
    "region": "Region",
    "consent": "Consent",
}
RESERVED_NAMES = {*BUILT_IN_COLUMNS, HONEYPOT, "submit_time", "sent_to", "emailed_at"}


def lower_first(label):
    """ "Your message" -> "your message", but "NHS number" stays as it is."""
    first_word = label.split(" ", 1)[0]
    if len(first_word) > 1 and first_word.isupper():
        return label
    return label[:1].lower() + label[1:]


def set_error_messages(field, label):
    """Messages that say what to do, in the GOV.UK style, for a field labelled ``label``."""
    # Django fills in %(…)s placeholders in these messages; a % in the label is just a %.
    label = str(label).replace("%", "%%")
    name = lower_first(label)
    messages = {}
    if isinstance(field, forms.BooleanField):
        messages["required"] = f"Tick the box ‘{label}’"
    elif isinstance(field, forms.ChoiceField | forms.MultipleChoiceField):
        messages["required"] = f"Select {name}"
        messages["invalid_choice"] = f"Select {name} from the list"  # noqa: S608 (a message, not SQL)
    else:
        messages["required"] = f"Enter {name}"
    if isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.com"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = "Enter a web address in the correct format, like https://www.example.com"
    elif isinstance(field, forms.DateTimeField):
        messages["invalid"] = f"{label} must be a real date and time"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{label} must be a real date, like 27 3 2026"
    elif isinstance(field, forms.DecimalField):
        messages["invalid"] = f"{label} must be a number"
    if getattr(field, "max_length", None):
        messages["max_length"] = f"{label} must be {field.max_length:,} characters or fewer"
    field.error_messages.update(messages)


class EnquiryFormBuilder(FormBuilder):
    """Wagtail's form builder with limits on long answers and native date pickers."""

    def create_multiline_field(self, field, options):
        options["max_length"] = settings.FORM_ANSWER_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        options["max_length"] = 254
        return super().create_email_field(field, options)

    def create_url_field(self, field, options):
        options["max_length"] = 2000
        return super().create_url_field(field, options)

    def create_date_field(self, field, options):
        options["widget"] = forms.DateInput(attrs={"type": "date"})
        return super().create_date_field(field, options)

    def create_datetime_field(self, field, options):
        options["widget"] = forms.DateTimeInput(attrs={"type": "datetime-local"})
        return super().create_datetime_field(field, options)

    def create_dropdown_field(self, field, options):
        choices = self.get_formatted_field_choices(field)
        options["choices"] = [("", "Choose an option"), *choices]
        return forms.ChoiceField(**options)

    def get_form_class(self):
        return type("EnquiryForm", (EnquiryForm,), self.formfields)


@dataclass
class DisplayField:
    """A field with what its template needs: which pattern it follows and the ids of its hint
    and error message (which its input names in ``aria-describedby``)."""

    bound: BoundField
    kind: str  # input, textarea, select, choices (radios or checkboxes), checkbox, hidden, trap

    @property
    def optional(self):
        # Employer and region are each optional, but one of them is needed: their hints say so.
        return not self.bound.field.required and self.bound.name not in {"employer", "region", HONEYPOT}

    @property
    def length_hint(self):
        if self.kind != "textarea" or not self.bound.field.max_length:
            return ""
        return f"You can write up to {self.bound.field.max_length:,} characters."

    @property
    def hint_id(self):
        return f"{self.bound.auto_id}-hint" if self.bound.help_text or self.length_hint else ""

    @property
    def error_id(self):
        return f"{self.bound.auto_id}-error" if self.bound.errors else ""

    @property
    def described_by(self):
        return " ".join(item for item in (self.hint_id, self.error_id) if item)

    @property
    def target_id(self):
        """The element the error summary's link moves to: the input itself, or a group's first."""
        return f"{self.bound.auto_id}_0" if self.kind == "choices" else self.bound.auto_id

    @property
    def multiple(self):
        return isinstance(self.bound.field.widget, forms.CheckboxSelectMultiple)


def widget_kind(name, widget):
    if name == HONEYPOT:
        return "trap"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    return "input"


def must_be_empty(value):
    # Only a bot (or, rarely, a browser's autofill) fills in the honeypot; a person can fix this.
    raise ValidationError("Delete what is in this box and send the form again: it must be empty")


def site_settings_for(page):
    """The page's site's settings; the default site's for a page not saved yet (a preview)."""
    site = page.get_site() if page is not None and page.pk else None
    site = site or Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


class EnquiryForm(BaseForm):
    """The member's form: name and email address, the routing question (topic, or employer and
    region), the editor's questions, consent, and a honeypot. Checks every answer's length and
    the whole submission's, and stores nothing itself (``FormPage.process_form_submission``)."""

    def __init__(self, *args, site_settings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_settings = site_settings or site_settings_for(self.page)
        questions = self.fields
        for field in questions.values():
            set_error_messages(field, field.label)
        fields = {**self._member_fields(), **self._routing_fields(), **questions}
        fields["consent"] = forms.BooleanField(label=self.site_settings.form_consent_text)
        fields["consent"].error_messages["required"] = (
            "Tick the box to agree to how MiP uses your details, or we cannot send your message"
        )
        fields[HONEYPOT] = forms.CharField(
            label="Leave this box empty",
            required=False,
            max_length=200,
            validators=[must_be_empty],
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields = fields

    def _member_fields(self):
        copy = self.page is not None and self.page.send_member_copy
        fields = {
            "name": forms.CharField(
                label="Your name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
            ),
            "email": forms.EmailField(
                label="Your email address",
                max_length=254,
                help_text=(
                    "We will send you a copy of your message and reply to this address."
                    if copy
                    else "We will only use it to reply to you."
                ),
                widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            ),
        }
        set_error_messages(fields["name"], "Your name")
        set_error_messages(fields["email"], "Your email address")
        return fields

    def _routing_fields(self):
        routing = self.page.routing if self.page is not None else Routing.ADDRESSES
        if routing == Routing.TOPIC:
            topic = forms.ChoiceField(
                label="What is your message about?",
                choices=[(topic.label, topic.label) for topic in self.page.topics.all()],
                widget=forms.RadioSelect,
            )
            set_error_messages(topic, "What your message is about")
            return {"topic": topic}
        if routing == Routing.OFFICER:
            employer = forms.CharField(
                label="Your employer",
                required=False,
                max_length=200,
                help_text=(
                    "For example, Leeds Teaching Hospitals NHS Trust. Choose it from the list if it appears."
                ),
                widget=forms.TextInput(
                    attrs={"autocomplete": "organization", "list": "employer-names", "spellcheck": "false"}
                ),
            )
            region_choices = [
                (group["nation"], [(str(region.pk), region.name) for region in group["regions"]])
                for group in regions_by_nation()
            ]
            region = forms.ChoiceField(
                label="Your region",
                required=False,
                choices=[("", "Choose your region"), *region_choices],
                help_text="If your employer is not listed, or you are not sure of its name.",
            )
            set_error_messages(employer, "Your employer")
            set_error_messages(region, "Your region")
            return {"employer": employer, "region": region}
        return {}

    # Validation

    def clean_region(self):
        value = self.cleaned_data.get("region")
        return Region.objects.filter(pk=value).first() if value else None

    def clean(self):
        cleaned_data = super().clean()
        unanswered = not cleaned_data.get("employer") and not cleaned_data.get("region")
        already_wrong = self.has_error("employer") or self.has_error("region")
        if "employer" in self.fields and unanswered and not already_wrong:
            self.add_error("employer", "Enter your employer or choose your region")
        total = sum(len(value) for name in self.fields for value in self._raw_values(name))
        limit = settings.FORM_SUBMISSION_MAX_LENGTH
        if total > limit:
            raise ValidationError(
                f"Your answers are too long: {total:,} characters in all, and the most a form can take "
                f"is {limit:,}. Shorten them and send the form again."
            )
        return cleaned_data

    def _raw_values(self, name):
        values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data.get(name)]
        return [value for value in values if isinstance(value, str)]

    # What is stored

    def answer_fields(self):
        """``(name, column label, kind)`` of every answer, in the form's order (not the honeypot)."""
        return [
            (name, BUILT_IN_COLUMNS.get(name, field.label), widget_kind(name, field.widget))
            for name, field in self.fields.items()
            if name != HONEYPOT
        ]

    def submission_data(self):
        """The answers as stored: the region's name, the consent text the member agreed to."""
        data = {}
        for name, _label, _kind in self.answer_fields():
            value = self.cleaned_data.get(name)
            if name == "region":
                value = value.name if value else ""
            elif name == "consent":
                value = self.fields["consent"].label if value else ""
            data[name] = value
        return data

    # Display

    def display_fields(self):
        fields = []
        for name in self.fields:
            bound = self[name]
            field = DisplayField(bound=bound, kind=widget_kind(name, bound.field.widget))
            attrs = bound.field.widget.attrs
            if field.kind in {"input", "textarea", "select"}:
                attrs["class"] = {"input": "input", "textarea": "textarea", "select": "select"}[field.kind]
            if field.kind == "textarea":
                attrs["rows"] = 8
                # A maxlength would silently cut off pasted text; the hint and the check say the limit.
                attrs.pop("maxlength", None)
            if field.kind != "choices":
                if field.described_by:
                    attrs["aria-describedby"] = field.described_by
                if bound.errors:
                    attrs["aria-invalid"] = "true"
            fields.append(field)
        return fields

    def error_summary(self):
        """``[(link target id, message)]``: the first error of each field, in the form's order,
        after any error about the form as a whole (which links to the first field)."""
        fields = [field for field in self.display_fields() if field.kind != "hidden"]
        items = [(fields[0].target_id, str(error)) for error in self.non_field_errors()]
        items += [(field.target_id, str(field.bound.errors[0])) for field in fields if field.bound.errors]
        return items

    def employer_names(self):
        if "employer" not in self.fields:
            return []
        return list(Employer.objects.order_by(Lower("name")).values_list("name", flat=True))

    def describe(self):
        """The questions as data, for the API."""
        questions = []
        for name, field in self.fields.items():
            if name == HONEYPOT:
                continue
            widget = field.widget
            kind = widget_kind(name, widget)
            if kind == "choices":
                kind = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radio"
            elif kind == "input":
                kind = getattr(widget, "input_type", "text")
            question = {
                "name": name,
                "label": str(field.label),
                "type": kind,
                "required": field.required,
                "help_text": str(field.help_text or ""),
            }
            if hasattr(field, "choices"):
                question["choices"] = [
                    str(label) for value, label in flatten_choices(field.choices) if value not in ("", None)
                ]
            questions.append(question)
        return questions


def flatten_choices(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label


class FormPageAdminForm(WagtailAdminFormPageForm):
    """The page editor's checks on a form page, beyond Wagtail's own."""

    def clean(self):
        cleaned_data = super().clean()
        self._check_question_names()
        self._check_topics(cleaned_data.get("routing"))
        return cleaned_data

    def _live_forms(self, name):
        formset = self.formsets.get(name)
        if formset is None:
            return []
        return [form for form in formset.forms if form.is_valid() and not form.cleaned_data.get("DELETE")]

    def _check_question_names(self):
        for form in self._live_forms("form_fields"):
            label = form.cleaned_data.get("label", "")
            clean_name = form.instance.clean_name or get_field_clean_name(label)
            if clean_name in RESERVED_NAMES:
                form.add_error(
                    "label",
                    f"Every form already asks for ‘{label}’ (name, email address, topic, employer, "
                    "region and consent are built in). Remove this question or give it another label.",
                )

    def _check_topics(self, routing):
        topics = self._live_forms("topics")
        labels = [form.cleaned_data.get("label", "").strip().lower() for form in topics]
        for form, label in zip(topics, labels, strict=True):
            if labels.count(label) > 1:
                form.add_error("label", "Another topic has this label: give each topic its own.")
        # A draft may be unfinished; a form members can use needs something to choose.
        if routing == Routing.TOPIC and not topics and not self.is_deferred_validation:
            self.add_error(
                "routing",
                "Add at least one topic under ‘Topics’, or choose another way to send submissions.",
            )
