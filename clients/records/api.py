from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import ClientRecordsReadable, is_client, permission
from clinic.audit.services import audit_read
from clinic.web.requests import client_ip
from sessions.notes.selectors import notes_visible_to

from .exports import record_file
from .outcomes import client_outcomes
from .serializers import ClientRecordSerializer
from .services import record_export


class OwnRecordExport(APIView):
    """The caller's whole record as a JSON file: account, appointments, intakes with their
    pain charts, signed session notes, check-ins and messages."""

    permission_classes = [permission(is_client, "Only clients have a record to download.")]

    @extend_schema(responses=ClientRecordSerializer)
    def get(self, request):
        record = record_export(client=request.user, by=request.user, ip=client_ip(request))
        return record_file(record, request.user)


class OutcomePointSerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    kind = serializers.CharField()
    value = serializers.IntegerField()


class OutcomesSerializer(serializers.Serializer):
    points = OutcomePointSerializer(many=True)


class ClientOutcomes(APIView):
    """The pain plot's data: before/after each signed session, and each intake's average."""

    permission_classes = [ClientRecordsReadable]

    @extend_schema(responses=OutcomesSerializer)
    def get(self, request, client_id: int):
        audit_read(request, *notes_visible_to(request.user, client_id))
        return Response(OutcomesSerializer({"points": client_outcomes(client_id)}).data)
