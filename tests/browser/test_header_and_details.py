"""The header on a phone and the accessibility details an audit found, measured in Chromium:
the "Menu" that works without JavaScript, where the page heading starts, the current page in
forced-colours mode, contrast on hover and in error messages, accordion names, scrolling
tables and the officer finder's error summary."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Page

from home.models import HomePage, StandardPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE, DESKTOP = 375, 1280
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}

# WCAG 2 contrast between an element's text colour and the first opaque background behind it.
CONTRAST = """(element) => {
    const rgba = (colour) => colour.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const channel = (value) => {
            value /= 255;
            return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    let background = [255, 255, 255];
    for (let node = element; node; node = node.parentElement) {
        const colour = rgba(getComputedStyle(node).backgroundColor);
        if (colour.length < 4 || colour[3] > 0) { background = colour; break; }
    }
    const [light, dark] = [luminance(rgba(getComputedStyle(element).color)), luminance(background)]
        .sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
}"""

LAYOUT_SHIFT = """() => new Promise((done) => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => done(total), 500);
})"""


def main_menu(page):
    return page.get_by_role("navigation", name="Main")


def menu_link(page, name):
    return main_menu(page).get_by_role("link", name=name, exact=True)


def test_on_a_phone_the_menu_folds_away_and_opens_from_the_keyboard_without_javascript(
    demo_site, new_context
):
    page = new_context(width=PHONE, java_script_enabled=False).new_page()
    page.goto("/")

    heading_top = page.get_by_role("heading", level=1).bounding_box()["y"]
    assert heading_top < 250, f"the home page's h1 starts {heading_top}px down a 375px phone"
    toggle = main_menu(page).locator("summary")
    expect(toggle).to_have_text("Menu")
    expect(menu_link(page, "News")).to_be_hidden()

    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu_link(page, "News")).to_be_visible()
    expect(menu_link(page, "About MiP")).to_be_visible()

    page.keyboard.press("Enter")
    expect(menu_link(page, "News")).to_be_hidden()
    toggle.click()
    menu_link(page, "News").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("News")


def test_on_a_wide_screen_the_menu_is_open_with_no_toggle_and_nothing_moves(demo_site, new_context):
    page = new_context(width=DESKTOP).new_page()
    page.goto("/news/")

    expect(main_menu(page).locator("summary")).to_be_hidden()
    for name in ("About MiP", "News", "Our people", "Contact us"):
        expect(menu_link(page, name)).to_be_visible()
    first = menu_link(page, "About MiP").bounding_box()
    last = menu_link(page, "Contact us").bounding_box()
    assert first["y"] == last["y"], "the menu is one row on a wide screen"
    assert page.evaluate(LAYOUT_SHIFT) == 0

    # The header's home link stays white on the brand colour when hovered.
    home_link = page.locator(".site-header__home")
    assert home_link.evaluate(CONTRAST) >= 4.5
    home_link.hover()
    assert home_link.evaluate(CONTRAST) >= 4.5, "the home link on hover"


MENU_MARKS = """(links) => links.map((link) => {
    const style = getComputedStyle(link);
    return {
        name: link.textContent.trim(),
        current: link.getAttribute("aria-current"),
        border: style.borderBottomStyle === "none" ? 0 : parseFloat(style.borderBottomWidth),
        borderColour: style.borderBottomColor,
        background: getComputedStyle(link.closest(".site-nav")).backgroundColor,
        underline: style.textDecorationLine.includes("underline"),
    };
})"""


def test_in_forced_colours_the_current_page_has_a_border_the_others_do_not(demo_site, new_context):
    for width in (PHONE, DESKTOP):
        page = new_context(width=width, forced_colors="active").new_page()
        page.goto("/news/")
        if width == PHONE:
            main_menu(page).locator("summary").click()
        marks = main_menu(page).locator(".site-nav__link").evaluate_all(MENU_MARKS)

        current = [mark for mark in marks if mark["current"]]
        assert [mark["name"] for mark in current] == ["News"], width
        assert current[0]["border"] >= 3 and current[0]["borderColour"] != current[0]["background"], width
        assert current[0]["underline"], width
        others = [mark for mark in marks if not mark["current"]]
        assert others and all(mark["border"] == 0 and not mark["underline"] for mark in others), width


def accessible_names(page, selector):
    """Chromium's own accessible names (its accessibility tree, over the DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    names = []
    for node_id in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False})
        names.append(tree["nodes"][0]["name"]["value"])
    return names


