from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import ClientRecordsReadable
from clinic.audit.services import audit_read
from clinic.web.requests import client_ip
from sessions.models import Appointment
from sessions.selectors import reachable_appointment

from .forms import NOTE_FIELDS, POINT_FIELDS
from .models import NoteAddendum, SessionNote, TreatedPoint
from .selectors import notes_visible_to
from .services import NoteInvalid, NoteRefused, note_add_addendum, note_open, note_save, note_sign


class TreatedPointSerializer(serializers.ModelSerializer):
    muscle_name = serializers.CharField(read_only=True)

    class Meta:
        model = TreatedPoint
        fields = ["muscle_name", *POINT_FIELDS]


class AddendumSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name")

    class Meta:
        model = NoteAddendum
        fields = ["id", "author", "text", "created_at"]


class NoteSerializer(serializers.ModelSerializer):
    points = TreatedPointSerializer(many=True)
    addenda = AddendumSerializer(many=True)
    intake_version = serializers.IntegerField(source="intake.version", default=None)
    # Not read-only only so that the schema marks it optional: clients never get it.
    therapist_remarks = serializers.CharField(required=False, help_text="Left out for clients.")

    class Meta:
        model = SessionNote
        fields = [
            "id",
            "appointment",
            "author",
            "status",
            "intake_version",
            *NOTE_FIELDS,
            "signed_at",
            "limit_breaches",
            "limit_override_reason",
            "points",
            "addenda",
        ]
        read_only_fields = fields

    def to_representation(self, note):
        data = super().to_representation(note)
        if not self.context.get("therapist_view"):
            data.pop("therapist_remarks")
        return data


class NoteWriteSerializer(serializers.Serializer):
    """A draft's fields and its whole list of treated points (schema only)."""

    subjective = serializers.CharField(required=False, allow_blank=True)
    objective = serializers.CharField(required=False, allow_blank=True)
    assessment = serializers.CharField(required=False, allow_blank=True)
    plan = serializers.CharField(required=False, allow_blank=True)
    rebook_after_days = serializers.IntegerField(required=False, allow_null=True)
    pain_before = serializers.IntegerField(required=False, allow_null=True)
    pain_after = serializers.IntegerField(required=False, allow_null=True)
    therapist_remarks = serializers.CharField(required=False, allow_blank=True)
    points = TreatedPointSerializer(many=True, required=False)


class NoteSignSerializer(serializers.Serializer):
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Why the note is signed although its points break the screening's limits.",
    )


class AddendumWriteSerializer(serializers.Serializer):
    text = serializers.CharField()


def note_response(note: SessionNote, user, *, status_code=status.HTTP_200_OK) -> Response:
    note = notes_visible_to(user, note.appointment.client_id).get(pk=note.pk)
    context = {"therapist_view": not user.is_client}
    return Response(NoteSerializer(note, context=context).data, status=status_code)


def _note_payload(data) -> tuple[dict, list | None]:
    """The fields sent, and the points (None when left out: the note keeps its points)."""
    if not isinstance(data, dict):
        raise ValidationError({"detail": "Send a JSON object with the note's fields."})
    points = data.get("points")
    if "points" in data and not (
        isinstance(points, list) and all(isinstance(p, dict) for p in points)
    ):
        raise ValidationError({"points": ["Send the treated points as a list of objects."]})
    fields = {name: data[name] for name in NOTE_FIELDS if name in data}
    if wrong := sorted(k for k, v in fields.items() if isinstance(v, dict | list)):
        raise ValidationError({name: ["Give a single value."] for name in wrong})
    return fields, points


class AppointmentNoteView(APIView):
    """The note's routes under an appointment: /api/v1/appointments/ID/note/..."""

    def _note_call(self, request, call, *, status_code=status.HTTP_200_OK):
        try:
            result = call()
        except NoteRefused as refusal:
            raise PermissionDenied(str(refusal)) from None
        except NoteInvalid as invalid:
            return Response(invalid.errors, status=status.HTTP_400_BAD_REQUEST)
        note = result if isinstance(result, SessionNote) else result.note
        return note_response(note, request.user, status_code=status_code)

    def _note_appointment(self) -> Appointment:
        return reachable_appointment(self.request.user, self.kwargs["pk"])

    def _existing_note(self) -> SessionNote:
        appointment = self._note_appointment()
        note = notes_visible_to(self.request.user, appointment.client_id).filter(
            appointment=appointment
        )
        found = note.first()
        if found is None:
            raise Http404("This session has no note yet.")
        return found


# As the appointment's own routes describe it.
APPOINTMENT_ID = OpenApiParameter(
    "id",
    int,
    OpenApiParameter.PATH,
    description="A unique integer value identifying this appointment.",
)


class AppointmentNote(AppointmentNoteView):
    @extend_schema(
        parameters=[APPOINTMENT_ID], request=NoteWriteSerializer, responses=NoteSerializer
    )
    def post(self, request, pk):
        """Open the session's note (a draft), saving the fields and points sent."""
        appointment = self._note_appointment()
        fields, points = _note_payload(request.data)
        ip = client_ip(request)

        def open_and_save():
            note = note_open(appointment=appointment, by=request.user, ip=ip)
            if not (request.data or {}):
                return note
            merged = {**{n: getattr(note, n) for n in NOTE_FIELDS}, **fields}
            merged = {k: "" if v is None else v for k, v in merged.items()}
            return note_save(note=note, by=request.user, fields=merged, points=points, ip=ip)

        return self._note_call(request, open_and_save)


class AppointmentNoteSign(AppointmentNoteView):
    @extend_schema(
        parameters=[APPOINTMENT_ID], request=NoteSignSerializer, responses=NoteSerializer
    )
    def post(self, request, pk):
        """Sign the session's note once the session has started: it is locked from then on.
        Points that break the screening's limits need an `override_reason`."""
        note = self._existing_note()
        data = request.data if isinstance(request.data, dict) else {}
        reason = data.get("override_reason", "")
        if not isinstance(reason, str):
            raise ValidationError({"override_reason": ["Write the reason as text."]})
        return self._note_call(
            request,
            lambda: note_sign(
                note=note, by=request.user, override_reason=reason, ip=client_ip(request)
            ),
        )


class AppointmentNoteAddenda(AppointmentNoteView):
    @extend_schema(
        parameters=[APPOINTMENT_ID],
        request=AddendumWriteSerializer,
        responses={201: NoteSerializer},
    )
    def post(self, request, pk):
        """Add an addendum to the session's signed note."""
        note = self._existing_note()
        text = request.data.get("text", "") if isinstance(request.data, dict) else ""
        if not isinstance(text, str):
            raise ValidationError({"text": ["Write the addendum as text."]})
        return self._note_call(
            request,
            lambda: note_add_addendum(note=note, by=request.user, text=text, ip=client_ip(request)),
            status_code=status.HTTP_201_CREATED,
        )


class ClientNotes(generics.ListAPIView):
    """A client's session notes, newest first, as the caller may read them."""

    serializer_class = NoteSerializer
    permission_classes = [ClientRecordsReadable]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SessionNote.objects.none()
        return notes_visible_to(self.request.user, self.kwargs["client_id"])

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "therapist_view": not self.request.user.is_client,
        }

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        audit_read(self.request, *(page if page is not None else queryset))
        return page
