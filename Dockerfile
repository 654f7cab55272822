# backward-walk production image: gunicorn serving Django, static files through whitenoise.
# Build: docker build -t backward-walk .
# Run:   see README "Running in production" (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS).

# ---- builder: a virtualenv with the app's dependencies (wheels only, no compiler needed) ----
FROM python:3.11.13-slim-bookworm AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv

WORKDIR /src
COPY pyproject.toml README.md ./
COPY backward_walk/ backward_walk/
COPY plans/ plans/
RUN pip install --no-cache-dir .

# ---- runtime ----
FROM python:3.11.13-slim-bookworm

# /app first on the path: the app runs from its source tree (templates/, static/, and
# subpackages such as plans/migrations that pyproject's package list leaves out), not from
# the copy pip put in site-packages.
ENV DEBUG=0 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PATH=/opt/venv/bin:$PATH

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-log-init --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin app

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY manage.py gunicorn.conf.py ./
COPY backward_walk/ backward_walk/
COPY plans/ plans/
COPY templates/ templates/
COPY static/ static/

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
