"""API fields shared by page types: hero images, StreamField bodies and their HTML."""

from django.template.loader import render_to_string
from rest_framework import serializers
from wagtail.api import APIField

from cms.api import representation


class ImageField(serializers.Field):
    """An image FK as a full image object (renditions, alt text) rather than a bare id."""

    def __init__(self, alt_attribute=None, **kwargs):
        self.alt_attribute = alt_attribute
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        image = super().get_attribute(instance)
        alt = getattr(instance, self.alt_attribute) if self.alt_attribute and image else None
        return image, alt

    def to_representation(self, value):
        image, alt = value
        return representation.image(image, self.context, alt=alt)


class RichTextField(serializers.Field):
    """A rich text model field as display HTML (or Markdown on request)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return representation.rich_text(value, self.context)


class BodyHtmlField(serializers.Field):
    """The StreamField body rendered by the same block templates as the public site."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "body")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return render_to_string(
            "includes/streamfield.html", {"stream": value}, request=self.context.get("request")
        ).strip()


class PageLinkField(serializers.Field):
    """A page FK as {id, type, title, url, api_url}, or null when the page is not public."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return representation.page_link(value, self.context)


def hero_api_fields():
    return [
        APIField("hero_image", serializer=ImageField(alt_attribute="hero_alt")),
        APIField("hero_caption"),
    ]


def body_api_fields():
    return [APIField("body"), APIField("body_html", serializer=BodyHtmlField())]
