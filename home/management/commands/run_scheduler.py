"""Publish and expire scheduled pages every minute, without cron.

Wagtail publishes a page whose go-live time has come (and unpublishes one whose expiry has
passed) only when ``publish_scheduled`` runs. ``make run`` starts this loop beside the server
and the background worker, so scheduled publishing works in development with nothing else
installed. In production run it as a service, or run ``publish_scheduled`` from cron instead
(README, "Scheduled publishing").

A failed run (the database restarting, say) is logged and retried at the next tick; the loop
stops cleanly on SIGTERM or Ctrl-C, between runs."""

import logging
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run publish_scheduled every --interval seconds (default 60) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs (default 60).")
        parser.add_argument(
            "--iterations", type=int, default=0, help="Stop after this many runs (default: never; for tests)."
        )

    def handle(self, *args, interval, iterations, **options):
        stop = threading.Event()
        previous = self.stop_on_signals(stop)
        if options["verbosity"] > 0:
            self.stdout.write(f"Publishing scheduled pages every {interval:g} s.")
        runs = 0
        try:
            while not stop.is_set():
                started = time.monotonic()
                self.run_once()
                runs += 1
                if iterations and runs >= iterations:
                    break
                stop.wait(max(0.0, interval - (time.monotonic() - started)))
        finally:
            for signal_number, handler in previous.items():
                signal.signal(signal_number, handler)

    def run_once(self):
        try:
            call_command("publish_scheduled")
        except Exception:
            logger.exception("publish_scheduled failed; trying again at the next tick")
        finally:
            # A long-lived loop must not hold a connection the database has dropped.
            close_old_connections()

    def stop_on_signals(self, stop):
        """Stop between runs on SIGTERM or Ctrl-C; returns the handlers it replaced."""
        if threading.current_thread() is not threading.main_thread():
            return {}
        previous = {}
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            previous[signal_number] = signal.signal(signal_number, lambda *_: stop.set())
        return previous
