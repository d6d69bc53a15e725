from rest_framework import serializers


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
    limit_breaches = serializers.ListField(
        child=serializers.CharField(), help_text="The screening's limits the points broke."
    )
    limit_override_reason = serializers.CharField(
        help_text="Why the note was signed outside the screening's limits."
    )
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
