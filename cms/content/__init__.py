"""The content core: the one answer to the two questions everything else asks.

**What may the public see?** (``visibility``) A page is public when it is live, not expired,
inside the default site and not view-restricted, itself or through an ancestor; an image or a
document is public when its collection is not view-restricted, itself or through a parent
collection. The reader site, the API, feeds, the sitemap, search, bylines, related content,
the officer finder and sync all ask ``visibility``; nothing decides it a second time.

**What changed, and what does it affect?** (``feed``, ``fanout``, ``receivers``) Every change
that alters anything public appends rows to one durable feed in the database, in the same
transaction as the change: one row per public resource it affects (the object itself, the
pages that show it, the listings it appears in). Sync, the response caches
(``versions``, ``dependencies``), CDN purge and webhooks all read that feed.
"""
