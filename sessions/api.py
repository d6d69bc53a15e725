from datetime import datetime, time, timedelta, tzinfo
from functools import partial

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import books_sessions, permission, runs_front_desk
from clinic.accounts.models import Role, User
from clinic.catalogue.models import Service
from clinic.web.api import ErrorSerializer
from clinic.web.fields import DateTimeField
from clinic.web.renderers import FastJSONRenderer
from therapists.models import Therapist

from .availability import FreeStarts, free_starts
from .models import Appointment
from .rules import validate_near_date, validate_near_instant
from .series import appointment_series_book, series_cancel_following
from .services import (
    ActionRefused,
    BookingRefused,
    SlotTaken,
    TooManyChanges,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)

MAX_DAYS = 31
BooksSessions = permission(books_sessions, "Only clients and the front desk book sessions.")
RunsFrontDesk = permission(runs_front_desk, "Only the front desk and clinic admins book a series.")
SLOT_TAKEN_RESPONSE = OpenApiResponse(ErrorSerializer, description="The time is taken.")
TOO_MANY_CHANGES_RESPONSE = OpenApiResponse(
    ErrorSerializer, description="Too many bookings and moves in the last hour (see Retry-After)."
)


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
    """A free slot as the API shows it; `slots_json` writes this shape for the answer."""

    therapist = serializers.IntegerField(source="therapist_id")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class AvailabilitySerializer(serializers.Serializer):
    slots = SlotSerializer(many=True)


class AvailabilityView(APIView):
    permission_classes = [AllowAny]
    # A month of a busy clinic is thousands of slots: no float among them.
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]

    @extend_schema(parameters=[AvailabilityQuerySerializer], responses=AvailabilitySerializer)
    def get(self, request):
        query = AvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        therapists = Therapist.objects.offering(params["service"].pk).filter(user__is_active=True)
        if "therapist" in params:
            therapists = therapists.filter(pk=params["therapist"].pk)
        free = free_starts(
            service=params["service"],
            therapist_ids=therapists.values("pk"),
            first_day=params["start"],
            days=params["days"],
            now=timezone.now(),
        )
        return Response({"slots": slots_json(free)})


def iso_minute(minute: int, zone: tzinfo) -> str:
    """A minute since the epoch as DRF's DateTimeField writes it: ISO 8601 in `zone`, UTC
    as Z."""
    text = datetime.fromtimestamp(minute * 60, zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# The wall-clock time of each minute of a day, as ISO 8601 writes it after the date.
CLOCK = [f"T{hour:02d}:{minute:02d}:00" for hour in range(24) for minute in range(60)]


def iso_minutes(minutes: list[int], zone: tzinfo) -> dict[int, str]:
    """`iso_minute` of each of the sorted minutes, working out the date and offset once a
    day: on a day with no clock change in `zone`, a minute's text is the day's date, its
    clock time and the day's offset."""
    texts = {}
    midnight = following = 0
    date_text = offset_text = ""
    for minute in minutes:
        if not midnight <= minute < following:
            day = datetime.fromtimestamp(minute * 60, zone).date()
            start = datetime.combine(day, time(0), tzinfo=zone)
            end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
            midnight, following = int(start.timestamp()) // 60, int(end.timestamp()) // 60
            offset = start.isoformat()[19:]
            steady = following - midnight == 24 * 60  # no clock change that day
            date_text = day.isoformat() if steady else ""
            offset_text = "Z" if offset == "+00:00" else offset
        texts[minute] = (
            date_text + CLOCK[minute - midnight] + offset_text
            if date_text
            else iso_minute(minute, zone)
        )
    return texts


def slots_json(free: FreeStarts) -> list[dict]:
    """The slots as `SlotSerializer` writes them, in one pass: a busy month holds thousands,
    and DRF's field-by-field serialising took longer than finding them. Therapists share
    start and end times, so each instant is written once."""
    zone = timezone.get_current_timezone()
    minutes = {minute for start, _ in free.starts for minute in (start, start + free.duration)}
    texts = iso_minutes(sorted(minutes), zone)
    rows = [
        (texts[start], texts[start + free.duration], therapist_ids)
        for start, therapist_ids in free.starts
    ]
    return [
        {"therapist": therapist_id, "start": start, "end": end}
        for start, end, therapist_ids in rows
        for therapist_id in therapist_ids
    ]


class InstantField(DateTimeField):
    """A booking's start: a date and time within a year of now. A time without an offset is
    read on the clinic's clock; one so late in year 9999 that it has no UTC instant is out
    of range (DRF's own check of it would overflow)."""

    def __init__(self, **kwargs):
        super().__init__(validators=[validate_near_instant], **kwargs)

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except OverflowError:
            self.fail("overflow")


class AppointmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appointment
        fields = ["id", "client", "therapist", "service", "start", "end", "status"]
        read_only_fields = fields


class AppointmentCreateSerializer(serializers.Serializer):
    client = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        required=False,
        help_text="Whom the desk books for; a client books for themselves.",
        error_messages={"does_not_exist": "Unknown client.", "incorrect_type": "Unknown client."},
    )
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
    start = InstantField()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_desk = user is not None and runs_front_desk(user)
        # A client may name only themselves: anyone else is as unknown as a missing id.
        clients = User.objects.filter(role=Role.CLIENT, is_active=True)
        self.fields["client"].queryset = (
            clients if self.for_desk else clients.filter(pk=getattr(user, "pk", None))
        )

    def validate(self, data):
        if self.for_desk and "client" not in data:
            raise serializers.ValidationError({"client": ["Choose the client to book for."]})
        return data


