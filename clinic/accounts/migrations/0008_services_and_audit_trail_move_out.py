from django.db import migrations

from clinic.web.moves import moved_out


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0007_service_required_certification"),
        ("catalogue", "0001_service_moves_from_clinic"),
        ("audit", "0001_auditevent_moves_from_clinic"),
        ("therapists", "0004_services_from_catalogue"),
        ("clinic_sessions", "0008_services_from_catalogue"),
    ]

    operations = [moved_out("Service", "AuditEvent")]
