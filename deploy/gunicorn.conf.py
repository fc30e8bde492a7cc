"""gunicorn's settings for production, the benchmark and the soak:
``gunicorn -c deploy/gunicorn.conf.py cms.wsgi --bind 0.0.0.0:8000 --workers 5``.

- ``preload_app``: the app (Django, Wagtail, every model, template tag and URL pattern) is
  loaded once, in the master, before the workers are forked, so they start at once and share
  what was loaded instead of each loading its own copy.
- ``gc.freeze()`` just before each fork: the hundreds of thousands of objects loaded at start
  are moved out of the garbage collector's reach. A full collection in a worker then scans only
  what requests made (without it, one costs about 100 ms and lands in the p99), and the shared
  pages those objects live on are not written to by the collector, so they stay shared.
- Connections opened while loading are closed before forking: a worker never shares the
  master's database connection.
"""

import gc

preload_app = True
# Let long query strings reach the app, which answers an over-long parameter with its own 400
# (README, "Long URLs"); gunicorn's default refuses lines over 4,094 bytes with an HTML page.
limit_request_line = 0


def pre_fork(server, worker):
    from django.db import connections

    connections.close_all()
    # What loading left behind is collected first, so that no garbage is frozen for good.
    gc.collect()
    gc.freeze()
