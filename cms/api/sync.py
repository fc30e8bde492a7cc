"""Delta sync for offline apps: /api/v2/sync/.

One stream covers every kind of resource an app mirrors: pages, images, documents, regions and
employers. Each item in ``updated`` carries its ``kind`` and is exactly what that kind's detail
URL gives; each tombstone in ``deleted`` is ``{id, kind, type, deleted_at}``, given once per
response. A resource that was deleted and one that was made private (or unpublished, or moved
out of the site) look the same: the tombstone says nothing about why.

Without a cursor the endpoint pages through a *snapshot* of every public resource, kind by
kind, by id; after the last snapshot page it continues as a *delta*: only resources whose
representation changed since the cursor, read from the content feed (``cms.content``). An app
loops while ``has_more`` is true, then keeps ``next_cursor`` for next time. ``type=`` narrows
the stream to pages of those types.

The cursor is a position in the feed, whose ids only grow and become visible in order:

- nothing is lost: a snapshot starts by reading the feed's head B, and every resource that
  changes afterwards has a row above B, which the delta phase (starting at B) returns;
- nothing is sent twice without having changed in between: the snapshot skips resources with
  a row above B, and a delta page holds each resource at its *latest* row only.

Cursors are signed (they can't be forged or edited) and name the database's feed. A cursor
that this feed can't continue (malformed, from another database, ahead of the feed, or from
before the database was restored to an earlier point) gets **410 Gone** with
``{"reset": true}``: the app drops its copy and starts again without a cursor. Never a
silent empty delta.
"""

import re
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Max
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models

from cms import wagtail_compat
from cms.api import filters, kept_pages, representation
from cms.api.views import APIViewMixin, DocumentsAPIViewSet, ImagesAPIViewSet, PagesAPIViewSet
from cms.content import dependencies, versions
from cms.content.models import Change, FeedOrigin

DEFAULT_LIMIT = 20
CURSOR_VERSION = 2
CURSOR_SALT = "mip.api.sync.cursor"
# Django's signed values: URL-safe base64 with ":" separators (and a "." for compression).
CURSOR_CHARACTERS = re.compile(r"[A-Za-z0-9_\-:.]+")
KINDS = ("page", "image", "document", "region", "employer")


class ResetRequired(Exception):
    """The cursor can't be continued: the app must start a full sync again."""


def micros(moment):
    return int(moment.timestamp() * 1e6) if moment else 0


def encode_cursor(state):
    return signing.dumps({"v": CURSOR_VERSION, **state}, salt=CURSOR_SALT, compress=True)


