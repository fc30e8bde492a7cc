"""Searching the site's pages for the public search page. The API's ``search`` parameter
uses the same backend and the same query cleaning (cms/search_query.py)."""

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from cms.content.versions import current_public
from cms.search_query import clean_query
from cms.specific_pages import select_specific, specific


def search_pages(query, pages=None, public_pages=None):
    """Live, public pages matching ``query``, best first (specific pages unless ``pages``
    says otherwise). The request's ``public_pages`` (``cms.reader_request``) knows the view
    restrictions already, so saves a query.

    Tries every word first; if nothing matches, any word; then word prefixes, so a partial
    or slightly different phrasing ("maternity", "Maternity leave", "matern") still finds
    the page."""
    query = clean_query(query)
    pages = pages if pages is not None else Page.objects.specific()
    pages = (public_pages or current_public()).visible(pages)
    if not query:
        return pages.none()
    for attempt in (
        lambda: pages.search(query, operator="and"),
        lambda: pages.search(query, operator="or"),
        lambda: pages.autocomplete(query),
    ):
        results = attempt()
        if results.count():
            return results
    return results


def promoted_pages(query, public_pages=None):
    """Editors' picks for this query (Search promotions in the admin), live and public only,
    their pages in their specific types."""
    query = clean_query(query)
    if not query:
        return []
    found = Query.objects.filter(query_string=normalise_query_string(query)).first()
    if found is None:
        return []
    promotions = list(select_specific(found.editors_picks.order_by("sort_order"), via="page"))
    pages = [specific(promotion.page) for promotion in promotions if promotion.page]
    shown = (public_pages or current_public()).filter(pages)
    visible_ids = {page.pk for page in shown}
    return [item for item in promotions if item.page is None or item.page.pk in visible_ids]