class RescheduleSerializer(serializers.Serializer):
    start = InstantField()
    therapist = serializers.PrimaryKeyRelatedField(
        queryset=Therapist.objects.select_related("user"),
        required=False,
        help_text="The desk may move a session to another therapist.",
        error_messages={
            "does_not_exist": "Unknown therapist.",
            "incorrect_type": "Unknown therapist.",
        },
    )


class SeriesCreateSerializer(serializers.Serializer):
    client = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.CLIENT, is_active=True),
        error_messages={"does_not_exist": "Unknown client.", "incorrect_type": "Unknown client."},
    )
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
    start = InstantField(help_text="The first session; the others follow it.")
    every_weeks = serializers.IntegerField(help_text="A session every 1 to 8 weeks.")
    count = serializers.IntegerField(help_text="How many sessions, 2 to 26.")


class SkippedSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    reason = serializers.CharField()


class SeriesBookedSerializer(serializers.Serializer):
    appointments = AppointmentSerializer(many=True)
    skipped = SkippedSerializer(many=True)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    following = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The desk and admins: also cancel every later session of its series.",
    )
    charge_late_fee = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The desk and admins, for a client who called inside the free-cancellation "
        "window: charge the late-cancellation fee.",
    )


def refusal_response(refusal: BookingRefused) -> Response:
    if isinstance(refusal, TooManyChanges):
        return Response(
            {"detail": refusal.message},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(refusal.retry_after)},
        )
    if isinstance(refusal, SlotTaken):
        return Response({"detail": refusal.message}, status=status.HTTP_409_CONFLICT)
    return Response({refusal.field: [refusal.message]}, status=status.HTTP_400_BAD_REQUEST)


class AppointmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A client's bookings, a therapist's schedule, or everything for an admin."""

    serializer_class = AppointmentSerializer

    def get_permissions(self):
        if self.action == "create":
            return [BooksSessions()]
        if self.action == "series":
            return [RunsFrontDesk()]
        return super().get_permissions()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Appointment.objects.none()
        return Appointment.objects.visible_to(self.request.user).with_related().order_by("-start")

    @extend_schema(
        request=AppointmentCreateSerializer,
        responses={
            201: AppointmentSerializer,
            409: SLOT_TAKEN_RESPONSE,
            429: TOO_MANY_CHANGES_RESPONSE,
        },
    )
    def create(self, request):
        data = AppointmentCreateSerializer(data=request.data, user=request.user)
        data.is_valid(raise_exception=True)
        booking = {"client": request.user, **data.validated_data}
        try:
            appointment = appointment_book(by=request.user, **booking)
        except BookingRefused as refusal:
            return refusal_response(refusal)
        except ActionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CancelSerializer, responses=AppointmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        appointment = self.get_object()  # first: someone else's gets a 404, whatever the body
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        following = data.validated_data.pop("following")
        if following and not runs_front_desk(request.user):
            refusal = "Only the front desk and clinic admins cancel the rest of a series."
            return Response({"following": [refusal]}, status=status.HTTP_400_BAD_REQUEST)
        charge = data.validated_data.pop("charge_late_fee")
        cancel = (
            series_cancel_following
            if following
            else partial(appointment_cancel, charge_late_fee=charge)
        )
        try:
            cancel(appointment=appointment, by=request.user, **data.validated_data)
        except ActionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        appointment.refresh_from_db()
        return Response(AppointmentSerializer(appointment).data)

    @extend_schema(
        request=SeriesCreateSerializer,
        responses={201: SeriesBookedSerializer},
    )
    @action(detail=False, methods=["post"], url_path="series")
    def series(self, request):
        """The desk books a client's series; the times that were not free are skipped."""
        data = SeriesCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            booking = appointment_series_book(by=request.user, **data.validated_data)
        except BookingRefused as refusal:
            return Response({refusal.field: [refusal.message]}, status=status.HTTP_400_BAD_REQUEST)
        except ActionRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_400_BAD_REQUEST)
        answer = SeriesBookedSerializer(booking)
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RescheduleSerializer,
        responses={
            200: AppointmentSerializer,
            409: SLOT_TAKEN_RESPONSE,
            429: TOO_MANY_CHANGES_RESPONSE,
        },
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
