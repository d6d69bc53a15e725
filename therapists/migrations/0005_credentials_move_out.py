from django.db import migrations

from clinic.web.moves import moved_out


class Migration(migrations.Migration):
    dependencies = [
        ("therapists", "0004_services_from_catalogue"),
        ("credentials", "0001_credentials_move_from_therapists"),
        ("clinic_sessions", "0009_message_credential_from_credentials"),
    ]

    operations = [moved_out("CredentialEvent", "Credential")]
