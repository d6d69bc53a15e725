"""The admin pages of the models that moved to an app of their own: their old addresses
(bookmarks) are sent on, permanently, to the same page under the new app's label."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import re_path

# (old app label, model) -> new app label
MOVED_MODELS = {
    ("clinic", "auditevent"): "audit",
    ("clinic", "service"): "catalogue",
    ("clinic_sessions", "message"): "messaging",
    ("clinic_sessions", "sessionnote"): "notes",
    ("clinic_sessions", "waitlistentry"): "waitlist",
    ("therapists", "credential"): "credentials",
    ("therapists", "credentialevent"): "credentials",
}


def moved_admin_page(request, app_label, model_name):
    new_label = MOVED_MODELS.get((app_label, model_name))
    if new_label is None:
        raise Http404
    new_path = request.path.replace(f"/{app_label}/{model_name}/", f"/{new_label}/{model_name}/", 1)
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)


def moved_admin_urls(prefix: str) -> list:
    labels = "|".join(sorted({label for label, _ in MOVED_MODELS}))
    models = "|".join(sorted({model for _, model in MOVED_MODELS}))
    route = rf"^{prefix}(?P<app_label>{labels})/(?P<model_name>{models})/"  # and what follows
    return [re_path(route, moved_admin_page, name="moved-admin-page")]
