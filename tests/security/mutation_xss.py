"""Mutation-XSS payloads for rich text, and how to tell whether markup can run script.

Each payload is markup a sanitiser that parses differently from a browser (Python's
``html.parser``, or one that hands back the original markup when it finds nothing to
remove) lets through, and that runs ``alert(1)`` when a browser parses it. The table is
shared by the Python-level tests of every output channel
(``tests/security/test_rich_text_safety.py``) and the Chromium test that shows the API's
HTML as an app's web view does, with no Content-Security-Policy
(``tests/browser/test_rich_text_in_a_web_view.py``).

``runs_unsanitised`` marks the payloads that run ``alert(1)`` in Chromium as they are, on
being loaded; the others need a click, or a sanitiser's parse-and-write cycle to turn them
into working markup (mutation XSS). The browser test proves its own harness on the raw
payloads first (a dialog, or script-capable markup found in the DOM), so a passing run
means the sanitiser stopped them, not that they never worked.
"""

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

from cms.security.rich_text_policy import safe_url


@dataclass(frozen=True)
class Payload:
    name: str
    markup: str
    runs_unsanitised: bool = True
    # Inert in a browser as written: dangerous only through another reader (a Markdown
    # renderer that decodes again, Wagtail's link rewriter, a parser that keeps the last
    # of two attributes).
    inert_as_written: bool = False

    def __str__(self):
        return self.name


