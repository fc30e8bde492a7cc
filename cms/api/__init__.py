"""The content API for the apps: Wagtail's v2 API, extended.

Our viewsets and router (``views``, ``router``) serve every field of every page type, with
StreamField blocks, images and links resolved (``representation``, ``fields``, ``loading``,
``rich_text``, ``inline_images``), HTML ready to display, filters (``filters``), draft preview
(``preview``), delta sync over the content feed (``sync``), a response cache checked against
that feed (``caching``), CORS for browser apps (``cors``) and the OpenAPI document and reference
built from the blocks' and views' own descriptions (``schema``, ``json_schema``, ``reference``).
"""
