"""Shared personas, built in code: a client, that client's coach, another coach, another client.

On SQLite the test database is a file (one per xdist worker), not Django's in-memory default,
so a real subprocess such as the mail worker can open the same database as the test.
"""

import pytest

from tests.factories import make_user


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    from django.conf import settings

    for alias, db_settings in settings.DATABASES.items():
        if db_settings["ENGINE"] == "django.db.backends.sqlite3":
            folder = tmp_path_factory.mktemp("database")
            db_settings.setdefault("TEST", {})["NAME"] = str(folder / f"test_{alias}.sqlite3")


@pytest.fixture
def client_user(db):
    return make_user("walker@example.com", "Wendy Walker")


@pytest.fixture
def other_client_user(db):
    return make_user("other@example.com", "Otto Other")


@pytest.fixture
def coach_user(db):
    return make_user("coach@example.com", "Cora Coach", role="coach")


@pytest.fixture
def other_coach_user(db):
    return make_user("stranger-coach@example.com", "Sam Stranger", role="coach")


@pytest.fixture
def logged_in(client, client_user):
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def coach_logged_in(client, coach_user):
    client.force_login(coach_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the site's default language. A request through the test
    client leaves its language active in the thread (LocaleMiddleware activates, nothing
    deactivates), so a Spanish page would otherwise make the next test's words Spanish."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Each test that uses the database starts with an empty cache (the real backend: each
    process's memory by default, which a rolled-back test would not empty)."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        from django.core.cache import cache

        cache.clear()
    yield
