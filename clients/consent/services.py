from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ConsentDocument


@transaction.atomic
def consent_document_publish(*, kind: str, text: str) -> ConsentDocument:
    """Publish new wording of a kind as its next version. Earlier versions stay as the
    clients who agreed to them read them; wording equal to the current version's
    publishes nothing and gives the current version back."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the text clients agree to."})
    # Lock the kind's latest version so two publishers can't take the same number.
    latest = (
        ConsentDocument.objects.select_for_update().filter(kind=kind).order_by("-version").first()
    )
    if latest is not None and latest.text == text:
        return latest
    return ConsentDocument.objects.create(
        kind=kind,
        version=latest.version + 1 if latest else 1,
        text=text,
        published_at=timezone.now(),
    )