PAYLOADS = [
    # Raw-text and RCDATA elements: an attribute value that hides the closing tag. A parser
    # that treats the element as ordinary markup sees one harmless attribute; a browser
    # ends the element inside it and runs the <img> that follows.
    Payload("xmp", '<p>Pay</p><xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>'),
    Payload("noembed", '<noembed><p title="</noembed><img src=x onerror=alert(1)>"></noembed>'),
    Payload("noframes", '<noframes><p title="</noframes><img src=x onerror=alert(1)>"></noframes>'),
    Payload("noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'),
    Payload("title", '<title><p title="</title><img src=x onerror=alert(1)>"></title>'),
    Payload("textarea", '<textarea><p title="</textarea><img src=x onerror=alert(1)>"></textarea>'),
    Payload("style", '<style><p title="</style><img src=x onerror=alert(1)>"></style>'),
    Payload("plaintext", "<p>Pay</p><plaintext></plaintext><img src=x onerror=alert(1)>", False),
    Payload("iframe-srcdoc", '<iframe srcdoc="&lt;img src=x onerror=parent.alert(1)&gt;"></iframe>'),
    Payload("iframe-srcdoc-script", '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>'),
    # SVG and MathML: elements that hold text in HTML hold markup in foreign content.
    Payload("svg-style", "<svg><style><img src=x onerror=alert(1)></style></svg>"),
    Payload("svg-p-style", '<svg></p><style><a id="</style><img src=x onerror=alert(1)>">'),
    Payload("svg-script", "<svg><script>alert(1)</script></svg>"),
    Payload("svg-onload", "<svg onload=alert(1)></svg>"),
    Payload(
        "svg-animate-href",
        "<svg><a><animate attributeName=href values=javascript:alert(1) />"
        "<text x=20 y=20>Click</text></a></svg>",
        False,
    ),
    Payload(
        "math-mglyph-style",
        "<math><mtext><table><mglyph><style><!--</style>"
        '<img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
        False,
    ),
    Payload(
        "math-form", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>", False
    ),
    Payload("math-style", "<math><mi><style><img src=x onerror=alert(1)></style></mi></math>", False),
    # Duplicate attributes: a browser keeps the first; html.parser-based cleaners the last.
    Payload(
        "duplicate-href", '<a href="javascript:alert(1)" href="https://www.miphealth.org.uk/">Join</a>', False
    ),
    Payload("duplicate-onerror", "<img src=x onerror=alert(1) onerror=alert(2)>"),
    Payload("duplicate-title", '<p title="a" title="<img src=x onerror=alert(1)>">Pay</p>', False, True),
    Payload("duplicate-src", '<img src="x" src="javascript:alert(1)" onerror="alert(1)">'),
    # URL schemes hidden by character references, whitespace and control characters.
    Payload("tab-reference", '<a href="jav&#x09;ascript:alert(1)">a</a>', False),
    Payload("newline-reference", '<a href="jav&#x0A;ascript:alert(1)">a</a>', False),
    Payload("split-by-newline", '<a href="jav\nascript:alert(1)">a</a>', False),
    Payload("decimal-reference", '<a href="&#106;avascript:alert(1)">a</a>', False),
    Payload("zero-padded-references", '<a href="&#0000106&#0000097vascript:alert(1)">a</a>', False),
    Payload("named-colon", '<a href="javascript&colon;alert(1)">a</a>', False),
    Payload("leading-control-characters", '<a href=" &#14; javascript:alert(1)">a</a>', False),
    Payload("double-encoded", '<a href="&amp;#106;avascript:alert(1)">a</a>', False, True),
    Payload("mixed-case", '<a href="JaVaScRiPt:alert(1)">a</a>', False),
    Payload("vbscript", '<a href="vbscript:msgbox(1)">a</a>', False),
    Payload("data-url", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>', False),
    # Comments and CDATA: where a comment or CDATA section ends depends on who parses it.
    Payload("comment-opened-and-closed", "<!--><img src=x onerror=alert(1)>-->"),
    Payload("comment-bang-close", "<!-- --!><img src=x onerror=alert(1)> -->"),
    Payload("comment-in-attribute", '<p title="<!--"><img src=x onerror=alert(1)>-->'),
    Payload("cdata-in-html", "<![CDATA[><img src=x onerror=alert(1)>]]>"),
    Payload("cdata-in-svg", "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>", False),
    Payload("processing-instruction", "<?xml ><img src=x onerror=alert(1)>?>"),
    # The plain ones, for completeness.
    Payload("script", "<script>alert(1)</script>"),
    Payload("img-onerror", "<img src=x onerror=alert(1)>"),
    Payload("details-ontoggle", "<details open ontoggle=alert(1)><summary>Pay</summary></details>"),
    Payload("style-attribute", '<p style="background:url(javascript:alert(1))">Pay</p>', False),
    Payload("form-action", '<form action="javascript:alert(1)"><button>Pay</button></form>', False),
    Payload("object-data", '<object data="javascript:alert(1)"></object>', False),
    Payload("embed-src", '<embed src="javascript:alert(1)">', False),
    Payload(
        "wagtail-embed-with-src",
        '<embed embedtype="image" id="1" format="left" src="javascript:alert(1)"/>',
        False,
    ),
    Payload("wagtail-media-embed-url", '<embed embedtype="media" url="javascript:alert(1)"/>', False),
    Payload(
        "wagtail-link-id-injection", '<a linktype="page" id="1 onmouseover=alert(1)">Pay</a>', False, True
    ),
    Payload("base-href", '<base href="javascript:alert(1)//"><a href="x">a</a>', False),
    Payload("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', False),
    Payload("input-autofocus", "<input autofocus onfocus=alert(1)>"),
]

# Elements that can run script, load a document, submit, or end up holding raw text.
ACTIVE_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "applet",
        "embed",
        "svg",
        "math",
        "base",
        "meta",
        "link",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "template",
        "title",
        "xmp",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
    }
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"}
)
# Wagtail's stored form has one more element: <embed embedtype="image" id=… format=… alt=…/>.
STORED_EMBED_ATTRIBUTES = frozenset({"embedtype", "id", "format", "alt", "url"})


def browser_parse(markup):
    """The tree a browser builds from ``markup`` (html5lib implements the HTML5 parsing
    algorithm: raw-text elements, foreign content and duplicate attributes as Chromium)."""
    return BeautifulSoup(markup, "html5lib").body


def problems(markup, stored_form=False):
    """What in ``markup`` could run script, as a browser would parse it."""
    found = []
    for tag in browser_parse(markup).find_all(True):
        if tag.name == "embed" and stored_form:
            extra = set(tag.attrs) - STORED_EMBED_ATTRIBUTES
            if extra or tag.get("embedtype") not in ("image", "media"):
                found.append(f"stored <embed> with {sorted(tag.attrs)}")
            continue
        if tag.name in ACTIVE_ELEMENTS:
            found.append(f"<{tag.name}>")
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            lowered = name.lower()
            if lowered.startswith("on") or lowered in ("style", "srcdoc"):
                found.append(f"{name} on <{tag.name}>")
            elif lowered in URL_ATTRIBUTES and safe_url(value) is None:
                found.append(f"{name}={value!r} on <{tag.name}>")
    return found


def assert_nothing_can_run(markup, stored_form=False):
    found = problems(markup, stored_form=stored_form)
    assert found == [], f"{found} in {markup!r}"


# Markdown: raw HTML (a ``<`` that starts a tag, comment or declaration and is not escaped
# with a backslash) and link destinations, ``[text](destination)`` or ``<destination>``.
MARKDOWN_RAW_HTML = re.compile(r"(?<!\\)<[A-Za-z/!?]")
MARKDOWN_LINK_DESTINATION = re.compile(r"(?<!\\)\]\(\s*<?([^)\s>]*)")


def assert_markdown_is_inert(markdown):
    assert not MARKDOWN_RAW_HTML.search(markdown), f"raw HTML in {markdown!r}"
    for destination in MARKDOWN_LINK_DESTINATION.findall(markdown):
        destination = destination.replace("\\", "")
        # wagtail:// is Wagtail's own reference to an image it could not find: inert.
        if not destination.startswith("wagtail://"):
            assert safe_url(destination) is not None, f"link to {destination!r} in {markdown!r}"
