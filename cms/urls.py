from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.api.router import api_router
from cms.security import media_access, page_passwords
from cms.security.security_txt import security_txt
from events.views import calendar_file
from home.views import robots_txt
from search import views as search_views

# The Django admin is deliberately not mounted: editors use Wagtail's admin only.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("search/", search_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    # nginx asks here before it sends an image file from /media/ (deploy/nginx/mip.conf).
    path("_util/media-access/", media_access.media_access, name="media_access"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Private images' files are refused here as nginx refuses them (cms/security/media_access.py).
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media_access.serve_media)]

urlpatterns += [
    # In front of Wagtail's own view at the same address: wrong page passwords are throttled.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
        name="page_password",
    ),
    # Events' calendar files: <events index>/events.ics and <event>/calendar.ics.
    re_path(r"^(?P<path>(?:[\w\-]+/)+[\w\-]+\.ics)$", calendar_file, name="calendar_file"),
    path("", include(wagtail_urls)),
]
