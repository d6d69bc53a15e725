"""The test suite's settings: the real ones, with a fast password hasher."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-" + "t" * 40)
# Tasks published by tests go to an in-process broker unless a test starts real workers.
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the source folders, as in development (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded documents go to a folder of this run's own, removed at its end.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-test-private-"))
atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, True)

# The host the API fuzzer's WSGI client sends (tests/clinic/web/test_api_fuzz.py).
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "localhost"]  # noqa: F405
