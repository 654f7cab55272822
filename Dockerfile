# backward-walk production image: gunicorn serving Django, static files through whitenoise.
# Build: docker build -t backward-walk .
# Run:   see README "Running in production" (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS).
# The image never migrates on start (two replicas starting at once would race): run
# `python manage.py migrate --noinput` once per release with the same environment, as
# compose.yaml's `migrate` service does, before the web containers start.
FROM python:3.11.13-slim-bookworm

ENV DEBUG=0 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PATH=/opt/venv/bin:$PATH

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-log-init --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin app

# Locked dependencies first (exact versions, hashes checked, wheels only): this layer is
# rebuilt only when requirements.lock changes, not on every change to the code.
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir --require-hashes --only-binary=:all: -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock

# The app is not pip-installed: it runs from this one copy of its source tree
# (PYTHONPATH=/app), templates, static files and migrations included.
WORKDIR /app
COPY manage.py gunicorn.conf.py ./
COPY backward_walk/ backward_walk/
COPY accounts/ accounts/
COPY plans/ plans/
COPY coaching/ coaching/
COPY assessments/ assessments/
COPY feeds/ feeds/
COPY notifications/ notifications/
COPY templates/ templates/
COPY locale/ locale/
COPY static/ static/
COPY locale/ locale/

# Hashed, compressed static files baked into the image. The key and the mail opt-out exist
# only for this one command (it sends nothing); the real ones come from the environment at
# run time.
RUN SECRET_KEY=collectstatic-only-not-a-secret-just-long-enough-for-the-check \
    EMAIL_CONSOLE_UNSAFE=1 python manage.py collectstatic --noinput

# Code and static files stay root-owned and read-only to the app user.
USER 10001:10001

EXPOSE 8000

# /healthz answers before the host check and the SSL redirect, so plain HTTP on 127.0.0.1
# works; it returns 503 (and this check fails) when the database is unreachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]

CMD ["gunicorn", "backward_walk.wsgi:application", "-c", "gunicorn.conf.py"]
