from django import template
from django.utils.safestring import mark_safe

from cms.security.rich_text_policy import sanitise_html

register = template.Library()


@register.filter
def sanitised_html(markup):
    """Rich text's final HTML less anything that can run (see cms.security.rich_text_policy)."""
    return mark_safe(sanitise_html(markup))  # noqa: S308 - the output of the sanitiser
