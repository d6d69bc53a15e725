"""The database refuses to change an issued invoice, its lines or a payment, and on
PostgreSQL to delete one: a correction is a credit note, a refund a negative payment."""

from django.db import migrations

from sessions.billing import triggers


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_invoices_lines_payments")]

    operations = [migrations.RunPython(triggers.lock, triggers.unlock)]
