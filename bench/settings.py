"""Production settings for the benchmark, on 127.0.0.1, with benchmark-only URLs.

The environment defaults are set before production settings load, because production
refuses to start without them. The database defaults to a throwaway SQLite file, never the
developer's db.sqlite3; `bench.run` points DATABASE_URL at PostgreSQL when one answers.
``BENCH_CACHE=off`` turns the response caches (pages and API) off: the benchmark's "cold"
pass, where every response is rendered afresh.
"""

import os
import tempfile
from pathlib import Path

BENCH_DIR = Path(os.environ.get("BENCH_WORK_DIR") or Path(tempfile.gettempdir()) / "mip-bench")

os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}")
os.environ.setdefault("STATIC_ROOT", str(BENCH_DIR / "static"))
os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "media"))
os.environ.setdefault("LOG_LEVEL", "WARNING")

from cms.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_CACHE") == "off":
    PAGE_CACHE = API_RESPONSE_CACHE = False
