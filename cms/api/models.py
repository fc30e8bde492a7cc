# The API has no models of its own: the change feed is the content core's (cms.content.models).
