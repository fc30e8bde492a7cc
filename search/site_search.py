"""Searching the site's pages for the public search page. The API's ``search`` parameter
uses the same backend and the same query cleaning (cms/search_query.py)."""

import re
from functools import cached_property, reduce
from operator import and_

from django.db.models import Case, Q, Value, When
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from cms import wagtail_compat
from cms.content.versions import current_public
from cms.search_query import clean_query
from cms.site.specific_pages import select_specific, specific


def search_pages(query, pages=None, public_pages=None):
    """Live, public pages matching ``query``, best first (specific pages unless ``pages``
    says otherwise), as ``RankedResults``. The request's ``public_pages``
    (``cms.site.reader_request``) knows the view restrictions already, so saves a query.

    Tries every word first; if nothing matches, any word; then word prefixes, so a partial
    or slightly different phrasing ("maternity", "Maternity leave", "matern") still finds
    the page."""
    # A word said twice finds nothing more, and each word is a pattern matched against every
    # title (in Python, on SQLite): a pasted 200-character query of six words repeated took 20 s.
    query = " ".join(dict.fromkeys(clean_query(query).split()))
    pages = pages if pages is not None else Page.objects.specific()
    pages = (public_pages or current_public()).visible(pages)
    if not query:
        return RankedResults([])
    for attempt in (
        lambda part, relevance: part.search(query, operator="and", order_by_relevance=relevance),
        lambda part, relevance: part.search(query, operator="or", order_by_relevance=relevance),
        lambda part, relevance: part.autocomplete(query, order_by_relevance=relevance),
    ):
        title_matches, the_rest = title_first(pages, query)
        results = RankedResults(
            [attempt(title_matches, False), by_relevance(attempt(the_rest, True), the_rest)]
        )
        if results.count():
            return results
    return results


def title_first(pages, query):
    """``pages`` in two parts: those whose title has every word of ``query`` (at the start of
    a word: "pay" finds "Pay" and "payslips"), the title that is exactly the query first and
    then the newest first; and the rest, to be ordered by the backend's relevance.

    Full-text relevance alone does not put title matches first: on SQLite the backend's score
    favours short titles whatever they say (a page called "Join MiP" that mentions pay once
    outranked "NHS pay rise falls short"), and on PostgreSQL a long body full of the word can
    outweigh a title. Both parts are searched, counted and ordered in the database, so a
    results page costs the same however many pages match."""
    # (^|\W) is a word start in both Python's regular expressions (SQLite) and PostgreSQL's.
    every_word = reduce(and_, [Q(title__iregex=r"(^|\W)" + re.escape(word)) for word in query.split()])
    exact_first = Case(When(title__iexact=query, then=Value(0)), default=Value(1)).asc()
    title_matches = pages.filter(every_word).order_by(exact_first, "-first_published_at", "-id")
    return title_matches, pages.exclude(every_word)


def by_relevance(results, pages):
    """``results`` (of ``pages``, ordered by relevance) as they are, or on SQLite the same
    order scored in one query (``ScoredResults``)."""
    scores = wagtail_compat.sqlite_search_scores(results)
    return results if scores is None else ScoredResults(scores, pages)


class ScoredResults:
    """The pages of ``pages`` that have a score, lowest score first and then the newest id,
    as the SQLite backend orders them. Scores come in one query for every match; the
    backend's own ordering scored each candidate page by running the whole full-text match
    again (a pasted 200-character query matching most pages took 9 s)."""

    def __init__(self, scores, pages):
        self.scores = scores
        self.pages = pages

    @cached_property
    def ids(self):
        candidates = self.pages.values_list("pk", flat=True)
        return sorted((pk for pk in candidates if pk in self.scores), key=lambda pk: (self.scores[pk], -pk))

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index]
        found = self.pages.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


class RankedResults:
    """Search results made of parts that follow one another (``title_first``), each already
    ordered by relevance. Counts and slices like a queryset, so Django's ``Paginator`` pages
    through it; a slice asks only the parts it overlaps."""

    def __init__(self, parts):
        self.parts = parts

    @cached_property
    def counts(self):
        return [part.count() for part in self.parts]

    def count(self):
        return sum(self.counts)

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, _step = index.indices(self.count())
        found = []
        offset = 0
        for part, size in zip(self.parts, self.counts, strict=True):
            if stop <= offset:
                break
            if start < offset + size and size:
                found += list(part[max(start - offset, 0) : min(stop - offset, size)])
            offset += size
        return found


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
