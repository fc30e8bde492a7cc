"""Webhooks: signed HTTP callbacks to apps when public content changes.

Every row of the content feed (``cms.content.feed``) that names a resource becomes one
``Delivery`` per active endpoint that wants its event, written in the change's transaction
(an outbox: a rolled-back write sends nothing). After the commit each delivery is sent by a
background task (django-tasks, the "background" database backend), signed with the
endpoint's secret, retried with backoff, and kept in order per resource per endpoint.
"""
