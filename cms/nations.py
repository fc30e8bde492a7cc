"""The four UK nations. Employment law differs between them (the Equality Act covers
Great Britain; Northern Ireland has its own laws), so advice and news say which apply."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


ALL_NATIONS = [nation.value for nation in Nation]


class NationsFormField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        for unused in ("encoder", "decoder", "max_length"):
            kwargs.pop(unused, None)
        kwargs["choices"] = Nation.choices
        super().__init__(**kwargs)


class NationsField(models.JSONField):
    """A list of nation codes, shown to editors as four checkboxes, stored in a fixed order."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": "Tick at least one nation."})
        return models.Field.formfield(self, form_class=NationsFormField, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = set(value or []) - set(ALL_NATIONS)
        if unknown:
            raise ValidationError(f"Unknown nation: {', '.join(sorted(unknown))}.")

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or []
        ordered = [code for code in ALL_NATIONS if code in value]
        setattr(model_instance, self.attname, ordered)
        return ordered


def nation_labels(codes):
    labels = dict(Nation.choices)
    return [labels[code] for code in codes or [] if code in labels]


def applies_to_nations(field_name, codes):
    """A filter for pages whose nations include any of ``codes``.

    Matches the quoted code inside the stored JSON text, which works the same on
    SQLite and PostgreSQL; codes never contain one another with their quotes.
    """
    condition = Q()
    for code in codes:
        condition |= Q(**{f"{field_name}__icontains": f'"{code}"'})
    return condition
