"""A StreamField's HTML, as the site's block templates render it, kept between responses.

A page's body is most of the work of rendering it, and changes far less often than the pages
around it: it is kept as a part (``cms.content.fragments``) under a digest of the stream's
stored JSON and the host it links for, with the feed keys of the pages, images and documents
its blocks show. The site's templates (``{% streamfield %}``) and the API's ``body_html``
use it alike.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string

from cms.api import loading
from cms.content import dependencies, fragments


def stream_digest(stream):
    raw = json.dumps(list(stream.raw_data), cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def kept_key(stream, request, purpose="site"):
    """The key ``stream``'s HTML is kept under, or None where it is not kept (outside a public
    response: a preview, an editor)."""
    if not fragments.is_enabled() or request is None:
        return None
    origin = f"{request.scheme}://{request.get_host()}"
    return fragments.key_for("stream", purpose, origin, stream_digest(stream))


def is_kept(stream, request, purpose="site"):
    """Whether ``stream``'s HTML is kept and fresh, so what its blocks show need not be fetched."""
    key = kept_key(stream, request, purpose)
    return key is not None and key in fragments.get_many([key])


def stream_html(stream, request, purpose="site"):
    """The rendered blocks of ``stream``, kept between public responses."""

    def render():
        # Everything the blocks refer to, also what is left out (unpublished, private): the
        # kept HTML changes when any of it does.
        references = loading.References()
        references.add_stream(stream, every_block=True)
        dependencies.add(*references.feed_keys())
        loader = loading.current()
        if loader is not None:
            loader.prepare_stream(stream)
        return render_to_string("includes/streamfield.html", {"stream": stream}, request=request)

    key = kept_key(stream, request, purpose)
    return render() if key is None else fragments.make(key, render)
