"""The API's rich text shown as an app shows it: in a web view, with no
Content-Security-Policy to fall back on.

Every mutation-XSS payload (``tests/security/mutation_xss.py``) is written straight into a
page's body, past the sanitiser on save; the API's rich text for it and the page's
``body_html`` are then loaded into Chromium with ``page.set_content`` inside a bare HTML
document. No dialog may open, and the DOM Chromium built may hold no event-handler
attribute, script-capable element or link with a script scheme (read with the browser's own
URL parser). The harness is proved first on the raw payloads: each is caught, by a dialog
or in the DOM, unless it is inert in a browser as written."""

import pytest
from django.db.models import JSONField, Value

from tests.factories import NewsPageFactory, build_site_tree
from tests.security.mutation_xss import ACTIVE_ELEMENTS, PAYLOADS, URL_ATTRIBUTES

# serialized_rollback: the flush after each test would take the root page and collection
# that every later test needs with it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WEB_VIEW = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width"></head><body>{}</body></html>'
)
# What script-capable markup Chromium's DOM holds, after parsing, inside the body.
DOM_PROBLEMS = """
([activeElements, urlAttributes]) => {
  const found = [];
  const safeSchemes = ["http:", "https:", "mailto:", "tel:"];
  const parse = (value) => {
    try { return new URL(value, "https://www.miphealth.org.uk/news/"); } catch (error) { return null; }
  };
  for (const element of document.body.querySelectorAll("*")) {
    const name = element.localName.toLowerCase();
    if (activeElements.includes(name)) found.push(`<${name}>`);
    for (const attribute of element.attributes) {
      const attributeName = attribute.name.toLowerCase();
      const url = urlAttributes.includes(attributeName) ? parse(attribute.value) : null;
      if (attributeName.startsWith("on") || attributeName === "srcdoc" || attributeName === "style") {
        found.push(`${attributeName} on <${name}>`);
      } else if (url !== null && !safeSchemes.includes(url.protocol)) {
        found.push(`${attributeName}=${url.protocol} on <${name}>`);
      }
    }
  }
  return found;
}
"""


@pytest.fixture
def web_view(browser):
    """Shows HTML as an app's web view does and reports what ran: ``show(html)`` returns
    (dialogs opened, script-capable markup in the DOM)."""
    context = browser.new_context(java_script_enabled=True)
    # Nothing leaves the machine: images and frames point nowhere.
    context.route("**/*", lambda route: route.abort())

    def show(html):
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.set_content(WEB_VIEW.format(html))
        # Error, toggle, focus and refresh handlers run after the load event.
        page.wait_for_timeout(200)
        found = page.evaluate(DOM_PROBLEMS, [sorted(ACTIVE_ELEMENTS), sorted(URL_ATTRIBUTES)])
        page.close()
        return dialogs, found

    yield show
    context.close()


def test_the_harness_catches_every_payload_as_written(web_view, subtests):
    for payload in PAYLOADS:
        with subtests.test(payload=payload.name):
            dialogs, found = web_view(payload.markup)
            if payload.runs_unsanitised:
                assert dialogs == ["1"], "this payload should run as written"
            if not payload.inert_as_written:
                assert found, "the DOM check should see this payload as written"


def test_no_payload_runs_from_the_apis_rich_text_or_body_html(client, web_view, subtests):
    tree = build_site_tree()
    page = NewsPageFactory(parent=tree.news_index, title="Imported news", slug="imported")
    raw = [
        {"type": "paragraph", "value": f"<p>Pay news {index}</p>{payload.markup}", "id": f"raw-{index}"}
        for index, payload in enumerate(PAYLOADS)
    ]
    # Straight into the database, as an import would: the sanitiser on save never sees it.
    type(page).objects.filter(pk=page.pk).update(body=Value(raw, output_field=JSONField()))

    response = client.get(f"/api/v2/pages/{page.pk}/?fields=*")
    assert response.status_code == 200
    data = response.json()
    paragraphs = [block["value"] for block in data["body"] if block["type"] == "paragraph"]
    assert len(paragraphs) == len(PAYLOADS)

    for index, (payload, paragraph) in enumerate(zip(PAYLOADS, paragraphs, strict=True)):
        with subtests.test(payload=payload.name):
            assert f"Pay news {index}" in paragraph
            assert web_view(paragraph) == ([], [])
    with subtests.test(payload="body_html, every payload at once"):
        assert all(f"Pay news {index}" in data["body_html"] for index in range(len(PAYLOADS)))
        assert web_view(data["body_html"]) == ([], [])
