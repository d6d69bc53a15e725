from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.accounts.access import permission, reads_clinic_calendar
from sessions.rules import validate_near_date

from .selectors import calendar_for

MAX_DAYS = 14
ReadsCalendar = permission(
    reads_clinic_calendar, "The calendar is for the front desk and therapists."
)


class CalendarQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        validators=[validate_near_date], help_text="The first day, in the clinic's time zone."
    )
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, default=1)


class CalendarTherapistSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class CalendarAppointmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    therapist = serializers.IntegerField(source="therapist_id")
    client = serializers.IntegerField(source="client_id")
    client_name = serializers.CharField(source="client")
    service = serializers.IntegerField(source="service_id")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    status = serializers.CharField()


class CalendarSerializer(serializers.Serializer):
    therapists = CalendarTherapistSerializer(many=True)
    appointments = CalendarAppointmentSerializer(many=True)


class CalendarView(APIView):
    """The clinic's calendar over one to fourteen days: every therapist and appointment for
    the desk and admins (cancelled ones included), a therapist's own for a therapist. Times,
    clients and services: no clinical record."""

    permission_classes = [ReadsCalendar]

    @extend_schema(parameters=[CalendarQuerySerializer], responses=CalendarSerializer)
    def get(self, request):
        query = CalendarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        calendar = calendar_for(request.user, first_day=params["start"], days=params["days"])
        return Response(CalendarSerializer(calendar).data)
