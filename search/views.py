from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from cms.search_query import clean_query
from search.site_search import promoted_pages, search_pages

RESULTS_PER_PAGE = 10


def search(request):
    """The public search page: every page type, live and public pages only."""
    query = clean_query(request.GET.get("query", ""))
    results = search_pages(query) if query else []
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results": page, "promotions": promoted_pages(query) if page.number == 1 else []},
    )
