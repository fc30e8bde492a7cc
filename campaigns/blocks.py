"""Blocks that only campaigns use. Shared blocks live in cms/blocks.py."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from cms.api import representation
from cms.api.json_schema import OPTIONAL_URI, STRING, choices, enum, nullable, obj, ref, text
from cms.blocks import CallToActionBlock, struct_block_errors


class ResourceBlock(blocks.StructBlock):
    """A campaign resource: a guide, toolkit or briefing, published or forthcoming."""

    title = blocks.CharBlock(max_length=200)
    resource_type = blocks.ChoiceBlock(
        choices=[
            ("guide", "Guide"),
            ("toolkit", "Toolkit"),
            ("briefing", "Briefing"),
            ("survey-report", "Survey report"),
            ("webinar", "Webinar"),
        ],
        default="guide",
    )
    description = blocks.TextBlock(max_length=600, required=False)
    status = blocks.ChoiceBlock(
        choices=[("published", "Published"), ("forthcoming", "Forthcoming")], default="published"
    )
    expected_date = blocks.DateBlock(
        required=False, help_text="For a forthcoming resource: when members can expect it."
    )
    document = DocumentChooserBlock(required=False)
    link_url = blocks.URLBlock(
        required=False, help_text="Or a web address, if the resource is not a document."
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/resource.html"
        description = "A guide, toolkit or briefing from the campaign"
        preview_value = {
            "title": "Managing inclusive workplaces",
            "resource_type": "guide",
            "description": "The equality and diversity guide for managers.",
            "status": "forthcoming",
        }

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value["status"] == "forthcoming" and not value["expected_date"]:
            errors["expected_date"] = (
                "A forthcoming resource needs an expected date, so members know when to look."
            )
        if value["status"] == "published" and not (value["document"] or value["link_url"]):
            errors["document"] = "A published resource needs a document or a web address to link to."
        if errors:
            raise struct_block_errors(**errors)
        return value

    def get_api_representation(self, value, context=None):
        # A forthcoming resource shows nothing of its document or address until it is out.
        available = value["status"] == "published"
        return {
            "title": value["title"],
            "resource_type": value["resource_type"],
            "description": value["description"],
            "status": value["status"],
            "expected_date": value["expected_date"].isoformat() if value["expected_date"] else None,
            "document": representation.document(value["document"], context) if available else None,
            "url": (value["link_url"] or None) if available else None,
        }

    def api_schema(self):
        return obj(
            {
                "title": STRING,
                "resource_type": enum(choices(self.child_blocks["resource_type"])),
                "description": text(self.child_blocks["description"]),
                "status": enum(choices(self.child_blocks["status"])),
                "expected_date": {"type": ["string", "null"], "format": "date"},
                "document": nullable(ref("Document")),
                "url": OPTIONAL_URI,
            }
        )


class ResourceStreamBlock(blocks.StreamBlock):
    resource = ResourceBlock()


class CampaignCallToActionStreamBlock(blocks.StreamBlock):
    call_to_action = CallToActionBlock()
