"""The demo's one video, stored in Wagtail's embed cache so nothing is ever fetched.

Wagtail's ``get_embed`` looks for an ``Embed`` row whose hash is the MD5 of the URL (plus max
width and height when given) before it asks any finder. ``VideoBlock`` renders with neither, so a
row with that hash and no expiry is all the block needs, on the site and in the API.
"""

from dataclasses import dataclass
from html import escape

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed


@dataclass(frozen=True)
class DemoVideo:
    url: str
    video_id: str
    title: str


# An invented video id: the demo shows the player, it does not promise a real recording.
LAUNCH_VIDEO = DemoVideo(
    url="https://www.youtube.com/watch?v=MiPdemo2021",
    video_id="MiPdemo2021",
    title="Managers Matter: launch webinar for the healthy workplace guide",
)


def player_html(video):
    return (
        f'<iframe width="1280" height="720" src="https://www.youtube-nocookie.com/embed/{video.video_id}" '
        f'title="{escape(video.title)}" frameborder="0" allow="encrypted-media; picture-in-picture" '
        "allowfullscreen></iframe>"
    )


def ensure_embed(video):
    """The cached embed for ``video``, created on first use. Returns (embed, created)."""
    return Embed.objects.get_or_create(
        hash=get_embed_hash(video.url),
        defaults={
            "url": video.url,
            "max_width": None,
            "type": "video",
            "html": player_html(video),
            "title": video.title,
            "author_name": "Managers in Partnership",
            "provider_name": "YouTube",
            "thumbnail_url": "",
            "width": 1280,
            "height": 720,
            "cache_until": None,
        },
    )
