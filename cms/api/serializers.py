"""Serializer bases for our endpoints: Wagtail's, with fields that read from the active
``ContentLoader`` instead of querying per object, and absolute public URLs."""

from rest_framework import serializers
from rest_framework.fields import Field
from taggit.managers import _TaggableManager
from wagtail import fields as wagtail_fields
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.documents.api.v2.serializers import DocumentSerializer as WagtailDocumentSerializer
from wagtail.images.api.v2.serializers import ImageSerializer as WagtailImageSerializer

from cms.api import fields, links, representation


class HtmlUrlField(Field):
    """The page's public URL, from WAGTAILAPI_BASE_URL."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return representation.loader_for(self.context).page_url(page)


class ParentField(Field):
    """The parent page (id, type, detail_url, html_url, title) when it is public, else null.
    Parents are fetched for the whole batch by the loader."""

    def get_attribute(self, instance):
        loader = representation.loader_for(self.context)
        if instance.pk not in loader.parents:
            loader.load_parents([instance])
        parent = loader.parents.get(instance.pk)
        if parent is None or not loader.public.is_public(parent):
            return None
        return parent

    def to_representation(self, parent):
        return {
            "id": parent.pk,
            "type": representation.page_type_name(parent),
            "meta": {
                "type": representation.page_type_name(parent),
                "detail_url": links.api_url(f"pages/{parent.pk}/"),
                "html_url": representation.loader_for(self.context).page_url(parent),
            },
            "title": parent.title,
        }


class TagsFieldMixin:
    def build_property_field(self, field_name, model_class):
        if isinstance(getattr(model_class, field_name), _TaggableManager):
            return fields.TagsField, {}
        return super().build_property_field(field_name, model_class)


class VersionField(Field):
    """The live revision's id: changes whenever the page is published."""

    def get_attribute(self, instance):
        return instance.live_revision_id

    def to_representation(self, value):
        return value


class UpdatedAtField(Field):
    """When an image or document last changed (set in bulk by the view: ``feed_updated_at``)."""

    def get_attribute(self, instance):
        return getattr(instance, "feed_updated_at", None) or instance.created_at

    def to_representation(self, value):
        return serializers.DateTimeField().to_representation(value)


class PageSerializer(TagsFieldMixin, wagtail_serializers.PageSerializer):
    serializer_field_mapping = wagtail_serializers.PageSerializer.serializer_field_mapping.copy()
    serializer_field_mapping[wagtail_fields.RichTextField] = fields.RichTextAPIField

    html_url = HtmlUrlField(read_only=True)
    parent = ParentField(read_only=True)
    version = VersionField(read_only=True)

    def to_representation(self, instance):
        # Typed clients narrow a union of page types only on a direct property, never on
        # ``meta.type``: every page object starts with its id and its type, even with fields=_.
        data = super().to_representation(instance)
        page = {"id": instance.pk, "type": representation.page_type_name(instance)}
        page.update((name, value) for name, value in data.items() if name not in page)
        return page


class AbsoluteDownloadUrlField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        url = instance.file.url if hasattr(instance, "get_rendition") else instance.url
        return links.absolute_url(url)


class ImageSerializer(TagsFieldMixin, WagtailImageSerializer):
    download_url = AbsoluteDownloadUrlField(read_only=True)
    updated_at = UpdatedAtField(read_only=True)


class DocumentSerializer(TagsFieldMixin, WagtailDocumentSerializer):
    download_url = AbsoluteDownloadUrlField(read_only=True)
    updated_at = UpdatedAtField(read_only=True)
