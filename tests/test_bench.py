"""The benchmark's own moving parts that a reader of its report relies on: the deploy/
templates it runs the cluster with, the cache counting behind the editing run's hit ratio,
and the holds / doesn't verdicts. (Its figures are `make bench`'s business, not the suite's.)"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count

import pytest

from bench import cluster, load, report


def test_the_deploy_templates_get_a_value_for_every_placeholder(tmp_path):
    nginx = cluster.fill(
        cluster.NGINX_TEMPLATE,
        {
            "MIP_LISTEN": "127.0.0.1:8081",
            "MIP_APP_SERVERS": "server 127.0.0.1:8001; server 127.0.0.1:8002;",
            "MIP_MEDIA_ROOT": tmp_path,
        },
    )
    varnish = cluster.fill(
        cluster.VARNISH_TEMPLATE, {"MIP_BACKEND_HOST": "127.0.0.1", "MIP_BACKEND_PORT": 8081}
    )

    assert "${MIP_" not in nginx.split("\nupstream", 1)[1]
    assert "server 127.0.0.1:8001; server 127.0.0.1:8002;" in nginx
    assert f"alias {tmp_path}/;" in nginx
    # nginx's own variables are left alone.
    assert "proxy_set_header Host $http_host;" in nginx
    assert '.host = "127.0.0.1";' in varnish
    assert '.port = "8081";' in varnish


def test_a_placeholder_without_a_value_is_an_error_not_an_empty_string():
    with pytest.raises(KeyError, match="MIP_MEDIA_ROOT"):
        cluster.fill(cluster.NGINX_TEMPLATE, {"MIP_LISTEN": "127.0.0.1:8081", "MIP_APP_SERVERS": ""})


@pytest.fixture
def cache_answering_server():
    """A server whose answers say hit, miss, hit, miss, ... and every fifth nothing."""
    numbers = count()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            number = next(numbers)
            self.send_response(200)
            if number % 5 != 4:
                self.send_header("X-Page-Cache", "hit" if number % 2 == 0 else "miss")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_load_loop_counts_every_cache_answer(cache_answering_server):
    figures = load.run_threads(cache_answering_server, concurrency=2, seconds=0.3, count_cache=True)

    assert figures["requests"] > 10
    assert figures["hits"] + figures["misses"] + figures["uncached"] == figures["requests"]
    assert figures["hits"] > 0 and figures["misses"] > 0 and figures["uncached"] > 0


def results_with(**sections):
    return {"memory": report.memory_figures(sections.pop("servers", [])), **sections}


def verdict(results, starting):
    return next(check for check in report.check_targets(results) if check["target"].startswith(starting))


def test_one_worker_over_150_mb_breaks_the_memory_target_and_is_named():
    servers = [
        {"server": "gunicorn warm pass", "workers": [{"pid": 11, "peak_mb": 140.0, "rss_mb": 139.0}]},
        {"server": "gunicorn node B", "workers": [{"pid": 12, "peak_mb": 151.2, "rss_mb": 150.0}]},
    ]

    check = verdict(results_with(servers=servers), "every gunicorn worker")

    assert check["holds"] is False
    assert "gunicorn node B pid 12 151.2 MB" in check["figures"]
    assert "140.0" not in check["figures"].split("over:")[1]


def editing_results(hit_ratio, changed=()):
    return {
        "publish_every_s": 2,
        "publishes": {"attempted": 30, "acknowledged": 30},
        "totals": {
            "requests": 1000,
            "hits": int(hit_ratio * 1000),
            "misses": 1000 - int(hit_ratio * 1000),
            "hit_ratio": hit_ratio,
        },
        "unrelated": {"verified": not changed, "changed": list(changed)},
        "urls": {"legal_eye": {"p99_ms": 40.0}, "campaign": {"p99_ms": 120.0}},
    }


def test_the_hit_ratio_only_counts_when_the_pages_really_were_unrelated():
    assert verdict(results_with(editing=editing_results(0.95)), "while an editor publishes every")["holds"]

    check = verdict(
        results_with(editing=editing_results(0.95, changed=["campaign"])), "while an editor publishes every"
    )
    assert check["holds"] is False
    assert "campaign" in check["figures"]


def test_the_editing_p99_target_names_the_slow_url():
    check = verdict(results_with(editing=editing_results(0.95)), "while an editor publishes: warm p99")

    assert check["holds"] is False
    assert "campaign" in check["figures"] and "legal_eye" not in check["figures"]


def test_a_cluster_that_could_not_run_says_why_and_holds_nothing():
    check = verdict(results_with(cluster={"skipped": "nginx is not installed"}), "scale-out")

    assert check["holds"] is None
    assert check["figures"] == "nginx is not installed"
    assert "not run" in report.render_targets([check])


def test_cpu_by_step_times_each_step_and_puts_every_function_back(client, site_tree):
    import inspect

    from django.template.response import SimpleTemplateResponse
    from wagtail.models import Page

    from bench import profiling

    before = [inspect.getattr_static(owner, name) for _step, owner, name in profiling.timed_steps()]
    totals = {}

    with profiling.timing(totals):
        assert client.get(site_tree.about.url).status_code == 200

    assert totals["routing (finding the page)"] > 0
    assert totals["template rendering"] > 0
    assert (
        totals["SQL, all of it (inside the steps above)"] >= totals["… of which Django compiling the SQL"] > 0
    )
    after = [inspect.getattr_static(owner, name) for _step, owner, name in profiling.timed_steps()]
    assert after == before
    assert isinstance(inspect.getattr_static(Page, "route_for_request"), staticmethod)
    assert isinstance(inspect.getattr_static(SimpleTemplateResponse, "rendered_content"), property)
