"""Serving a page with the same few queries however deep it is.

Wagtail routes a request one tree level at a time, with a query for the child with the next
slug and another for its specific type at each level, and its view-restriction check then
reads the ancestors again. ``ReaderPageMixin`` (on every page type, just before ``Page``)
fetches the whole path in one query instead, at the first step from the site root: the
root's children (the menu and section links need them too), every page below them whose
slug is in the path, each in its specific type, and the pages above the root. Each page's
``route()`` still runs as before, ``RoutablePageMixin`` routes included; only the child
lookup reads from what was fetched. What was fetched then answers the breadcrumbs and,
with the content core's restrictions (``cms.content.visibility``), the view-restriction check.

For a reader's request (``cms.content.fragments``) the answer is kept between responses:
the site, the fetched pages and which of them the path leads to, under the host and path,
depending on those pages and on the children of each page on the path (a new page there may
take the path). ``use_kept_route()`` hands a kept answer to Wagtail before it routes, so a
page whose response the page cache has to render again starts without a query for routing.
The served page then routes what is left of the path itself, so an index's sub-routes (its
feed, a topic) are kept the same way.
"""

from collections import defaultdict

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, PageViewRestriction, Site

from cms import wagtail_compat
from cms.content import dependencies, fragments
from cms.site.reader_request import reader_request
from cms.site.specific_pages import select_specific, specific


class ServedTree:
    """The pages fetched to route ``components`` from ``root``."""

    def __init__(self, root, components, pages, restrictions):
        self.root = root
        self.components = list(components)
        self.restrictions = restrictions
        self.by_path = {page.path: page for page in pages}
        self._children = defaultdict(list)
        for page in sorted(pages, key=lambda page: page.path):
            self._children[page.path[: -Page.steplen]].append(page)

    def covers(self, parent, slug):
        """Whether every child of ``parent`` with this slug was fetched."""
        step = parent.depth - self.root.depth
        return (
            parent.path in self.by_path
            and parent.path.startswith(self.root.path)
            and 0 <= step < len(self.components)
            and self.components[step] == slug
        )

    def child(self, parent, slug):
        return next((page for page in self._children[parent.path] if page.slug == slug), None)

    def children(self, parent):
        return list(self._children[parent.path])

    def ancestors(self, page):
        """``page``'s ancestors, root first, or None if they were not all fetched."""
        paths = [page.path[: Page.steplen * depth] for depth in range(1, page.depth)]
        if not all(path in self.by_path for path in paths):
            return None
        return [self.by_path[path] for path in paths]

    def page_ids(self):
        return {page.pk for page in self.by_path.values()}

    def __getstate__(self):
        # Kept without the restrictions: a kept tree is always checked against the current ones.
        return {**self.__dict__, "restrictions": None}

    def path_pages(self, page):
        """The root and the pages from it down to ``page``."""
        return [found for found in (self.ancestors(page) or []) if found.depth >= self.root.depth] + [page]

    def is_unrestricted(self, page):
        """True when no view restriction applies to ``page``, as the content core has it
        (aliases included). Otherwise Wagtail's own check runs and asks for a password or a
        sign-in as usual."""
        if self.ancestors(page) is None:
            return False
        return not self.restrictions.is_restricted_path(page.path)


def load_tree(root, components, restrictions):
    """One query: the pages above ``root``, its children, and the pages below them whose slugs
    are in ``components``."""
    depth = root.depth
    below = Q(depth=depth + 1)
    if len(components) > 1:
        below |= Q(depth__gt=depth + 1, depth__lte=depth + len(components), slug__in=set(components[1:]))
    above = [root.path[: Page.steplen * level] for level in range(1, depth)]
    rows = Page.objects.filter((Q(path__startswith=root.path) & below) | Q(path__in=above))
    rows = list(select_specific(rows))
    pages = [specific(row) for row in rows if row.pk != root.pk]
    tree = ServedTree(root, components, [*pages, root], restrictions)
    for page in tree.by_path.values():
        page.served_tree = tree
    return tree


class ReaderPageMixin:
    """Fast routing, view-restriction checks and breadcrumbs for a page type (see the module).
    Goes just before ``Page`` in the bases, after ``RoutablePageMixin``."""

    # Related rows its template and its cards read, fetched with the page: e.g. ("author",).
    select_related_for_display = ()
    # The ServedTree this instance was fetched in, if the routing fetched it. The request's own
    # copy is ``reader_request(request).tree``; the page keeps one because Wagtail asks
    # ``get_view_restrictions()`` without the request.
    served_tree = None

    def route(self, request, path_components):
        reader = reader_request(request)
        if reader.tree is None:
            reader.use_tree(load_tree(self, path_components, reader.public.restrictions))
            result = self.route(request, path_components)
            keep_route(request, reader.tree, result)
            return result
        tree = reader.tree
        if not path_components or not tree.covers(self, path_components[0]):
            return super().route(request, path_components)
        child = tree.child(self, path_components[0])
        if child is None:
            raise Http404
        wagtail_compat.set_cached_parent(child, self)
        return child.route(request, path_components[1:])

    def get_view_restrictions(self):
        if self.served_tree is not None and self.served_tree.is_unrestricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def breadcrumb_ancestors(page):
    """The page's ancestors, root first: from the routing when it fetched them."""
    tree = getattr(page, "served_tree", None)
    ancestors = tree.ancestors(page) if tree is not None else None
    return ancestors if ancestors is not None else list(page.get_ancestors())


# Routing answers kept between responses ------------------------------------------------------


def route_key(request):
    return fragments.key_for("route", request.get_host(), request.path_info)


def keep_route(request, tree, result):
    """Keep the route to this path for its next reader: the tree and the page served."""
    if not fragments.is_enabled():
        return
    site = Site.find_for_request(request)
    if site is None or site.root_page_id != tree.root.pk:
        return
    shown = dependencies.Dependencies()
    shown.add(*(dependencies.page_key(pk) for pk in tree.page_ids()))
    shown.add(*(dependencies.children_key(page.pk) for page in tree.path_pages(result.page)))
    fragments.keep(route_key(request), (site, tree, result.page.path), shown)


def use_kept_route(request):
    """Give Wagtail the kept route to this request's path, if there is a fresh one."""
    if not fragments.is_enabled():
        return
    key = route_key(request)
    kept = fragments.get_many([key]).get(key)
    if kept is None:
        return
    site, tree, page_path = kept
    wagtail_compat.set_request_site(request, site)
    reader = reader_request(request)
    tree.restrictions = reader.public.restrictions
    reader.use_tree(tree)
    # The page routes what is left of the path itself, as it did when the route was kept: a
    # sub-route of an index (its feed, a topic) without a query, a page with nothing left to
    # itself.
    page = tree.by_path[page_path]
    components = [component for component in request.path_info.split("/") if component]
    try:
        result = page.route(request, components[page.depth - tree.root.depth :])
    except Http404:
        return
    wagtail_compat.set_request_route(request, result)
