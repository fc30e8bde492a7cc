from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.search_query import clean_query
from cms.site.reader_request import reader_request
from cms.site.specific_pages import select_specific, specific
from search.site_search import promoted_pages, search_pages

RESULTS_PER_PAGE = 10


def search(request):
    """The public search page: every page type, live and public pages only."""
    reader = reader_request(request)
    query = clean_query(request.GET.get("query", ""))
    # Base pages with every type's table joined: one query for a page of mixed results.
    pages = select_specific(Page.objects.all())
    results = search_pages(query, pages, reader.public) if query else []
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [specific(result) for result in page.object_list]
    promotions = promoted_pages(query, reader.public) if page.number == 1 else []
    return TemplateResponse(
        request, "search/search.html", {"query": query, "results": page, "promotions": promotions}
    )
