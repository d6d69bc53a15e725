from django.conf import settings

from clinic.config import celery_app


def test_celery_app_reads_its_broker_from_the_settings():
    assert celery_app.main == "clinic"
    assert celery_app.conf.broker_url == settings.CELERY_BROKER_URL
    assert celery_app.conf.task_acks_late is True
