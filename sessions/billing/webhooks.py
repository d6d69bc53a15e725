"""Where the card processor tells the clinic a checkout was paid or expired. No session and
no CSRF token: the signature is the only proof, checked before anything is read."""

import logging

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .online import online_payment_webhook
from .processors import WebhookRefused, processor

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    """Any verified event answers 200, even one about a checkout not made here: Stripe sends
    again whatever is not a 2xx, for days."""
    chosen = processor()
    if chosen is None:
        raise Http404("Online payment is off.")
    try:
        event = chosen.parse_webhook(request.body, request.headers.get("Stripe-Signature", ""))
    except WebhookRefused as refusal:
        logger.warning("Stripe webhook refused: %s", refusal)
        return JsonResponse({"detail": str(refusal)}, status=400)
    online_payment_webhook(event=event)
    return JsonResponse({"received": event.id})
