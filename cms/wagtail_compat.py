"""Every use of a private Wagtail, modelcluster or treebeard attribute, behind one door.

The bulk loading (``cms.api.loading``), the routing (``cms.site.page_routing``), the specific-type
join (``cms.site.specific_pages``) and the API views reach into Wagtail where it has no public API
for what they need. Each such reach is one small function here, so a Wagtail upgrade is checked
in one place: ``tests/test_wagtail_compat.py`` exercises each function on real Wagtail objects
and fails on any Wagtail version but the one they were checked against.
"""

from django.db import connection
from wagtail.blocks.stream_block import StreamValue


def unconverted_blocks(stream):
    """(index, raw block data) for each block of a lazy ``StreamValue`` not yet turned into
    its native value (``StreamValue._raw_data`` / ``_bound_blocks``)."""
    return [
        (i, raw)
        for i, raw in enumerate(stream._raw_data)
        if stream._bound_blocks[i] is None and raw is not None
    ]


def set_converted_block(stream, index, block, value, block_id):
    """Put a native value in a lazy ``StreamValue`` at ``index``, as Wagtail does when the block
    is first read, so reading it costs nothing."""
    stream._bound_blocks[index] = StreamValue.StreamChild(block, value, id=block_id)


def struct_value(block, items):
    """A ``StructBlock``'s value from (name, native value) pairs, without ``to_python``'s
    per-child conversion (``StructBlock._to_struct_value``)."""
    return block._to_struct_value(items)


def list_item(list_block, item):
    """(id or None, raw value) of one item of a ``ListBlock``'s database JSON, which is either
    ``{"type": "item", "id", "value"}`` or, from before Wagtail 2.16, the bare value."""
    if list_block._item_is_in_block_format(item):
        return item["id"], item["value"]
    return None, item


def share_site_root_paths(page, site_root_paths):
    """Give ``page`` the site root paths its URL methods read, instead of a cache read per
    page (``Page._wagtail_cached_site_root_paths``)."""
    page._wagtail_cached_site_root_paths = site_root_paths


def set_cached_parent(page, parent):
    """Make ``page.get_parent()`` return ``parent`` without a query (treebeard's
    ``_cached_parent_obj``, which Wagtail sets the same way in ``Page.route``)."""
    page._cached_parent_obj = parent


def set_cached_specific(page, specific):
    """Make ``page.specific`` (a ``cached_property``) return ``specific`` without a query."""
    page.__dict__["specific"] = specific


def set_request_site(request, site):
    """Make ``Site.find_for_request(request)`` return ``site`` without a query
    (``request._wagtail_site``, where it keeps its own answer)."""
    request._wagtail_site = site


def set_request_route(request, route_result):
    """Make Wagtail serve ``route_result`` (a ``RouteResult``) for this request without routing
    (``request._wagtail_route_for_request``, where ``Page.route_for_request`` keeps its own
    answer and which the serve view reads)."""
    request._wagtail_route_for_request = route_result


def api_serializer_class(viewset, router, model, fields_config, show_details=False):
    """The v2 API serializer class of ``model`` for a view set, as its own views build it
    (``BaseAPIViewSet._get_serializer_class``); ``fields_config`` as ``parse_fields_parameter``
    returns it."""
    return viewset._get_serializer_class(router, model, fields_config, show_details=show_details)


def api_endpoints(router):
    """{name: view set} of the endpoints registered on a v2 ``WagtailAPIRouter``
    (``_endpoints``)."""
    return router._endpoints


def set_file_metadata(media):
    """Fill an unsaved image's or document's size and hash from its file, as Wagtail's upload
    forms do (``_set_image_file_metadata`` / ``_set_document_file_metadata``)."""
    if hasattr(media, "_set_image_file_metadata"):
        media._set_image_file_metadata()
    else:
        media._set_document_file_metadata()


def sqlite_search_scores(results):
    """{page id: score} of every match of ``results`` (search results of modelsearch's SQLite
    backend, which Wagtail's database search uses there), in one query, lower first as the
    backend orders them; None for any other backend. Built as the backend builds its own
    (``SQLiteSearchQueryCompiler.search``): its ordering by relevance scores each candidate
    in a subquery that runs the whole full-text match again, quadratic in the matches."""
    if connection.vendor != "sqlite":
        return None
    # Imported here: the SQLite backend's module loads only where SQLite is the database.
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry, SQLiteSearchResults
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    if not isinstance(results, SQLiteSearchResults):
        return None
    compiler = results.query_compiler
    query = normalize(compiler.query)
    if isinstance(query, MatchAll | Not):
        return None
    config = compiler.get_config(results.backend)
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS, compiler.build_search_query(query, config=config)
    )
    entries = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model))
        .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
    )
    return {
        int(object_id): score for object_id, score in entries.values_list("index_entry__object_id", "score")
    }
