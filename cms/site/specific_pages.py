"""Pages in their specific types from one query.

Wagtail's ``.specific()`` runs one query for the base rows and then one more per page type
in the result, so a list of mixed pages (search results, featured items, the pages on the
path to the one being served) costs more the more types it holds. Every page type here
extends ``Page`` directly, so its table is reachable from a ``Page`` row by the parent link
(``page.newspage``): ``select_specific()`` joins every such table into the base query, and
``specific()`` then picks each row's own without a query.
"""

from functools import cache

from wagtail.models import Page

from cms import wagtail_compat


@cache
def specific_relations():
    """{page model: accessor of its table from a ``Page`` row}, for every page type whose
    parent is ``Page`` itself."""
    return {
        relation.related_model: relation.get_accessor_name()
        for relation in Page._meta.related_objects
        if relation.one_to_one and relation.parent_link
    }


def select_specific(queryset, via=""):
    """``queryset`` of base pages, or of rows whose foreign key ``via`` is a page, with every
    page type's fields in the same query, and the rows each type's templates read
    (``select_related_for_display``, e.g. a news item's author) as well."""
    prefix = f"{via}__" if via else ""
    lookups = []
    for model, accessor in specific_relations().items():
        lookups.append(prefix + accessor)
        lookups += [
            f"{prefix}{accessor}__{name}" for name in getattr(model, "select_related_for_display", ())
        ]
    return queryset.select_related(*lookups)


def specific(page):
    """The specific page of a row from ``select_specific()``, without a query. Anything else
    falls back to Wagtail's ``page.specific``."""
    if page is None:
        return None
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page
    accessor = specific_relations().get(model)
    if accessor is not None and Page._meta.get_field(accessor).is_cached(page):
        found = getattr(page, accessor)
        wagtail_compat.set_cached_specific(page, found)
        return found
    return page.specific
