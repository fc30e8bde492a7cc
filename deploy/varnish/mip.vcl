vcl 4.1;

# Varnish in front of MiP: the shared cache for anonymous readers (a CDN does the same job),
# in front of nginx (deploy/nginx/mip.conf), which balances over the app servers.
#
# - Nothing personal is ever stored: a request with a session or messages cookie or an
#   Authorization header goes straight to the app, and so does everything under /admin/ and
#   /documents/ (private collections are checked on every download). A response that sets a
#   cookie or says private, no-store or no-cache is never stored either.
# - Publishing purges: the app servers run Wagtail's frontend cache with its HTTP backend
#   (FRONTEND_CACHE_PURGE_URL=http://<this Varnish>), which sends PURGE for each changed URL.
#   BAN with an X-Ban-Url regular expression drops many at once, e.g. every API listing:
#       curl -X BAN -H 'X-Ban-Url: ^/api/v2/pages/\?' http://127.0.0.1:6081/
#   Both only from the addresses in "purgers".
# - What the app does not give a lifetime (pages: it sends none) is kept a minute, and served
#   stale for up to ten while a fresh copy is fetched: the API's own max-age and
#   stale-while-revalidate. Purges make a publish visible at once.
#
# Tested by `make bench BENCH_ARGS="--cluster"` (bench/cluster.py), which fills in the
# placeholders. For a server:
#   MIP_BACKEND_HOST=127.0.0.1 MIP_BACKEND_PORT=8080 \
#   envsubst '${MIP_BACKEND_HOST} ${MIP_BACKEND_PORT}' < deploy/varnish/mip.vcl > /etc/varnish/mip.vcl

backend nginx {
    .host = "${MIP_BACKEND_HOST}";
    .port = "${MIP_BACKEND_PORT}";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
}

# Who may PURGE and BAN: the app servers. Add their addresses when they are other machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "PURGE") {
            return (purge);
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "BAN needs an X-Ban-Url header"));
        }
        ban("obj.http.X-Url ~ " + req.http.X-Ban-Url + " && obj.http.X-Host == " + req.http.Host);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in editors (sessionid), page-password holders (sessionid), one-off messages, API
    # credentials: the app answers these for one person only.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$)" || req.url ~ "^/documents/") {
        return (pass);
    }
    # Any other cookie (a CSRF token from an earlier form, analytics) changes nothing the app
    # renders for an anonymous reader: without it, every reader shares one copy.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # For BAN: the URL and host, kept on the stored object (removed again before delivery).
    set beresp.http.X-Url = bereq.url;
    set beresp.http.X-Host = bereq.http.Host;

    if (beresp.status >= 500) {
        if (bereq.is_bgfetch) {
            # Keep serving the stale copy rather than an error.
            return (abandon);
        }
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || bereq.http.Authorization) {
        # Never stored; for two minutes, requests for this URL go straight to the app
        # (Varnish's "hit-for-miss"), not queued behind each other.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.ttl = 60s;
        set beresp.grace = 10m;
    }
    # The app answers http and https apart (production redirects http to https; its own page
    # cache keys on the scheme): one copy for each, both dropped by one PURGE of the URL.
    if (beresp.http.Vary) {
        set beresp.http.Vary = beresp.http.Vary + ", X-Forwarded-Proto";
    } else {
        set beresp.http.Vary = "X-Forwarded-Proto";
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.X-Url;
    unset resp.http.X-Host;
    # Browsers never send X-Forwarded-Proto: the Vary on it is for this cache only.
    set resp.http.Vary = regsub(resp.http.Vary, "(^|,\s*)X-Forwarded-Proto$", "");
    if (resp.http.Vary == "") {
        unset resp.http.Vary;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
