"""Every change made through the Wagtail admin lands whole or not at all.

Wagtail's edit view publishes in steps that each commit on their own (wagtail/wagtail#7556):
the revision with its ``wagtail.edit`` audit entry, the live page, our sync change-log row
(a ``page_published`` handler), then the ``wagtail.publish`` audit entry. When the database
goes away part-way (a restart, a failover), the editor sees an error but a draft revision, or
a live page without its audit entry or change-log row, can be left behind; a publish that is
missing from the change log is never sent to the apps by delta sync. Here every admin request
that may write runs in one transaction, rolled back when it fails.
"""

from django.conf import settings
from django.db import transaction

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AtomicAdminChangesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in READ_ONLY_METHODS or not request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            # The inner middleware has already turned an exception into this 500.
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
