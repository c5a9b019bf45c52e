"""Gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py`.

Behind nginx (deploy/nginx/yimei.conf) on the same host. Tunable from the environment:

    YIMEI_BIND                 listen address (default 127.0.0.1:8000)
    YIMEI_WEB_WORKERS          worker processes (default 2 x CPU cores + 1)
    YIMEI_WEB_WORKER_CLASS     sync (default) or gthread
    YIMEI_WEB_THREADS          threads per worker (default 1; more than 1 means gthread)

The application reads its own settings (YIMEI_DATABASE_URL, YIMEI_REDIS_URL,
YIMEI_SECRET_KEY, YIMEI_ALLOWED_HOSTS, ...) from the same environment.
`make bench` measures this configuration.
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "config.wsgi:application"
chdir = str(Path(__file__).resolve().parent.parent / "backend")

bind = os.environ.get("YIMEI_BIND", "127.0.0.1:8000")
# Sync workers measured best on 2 cores with 32 clients (`make bench`, GET /api/v1/me/ p95 over
# three rounds): sync x5 56-66 ms, gthread 5x1 62-83 ms, gthread 3x2 87-114 ms, gthread 5x2
# 114-248 ms, gthread 5x4 94-252 ms. Threads of one process contend for the GIL, and each
# gthread worker keeps its own keep-alive clients, while sync workers share one accept queue.
workers = int(os.environ.get("YIMEI_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("YIMEI_WEB_WORKER_CLASS", "sync")
threads = int(os.environ.get("YIMEI_WEB_THREADS", 1))

# Requests are short; uploads of photos and documents arrive buffered by nginx.
timeout = 60
graceful_timeout = 30
keepalive = 5  # gthread only: sync workers close the connection after each response

# Recycle workers now and then so that a slow leak cannot grow without bound; rarely, because a
# worker's restart costs a second of CPU (Django's start-up) and closes its keep-alive connections.
max_requests = 50000
max_requests_jitter = 5000

# Heartbeat files in memory, not on a possibly slow disk (gunicorn's advice).
worker_tmp_dir = "/dev/shm"  # noqa: S108 - nothing secret, only the workers' heartbeats

# nginx writes the access log; errors go to stderr (the journal under systemd).
accesslog = None
errorlog = "-"
loglevel = "info"
