"""The API tokens of rest_framework.authtoken were kept in plain text and never expired; the
app is gone, and its table with it. Those tokens stop working: their holders sign in again."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0010_api_tokens_hashed_with_expiry"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop
        ),
    ]
