"""The site's menus: the main navigation in the header and the same pages in the footer;
and the breadcrumbs' ancestors."""

from django import template

from cms.site.page_routing import breadcrumb_ancestors as served_ancestors
from cms.site.reader_request import reader_request

register = template.Library()


def menu_items(context):
    """The site root's live, public, "show in menus" children in tree order, each with its
    URL, whether it is the section the current page sits in, and whether it is the current
    page itself (``aria-current="page"`` then, ``"true"`` for a page further down the section).

    The header and the footer both show the menu, so the list is kept by ``reader_request``;
    the root's children come with the routing's query, or with one of their own.
    """
    request = context.get("request")
    if request is None:
        return []
    items = reader_request(request).menu_items
    current_path = getattr(context.get("page"), "path", "")
    # A route of a page (the officer finder under "Our people") is inside it, not the page itself.
    on_route = bool(context.get("breadcrumb_title"))
    return [
        {
            **item,
            "is_current": bool(current_path) and current_path.startswith(item["page"].path),
            "is_current_page": current_path == item["page"].path and not on_route,
        }
        for item in items
    ]


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    return {"menu_items": menu_items(context), "request": context.get("request")}


@register.simple_tag(takes_context=True)
def footer_navigation(context):
    """The main menu's pages for the footer: ``{% footer_navigation as footer_items %}``."""
    return menu_items(context)


@register.simple_tag
def breadcrumb_ancestors(page):
    """``{% breadcrumb_ancestors page as ancestors %}``: root first, from the routing's query
    when it fetched them."""
    return served_ancestors(page)
