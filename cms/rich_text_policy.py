"""What rich text may contain, when it is stored and when it is served.

Wagtail's editor already stores only the elements a field's features allow, and drops
``javascript:`` links typed into the link chooser. Two gaps remain, and this module closes
them in one place for the site and the API:

- A link whose scheme is hidden behind character references (``&#106;avascript:``) is
  stored as written. HTML shows it as a harmless relative link, but a Markdown or app
  renderer that decodes references turns it back into ``javascript:``. ``safe_url``
  decodes first, so the editor stores no such link (``link_entity``, registered for the
  ``link`` feature in ``cms/security/wagtail_hooks.py``, with stricter document and image
  converters beside it).
- Rich text that did not come through the editor (imports, scripts, data migrations) is
  served exactly as stored. ``sanitise_html`` removes script-capable elements, event
  handler and style attributes and unsafe URLs from the final HTML. The site applies it to
  every ``|richtext`` (``cms/security/templates/wagtailcore/shared/richtext.html``); the API
  applies it to the HTML it returns and before converting to Markdown.
"""

import html
import re
from functools import lru_cache

from bs4 import BeautifulSoup, CData, Comment, Declaration, Doctype, ProcessingInstruction
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.contentstate import link_entity as wagtail_link_entity
from wagtail.documents.rich_text.contentstate import document_link_entity as wagtail_document_link_entity
from wagtail.images.rich_text.contentstate import image_entity as wagtail_image_entity
from wagtail.whitelist import ALLOWED_URL_SCHEMES

# Elements that can run script, load active content, or submit or restyle the page.
DROPPED_ELEMENTS = frozenset(
    {
        "applet",
        "base",
        "button",
        "embed",
        "form",
        "frame",
        "frameset",
        "iframe",
        "input",
        "link",
        "math",
        "meta",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
    }
)
URL_ATTRIBUTES = frozenset(
    {"action", "background", "cite", "data", "formaction", "href", "longdesc", "poster", "src", "xlink:href"}
)
DROPPED_ATTRIBUTES = frozenset({"srcdoc", "style"})
DROPPED_NODE_TYPES = (Comment, CData, Declaration, Doctype, ProcessingInstruction)

# Browsers ignore control characters, whitespace and these anywhere in a scheme.
IGNORED_IN_SCHEME = re.compile(r"[`\x00-\x20\x7f-\xa0\s\ufffd]+")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


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

    Relative URLs, fragments and the schemes Wagtail's editor allows (http, https, ftp,
    mailto, tel) are safe. The scheme is read as a browser reads it, after decoding
    character references and removing whitespace and control characters, so
    ``java\\tscript:``, ``JaVaScRiPt:``, ``&#106;avascript:`` and `` \\njavascript:`` are all
    caught."""
    if url is None:
        return None
    compact = IGNORED_IN_SCHEME.sub("", decoded(str(url))).lower()
    match = SCHEME.match(compact)
    if match and match.group(1) not in ALLOWED_URL_SCHEMES:
        return None
    return url


def safe_srcset(value):
    candidates = [candidate.strip().split(" ", 1)[0] for candidate in value.split(",") if candidate.strip()]
    return value if all(safe_url(candidate) is not None for candidate in candidates) else None


def sanitise_html(markup):
    """Final HTML (after Wagtail has expanded links and images) with nothing that can run:
    no script-capable elements, no ``on*``/``style``/``srcdoc`` attributes, no URL with an
    unsafe scheme. Clean input comes back unchanged, character for character."""
    if not markup:
        return ""
    return _sanitise(str(markup))


@lru_cache(maxsize=512)
def _sanitise(markup):
    soup = BeautifulSoup(markup, "html.parser")
    changed = False
    for node in soup.find_all(string=lambda text: isinstance(text, DROPPED_NODE_TYPES)):
        node.extract()
        changed = True
    for tag in soup.find_all(DROPPED_ELEMENTS):
        if not tag.decomposed:
            tag.decompose()
            changed = True
    for tag in soup.find_all(True):
        for name, value in list(tag.attrs.items()):
            value = " ".join(value) if isinstance(value, list) else str(value)
            lowered = name.lower()
            unsafe = (
                lowered.startswith("on")
                or lowered in DROPPED_ATTRIBUTES
                or (lowered in URL_ATTRIBUTES and safe_url(value) is None)
                or (lowered == "srcset" and safe_srcset(value) is None)
            )
            if unsafe:
                del tag[name]
                changed = True
    return str(soup) if changed else markup


# The editor's converters from ContentState (what Draftail posts) to stored HTML: Wagtail's,
# made strict about what a hand-made post can put in an entity. A link that fails keeps its
# text and loses its target; an image that fails is left out. A non-numeric page, document or
# image id would otherwise be stored, and make every later rendering of the page fail.


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
