"""gunicorn's settings for `make run` and for production (`gunicorn -c config/gunicorn.conf.py config.wsgi`).

The address comes from the command line (`--bind HOST:PORT`) or GUNICORN_CMD_ARGS."""

import os

wsgi_app = "config.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Each request is logged once, here (Django's request logger reports only server errors: see
# config/settings/production.py).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No control socket: several instances on one machine would contend for its one default path.
control_socket_disable = True
