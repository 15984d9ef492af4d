"""gunicorn settings of one app server: ``gunicorn -c deploy/gunicorn.conf.py portal.wsgi``.

Read by ``make stack`` and by the systemd unit in docs/operations.md. The address and
the number of workers come from the environment, so one file serves every app server.
"""

import os

# One address per app server; nginx lists them all (deploy/nginx.conf).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two sync workers per app server on a 2-core machine (docs/performance.md).
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# An upload of 100 MB over a slow line still fits; nginx waits as long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Several servers under one user would share the control socket in the home folder.
control_socket_disable = True
# No access log: invitation links carry a token in their path (docs/operations.md).
accesslog = None
errorlog = "-"
# A worker is replaced after this many requests, against slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
