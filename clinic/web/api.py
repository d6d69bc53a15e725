"""What every API view shares: the error answer's shape, and the handler that keeps it."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler; every error it can't place still answers with a JSON `detail`."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        response.data = {"detail": response.data}
    return response


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERROR_RESPONSE = OpenApiResponse(ErrorSerializer, description="Why the request was refused.")