def decode_cursor(value):
    if not CURSOR_CHARACTERS.fullmatch(value):
        raise ResetRequired("this cursor is malformed")
    try:
        state = signing.loads(value, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise ResetRequired("this cursor was not issued by this API") from error
    if not isinstance(state, dict) or state.get("v") != CURSOR_VERSION:
        raise ResetRequired("this cursor is from an older version of the API")
    return state


def feed_origin(at=None):
    """This database's feed identity, read once per content version (a restored or another
    database has another head as well)."""
    at = at or versions.head()
    key = f"content:origin:{at.token}"
    origin = cache.get(key)
    if origin is None:
        row = FeedOrigin.objects.order_by("pk").first() or FeedOrigin.objects.create()
        origin = str(row.uuid)
        cache.set(key, origin, timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
    return origin


class SyncView(APIViewMixin, APIView):
    """/api/v2/sync/?cursor=&type=&limit=&rich_text_format="""

    allowed_parameters = frozenset(["cursor", "type", "limit", "rich_text_format", "format", "_"])
    region_model = None
    employer_model = None

    def get(self, request):
        unknown = set(request.GET.keys()) - self.allowed_parameters
        if unknown:
            raise BadRequestError(
                f"query parameter is not recognised by sync: {', '.join(sorted(unknown))} "
                "(use cursor, type, limit, rich_text_format)"
            )
        self.resolve_rich_text_format()
        # A sync answer is stale as soon as anything new reaches the feed.
        dependencies.add(dependencies.ANY_CHANGE)
        limit = filters.parse_int(
            "limit", request.GET.get("limit", str(DEFAULT_LIMIT)), 1, settings.WAGTAILAPI_LIMIT_MAX
        )
        type_key, self.page_models = self.requested_types(request.GET.get("type"))
        self.kinds = ("page",) if self.page_models else KINDS
        origin = feed_origin(self.content_head)
        if "cursor" in request.GET:
            try:
                state = self.continuable(decode_cursor(request.GET["cursor"]), origin)
            except ResetRequired as error:
                return Response(
                    {"message": f"{error}: start a full sync again without a cursor", "reset": True},
                    status=status.HTTP_410_GONE,
                )
            if state["type"] != type_key:
                raise BadRequestError(
                    f"this cursor was issued for type={state['type'] or '(all)'}; "
                    "keep the same type for a sync, or start again without a cursor"
                )
        else:
            head = self.content_head
            state = {
                "o": origin,
                "phase": "snapshot",
                "kind": 0,
                "base": head.id,
                "at": micros(head.created_at),
                "after": 0,
                "type": type_key,
            }
        if state["phase"] == "snapshot":
            return self.snapshot(state, limit)
        return self.delta(state, limit)

    def continuable(self, state, origin):
        """The cursor's state if this feed can continue it; else ResetRequired."""
        try:
            position, at = (
                (state["base"], state["at"])
                if state["phase"] == "snapshot"
                else (state["after"], state["at"])
            )
            if state["o"] != origin:
                raise ResetRequired("this cursor is from another database")
            if not (isinstance(position, int) and isinstance(at, int)) or state["phase"] not in (
                "snapshot",
                "delta",
            ):
                raise ResetRequired("this cursor is malformed")
        except (KeyError, TypeError) as error:
            raise ResetRequired("this cursor is malformed") from error
        # Ahead of the head this process remembers: read the head afresh before saying so.
        if position > self.content_head.id and position > versions.read_head().id:
            raise ResetRequired("this cursor is ahead of the content feed (was the database restored?)")
        if position and at:
            # Rows at or below the cursor's position that are newer than it were written after
            # the database went back to an earlier point: the cursor's history is not this one.
            moment = datetime.fromtimestamp(at / 1e6, tz=UTC)
            if Change.objects.filter(id__lte=position, created_at__gt=moment).exists():
                raise ResetRequired("the content feed was restored to an earlier point since this cursor")
        return state

    def requested_types(self, value):
        if value is None:
            return "", ()
        try:
            models = page_models_from_string(value)
        except (LookupError, ValueError) as error:
            raise BadRequestError(
                f"type doesn't exist: {value!r} (use app_label.ModelName, e.g. home.NewsPage)"
            ) from error
        return ",".join(sorted(model._meta.label for model in models)), models

    def page_type_labels(self):
        return [model._meta.label for model in get_page_models() if issubclass(model, self.page_models)]

    def feed_rows(self):
        rows = Change.objects.filter(kind__in=self.kinds)
        if self.page_models:
            rows = rows.filter(object_type__in=self.page_type_labels())
        return rows

    # Snapshot -----------------------------------------------------------------------------

    def public_objects(self, kind):
        public = self.public_pages
        if kind == "page":
            pages = public.queryset(Page, keys=[])
            return pages.type(*self.page_models) if self.page_models else pages
        if kind == "image":
            return public.visible_media(get_image_model().objects.all())
        if kind == "document":
            return public.visible_media(get_document_model().objects.all())
        return (self.region_model if kind == "region" else self.employer_model).objects.all()

    def snapshot(self, state, limit):
        base, after, kind = state["base"], state["after"], self.kinds[state["kind"]]
        changed_since_base = Change.objects.filter(id__gt=base, kind=kind).values("object_id")
        objects = self.public_objects(kind).filter(pk__gt=after).exclude(pk__in=changed_since_base)
        if kind == "page":
            # With their types: the pages load in one query per type, no lookup of ids first.
            rows = list(objects.order_by("pk").values_list("pk", "content_type_id")[: limit + 1])
            more, rows = len(rows) > limit, rows[:limit]
            ids = [pk for pk, _ in rows]
            updated = self.serialize(kind, ids, pages=self.loader.load_specific(rows))
        else:
            ids = list(objects.order_by("pk").values_list("pk", flat=True)[: limit + 1])
            more, ids = len(ids) > limit, ids[:limit]
            updated = self.serialize(kind, ids)
        if more:
            return self.sync_response(updated, [], {**state, "after": ids[-1]}, True)
        if state["kind"] + 1 < len(self.kinds):
            return self.sync_response(updated, [], {**state, "kind": state["kind"] + 1, "after": 0}, True)
        next_state = {**state, "phase": "delta", "kind": 0, "after": base}
        has_more = self.feed_rows().filter(id__gt=base).exists()
        return self.sync_response(updated, [], next_state, has_more)

    # Delta --------------------------------------------------------------------------------

    def delta(self, state, limit):
        after = state["after"]
        latest = list(
            self.feed_rows()
            .filter(id__gt=after)
            .values("kind", "object_id", "object_type")
            .annotate(last=Max("id"), at=Max("created_at"))
            .order_by("last")[: limit + 1]
        )
        more = len(latest) > limit
        latest = latest[:limit]
        if not latest:
            return self.sync_response([], [], state, False)
        position, position_at = latest[-1]["last"], latest[-1]["at"]
        keys = [f"{row['kind']}:{row['object_id']}" for row in latest]
        # A resource that changed again after ``position`` (even while this request ran) is
        # left for a later response, which will carry its newer state.
        changed_again = set(
            Change.objects.filter(key__in=keys, id__gt=position).values_list("key", flat=True)
        )
        current = [row for row in latest if f"{row['kind']}:{row['object_id']}" not in changed_again]
        updated, deleted = [], []
        for kind in self.kinds:
            rows = [row for row in current if row["kind"] == kind]
            if not rows:
                continue
            ids = [row["object_id"] for row in rows]
            items = {item["id"]: item for item in self.serialize(kind, ids)}
            for row in rows:
                if row["object_id"] in items:
                    updated.append((row["last"], items[row["object_id"]]))
                else:
                    deleted.append((row["last"], self.tombstone(row)))
        next_state = {**state, "after": position, "at": micros(position_at)}
        return self.sync_response(
            [item for _, item in sorted(updated, key=lambda pair: pair[0])],
            [item for _, item in sorted(deleted, key=lambda pair: pair[0])],
            next_state,
            more or bool(changed_again),
        )

    def tombstone(self, row):
        return {
            "id": row["object_id"],
            "kind": row["kind"],
            "type": row["object_type"],
            "deleted_at": row["at"].astimezone(UTC).isoformat().replace("+00:00", "Z"),
        }

    # Items --------------------------------------------------------------------------------

    def serialize(self, kind, ids, pages=None):
        """The public ones of ``ids`` as that kind's detail URL gives them, each with its kind
        (``pages``: already loaded, when the caller read them as public)."""
        if not ids:
            return []
        if kind == "page":
            items = self.serialize_pages(pages if pages is not None else self.loader.load_pages(ids), ids)
        elif kind in ("image", "document"):
            items = self.serialize_media(kind, ids)
        elif kind == "region":
            regions = self.region_model.objects.in_bulk(ids)
            items = [representation.region_item(regions[pk]) for pk in ids if pk in regions]
        else:
            employers = self.employer_model.objects.select_related("region").in_bulk(ids)
            items = [representation.employer_item(employers[pk]) for pk in ids if pk in employers]
        if kind == "page":
            return [{"kind": kind, **item} for item in items]
        # Pages say their type already; the rest get theirs, which typed clients tell apart by.
        label = {"image": get_image_model(), "document": get_document_model()}.get(kind)
        label = (
            label._meta.label
            if label
            else (self.region_model if kind == "region" else self.employer_model)._meta.label
        )
        return [{"kind": kind, "type": label, **item} for item in items]

    def serialize_pages(self, pages, order):
        router = self.request.wagtailapi_router
        serializers = {}
        for page in pages.values():
            model = type(page)
            if model not in serializers:
                serializers[model] = wagtail_compat.api_serializer_class(
                    PagesAPIViewSet, router, model, [], show_details=True
                )
        context = self.get_serializer_context()
        context["view"] = self
        return kept_pages.represent(
            [pages[pk] for pk in order if pk in pages],
            variant=("sync", context["rich_text_format"]),
            serializer_for=lambda page: serializers[type(page)](page, context=context),
            prepare=lambda missing: self.loader.prepare(
                missing, {model: serializer.Meta.fields for model, serializer in serializers.items()}
            ),
            loader=self.loader,
        )

    def serialize_media(self, kind, ids):
        viewset = ImagesAPIViewSet if kind == "image" else DocumentsAPIViewSet
        model = viewset.model
        objects = self.public_objects(kind).filter(pk__in=ids).prefetch_related("tags")
        if kind == "image":
            objects = objects.prefetch_renditions(*self.loader.rendition_specs)
        objects = {obj.pk: obj for obj in objects}
        ordered = [objects[pk] for pk in ids if pk in objects]
        viewset.attach_updated_at(ordered)
        serializer = wagtail_compat.api_serializer_class(
            viewset, self.request.wagtailapi_router, model, [], show_details=True
        )
        context = self.get_serializer_context()
        context["view"] = self
        with self.loader.active():
            return [serializer(obj, context=context).data for obj in ordered]

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
