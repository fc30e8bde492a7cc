"""Settings → Webhooks (endpoints, with "Send test event") and Settings → Webhook deliveries
(the read-only log)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import BaseColumn, BooleanColumn, Column, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.webhooks import outbox
from cms.webhooks.forms import EndpointForm
from cms.webhooks.models import Delivery, Endpoint
from cms.webhooks.sending import deliver


class SendTestColumn(BaseColumn):
    cell_template_name = "webhooks/send_test_cell.html"

    def __init__(self, viewset, **kwargs):
        super().__init__("send_test", label="", **kwargs)
        self.viewset = viewset

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = parent_context.get("csrf_token")
        context["can_send"] = request is not None and self.viewset.can_send_test(request.user)
        context["action"] = reverse(self.viewset.get_url_name("send_test"), args=[instance.pk])
        return context


class EndpointViewSet(ModelViewSet):
    model = Endpoint
    menu_label = "Webhooks"
    icon = "link-external"
    add_to_settings_menu = True
    copy_view_enabled = False
    search_fields = ["name", "url"]

    @property
    def list_display(self):
        return [
            "name",
            Column("url", label="URL"),
            Column("events_display", label="Events"),
            BooleanColumn("active"),
            StatusTagColumn(
                "failing",
                label="Delivery",
                accessor=lambda endpoint: "Failing" if endpoint.failing else "OK",
                primary=lambda endpoint: not endpoint.failing,
            ),
            SendTestColumn(self),
        ]

    def get_form_class(self, for_update=False):
        return EndpointForm

    def can_send_test(self, user):
        return ModelPermissionPolicy(Endpoint).user_has_permission(user, "change")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("send-test/<int:pk>/", require_POST(self.send_test_view), name="send_test"),
        ]

    def send_test_view(self, request, pk):
        """Send a ``ping`` through the same task as real deliveries, and say how it went."""
        if not self.can_send_test(request.user):
            raise PermissionDenied
        endpoint = get_object_or_404(Endpoint, pk=pk)
        delivery = outbox.ping(endpoint)
        deliver.call(delivery.pk)
        delivery.refresh_from_db()
        if delivery.status == Delivery.Status.SUCCEEDED:
            messages.success(
                request,
                f"Test event delivered to “{endpoint}”: HTTP {delivery.response_code} "
                f"in {delivery.duration_ms} ms.",
            )
        else:
            messages.error(request, f"Test event to “{endpoint}” failed: {delivery.last_error}")
        return redirect(self.get_url_name("index"))


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The delivery log is written by the worker only: editors may look, never change it."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    menu_label = "Webhook deliveries"
    icon = "list-ul"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []
    list_filter = ["status", "event", "endpoint"]
    inspect_view_fields = [
        "uuid",
        "endpoint",
        "event",
        "resource_key",
        "status",
        "attempts",
        "next_attempt_at",
        "response_code",
        "duration_ms",
        "last_error",
        "created_at",
        "delivered_at",
        "payload",
    ]

    list_display = [
        Column("endpoint"),
        Column("event"),
        Column("resource"),
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            primary=lambda delivery: delivery.status == Delivery.Status.SUCCEEDED,
        ),
        Column("attempts"),
        Column("response_code", label="Response"),
        Column("duration_ms", label="Duration (ms)"),
        Column("created_at", label="Created"),
    ]


register_permission_policy(Delivery, ReadOnlyPolicy(Delivery))


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return [EndpointViewSet("webhooks"), DeliveryViewSet("webhook_deliveries")]
