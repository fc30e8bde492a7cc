"""What the rich text editor stores: Wagtail's Draftail editor, made strict.

- The widget (``WAGTAILADMIN_RICH_TEXT_EDITORS``) passes what Draftail's converter makes
  through ``sanitise_db_html`` before it reaches a form, so a page, a revision and a
  RichTextField store only what ``cms.security.rich_text_policy`` allows.
- The converters from ContentState (what Draftail posts) to stored HTML are Wagtail's, made
  strict about what a hand-made post can put in an entity. A link that fails keeps its text
  and loses its target; an image that fails is left out. A non-numeric page, document or
  image id would otherwise be stored, and make every later rendering of the page fail; a
  link whose scheme hides behind character references (``&#106;avascript:``) would be
  stored as written, harmless in HTML but turned back into ``javascript:`` by a Markdown
  renderer. Registered for the ``link``, ``document-link`` and ``image`` features in
  ``cms/security/wagtail_hooks.py``.
"""

from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.rich_text.converters.contentstate import link_entity as wagtail_link_entity
from wagtail.documents.rich_text.contentstate import document_link_entity as wagtail_document_link_entity
from wagtail.images.rich_text.contentstate import image_entity as wagtail_image_entity

from cms.security.rich_text_policy import safe_url, sanitise_db_html


class SanitisingDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return None if value is None else sanitise_db_html(value)


def has_numeric_id(props):
    return str(props.get("id", "")).isdigit()


def link_entity(props):
    """A page link needs a numeric id; an external link a URL that passes ``safe_url``."""
    if props.get("id") is not None:
        if has_numeric_id(props):
            return wagtail_link_entity(props)
        return DOM.create_element("a", {}, props["children"])
    url = safe_url(props.get("url"))
    return DOM.create_element("a", {"href": url} if url else {}, props["children"])


def document_link_entity(props):
    if has_numeric_id(props):
        return wagtail_document_link_entity(props)
    return DOM.create_element("a", {}, props["children"])


def image_entity(props):
    if has_numeric_id(props):
        return wagtail_image_entity(props)
    return None


ENTITY_DECORATORS = {
    # rich text feature: (entity type, decorator)
    "link": ("LINK", link_entity),
    "document-link": ("DOCUMENT", document_link_entity),
    "image": ("IMAGE", image_entity),
}
