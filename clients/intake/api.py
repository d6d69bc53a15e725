from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import ClientRecordsReadable, is_client, permission
from clinic.audit.services import audit_read
from clinic.web.api import ERROR_RESPONSE
from clinic.web.requests import LARGEST_ID, client_ip, row_id

from .forms import ANSWER_FIELDS, CONSENT_KINDS
from .models import Intake
from .selectors import suggestions_for
from .services import IntakeInvalid, intake_submit

ClientsFillIntakes = permission(is_client, "Only clients fill an intake form.")


class IntakeSerializer(serializers.ModelSerializer):
    """An intake as the API gives it; send it back with changes and a signature to POST."""

    screening = serializers.SerializerMethodField()
    consent_treatment_version = serializers.IntegerField(
        source="consent_treatment_document.version",
        read_only=True,
        allow_null=True,
        help_text="The version of the consent to treatment agreed to (null: not recorded).",
    )
    consent_privacy_version = serializers.IntegerField(
        source="consent_privacy_document.version",
        read_only=True,
        allow_null=True,
        help_text="The version of the privacy notice agreed to (null: not recorded).",
    )

    class Meta:
        model = Intake
        fields = [
            "version",
            "created_at",
            "signed_at",
            "screening",
            *ANSWER_FIELDS,
            "consent_treatment_version",
            "consent_privacy_version",
            "pain_chart",
        ]
        read_only_fields = fields

    def get_screening(self, intake: Intake) -> dict:
        return {"status": intake.screening_status, "reasons": intake.screening_reasons}


class IntakeSubmission(serializers.ModelSerializer):
    """The shape of a POST: the answers, the chart and the signature (for the schema;
    the answers are validated by intake_submit, as the pages' are)."""

    signature = serializers.CharField(help_text="The client's full name, typed to sign.")
    consent_treatment_version = serializers.IntegerField(
        required=False,
        help_text="The version of the consent to treatment read (api/v1/consent/); "
        "refused if it is no longer the current one.",
    )
    consent_privacy_version = serializers.IntegerField(
        required=False,
        help_text="The version of the privacy notice read; refused if no longer current.",
    )

    class Meta:
        model = Intake
        fields = [
            *ANSWER_FIELDS,
            "consent_treatment_version",
            "consent_privacy_version",
            "pain_chart",
            "signature",
        ]


def _consent_versions(data: dict) -> dict[str, int | None]:
    """The version of each consent text the client read, by kind, as sent (None if not)."""
    versions, wrong = {}, {}
    for field, kind in CONSENT_KINDS.items():
        value = data.get(f"{field}_version")
        if isinstance(value, str) and (number := row_id(value)) is not None:  # form-encoded
            value = number
        if value is not None and (type(value) is not int or not 1 <= value <= LARGEST_ID):
            wrong[f"{field}_version"] = ["Give the version number of the text read."]
        versions[kind] = value
    if wrong:
        raise ValidationError(wrong)
    return versions


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

    def get_permissions(self):
        """Anyone signed in reads their own intake (a 404 if none); only clients fill one."""
        if self.request.method == "POST":
            return [ClientsFillIntakes()]
        return super().get_permissions()

    @extend_schema(responses={200: IntakeSerializer, 404: ERROR_RESPONSE})
    def get(self, request):
        intake = Intake.objects.current_for(request.user)
        if intake is None:
            raise Http404("No intake yet.")
        audit_read(request, intake)
        return Response(IntakeSerializer(intake).data)

    @extend_schema(request=IntakeSubmission, responses={201: IntakeSerializer})
    def post(self, request):
        answers, chart, signature = _submission(request.data)
        consent_versions = _consent_versions(request.data)
        try:
            intake = intake_submit(
                client=request.user,
                answers=answers,
                chart=chart,
                signature=signature,
                ip=client_ip(request),
                consent_versions=consent_versions,
            )
        except IntakeInvalid as invalid:
            return Response(invalid.errors, status=status.HTTP_400_BAD_REQUEST)
        return Response(IntakeSerializer(intake).data, status=status.HTTP_201_CREATED)


class ClientIntake(APIView):
    """A client's current intake, for their therapists and admins."""

    permission_classes = [ClientRecordsReadable]

    @extend_schema(responses=IntakeSerializer)
    def get(self, request, client_id: int):
        intake = Intake.objects.current_for(client_id)
        if intake is None:
            raise Http404("No intake yet.")
        audit_read(request, intake)
        return Response(IntakeSerializer(intake).data)


class SuggestionSerializer(serializers.Serializer):
    muscle = serializers.CharField(source="muscle.id")
    name = serializers.CharField(source="muscle.name")
    side = serializers.CharField()
    score = serializers.FloatField()
    regions = serializers.ListField(child=serializers.CharField())


class SuggestionsSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)
    note = serializers.CharField()


class ClientSuggestions(APIView):
    """Muscles to consider examining, ranked from the client's current pain chart."""

    permission_classes = [ClientRecordsReadable]

    @extend_schema(responses=SuggestionsSerializer)
    def get(self, request, client_id: int):
        intake = Intake.objects.current_for(client_id)
        suggestions, note = suggestions_for(intake)
        if intake:
            audit_read(request, intake)
        return Response(SuggestionsSerializer({"suggestions": suggestions, "note": note}).data)
