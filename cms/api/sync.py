"""Delta sync for offline apps: /api/v2/sync/.

Without a cursor the endpoint pages through a *snapshot* of every live public page (by
id); after the last snapshot page it continues as a *delta*: only pages whose API
representation changed since the cursor, as full detail objects in ``updated``, and the
ids of pages that are gone (unpublished, deleted, made private, moved out of the site) in
``deleted``. An app loops while ``has_more`` is true, then keeps ``next_cursor`` for next
time.

The cursor is a position in the change log (``cms.api.models.ContentChange``), whose ids
only grow and become visible in order. That makes two guarantees hold while editors
publish during a paginated sync:

- nothing is lost: a snapshot starts by reading the log's head B, and every page that
  changes afterwards has a change above B, which the delta phase (starting at B) returns;
- nothing is sent twice without having changed in between: the snapshot skips pages with
  a change above B (the delta returns them, once, in their latest state), and a delta
  page holds each page at its *latest* change only, so a page that changes again while a
  client is paging is returned once more, later, not twice in a row.
"""

import base64
import binascii
import json
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.models import Page, get_page_models

from cms.api import changelog, filters
from cms.api.models import ContentChange
from cms.api.views import APIViewMixin, PagesAPIViewSet

DEFAULT_LIMIT = 20
CURSOR_VERSION = 1
CURSOR_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")


def encode_cursor(state):
    raw = json.dumps({"v": CURSOR_VERSION, **state}, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value):
    invalid = BadRequestError("cursor is not one this API issued: start again without a cursor")
    # Python's base64 decoder skips characters outside the alphabet; a cursor has none.
    if not CURSOR_CHARACTERS.fullmatch(value):
        raise invalid
    try:
        padded = value + "=" * (-len(value) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, binascii.Error, UnicodeError) as error:
        raise invalid from error
    if not isinstance(state, dict) or state.get("v") != CURSOR_VERSION:
        raise invalid
    numbers = [state.get(key) for key in ("base", "after")]
    if state.get("phase") not in ("snapshot", "delta") or not all(
        isinstance(number, int) and not isinstance(number, bool) and 0 <= number <= filters.MAX_ID
        for number in numbers
    ):
        raise invalid
    if not isinstance(state.get("type"), str):
        raise invalid
    return state


class SyncView(APIViewMixin, APIView):
    """/api/v2/sync/?cursor=&type=&limit=&rich_text_format="""

    allowed_parameters = frozenset(["cursor", "type", "limit", "rich_text_format", "format", "_"])

    def get(self, request):
        unknown = set(request.GET.keys()) - self.allowed_parameters
        if unknown:
            raise BadRequestError(
                f"query parameter is not recognised by sync: {', '.join(sorted(unknown))} "
                "(use cursor, type, limit, rich_text_format)"
            )
        self.resolve_rich_text_format()
        limit = filters.parse_int(
            "limit", request.GET.get("limit", str(DEFAULT_LIMIT)), 1, settings.WAGTAILAPI_LIMIT_MAX
        )
        type_key, models = self.requested_types(request.GET.get("type", ""))
        if "cursor" in request.GET:
            state = decode_cursor(request.GET["cursor"])
            if state["type"] != type_key:
                raise BadRequestError(
                    f"this cursor was issued for type={state['type'] or '(all)'}; "
                    "keep the same type for a sync, or start again without a cursor"
                )
        else:
            state = {"phase": "snapshot", "base": self.change_log_head(), "after": 0, "type": type_key}
        if state["phase"] == "snapshot":
            return self.snapshot(state, models, limit)
        return self.delta(state, models, limit)

    def change_log_head(self):
        """Where a new sync starts. Read before any page is read (see the module docstring)."""
        version = getattr(self, "content_version", None)
        if version is not None and version.change_id is not None:
            return version.change_id
        newest = changelog.head()
        return newest[0] if newest else 0

    def requested_types(self, value):
        if not value:
            return "", ()
        try:
            models = page_models_from_string(value)
        except (LookupError, ValueError) as error:
            raise BadRequestError(
                f"type doesn't exist: {value!r} (use app_label.ModelName, e.g. home.NewsPage)"
            ) from error
        return ",".join(sorted(model._meta.label for model in models)), models

    def content_type_ids(self, models):
        covered = [model for model in get_page_models() if issubclass(model, models)]
        return [content_type.pk for content_type in ContentType.objects.get_for_models(*covered).values()]

    def changes(self, models):
        changes = ContentChange.objects.filter(page_id__isnull=False)
        if models:
            changes = changes.filter(page_type_id__in=self.content_type_ids(models))
        return changes

    def snapshot(self, state, models, limit):
        base, after = state["base"], state["after"]
        changed_since_base = ContentChange.objects.filter(id__gt=base, page_id__isnull=False).values(
            "page_id"
        )
        pages = self.public_pages.queryset(Page).filter(pk__gt=after).exclude(pk__in=changed_since_base)
        if models:
            pages = pages.type(*models)
        rows = list(pages.order_by("pk").values_list("pk", "content_type_id")[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        updated = self.serialize_pages(self.loader.load_specific(rows), [pk for pk, _ in rows])
        if more:
            next_state = {**state, "after": rows[-1][0]}
            has_more = True
        else:
            next_state = {"phase": "delta", "base": base, "after": base, "type": state["type"]}
            has_more = self.changes(models).filter(id__gt=base).exists()
        return self.sync_response(updated, [], next_state, has_more)

    def delta(self, state, models, limit):
        after = state["after"]
        latest = list(
            self.changes(models)
            .filter(id__gt=after)
            .values("page_id")
            .annotate(last=Max("id"))
            .order_by("last")[: limit + 1]
        )
        more = len(latest) > limit
        latest = latest[:limit]
        if not latest:
            return self.sync_response([], [], state, False)
        position = latest[-1]["last"]
        ids = [row["page_id"] for row in latest]
        pages = self.loader.load_pages(ids)
        # A page that changed again after ``position`` (even while this request ran) is
        # left for a later response, which will carry its newer state.
        changed_again = set(
            ContentChange.objects.filter(page_id__in=ids, id__gt=position).values_list("page_id", flat=True)
        )
        current = [pk for pk in ids if pk not in changed_again]
        updated = self.serialize_pages(pages, [pk for pk in current if pk in pages])
        deleted = [pk for pk in current if pk not in pages]
        next_state = {**state, "after": position}
        return self.sync_response(updated, deleted, next_state, more or bool(changed_again))

    def serialize_pages(self, pages, order):
        """Full page objects, each exactly as the detail view gives it."""
        router = self.request.wagtailapi_router
        serializers = {}
        for page in pages.values():
            model = type(page)
            if model not in serializers:
                serializers[model] = PagesAPIViewSet._get_serializer_class(
                    router, model, [], show_details=True
                )
        self.loader.prepare(
            list(pages.values()), {model: serializer.Meta.fields for model, serializer in serializers.items()}
        )
        context = self.get_serializer_context()
        context["view"] = self
        with self.loader.active():
            return [
                serializers[type(pages[pk])](pages[pk], context=context).data for pk in order if pk in pages
            ]

    def sync_response(self, updated, deleted, state, has_more):
        return Response(
            {
                "updated": updated,
                "deleted": deleted,
                "next_cursor": encode_cursor(state),
                "has_more": has_more,
            }
        )

    @property
    def seen_types(self):
        # Wagtail's page type field records the types it serialises on the view.
        return {}
