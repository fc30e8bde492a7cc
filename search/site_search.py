"""Searching the site's pages for the public search page. The API's ``search`` parameter
uses the same backend and the same query cleaning (cms/search_query.py)."""

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from cms.api.representation import visible_pages
from cms.search_query import clean_query


def search_pages(query, pages=None):
    """Live, public pages matching ``query``, best first (specific pages unless ``pages``
    says otherwise).

    Tries every word first; if nothing matches, any word; then word prefixes, so a partial
    or slightly different phrasing ("maternity", "Maternity leave", "matern") still finds
    the page."""
    query = clean_query(query)
    pages = (pages if pages is not None else Page.objects.specific()).live().public()
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


def promoted_pages(query):
    """Editors' picks for this query (Search promotions in the admin), live and public only."""
    query = clean_query(query)
    if not query:
        return []
    found = Query.objects.filter(query_string=normalise_query_string(query)).first()
    if found is None:
        return []
    promotions = list(found.editors_picks.select_related("page").order_by("sort_order"))
    visible_ids = {page.pk for page in visible_pages([promotion.page for promotion in promotions])}
    return [item for item in promotions if item.page is None or item.page.pk in visible_ids]
