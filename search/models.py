"""The search app has no models of its own: it queries Wagtail's search index, which every
page type fills through its ``search_fields``."""
