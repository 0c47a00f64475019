"""gunicorn settings for Small Steps. Access logs never carry the client's address or user agent."""

import os

bind = os.environ.get("WALL_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WALL_WEB_WORKERS", "2"))
threads = int(os.environ.get("WALL_WEB_THREADS", "4"))
accesslog = "-"
# No %(h)s (address), %(a)s (user agent) or %(f)s (referer): only what was asked and how it went.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = "*" if int(os.environ.get("WALL_PROXY_HOPS", "0")) else "127.0.0.1"


def on_starting(server):
    """Make the visitor-key secret in the master, so every forked worker shares it (wall/privacy.py)."""
    from wall.privacy import prime

    prime()


def pre_fork(server, worker):
    # A worker forked on a later day (a restart) starts from the same day's secret as the others.
    from wall.privacy import prime

    prime()


def post_worker_init(worker):
    # The pause before posting uses a small classifier that takes seconds to load: load it in the
    # background as the worker starts, rather than while the first visitor waits on "Share".
    import threading

    from wall.care.pause import warm

    threading.Thread(target=warm, name="warm-light-classifier", daemon=True).start()