def test_an_accordion_names_each_question_without_its_plus_or_minus(demo_site, new_context):
    with_accordion = next(
        page
        for page in Page.objects.live().specific().order_by("path")
        if any(child.block_type == "accordion" for child in getattr(page, "body", []) or [])
    )
    page = new_context(width=PHONE).new_page()
    page.goto(with_accordion.url)
    questions = page.locator(".accordion__question")
    texts = [text.strip() for text in questions.all_inner_texts()]

    assert texts and accessible_names(page, ".accordion__question") == texts
    # The icon is still drawn: two bars while closed, one (a minus) when open.
    first = questions.first
    assert first.evaluate("(q) => getComputedStyle(q, '::before').borderTopWidth") == "3px"
    assert first.evaluate("(q) => getComputedStyle(q, '::after').display") != "none"
    first.click()
    assert first.evaluate("(q) => getComputedStyle(q, '::after').display") == "none"
    assert accessible_names(page, ".accordion__question")[0] == texts[0]


def table_page(title, slug, columns):
    home = HomePage.objects.get()
    rows = [[f"{heading} heading" for heading in columns], [f"{heading} value" for heading in columns]]
    page = home.add_child(
        instance=StandardPage(
            title=title,
            slug=slug,
            body=[
                (
                    "table",
                    {
                        "data": rows,
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_header_choice": "row",
                        "table_caption": title,
                    },
                )
            ],
        )
    )
    page.save_revision().publish()
    return page


def wrapper_state(page):
    return page.locator(".table-wrapper").evaluate(
        """(wrapper) => ({
            scrolls: wrapper.scrollWidth > wrapper.clientWidth,
            tabindex: wrapper.getAttribute("tabindex"),
            role: wrapper.getAttribute("role"),
            label: wrapper.getAttribute("aria-label"),
        })"""
    )


def test_a_table_takes_focus_only_while_it_scrolls(demo_site, new_context):
    wide = table_page("Pay bands", "pay-bands", ["Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"])
    narrow = table_page("Seats", "seats", ["Region", "Seats"])
    page = new_context(width=PHONE).new_page()

    page.goto(wide.url)
    expect(page.locator(".table-wrapper[tabindex='0']")).to_have_count(1)
    assert wrapper_state(page) == {"scrolls": True, "tabindex": "0", "role": "region", "label": "Pay bands"}
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    expect(page.locator(".table-wrapper[tabindex]")).to_have_count(0)
    assert wrapper_state(page) == {"scrolls": False, "tabindex": None, "role": None, "label": None}
    page.set_viewport_size({"width": PHONE, "height": 900})
    expect(page.locator(".table-wrapper[tabindex='0']")).to_have_count(1)

    page.goto(narrow.url)
    expect(page.locator(".table-wrapper[tabindex]")).to_have_count(0)
    assert wrapper_state(page)["scrolls"] is False

    # Without JavaScript every table stays focusable: the safe side.
    no_script = new_context(width=DESKTOP, java_script_enabled=False).new_page()
    no_script.goto(narrow.url)
    assert wrapper_state(no_script)["tabindex"] == "0"


def test_the_finder_marks_the_empty_employer_box_and_focuses_the_error_summary_without_javascript(
    demo_site, new_context
):
    for width in (PHONE, DESKTOP):
        page = new_context(width=width, java_script_enabled=False).new_page()
        page.goto("/our-people/find-your-officer/")
        page.get_by_role("button", name="Find by employer").click()

        summary = page.locator(".error-summary")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("heading")).to_have_text("There is a problem")
        employer = page.get_by_label("Your employer")
        expect(employer).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#finder-region")).not_to_have_attribute("aria-invalid", "true")
        error = page.locator("#finder-employer-error")
        expect(error).to_contain_text("Type the name of your employer")
        assert error.evaluate(CONTRAST) >= 4.5, f"error text at {width}px"
        assert summary.get_by_role("link").evaluate(CONTRAST) >= 4.5, f"error summary at {width}px"

        summary.get_by_role("link").click()
        expect(employer).to_be_focused()

    # And axe-core finds nothing wrong with the page in its error state.
    page = new_context(width=PHONE, bypass_csp=True).new_page()
    page.goto("/our-people/find-your-officer/?employer=")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    assert [violation["id"] for violation in results["violations"]] == []
