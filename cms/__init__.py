"""The project package. Its parts, each a package with its own docstring:

- the project itself: ``settings/``, ``urls``, ``wsgi``/``asgi``, start-up checks
  (``configuration``), whole admin changes (``admin_transactions``), the worker's schedule
  (``recurring_tasks``) and every use of a private Wagtail API (``wagtail_compat``);
- ``content``: the content core, what the public may see and what changed;
- ``site``: reader-site delivery (routing, request state, renditions, page cache, feeds);
- ``security``: protections that are not content, the rich text policy among them;
- ``api``: the content API for the apps, and ``webhooks``, which call apps on changes.

Beside them sit the content pieces every app shares: the block library (``blocks``), the
editor's tabs (``panels``), the hero image (``hero``), the UK nations (``nations``), what pages
give the search index (``search_index``) and the cleaning of search words (``search_query``).
``cms`` imports no app, except where the project wires them together (``urls``,
``api.router``); apps import ``cms``.
"""
