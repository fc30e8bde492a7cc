from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.content import dependencies, fragments
from cms.search_query import clean_query
from cms.site.reader_request import reader_request
from cms.site.specific_pages import select_specific, specific
from search.site_search import promoted_pages, search_pages

RESULTS_PER_PAGE = 10


class FoundPage:
    """One page of results found earlier: the total and the ids on this page, sliced as the
    paginator asks, loaded in one query."""

    def __init__(self, count, offset, ids, public):
        self.total = count
        self.offset = offset
        self.ids = ids
        self.public = public

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if index.start != self.offset:
            raise IndexError(index)
        keys = [dependencies.page_key(pk) for pk in self.ids]
        pages = self.public.visible(select_specific(Page.objects.filter(pk__in=self.ids)), keys=keys)
        by_id = {page.pk: specific(page) for page in pages}
        return [by_id[pk] for pk in self.ids if pk in by_id]


def find(query, number, public):
    """(count, page number, ids on that page): the database's full-text search, the costly
    part of a search, which is kept between responses until any page changes."""
    # Base pages with every type's table joined: one query for a page of mixed results.
    results = search_pages(query, select_specific(Page.objects.all()), public) if query else []
    page = Paginator(results, RESULTS_PER_PAGE).get_page(number)
    return page.paginator.count, page.number, [result.pk for result in page.object_list]


def search(request):
    """The public search page: every page type, live and public pages only."""
    reader = reader_request(request)
    query = clean_query(request.GET.get("query", ""))
    number = request.GET.get("page")
    key = fragments.key_for("search", query, number)
    count, number, ids = fragments.make(key, lambda: find(query, number, reader.public))
    results = FoundPage(count, (number - 1) * RESULTS_PER_PAGE, ids, reader.public)
    page = Paginator(results, RESULTS_PER_PAGE, allow_empty_first_page=True).page(number)
    promotions = promoted_pages(query, reader.public) if page.number == 1 else []
    return TemplateResponse(
        request, "search/search.html", {"query": query, "results": page, "promotions": promotions}
    )
