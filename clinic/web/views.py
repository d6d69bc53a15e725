from django.http import JsonResponse
from django.views.defaults import page_not_found


def not_found(request, exception):
    """The API's unknown URLs answer in JSON like the rest of the API; pages with the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
