"""Calendar files at addresses that end in ``.ics``, as calendar apps expect."""

from wagtail.views import serve


def calendar_file(request, path):
    """``<page URL><name>.ics``. Wagtail serves only page URLs that end in a slash, so this
    hands the request to Wagtail's page serving as the page route ``<name>.ics/``
    (``EventIndexPage.calendar_feed``, ``EventPage.calendar``): the page's routing, view
    restrictions and hooks apply exactly as they do to the page itself."""
    return serve(request, f"{path}/")
