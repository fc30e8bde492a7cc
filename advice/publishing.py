"""A Legal Eye article can't be published with an empty body.

The editor's form says so on the body field (``advice.forms``); ``LegalEyeArticlePage.publish``
refuses any other way of publishing (bulk actions, scripts) with the same message, and the bulk
"Publish" action checks first so the editor gets the message rather than an error page
(``advice.wagtail_hooks``)."""

from django.utils.html import strip_tags

EMPTY_BODY_MESSAGE = (
    "Write the article before publishing it: a Legal Eye article can't be published with an "
    "empty body. You can still save it as a draft."
)


def body_is_empty(body):
    """True when a body has no blocks, or only paragraphs with no text in them."""
    for block in body or []:
        if block.block_type != "paragraph":
            return False
        source = getattr(block.value, "source", block.value) or ""
        if strip_tags(str(source)).replace("\xa0", " ").strip():
            return False
    return True
