"""What rich text may contain, when it is stored and when it is served.

Rich text is cleaned by an allow-list sanitiser, nh3 (the Python binding of Rust's
ammonia), which parses markup exactly as a browser's HTML5 parser does and always writes
its output afresh from the parsed tree. A cleaner that hands back the original markup when
it finds nothing to remove, or that reads markup differently from a browser (raw-text
elements such as ``xmp`` and ``noembed``, duplicate attributes, SVG and MathML), can be
walked around; one that re-serialises what it parsed cannot.

Two forms, two policies:

- **Stored** (Wagtail's database format, what the editor saves): ``sanitise_db_html``
  keeps the elements of the Draftail features, Wagtail's internal links
  (``<a linktype="page" id="3">``) and embeds (``<embed embedtype="image" id="1"
  format="left" alt="…"/>``) in the exact syntax Wagtail's rewriters read back. The editor's
  widget (``cms/security/rich_text_editor.py``) and the paragraph block apply it on save.
- **Served** (display HTML, after Wagtail has expanded links and images):
  ``sanitise_html`` keeps the same text elements, ``<img>`` as the image formats render it,
  and the ``data-page-id`` / ``data-document-id`` attributes the API adds. The site applies
  it to every ``|richtext`` (``cms/security/templates/wagtailcore/shared/richtext.html``);
  the API to the rich text it returns, to ``body_html`` (rendered by the same templates)
  and, in the stored form, before converting to Markdown.

Links may point to http, https, mailto and tel URLs, or be relative. A scheme is read as a
browser reads it (``safe_url``), so ``java&#x09;script:``, ``&#106;avascript:`` and
``javascript&colon;`` are all refused, also when decoded twice by a Markdown renderer.
"""

import html
import re
from functools import cache

import nh3

ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# The elements the Draftail features store (bold is <b>, italic <i>, strikethrough <s>, …),
# plus <strong> and <em> that imports bring.
TEXT_ELEMENTS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "b",
        "i",
        "strong",
        "em",
        "s",
        "code",
        "sup",
        "sub",
        "blockquote",
        "ol",
        "ul",
        "li",
        "a",
    }
)
# Removed together with everything inside them: raw-text and RCDATA elements, script and
# style, frames and objects, and foreign (SVG, MathML) content.
REMOVED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "title",
        "textarea",
        "xmp",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
        "iframe",
        "frame",
        "frameset",
        "object",
        "applet",
        "svg",
        "math",
        "select",
    }
)
EVERY_ELEMENT = {"*": {"data-block-key"}}
NUMERIC_ATTRIBUTES = frozenset({"id", "data-page-id", "data-document-id", "data-image-id", "width", "height"})
# Attributes of inline images' <picture> (cms/api/inline_images.py) that take only these words.
WORD_VALUES = {
    "loading": {"lazy", "eager"},
    "decoding": {"async", "sync", "auto"},
    "type": {"image/webp", "image/jpeg"},
}

# Browsers ignore control characters, whitespace and these anywhere in a scheme.
IGNORED_IN_SCHEME = re.compile(r"[`\x00-\x20\x7f-\xa0\s\ufffd]+")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# An opening tag in nh3's output: attribute values are double-quoted, with ``&``, ``"``,
# ``<``, ``>`` and U+00A0 escaped, so no ``>`` occurs before the tag's end.
SERIALISED_OPENING_TAG = re.compile(r"<([a-z][a-z0-9]*)([^>]*)>")


def decoded(value, rounds=5):
    """``value`` with HTML character references decoded until nothing changes (bounded)."""
    for _ in range(rounds):
        unescaped = html.unescape(value)
        if unescaped == value:
            break
        value = unescaped
    return value


def safe_url(url):
    """``url`` unchanged if following it cannot run script, else None.

    Relative URLs, fragments and http, https, mailto and tel URLs are safe. The scheme is
    read as a browser reads it, after decoding character references and removing
    whitespace and control characters, so ``java\\tscript:``, ``JaVaScRiPt:``,
    ``&#106;avascript:`` and `` \\njavascript:`` are all caught."""
    if url is None:
        return None
    compact = IGNORED_IN_SCHEME.sub("", decoded(str(url))).lower()
    match = SCHEME.match(compact)
    if match and match.group(1) not in ALLOWED_URL_SCHEMES:
        return None
    return url


def checked_attribute(element, attribute, value):
    """nh3's per-attribute hook: URLs pass ``safe_url`` (which decodes repeatedly, unlike a
    browser, for Markdown renderers that decode again); ids and sizes are numbers."""
    if attribute in ("href", "src", "url"):
        return safe_url(value)
    if attribute == "srcset":
        # "url 400w, url 800w": every candidate's URL must be safe, or the whole set goes.
        urls = [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
        return value if urls and all(safe_url(url) == url for url in urls) else None
    if attribute in NUMERIC_ATTRIBUTES:
        return value if value.isdigit() else None
    if attribute in WORD_VALUES:
        return value if value in WORD_VALUES[attribute] else None
    return value


@cache
def stored_form_cleaner():
    return nh3.Cleaner(
        tags=set(TEXT_ELEMENTS | {"embed"}),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={**EVERY_ELEMENT, "a": {"href", "id"}, "embed": {"id", "format", "alt", "url"}},
        tag_attribute_values={
            "a": {"linktype": {"page", "document"}},
            "embed": {"embedtype": {"image", "media"}},
        },
        attribute_filter=checked_attribute,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


@cache
def served_form_cleaner():
    from wagtail.images.formats import get_image_formats

    image_classes = {name for image_format in get_image_formats() for name in image_format.classname.split()}
    return nh3.Cleaner(
        # Inline images are responsive pictures (cms/api/inline_images.py).
        tags=set(TEXT_ELEMENTS | {"img", "picture", "source"}),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={
            **EVERY_ELEMENT,
            "a": {"href", "data-page-id", "data-page-type", "data-document-id"},
            "img": {
                "src",
                "srcset",
                "sizes",
                "alt",
                "width",
                "height",
                "data-image-id",
                "loading",
                "decoding",
            },
            "source": {"type", "srcset", "sizes"},
        },
        allowed_classes={"img": image_classes},
        attribute_filter=checked_attribute,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def sanitise_html(markup):
    """Display HTML (after Wagtail has expanded links and images) re-written from an
    allow-list: text elements, links, images; nothing that can run."""
    if not markup:
        return ""
    return served_form_cleaner().clean(str(markup))


def sanitise_db_html(markup):
    """Rich text in Wagtail's database format re-written from an allow-list, keeping
    internal links and image embeds in the syntax Wagtail reads back."""
    if not markup:
        return ""
    cleaned = stored_form_cleaner().clean(str(markup))
    return SERIALISED_OPENING_TAG.sub(as_wagtail_stores_it, cleaned)


def as_wagtail_stores_it(match):
    """An opening tag in the syntax Wagtail's rewriters read: they decode only ``&amp;``,
    ``&quot;``, ``&lt;`` and ``&gt;`` in attribute values, and find ``<embed …/>`` only.
    An embed that has lost its type is left out (Wagtail drops it when rendering, too)."""
    name, attributes = match.groups()
    attributes = attributes.replace("&nbsp;", "\xa0")
    if name != "embed":
        return f"<{name}{attributes}>"
    return f"<embed{attributes}/>" if ' embedtype="' in attributes else ""
