from django.shortcuts import get_object_or_404, render

from .models import ConsentDocument, ConsentKind


def privacy_notice(request):
    """The clinic's privacy notice as it stands now, for anyone, signed in or not."""
    notice = ConsentDocument.objects.current(ConsentKind.PRIVACY)
    return render(request, "consent/privacy.html", {"notice": notice, "is_current": True})


def privacy_notice_version(request, version: int):
    """An earlier (or the current) version, as the clients who agreed to it read it."""
    notice = get_object_or_404(ConsentDocument, kind=ConsentKind.PRIVACY, version=version)
    current = ConsentDocument.objects.current(ConsentKind.PRIVACY)
    context = {"notice": notice, "is_current": notice == current, "current": current}
    return render(request, "consent/privacy.html", context)
