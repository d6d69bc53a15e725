from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.signin import locked_out, lockout_message, password_confirmed
from clinic.audit.services import audit_read, client_ip
from clinic.web.api import ERROR_RESPONSE

from .export import client_record_export
from .forms import ANSWER_FIELDS
from .models import Intake
from .selectors import can_read_client_records
from .services import CloseRefused, IntakeInvalid, account_close, intake_submit


class IntakeSerializer(serializers.ModelSerializer):
    """An intake as the API gives it; send it back with changes and a signature to POST."""

    screening = serializers.SerializerMethodField()

    class Meta:
        model = Intake
        fields = [
            "version",
            "created_at",
            "signed_at",
            "screening",
            *ANSWER_FIELDS,
            "pain_chart",
        ]
        read_only_fields = fields

    def get_screening(self, intake: Intake) -> dict:
        return {"status": intake.screening_status, "reasons": intake.screening_reasons}


class IntakeSubmission(serializers.ModelSerializer):
    """The shape of a POST: the answers, the chart and the signature (for the schema;
    the answers are validated by intake_submit, as the pages' are)."""

    signature = serializers.CharField(help_text="The client's full name, typed to sign.")

    class Meta:
        model = Intake
        fields = [*ANSWER_FIELDS, "pain_chart", "signature"]


def _submission(data) -> tuple[dict, object, str]:
    if not isinstance(data, dict):
        raise ValidationError({"detail": "Send a JSON object with the intake's answers."})
    answers = {name: data[name] for name in ANSWER_FIELDS if name in data}
    if wrong := sorted(name for name, value in answers.items() if isinstance(value, dict | list)):
        raise ValidationError({name: ["Give a single value."] for name in wrong})
    signature = data.get("signature", "")
    if not isinstance(signature, str):
        raise ValidationError({"signature": ["Type your full name to sign."]})
    return answers, data.get("pain_chart"), signature


class OwnIntake(APIView):
    """The caller's current intake (GET), or a new version of it (POST)."""

    @extend_schema(responses={200: IntakeSerializer, 404: ERROR_RESPONSE})
    def get(self, request):
        intake = Intake.objects.current_for(request.user)
        if intake is None:
            raise Http404("No intake yet.")
        audit_read(request, intake)
        return Response(IntakeSerializer(intake).data)

    @extend_schema(request=IntakeSubmission, responses={201: IntakeSerializer})
    def post(self, request):
        if not request.user.is_client:
            raise PermissionDenied("Only clients fill an intake form.")
        answers, chart, signature = _submission(request.data)
        try:
            intake = intake_submit(
                client=request.user,
                answers=answers,
                chart=chart,
                signature=signature,
                ip=client_ip(request),
            )
        except IntakeInvalid as invalid:
            return Response(invalid.errors, status=status.HTTP_400_BAD_REQUEST)
        return Response(IntakeSerializer(intake).data, status=status.HTTP_201_CREATED)


class ClientIntake(APIView):
    """A client's current intake, for their therapists and admins."""

    @extend_schema(responses=IntakeSerializer)
    def get(self, request, client_id: int):
        if not can_read_client_records(request.user, client_id):
            raise Http404("No such client.")
        intake = Intake.objects.filter(client_id=client_id).order_by("-version").first()
        if intake is None:
            raise Http404("No intake yet.")
        audit_read(request, intake)
        return Response(IntakeSerializer(intake).data)


# The client's whole record (see clients/export.py), documented field by field.


class AccountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_joined = serializers.DateTimeField()


class ProfileSerializer(serializers.Serializer):
    phone = serializers.CharField()
    by_email = serializers.BooleanField()
    by_sms = serializers.BooleanField()
    reminders = serializers.BooleanField()
    reminder_2h = serializers.BooleanField()


class RecordAppointmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    status = serializers.CharField()
    status_name = serializers.CharField()
    service = serializers.CharField()
    therapist = serializers.CharField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancellation_reason = serializers.CharField()
    late_cancellation = serializers.BooleanField()


class AnswerSerializer(serializers.Serializer):
    field = serializers.CharField()
    question = serializers.CharField()
    value = serializers.JSONField(help_text="The answer as stored: text, a choice or yes/no.")
    answer = serializers.CharField(help_text="The answer in words.")


class QualitySerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()


class MarkSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    side = serializers.CharField()
    side_name = serializers.CharField()
    place = serializers.CharField()
    intensity = serializers.IntegerField()
    qualities = QualitySerializer(many=True)


class ReadableChartSerializer(serializers.Serializer):
    marks = MarkSerializer(many=True)
    worst = serializers.IntegerField(allow_null=True)
    least = serializers.IntegerField(allow_null=True)
    average = serializers.IntegerField(allow_null=True)
    now = serializers.IntegerField(allow_null=True)


class ScreeningSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class ClearanceSerializer(serializers.Serializer):
    cleared_at = serializers.DateTimeField()
    cleared_by = serializers.CharField()
    note = serializers.CharField()


class RecordIntakeSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    signed_at = serializers.DateTimeField()
    signature = serializers.CharField()
    answers = AnswerSerializer(many=True)
    pain_chart = ReadableChartSerializer()
    screening = ScreeningSerializer()
    clearances = ClearanceSerializer(many=True)


class RecordPointSerializer(serializers.Serializer):
    muscle = serializers.CharField()
    side = serializers.CharField()
    activity = serializers.CharField()
    technique = serializers.CharField()
    pressure = serializers.IntegerField()
    duration_seconds = serializers.IntegerField()
    response = serializers.CharField()
    referral_reproduced = serializers.BooleanField()


class RecordAddendumSerializer(serializers.Serializer):
    author = serializers.CharField()
    created_at = serializers.DateTimeField()
    text = serializers.CharField()


class RecordNoteSerializer(serializers.Serializer):
    appointment = serializers.IntegerField()
    date = serializers.DateTimeField()
    service = serializers.CharField()
    therapist = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    intake_version = serializers.IntegerField(allow_null=True)
    pain_before = serializers.IntegerField(allow_null=True)
    pain_after = serializers.IntegerField(allow_null=True)
    subjective = serializers.CharField()
    objective = serializers.CharField()
    assessment = serializers.CharField()
    plan = serializers.CharField()
    rebook_after_days = serializers.IntegerField(allow_null=True)
    points = RecordPointSerializer(many=True)
    addenda = RecordAddendumSerializer(many=True)


class RecordCheckInSerializer(serializers.Serializer):
    appointment = serializers.IntegerField()
    session_date = serializers.DateTimeField()
    pain_now = serializers.IntegerField()
    comment = serializers.CharField()
    answered_at = serializers.DateTimeField()


class RecordMessageSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_name = serializers.CharField()
    channel = serializers.CharField()
    channel_name = serializers.CharField()
    state = serializers.CharField()
    state_name = serializers.CharField()
    appointment = serializers.IntegerField(allow_null=True)
    due_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)


class ClientRecordSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField()
    account = AccountSerializer()
    profile = ProfileSerializer()
    appointments = RecordAppointmentSerializer(many=True)
    intakes = RecordIntakeSerializer(many=True)
    session_notes = RecordNoteSerializer(
        many=True, help_text="Signed notes, as the client reads them."
    )
    check_ins = RecordCheckInSerializer(many=True)
    messages = RecordMessageSerializer(many=True)


def record_json(record: dict) -> bytes:
    """The record as the JSON download: the same bytes from the page and the API."""
    return JSONRenderer().render(
        ClientRecordSerializer(record).data, renderer_context={"indent": 2}
    )


def record_file(record: dict, client) -> HttpResponse:
    response = HttpResponse(record_json(record), content_type="application/json")
    day = record["exported_at"].date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="clinic-record-{client.pk}-{day}.json"'
    add_never_cache_headers(response)
    return response


def _own_record_only(user) -> None:
    if not user.is_client:
        raise PermissionDenied("Only clients have a record to download.")


class OwnRecordExport(APIView):
    """The caller's whole record as a JSON file: account, appointments, intakes with their
    pain charts, signed session notes, check-ins and messages."""

    @extend_schema(responses=ClientRecordSerializer)
    def get(self, request):
        _own_record_only(request.user)
        record = client_record_export(client=request.user, ip=client_ip(request))
        return record_file(record, request.user)


class CloseRequestSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class ClosedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    cancelled_appointments = serializers.ListField(child=serializers.IntegerField())


class CloseAccount(APIView):
    """Close the caller's account (their password confirms it). Upcoming sessions are
    cancelled; the clinical records are kept; the token stops working at once. Wrong
    passwords count toward the sign-in lockout (429)."""

    @extend_schema(
        request=CloseRequestSerializer,
        responses={200: ClosedSerializer, 429: ERROR_RESPONSE},
    )
    def post(self, request):
        _own_record_only(request.user)
        data = CloseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        confirmed = password_confirmed(request, request.user, data.validated_data["password"])
        if locked_out(request):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        try:
            cancelled = account_close(
                user=request.user, password_confirmed=confirmed, ip=client_ip(request)
            )
        except CloseRefused as refusal:
            raise ValidationError({"password": [str(refusal)]}) from None
        payload = {
            "detail": "Your account is closed.",
            "cancelled_appointments": [appointment.pk for appointment in cancelled],
        }
        return Response(payload)
