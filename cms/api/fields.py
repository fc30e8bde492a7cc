"""API fields shared by page types: images, people, tags, rich text, StreamField bodies
and their HTML. Each declares ``api_schema``, the JSON Schema of what it outputs, which
the OpenAPI document uses."""

from django.apps import apps
from rest_framework import serializers
from wagtail.api import APIField

from cms.api import links, representation
from cms.api.json_schema import nullable, ref
from cms.site.stream_html import stream_html


class ReadOnlyField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class ImageAPIField(ReadOnlyField):
    """An image FK as a full image object (renditions, alt text) rather than a bare id."""

    api_schema = nullable(ref("Image"))

    def __init__(self, alt_attribute=None, **kwargs):
        self.alt_attribute = alt_attribute
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        image = super().get_attribute(instance)
        if image is None:
            return None
        alt = getattr(instance, self.alt_attribute) if self.alt_attribute else None
        return image, alt

    def to_representation(self, value):
        image, alt = value
        return representation.image(image, self.context, alt=alt)


class RichTextAPIField(serializers.CharField):
    """A rich text model field as display HTML (or Markdown on request)."""

    api_schema = {"type": "string", "contentMediaType": "text/html"}

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return representation.rich_text(value, self.context)


class BodyHtmlField(ReadOnlyField):
    """The StreamField body rendered by the same block templates as the public site, with its
    links and images absolute on the API's base URL (WAGTAILAPI_BASE_URL)."""

    api_schema = {"type": "string", "contentMediaType": "text/html"}

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "body")
        super().__init__(**kwargs)

    def to_representation(self, value):
        return links.absolute_html(stream_html(value, self.context.get("request"), purpose="api").strip())


class PageLinkField(ReadOnlyField):
    """A page FK as {id, type, title, url, api_url}, or null when the page is not public."""

    api_schema = nullable(ref("PageLink"))

    def to_representation(self, value):
        return representation.page_link(value, self.context)


class PageLinkListField(ReadOnlyField):
    """A list of page links worked out by the model (already public-only)."""

    api_schema = {"type": "array", "items": ref("PageLink")}

    def to_representation(self, value):
        return [link for link in value if link]


class PersonField(ReadOnlyField):
    """A person page FK (an author) as {id, name, job_title, url, api_url, photo}, or null
    when there is none or the profile is not published and public."""

    api_schema = nullable(ref("Person"))

    def to_representation(self, value):
        return representation.person(value, self.context)


class TagsField(ReadOnlyField):
    """Topics as [{name, slug}], sorted by name; the slugs are what the `tags` filter takes."""

    api_schema = {"type": "array", "items": ref("Tag")}

    def to_representation(self, value):
        return representation.tags(value)


class SiteSettingField(ReadOnlyField):
    """A value from a site setting of the default site, read once per response."""

    api_schema = {"type": "string"}

    def __init__(self, setting_model, attribute, **kwargs):
        self.setting_model = setting_model
        self.setting_attribute = attribute
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value):
        cache_key = f"site_setting:{self.setting_model}.{self.setting_attribute}"
        if cache_key not in self.context:
            from wagtail.models import Site

            site = Site.objects.filter(is_default_site=True).first()
            model = apps.get_model(self.setting_model)
            self.context[cache_key] = getattr(model.for_site(site), self.setting_attribute) if site else ""
        return self.context[cache_key]


def hero_api_fields():
    return [
        APIField("hero_image", serializer=ImageAPIField(alt_attribute="hero_alt")),
        APIField("hero_caption"),
    ]


def body_api_fields():
    return [APIField("body"), APIField("body_html", serializer=BodyHtmlField())]
