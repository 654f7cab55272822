import pytest
from django.core.exceptions import ImproperlyConfigured

from backward_walk.env import env_bool, env_cache, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        ("0", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
    ],
)
def test_env_bool_reads_yes_and_no(raw, expected):
    assert env_bool("DEBUG", not expected, {"DEBUG": raw}) is expected


def test_env_bool_missing_or_blank_gives_default():
    assert env_bool("DEBUG", True, {}) is True
    assert env_bool("DEBUG", False, {"DEBUG": "  "}) is False


def test_env_bool_rejects_nonsense_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DEBUG='yes please'"):
        env_bool("DEBUG", False, {"DEBUG": "yes please"})


def test_env_int_reads_and_defaults():
    assert env_int("PORT", 8000, {"PORT": " 9000 "}) == 9000
    assert env_int("PORT", 8000, {}) == 8000


def test_env_int_rejects_non_numbers():
    with pytest.raises(ImproperlyConfigured, match="WEB_WORKERS='two' is not a whole number"):
        env_int("WEB_WORKERS", 2, {"WEB_WORKERS": "two"})


def test_env_int_rejects_below_minimum():
    with pytest.raises(ImproperlyConfigured, match="below the minimum of 1"):
        env_int("WEB_WORKERS", 2, {"WEB_WORKERS": "0"}, minimum=1)


def test_env_list_splits_and_trims():
    assert env_list("ALLOWED_HOSTS", [], {"ALLOWED_HOSTS": "a.example, b.example ,,"}) == [
        "a.example",
        "b.example",
    ]
    assert env_list("ALLOWED_HOSTS", ["x"], {}) == ["x"]


def test_env_str_defaults():
    assert env_str("TIME_ZONE", "UTC", {}) == "UTC"
    assert env_str("TIME_ZONE", "UTC", {"TIME_ZONE": "Europe/Oslo"}) == "Europe/Oslo"


@pytest.mark.parametrize(
    ("raw", "backend", "location"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache", ""),
        ("db://", "django.core.cache.backends.db.DatabaseCache", "django_cache"),
        ("db://page_cache", "django.core.cache.backends.db.DatabaseCache", "page_cache"),
        (
            "file:///var/cache/walk",
            "django.core.cache.backends.filebased.FileBasedCache",
            "/var/cache/walk",
        ),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", ""),
        ("LOCMEM://pages", "django.core.cache.backends.locmem.LocMemCache", "pages"),
        (
            "redis://cache:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache:6379/1",
        ),
        (
            "rediss://:pw@cache:6380/0",
            "django.core.cache.backends.redis.RedisCache",
            "rediss://:pw@cache:6380/0",
        ),
    ],
)
def test_env_cache_reads_each_kind_of_url(raw, backend, location):
    assert env_cache("CACHE_URL", environ={"CACHE_URL": raw}) == {
        "BACKEND": backend,
        "LOCATION": location,
    }


def test_env_cache_missing_gives_each_process_its_memory_cache():
    # A read costs no query (issue 26): the fragments' keys move with their data, so a copy
    # per process is never stale.
    assert env_cache("CACHE_URL", environ={})["BACKEND"].endswith("locmem.LocMemCache")


@pytest.mark.parametrize(
    "raw",
    [
        "memcached://localhost:11211",  # not offered: it needs a library we do not ship
        "/var/cache/walk",  # a path without file://
        "file://relative/folder",
        "file:///",
        "redis://",
        "db://drop table;",
    ],
)
def test_env_cache_rejects_what_it_cannot_read_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL="):
        env_cache("CACHE_URL", environ={"CACHE_URL": raw})
