"""How the page templates show StreamField bodies, page types, summaries, lists of names and
pagination, and where the sections readers are sent to (news, the officer finder) live."""

from django import template
from django.apps import apps
from django.utils.safestring import mark_safe
from wagtail.models import Page

from cms.content import dependencies, fragments
from cms.site.reader_request import image_keys, reader_request
from cms.site.stream_html import stream_html

register = template.Library()

# Labels readers understand, where a model's verbose name would read oddly in search results.
PAGE_TYPE_LABELS = {
    "home.homepage": "Home",
    "home.standardpage": "Page",
    "home.newsindexpage": "Section",
    "advice.adviceindexpage": "Section",
    "advice.advicetopicpage": "Advice topic",
    "advice.legaleyearticlepage": "Legal Eye",
    "campaigns.campaignindexpage": "Section",
    "campaigns.campaignpage": "Campaign",
    "people.peopleindexpage": "Section",
    "people.personpage": "Person",
    "events.eventindexpage": "Section",
    "events.eventpage": "Event",
    "enquiries.formpage": "Form",
}


@register.simple_tag(takes_context=True)
def streamfield(context, stream):
    """A StreamField's blocks, kept between responses (``cms.site.stream_html``)."""
    return mark_safe(stream_html(stream, context.get("request")))  # noqa: S308 - rendered by our templates


class KeptNode(template.Node):
    def __init__(self, name, values, frame, nodelist):
        self.name = name
        self.values = values
        self.frame = frame
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        values = [value.resolve(context) for value in self.values]
        reader = reader_request(request)
        key = reader.part_key(self.name, *values)
        if key is None:
            return self.nodelist.render(context)

        def render():
            # A page it is kept for chooses what it shows (a news item's topics its related news).
            pages = [value for value in values if isinstance(value, Page)]
            dependencies.add(*(dependencies.page_key(page.pk) for page in pages))
            for page in pages:
                dependencies.add(*image_keys(page), *reader.part_dependencies.get((self.name, page.pk), ()))
            if self.frame:
                dependencies.add(*reader.frame_keys())
            return self.nodelist.render(context)

        return mark_safe(fragments.make(key, render))  # noqa: S308 - rendered by our templates


@register.tag
def kept(parser, token):
    """``{% kept "related-news" page %}…{% endkept %}``: a part of a page's template kept between
    responses (``cms.content.fragments``), under its name and the values given (a page by its
    id and when it was last published), until something it showed changes. ``frame`` at the
    end: it shows the site's settings and main menu (the header, the footer). What a part
    shows is fetched only when it is not kept (``ReaderRequest.listing_for_part``)."""
    bits = token.split_contents()[1:]
    frame = bool(bits) and bits[-1] == "frame"
    if frame:
        bits = bits[:-1]
    if not bits or bits[0][0] not in "\"'":
        raise template.TemplateSyntaxError('{% kept "name" value… [frame] %} starts with a quoted name')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[0].strip("\"'"), [parser.compile_filter(bit) for bit in bits[1:]], frame, nodelist)


@register.filter
def join_and(items):
    """["England", "Scotland", "Wales"] → "England, Scotland and Wales"."""
    items = [str(item) for item in items or []]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


@register.filter
def page_type_label(page):
    """What kind of page this is, in a reader's words: a news item's article type
    ("Feature", "Opinion"), "Legal Eye", "Campaign"…"""
    article_type = getattr(page, "get_article_type_display", None)
    if article_type:
        return article_type()
    model = page.specific_class or type(page)
    return PAGE_TYPE_LABELS.get(model._meta.label_lower) or str(model._meta.verbose_name).capitalize()


@register.filter
def page_summary(page):
    """The sentence or two that describes a page on cards and in search results."""
    for attribute in ("summary", "intro", "hero_intro", "search_description", "job_title"):
        text = getattr(page, attribute, "")
        if text:
            return text
    return ""


@register.simple_tag
def pagination_numbers(page_obj):
    """Page numbers to offer: the first and last, and one either side of the current page,
    with ``None`` where numbers are left out."""
    ellipsis = page_obj.paginator.ELLIPSIS
    return [
        None if number == ellipsis else number
        for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    ]


@register.simple_tag(takes_context=True)
def page_number_url(context, number):
    """This listing's URL at page ``number``, keeping its other parameters (filters, the
    search query). Page 1 has no ``page`` parameter, so it has one address."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    if number and int(number) > 1:
        params["page"] = number
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


def _section_page(context, model):
    """The site's live, public page of ``model`` (a section index: a child of the site root,
    which the request has fetched already for the menu)."""
    request = context.get("request")
    if request is None:
        return None
    return reader_request(request).section(model)


SECTIONS = {
    "news": "home.NewsIndexPage",
    "advice": "advice.AdviceIndexPage",
    "campaigns": "campaigns.CampaignIndexPage",
    "people": "people.PeopleIndexPage",
    "events": "events.EventIndexPage",
}


@register.simple_tag(takes_context=True)
def section_url(context, name):
    """The URL of a section's index page (``{% section_url "news" as news_url %}``), or ""
    if the site has none. A topic link is the news URL plus ``?topic=<slug>``."""
    page = _section_page(context, apps.get_model(SECTIONS[name]))
    return page.get_url(context.get("request")) if page else ""


@register.simple_tag(takes_context=True)
def officer_finder_url(context):
    """ "Find your national officer" (a route on the people index page)."""
    page = _section_page(context, apps.get_model(SECTIONS["people"]))
    if page is None:
        return ""
    return page.get_url(context.get("request")) + page.reverse_subpage("officer_finder")


@register.filter
def points_to_officers(stream):
    """Whether a body has its own call to action to the people pages (where members find
    their national officer), so the page's standard "Find your national officer" box would
    only repeat it."""
    people_index = apps.get_model(SECTIONS["people"])
    for child in stream or ():
        if child.block_type != "call_to_action":
            continue
        page = child.value.get("page")
        if page is not None and issubclass(page.specific_class, people_index) and child.value.url():
            return True
    return False


@register.filter
def choice_label(struct_value, name):
    """The label an editor chose from a StructBlock's ChoiceBlock (``value|choice_label:"status"``)."""
    chosen = struct_value.get(name)
    choices = struct_value.block.child_blocks[name].field.choices
    return dict(choices).get(chosen, chosen)
