"""Preview in app: an editor opens a page's saved draft in the mobile app.

"Preview in app" in the page editor's header (``cms/api/wagtail_hooks.py``) opens a view
with a signed link and its QR code, drawn on the server. The link carries a token that names
the page, the revision it shows (the latest when the link was made) and the editor who made
it, signed with the site's secret (Django's ``TimestampSigner``) and valid for
``PREVIEW_TOKEN_MAX_AGE`` seconds (an hour by default). ``/api/v2/preview/?token=`` answers
with that revision in the same JSON as ``/api/v2/pages/<id>/?fields=*``, never-published
pages included.

Why not wagtail-headless-preview: it replaces Wagtail's own preview (which the HTML site keeps
using) with a redirect to one front end, previews the unsaved form through a table of stored
copies, and its tokens never expire by themselves and aren't tied to who may edit the page
(README, "Preview in app").

A preview is personal and short-lived: ``Cache-Control: private, no-store``, never stored by
the API's response cache (this view doesn't use it, and the page cache middleware stores
nothing marked private), and it writes nothing, so it never reaches delta sync.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page

from cms import wagtail_compat
from cms.api import links
from cms.api.views import APIViewMixin, PagesAPIViewSet

SALT = "mip.api.preview"
# ``fields=*``: a preview has every field, as the detail URL gives them with ``?fields=*``.
ALL_FIELDS = [("*", False, None)]


def max_age():
    return settings.PREVIEW_TOKEN_MAX_AGE


class PreviewTokenError(Exception):
    """A token that can't be used; ``status`` is the HTTP status the API answers with."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class PreviewLink:
    token: str
    page: Page
    revision_id: int | None
    expires_at: datetime.datetime

    @property
    def api_url(self):
        return links.api_url("preview/") + "?" + urlencode({"token": self.token})

    @property
    def url(self):
        """What the editor opens on a phone: the app's own preview address when
        PREVIEW_APP_URL is set (it gets the token), otherwise the API URL."""
        app_url = settings.PREVIEW_APP_URL
        if not app_url:
            return self.api_url
        return app_url + ("&" if "?" in app_url else "?") + urlencode({"token": self.token})

    def qr_svg(self):
        """The link as a QR code, an inline SVG drawn here (no network)."""
        import segno  # only editors previewing need it: not loaded in every worker

        return segno.make(self.url, error="m").svg_inline(
            scale=5, border=2, title=f"Preview of {self.page.title}"
        )


def can_preview(user, page):
    return bool(user and user.is_active and page.permissions_for_user(user).can_edit())


def make_link(page, user=None):
    """A preview link for the page's latest revision. ``user`` must be able to edit the page;
    links made without one (``manage.py preview_link``) come from whoever runs the server."""
    page = page.specific
    if user is not None and not can_preview(user, page):
        raise PermissionDenied("Only editors who can edit this page can preview it in the app.")
    revision_id = page.latest_revision_id
    payload = {"page": page.pk, "revision": revision_id, "user": user.pk if user is not None else None}
    token = signing.TimestampSigner(salt=SALT).sign_object(payload)
    return PreviewLink(
        token=token,
        page=page,
        revision_id=revision_id,
        expires_at=timezone.now() + datetime.timedelta(seconds=max_age()),
    )


def read_token(token):
    """The (page id, revision id or None, user id or None) a token names; PreviewTokenError
    if it is missing, forged, malformed or expired."""
    if not token:
        raise PreviewTokenError(401, "token is required: open the link that 'Preview in app' made")
    try:
        payload = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age())
    except signing.SignatureExpired as error:
        raise PreviewTokenError(
            401, "this preview link has expired: make a new one with 'Preview in app' in the page editor"
        ) from error
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise PreviewTokenError(
            403, "this preview link is not valid (it was changed or cut short)"
        ) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("page"), int):
        raise PreviewTokenError(403, "this preview link is not valid")
    return payload["page"], payload.get("revision"), payload.get("user")


def previewed_page(token):
    """The page as the token's revision has it, checked against who made the link."""
    page_id, revision_id, user_id = read_token(token)
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise PreviewTokenError(404, "the page of this preview link no longer exists")
    page = page.specific
    if user_id is not None:
        user = get_user_model().objects.filter(pk=user_id).first()
        if not can_preview(user, page):
            raise PreviewTokenError(403, "the editor who made this preview link can no longer edit the page")
    if revision_id is None:
        return page
    revision = page.revisions.filter(pk=revision_id).first()
    if revision is None:
        raise PreviewTokenError(404, "the draft of this preview link no longer exists: make a new link")
    return revision.as_object()


class PreviewView(APIViewMixin, APIView):
    """/api/v2/preview/?token=: the draft a preview link names, as the detail URL shows pages."""

    # Personal and short-lived: never stored in the response cache.
    response_cache = False
    allowed_parameters = frozenset(["token", "rich_text_format", "format", "_"])

    def get(self, request):
        unknown = set(request.GET.keys()) - self.allowed_parameters
        if unknown:
            raise BadRequestError(
                f"query parameter is not recognised by preview: {', '.join(sorted(unknown))} "
                "(use token, rich_text_format)"
            )
        self.resolve_rich_text_format()
        try:
            page = previewed_page(request.GET.get("token", ""))
        except PreviewTokenError as error:
            response = Response({"message": error.message}, status=error.status)
            if error.status == 401:
                response["WWW-Authenticate"] = 'Token realm="MiP app preview"'
            return response
        serializer_class = wagtail_compat.api_serializer_class(
            PagesAPIViewSet, request.wagtailapi_router, type(page), ALL_FIELDS, show_details=True
        )
        self.loader.prepare([page], serializer_class.Meta.fields)
        return Response(self.serialize(page, serializer_class, many=False))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    @property
    def seen_types(self):
        # Wagtail's page type field records the types it serialises on the view.
        return {}


class PreviewLinkView(WagtailAdminTemplateMixin, TemplateView):
    """The editor's view: the link, its QR code and how long it lasts."""

    template_name = "api/preview_link.html"
    header_icon = "mobile-alt"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific

    def dispatch(self, request, *args, **kwargs):
        if not can_preview(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return "Preview in app"

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]), "label": self.page.title},
            {"url": "", "label": "Preview in app"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link = make_link(self.page, self.request.user)
        revision = self.page.latest_revision
        context.update(
            page=self.page,
            link=link,
            revision=revision,
            minutes=max_age() // 60,
            has_unpublished_changes=self.page.has_unpublished_changes,
        )
        return context
