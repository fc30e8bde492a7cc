"""Whether a page may be shown to anyone: live, and not view-restricted through itself or an
ancestor. Answered without a query per page, so a listing of bylines costs the same however
long it is: while a page or an API response renders, from the restrictions its content
loader read; otherwise from the paths of view-restricted pages, cached, and forgotten
whenever a restriction is saved or deleted or a page moves (and after five minutes in any
case, for servers that do not share a cache)."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move

from cms.api import loading

CACHE_KEY = "mip:restricted-page-paths"
CACHE_SECONDS = 300


def restricted_paths():
    paths = cache.get(CACHE_KEY)
    if paths is None:
        paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(CACHE_KEY, paths, CACHE_SECONDS)
    return paths


def is_public(page):
    if page is None or not page.live:
        return False
    # While a page or an API response renders, its loader already knows the restrictions.
    loader = loading.current()
    paths = loader.public.restricted_paths if loader is not None else restricted_paths()
    return not any(page.path.startswith(path) for path in paths)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_page_move)
def forget_restricted_paths(**kwargs):
    cache.delete(CACHE_KEY)
