"""The Content Security Policy in a real browser: every page type of the reader's site, and
the Wagtail admin's main screens, load in Chromium with the policy enforced (not bypassed,
as the axe test must) and without a single violation.

A violation is what the browser reports: a ``securitypolicyviolation`` event in any frame,
or a console error about the Content Security Policy. The first test proves the collector
sees both, so the others can't pass by not looking."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from home.models import NewsPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation({
        url: document.location.href,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
    });
});
"""
# The script-src each part of the site is sent (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY).
PUBLIC_POLICY = "'self'"
ADMIN_POLICY = "'self' 'unsafe-inline'"
ADMIN_PASSWORD = "correct horse battery staple"


class Violations(list):
    """Every CSP violation Chromium reports in a browser context."""

    def __init__(self, context):
        super().__init__()
        context.expose_binding("reportCspViolation", lambda _source, violation: self.append(violation))
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self.console_message)

    def console_message(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.append({"url": message.page.url if message.page else "", "console": message.text})

    def report(self):
        return "\n".join(f"  {violation}" for violation in self)


def visit(page, path, script_src, status=200):
    """Load a page, check it was sent with the expected policy, and let it settle (scripts,
    lazy images, fetches) so that late violations are reported too."""
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    policy = response.headers["content-security-policy"]
    directives = dict(directive.strip().split(" ", 1) for directive in policy.split(";") if directive.strip())
    assert directives["script-src"] == script_src, (path, policy)
    page.wait_for_load_state("networkidle")


@pytest.fixture
def browser_context(new_context):
    context = new_context()
    return context, Violations(context)


@pytest.fixture
def bare_context(browser, live_server):
    """A browser context on the live server with no demo content (its 404 page is enough)."""
    context = browser.new_context(base_url=live_server.url)
    yield context
    context.close()


def test_the_collector_sees_a_violation_in_the_event_and_the_console(bare_context):
    violations = Violations(bare_context)
    page = bare_context.new_page()
    visit(page, "/no-such-page/", PUBLIC_POLICY, status=404)
    assert violations == []

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.injected = 'ran'";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)

    assert page.evaluate("document.body.dataset.injected") is None, "the inline script ran"
    assert any(violation.get("directive") == "script-src-elem" for violation in violations), violations
    assert any("Content Security Policy" in violation.get("console", "") for violation in violations), (
        violations
    )


def test_every_page_type_of_the_site_loads_without_a_csp_violation(demo_site, browser_context):
    context, violations = browser_context
    page = context.new_page()
    for name, path in demo_site.reader_pages().items():
        visit(page, path, PUBLIC_POLICY, status=404 if name == "not-found" else 200)

    assert not violations, "Content Security Policy violations on the site:\n" + violations.report()


def test_the_admin_loads_without_a_csp_violation(demo_site, browser_context, django_user_model):
    django_user_model.objects.create_superuser("csp-admin", "csp-admin@miphealth.org.uk", ADMIN_PASSWORD)
    home = Site.objects.get(is_default_site=True).root_page
    news = NewsPage.objects.live().exclude(body=[]).order_by("pk").first()
    context, violations = browser_context
    page = context.new_page()

    visit(page, "/admin/login/", ADMIN_POLICY)
    page.get_by_label("Username").fill("csp-admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    for path in ("/admin/", "/admin/pages/", f"/admin/pages/{home.pk}/"):
        visit(page, path, ADMIN_POLICY)
    visit(page, f"/admin/pages/{news.pk}/edit/", ADMIN_POLICY)
    # The editor's scripts ran: the body's blocks and the rich text editor were built.
    expect(page.locator(".c-sf-block__type").first).to_be_attached()
    expect(page.locator(".Draftail-Editor").first).to_be_attached()
    for path in ("/admin/images/", "/admin/documents/"):
        visit(page, path, ADMIN_POLICY)

    assert not violations, "Content Security Policy violations in the admin:\n" + violations.report()
