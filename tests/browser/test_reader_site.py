"""The reader's site in a real browser (Chromium through Playwright) on the demo content:
a member's journey, accessibility checks with axe-core, phone-width layout and screenshots."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from people.models import PersonPage

# serialized_rollback: the flush after each test would take the root page and collection
# that Wagtail's migrations create; this puts them back for the next test.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PHONE, DESKTOP = 375, 1280
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

LOAD_EVERY_IMAGE = """async () => {
    for (const image of document.querySelectorAll('img[loading="lazy"]')) image.loading = "eager";
    await Promise.all([...document.images].map((image) => image.complete ? null
        : new Promise((done) => { image.onload = image.onerror = done; })));
}"""


def visit(page, path):
    response = page.goto(path)
    expected = 404 if path == "/no-such-page/" else 200
    assert response.status == expected, f"{path} answered {response.status}"
    return response


def test_a_member_goes_from_the_news_to_their_national_officer_without_javascript(demo_site, new_context):
    page = new_context(width=PHONE, java_script_enabled=False).new_page()
    employer = demo_site.employer_search()
    expected_officers = sorted(person.title for person in PersonPage.objects.officers_for_employer(employer))

    visit(page, "/")
    menu = page.get_by_role("navigation", name="Main")
    menu.locator("summary", has_text="Menu").click()
    menu.get_by_role("link", name="News", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("News")

    by_a_person = page.locator(".card").filter(has_not_text="By MiP").first
    article_title = by_a_person.locator(".card__link").inner_text()
    by_a_person.locator(".card__link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article_title)

    author_link = page.locator(".page-header .byline a")
    author = author_link.inner_text()
    author_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(author)

    page.get_by_role("link", name="Find your national officer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your national officer")
    page.get_by_label("Your employer").fill(employer)
    page.get_by_role("button", name="Find by employer").click()

    assert f"employer={employer.split()[0]}" in page.url
    officers = page.locator(".finder-results .person-card__name")
    expect(officers).to_have_text(expected_officers)
    expect(page.locator(".finder-results .person-card").first.get_by_role("link", name="@")).to_be_visible()


def test_every_page_type_passes_axe_wcag_2_2_aa(demo_site, new_context):
    # The site's Content Security Policy rightly blocks injected scripts: let axe in.
    page = new_context(bypass_csp=True).new_page()
    failures = []
    for name, path in demo_site.reader_pages().items():
        visit(page, path)
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
        for violation in results["violations"]:
            nodes = "\n".join(
                f"      {', '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
                for node in violation["nodes"][:5]
            )
            failures.append(
                f"{name} ({path}) {violation['id']} [{violation['impact']}]: {violation['help']}\n{nodes}"
            )
    assert not failures, "axe-core found WCAG violations:\n" + "\n".join(failures)


def test_no_page_scrolls_sideways_on_a_phone(demo_site, new_context):
    page = new_context(width=PHONE).new_page()
    too_wide = {}
    for name, path in demo_site.reader_pages().items():
        visit(page, path)
        page.evaluate(LOAD_EVERY_IMAGE)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            too_wide[name] = {"path": path, "scrollWidth": width[0], "innerWidth": width[1]}
    assert not too_wide, "Pages wider than a 375px phone:\n" + json.dumps(too_wide, indent=2)


def test_screenshots_of_every_page_type_at_phone_and_desktop_widths(demo_site, new_context):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    pages = demo_site.reader_pages()
    for width in (PHONE, DESKTOP):
        page = new_context(width=width).new_page()
        for name, path in pages.items():
            visit(page, path)
            page.evaluate(LOAD_EVERY_IMAGE)
            file = SCREENSHOTS / f"{name}-{width}.png"
            file.unlink(missing_ok=True)
            page.screenshot(path=str(file), full_page=True)
            written.append(file)

    assert len(written) == 2 * len(pages)
    for file in written:
        assert file.read_bytes()[:8] == PNG_SIGNATURE, f"{file} is not a PNG"
        assert file.stat().st_size > 10_000, f"{file} is suspiciously small"
