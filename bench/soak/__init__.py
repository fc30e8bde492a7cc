"""`make soak`: readers and editors under faults (PostgreSQL restarted, Redis stopped); see
``bench/soak/__main__.py`` for how to run it and what it checks."""
