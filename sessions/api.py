from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import readable_client
from clinic.audit.services import audit_read, client_ip
from clinic.catalogue.models import Service
from clinic.web.api import ErrorSerializer
from therapists.models import Therapist

from .availability import available_slots
from .models import Appointment, NoteAddendum, SessionNote, TreatedPoint
from .note_forms import NOTE_FIELDS, POINT_FIELDS
from .notes import NoteInvalid, NoteRefused, note_add_addendum, note_open, note_save, note_sign
from .rules import validate_near_date
from .selectors import note_appointments, notes_visible_to
from .services import (
    ActionRefused,
    BookingRefused,
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)

MAX_DAYS = 31
SLOT_TAKEN_RESPONSE = OpenApiResponse(ErrorSerializer, description="The time is taken.")


class AvailabilityQuerySerializer(serializers.Serializer):
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.active(),
        error_messages={"does_not_exist": "Unknown service.", "incorrect_type": "Unknown service."},
    )
    start = serializers.DateField(validators=[validate_near_date])
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, default=1)
    therapist = serializers.PrimaryKeyRelatedField(
        queryset=Therapist.objects.all(),
        required=False,
        error_messages={
            "does_not_exist": "Unknown therapist.",
            "incorrect_type": "Unknown therapist.",
        },
    )


class SlotSerializer(serializers.Serializer):
    therapist = serializers.IntegerField(source="therapist_id")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class AvailabilitySerializer(serializers.Serializer):
    slots = SlotSerializer(many=True)


class AvailabilityView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[AvailabilityQuerySerializer], responses=AvailabilitySerializer)
    def get(self, request):
        query = AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        therapists = Therapist.objects.offering(params["service"].pk).filter(user__is_active=True)
        if "therapist" in params:
            therapists = therapists.filter(pk=params["therapist"].pk)
        slots = available_slots(
            service=params["service"],
            therapist_ids=list(therapists.values_list("pk", flat=True)),
            first_day=params["start"],
            days=params["days"],
            now=timezone.now(),
        )
        return Response(AvailabilitySerializer({"slots": slots}).data)


class AppointmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appointment
        fields = ["id", "client", "therapist", "service", "start", "end", "status"]
        read_only_fields = fields


class AppointmentCreateSerializer(serializers.Serializer):
    therapist = serializers.PrimaryKeyRelatedField(
        queryset=Therapist.objects.select_related("user"),
        error_messages={
            "does_not_exist": "Unknown therapist.",
            "incorrect_type": "Unknown therapist.",
        },
    )
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(),
        error_messages={"does_not_exist": "Unknown service.", "incorrect_type": "Unknown service."},
    )
    start = serializers.DateTimeField()


class RescheduleSerializer(serializers.Serializer):
    start = serializers.DateTimeField()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


def refusal_response(refusal: BookingRefused) -> Response:
    if isinstance(refusal, SlotTaken):
        return Response({"detail": refusal.message}, status=status.HTTP_409_CONFLICT)
    return Response({refusal.field: [refusal.message]}, status=status.HTTP_400_BAD_REQUEST)


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


class AppointmentNoteMixin:
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

    @extend_schema(request=NoteWriteSerializer, responses=NoteSerializer)
    @action(detail=True, methods=["post"], url_path="note")
    def note(self, request, pk=None):
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

    @extend_schema(request=None, responses=NoteSerializer)
    @action(detail=True, methods=["post"], url_path="note/sign")
    def note_sign(self, request, pk=None):
        note = self._existing_note()
        return self._note_call(
            request, lambda: note_sign(note=note, by=request.user, ip=client_ip(request))
        )

    @extend_schema(request=AddendumWriteSerializer, responses={201: NoteSerializer})
    @action(detail=True, methods=["post"], url_path="note/addenda")
    def note_addenda(self, request, pk=None):
        note = self._existing_note()
        text = request.data.get("text", "") if isinstance(request.data, dict) else ""
        if not isinstance(text, str):
            raise ValidationError({"text": ["Write the addendum as text."]})
        return self._note_call(
            request,
            lambda: note_add_addendum(note=note, by=request.user, text=text, ip=client_ip(request)),
            status_code=status.HTTP_201_CREATED,
        )

    def _note_appointment(self) -> Appointment:
        """The appointment, if the caller may reach its note (the client's other therapists
        too); a 404 like a missing one otherwise."""
        queryset = note_appointments(self.request.user).with_related()
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def _existing_note(self) -> SessionNote:
        appointment = self._note_appointment()
        note = notes_visible_to(self.request.user, appointment.client_id).filter(
            appointment=appointment
        )
        found = note.first()
        if found is None:
            raise Http404("This session has no note yet.")
        return found


class ClientNotes(generics.ListAPIView):
    """A client's session notes, newest first, as the caller may read them."""

    serializer_class = NoteSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SessionNote.objects.none()
        readable_client(self.request, self.kwargs["client_id"])
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


class AppointmentViewSet(
    AppointmentNoteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A client's bookings, a therapist's schedule, or everything for an admin."""

    serializer_class = AppointmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Appointment.objects.none()
        return Appointment.objects.visible_to(self.request.user).with_related().order_by("-start")

    @extend_schema(
        request=AppointmentCreateSerializer,
        responses={201: AppointmentSerializer, 409: SLOT_TAKEN_RESPONSE},
    )
    def create(self, request):
        if not request.user.is_client:
            raise PermissionDenied("Only clients can book sessions.")
        data = AppointmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            appointment = appointment_book(client=request.user, **data.validated_data)
        except BookingRefused as refusal:
            return refusal_response(refusal)
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CancelSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        appointment = self.get_object()  # first: someone else's gets a 404, whatever the body
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            appointment = appointment_cancel(
                appointment=appointment, by=request.user, **data.validated_data
            )
        except ActionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(AppointmentSerializer(appointment).data)

    @extend_schema(
        request=RescheduleSerializer,
        responses={200: AppointmentSerializer, 409: SLOT_TAKEN_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        appointment = self.get_object()  # first: someone else's gets a 404, whatever the body
        data = RescheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            appointment = appointment_reschedule(
                appointment=appointment, by=request.user, **data.validated_data
            )
        except ActionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        except BookingRefused as refusal:
            return refusal_response(refusal)
        return Response(AppointmentSerializer(appointment).data)
