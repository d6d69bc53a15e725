"""Accounts made before email confirmation existed count as confirmed, from when they joined."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("clinic", "0012_user_email_confirmed_at")]
AFTER = [("clinic", "0013_existing_users_email_confirmed")]
JOINED = datetime(2025, 3, 4, 15, tzinfo=UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def back_to_latest():
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_existing_accounts_are_confirmed_when_they_joined(back_to_latest):
    apps = migrate(BEFORE)
    User = apps.get_model("clinic", "User")
    User.objects.create(email="ava@example.org", password="!", date_joined=JOINED)

    apps = migrate(AFTER)

    assert apps.get_model("clinic", "User").objects.get().email_confirmed_at == JOINED
