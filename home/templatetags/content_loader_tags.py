"""``{% content_loader %}…{% endcontent_loader %}``, around everything base.html renders.

While it renders, the request's content loader (``cms.site.reader_request``) is the active one,
so blocks, rich text links and embeds, renditions and bylines read what was fetched in bulk
instead of querying one by one. A page whose ``get_context`` did not prepare it (see
``ReaderRequest.prepare``) is prepared here.
"""

from django import template
from wagtail.models import Page

from cms.api import loading
from cms.site.reader_request import reader_request

register = template.Library()


class ContentLoaderNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or loading.current() is not None:
            return self.nodelist.render(context)
        reader = reader_request(request)
        page = context.get("page")
        if isinstance(page, Page):
            reader.prepare(page)
        with reader.loader.active():
            return self.nodelist.render(context)


@register.tag
def content_loader(parser, token):
    nodelist = parser.parse(("endcontent_loader",))
    parser.delete_first_token()
    return ContentLoaderNode(nodelist)
