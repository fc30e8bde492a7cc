"""What each page type gives the search index: the fields readers find with the site search
and editors find with the admin's page search, and how much each weighs."""

from wagtail.search import index

# A standfirst, intro or summary says in a sentence what the page is about, so on PostgreSQL a
# word there counts for more than one in the body (the title, boost 2 in Page.search_fields,
# for more still). SQLite's full-text search has no per-field weights.
SUMMARY_BOOST = 1.5


def searchable_text(field_name, boost=None):
    """A text field (or StreamField) found by both searches.

    Wagtail's admin page search, and its page chooser, match only ``AutocompleteField``s
    (word beginnings), and ``Page.search_fields`` makes one of the title alone; so each text
    field is indexed for both."""
    return [index.SearchField(field_name, boost=boost), index.AutocompleteField(field_name)]


def summary_text(field_name):
    """``searchable_text`` for the sentence that sums a page up."""
    return searchable_text(field_name, boost=SUMMARY_BOOST)


def searchable_topics():
    """A page's topics (tags), by name, in both searches."""
    return index.RelatedFields("tags", [index.SearchField("name"), index.AutocompleteField("name")])
