"""Reader-site delivery: how a page reaches a reader quickly, from the same models the API reads.

A page is routed in a few queries however deep it is (``page_routing``), served with what the
header, footer, listings and bylines need fetched once per request (``reader_request``), its
pages of several types loaded in one query (``specific_pages``), rendered with the image
renditions the background worker made ahead of time (``renditions``), kept in the response
cache that the content core's feed keeps correct (``page_cache``), compressed (``compression``),
and offered as RSS where a section has a feed (``feeds``).
"""
