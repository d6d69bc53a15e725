"""Version 1 of the consent to treatment and of the privacy notice, so every database (and
the demo) has wording for the intake to show; the clinic edits them in the admin."""

from django.db import migrations
from django.utils import timezone

TREATMENT = """\
I ask for trigger point therapy and massage from the clinic's registered therapists, and I consent to it.

Trigger point therapy applies sustained pressure to tight, tender points in muscles. It can be uncomfortable while it is done, and muscles may feel sore for a day or two afterwards. Bruising is uncommon, and other side effects are rare.

My therapist will explain what they plan to do before they begin. I may ask questions, ask for lighter pressure, ask them to avoid any area, or stop the session at any time, and my wishes will be respected. My consent covers each session until I withdraw it.

Massage therapy is not a substitute for medical diagnosis or treatment. I have answered the health questions of this form truthfully and completely, and I will tell my therapist about any change in my health, medications or pregnancy before my next session. Where my answers mean a physician should see me first, I understand that treatment may wait for their clearance.
"""

PRIVACY = """\
This notice says what personal and health information the clinic keeps about you, why, and what you may ask of us.

What we collect: your name and contact details, the emergency contact you give us, your intake answers and pain chart, your therapists' notes of each session, your appointments, and your payments.

Why: to treat you safely, to book and remind you of sessions, to take payment, and to meet the record-keeping duties of regulated massage therapists. We do not sell your information or use it for advertising.

Who sees it: only the therapists who treat you or are booked with you, and the clinic's administrators, read your health records. The front desk sees your contact details, appointments and payments, never your health records. Every reading and change of a health record is logged. We share information with others only with your consent or where the law requires it.

How long: health records are kept for at least ten years after your last session, as the regulator requires, and then securely destroyed.

Your choices: you may read and download your own record at any time from your account, ask us to correct it, choose how we contact you, and close your account. Ask at the front desk, or write to the clinic, with any question or complaint about your privacy.
"""

TEXTS = {"treatment": TREATMENT, "privacy": PRIVACY}


def seed_first_versions(apps, schema_editor):
    ConsentDocument = apps.get_model("consent", "ConsentDocument")
    for kind, text in TEXTS.items():
        if not ConsentDocument.objects.filter(kind=kind).exists():
            ConsentDocument.objects.create(
                kind=kind, version=1, text=text.strip(), published_at=timezone.now()
            )


def remove_first_versions(apps, schema_editor):
    ConsentDocument = apps.get_model("consent", "ConsentDocument")
    for kind, text in TEXTS.items():
        ConsentDocument.objects.filter(kind=kind, version=1, text=text.strip()).delete()


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_consent_documents")]

    operations = [migrations.RunPython(seed_first_versions, remove_first_versions)]
