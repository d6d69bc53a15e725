"""Nothing one web process learns that another needs stays in its memory: sessions,
sign-in failures and two-step throttles are rows, and a Redis cache is really shared."""

import uuid

import pytest
import redis
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts.twofactor import second_factor_verify
from tests.environment_settings import settings_read_from
from tests.factories import PASSWORD, ClientFactory
from tests.otp import confirmed_authenticator

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/12"
EMAIL = "ava@example.org"


def test_sessions_are_rows_of_the_database(settings):
    user = ClientFactory(email=EMAIL)
    browser = Client()

    browser.post("/accounts/login/", {"username": EMAIL, "password": PASSWORD})

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    session = Session.objects.get(session_key=browser.cookies["sessionid"].value)
    assert session.get_decoded()["_auth_user_id"] == str(user.pk)


def test_sign_in_lockout_counts_in_the_database():
    handler = AxesProxyHandler.get_implementation(force=True)

    assert isinstance(handler, AxesDatabaseHandler)


def test_a_failed_sign_in_on_one_process_is_counted_for_every_other():
    ClientFactory(email=EMAIL)

    for _ in range(2):
        Client().post("/accounts/login/", {"username": EMAIL, "password": "wrong"})

    failures = AccessAttempt.objects.filter(username=EMAIL).values_list(
        "failures_since_start", flat=True
    )
    assert list(failures) == [2]


def test_wrong_two_step_codes_are_counted_on_the_device_row():
    user = ClientFactory(email=EMAIL)
    device = confirmed_authenticator(user)

    second_factor_verify(user=user, code="000000")

    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 1


def test_the_cache_is_per_process_unless_cache_url_names_a_shared_one(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)

    cache = settings_read_from({}).CACHES["default"]

    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_redis_cache_url_shares_values_through_the_redis_server(settings):
    settings.CACHES = settings_read_from({"CACHE_URL": REDIS_URL}).CACHES
    key, value = f"shared-{uuid.uuid4().hex}", {"seen": "by every process"}
    cache = caches["default"]
    try:
        cache.set(key, value, timeout=60)

        another_process = RedisCache(REDIS_URL, {})
        assert isinstance(cache, RedisCache)
        assert another_process.get(key) == value
        assert redis.Redis.from_url(REDIS_URL).exists(cache.make_key(key)) == 1
    finally:
        cache.delete(key)
