from datetime import date, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from clients.intake.models import Intake
from clients.intake.services import intake_submit
from clients.models import ClientProfile
from clinic.accounts.models import Role, User
from clinic.catalogue.models import Service
from clinic.messaging.models import Channel, Message, MessageState
from sessions.billing.models import MembershipPlan, PackageProduct
from sessions.models import Appointment
from sessions.notes.models import NoteAddendum, NoteStatus, SessionNote, TreatedPoint
from sessions.waitlist.models import WaitlistEntry, WaitlistOffer
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus
from therapists.models import Modality, Therapist, TimeOff, WorkingHours

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.CLIENT
    email_confirmed_at = factory.LazyFunction(timezone.now)
    # Hashed before the account is saved: a password set on a saved account is a change of
    # password, which ends its API tokens and is audited as one.
    password = factory.django.Password(PASSWORD)


class ClientFactory(UserFactory):
    role = Role.CLIENT


class DeskFactory(UserFactory):
    role = Role.DESK


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True


DEFAULT_LENGTHS = [minutes for minutes in range(35, 121, 5) if minutes not in (45, 60, 90)]


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = "Trigger point therapy"
    # Cycles through lengths that fit in any working day and that no test asks for by name
    # (30, 45, 60, 90), so a default service never clashes with one a test made.
    duration_minutes = factory.Sequence(lambda n: DEFAULT_LENGTHS[n % len(DEFAULT_LENGTHS)])
    buffer_minutes = 0
    price = Decimal("100.00")


class TherapistFactory(factory.django.DjangoModelFactory):
    """A therapist without hours or licence; see `bookable_therapist` for a ready one."""

    class Meta:
        model = Therapist
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.THERAPIST)
    display_name = factory.Faker("name")
    modalities = [Modality.TRIGGER_POINT]
    years_of_practice = 5

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.services.set(extracted)


class InsuredTherapistFactory(TherapistFactory):
    """A therapist with valid liability insurance: a verified licence makes them bookable."""

    @factory.post_generation
    def insurance(obj, create, extracted, **kwargs):
        if create:
            InsuranceFactory(
                therapist=obj, issued_on=date(2000, 1, 1), expires_on=date(2099, 12, 31)
            )


class CredentialFactory(factory.django.DjangoModelFactory):
    """A verified licence, of an insured therapist unless one is given."""

    class Meta:
        model = Credential

    therapist = factory.SubFactory(InsuredTherapistFactory)
    kind = CredentialKind.LICENCE
    number = factory.Sequence(lambda n: f"RMT-{n:05d}")
    issuing_authority = "College of Massage Therapists of Ontario"
    jurisdiction = "Ontario"
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
    status = CredentialStatus.VERIFIED


class InsuranceFactory(CredentialFactory):
    """Liability insurance: required, with the licence, to be bookable."""

    therapist = factory.SubFactory(TherapistFactory)
    kind = CredentialKind.INSURANCE
    number = factory.Sequence(lambda n: f"POL-{n:06d}")
    issuing_authority = "Healthcare Mutual Insurance"


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours

    therapist = factory.SubFactory(TherapistFactory)
    weekday = 0
    start = time(9)
    end = time(17)


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    therapist = factory.SubFactory(TherapistFactory)
    reason = "Holiday"


def bookable_therapist(
    *services: Service,
    weekdays=range(7),
    start: time = time(9),
    end: time = time(17),
    licence_expires: date | None = None,
) -> Therapist:
    """A therapist with a verified licence and liability insurance, working `start`-`end`
    on `weekdays`."""
    therapist = InsuredTherapistFactory(services=list(services))
    CredentialFactory(
        therapist=therapist,
        issued_on=date(2000, 1, 1),
        expires_on=licence_expires or date(2099, 12, 31),
    )
    WorkingHours.objects.bulk_create(
        WorkingHoursFactory.build(therapist=therapist, weekday=weekday, start=start, end=end)
        for weekday in weekdays
    )
    return therapist


class AppointmentFactory(factory.django.DjangoModelFactory):
    """An appointment written directly, bypassing the booking rules (for arranging tests)."""

    class Meta:
        model = Appointment

    client = factory.SubFactory(ClientFactory)
    therapist = factory.SubFactory(TherapistFactory)
    service = factory.SubFactory(ServiceFactory)
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(minutes=o.service.duration_minutes))
    blocked_until = factory.LazyAttribute(
        lambda o: o.end + timedelta(minutes=o.service.buffer_minutes)
    )


# Intakes


def pain_mark(region: str, side: str, intensity: int, *qualities: str) -> dict:
    """One mark of a pain chart, as the API and the body map write it."""
    return {"region": region, "side": side, "intensity": intensity, "qualities": list(qualities)}


def pain_chart(
    *marks: dict, worst: int = 8, least: int = 2, average: int = 5, now: int = 4
) -> dict:
    return {"marks": list(marks), "worst": worst, "least": least, "average": average, "now": now}


def intake_answers(**changes) -> dict:
    """Every answer a healthy client gives on the intake form (consents given), with changes."""
    return {
        "phone": "416-555-0100",
        "address": "12 Queen St W, Toronto",
        "emergency_contact_name": "Sam Chen",
        "emergency_contact_phone": "416-555-0199",
        "emergency_contact_relation": "Partner",
        "pain_onset": "After moving house in May.",
        "pain_duration": "chronic",
        "pain_pattern": "intermittent",
        "night_pain": False,
        "worse_with": "Sitting long.",
        "better_with": "Walking.",
        "earlier_treatment": "",
        "goals": "Less pain at work.",
        "medications": "",
        "conditions": "",
        "fever_or_infection": False,
        "clot_signs": False,
        "recent_surgery": False,
        "anticoagulants_or_bleeding": False,
        "osteoporosis": False,
        "cancer": False,
        "pregnancy": False,
        "skin_problems": False,
        "back_red_flags": False,
        "headache_red_flags": False,
        "blood_pressure": "normal",
        "areas_to_avoid": "",
        "preferred_pressure": "medium",
        "consent_treatment": True,
        "consent_privacy": True,
        **changes,
    }


def submit_intake(
    client: User, *, chart: dict | None = None, ip: str | None = None, **changes
) -> Intake:
    """A new signed version of the client's intake, made by the service as a client would."""
    return intake_submit(
        client=client,
        answers=intake_answers(**changes),
        chart=chart if chart is not None else pain_chart(pain_mark("temple", "L", 7, "aching")),
        signature=client.get_full_name(),
        ip=ip,
    )


# Session notes


class SessionNoteFactory(factory.django.DjangoModelFactory):
    """A draft note written directly (bypassing the services); see `signed_note`."""

    class Meta:
        model = SessionNote

    appointment = factory.SubFactory(AppointmentFactory)
    author = factory.LazyAttribute(lambda o: o.appointment.therapist.user)
    subjective = "Neck stiff after long days at the desk."
    objective = "Taut band in the upper trapezius; referral to the temple reproduced."
    assessment = "Myofascial pain, improving."
    plan = "Heat and gentle stretches daily."
    pain_before = 6
    pain_after = 3
    therapist_remarks = "Guarded about work stress."


class TreatedPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatedPoint

    note = factory.SubFactory(SessionNoteFactory)
    muscle = "upper_trapezius"
    side = "L"
    activity = "active"
    technique = "ischemic_compression"
    pressure = 3
    duration_seconds = 90
    response = "released"
    referral_reproduced = True


def point_fields(**changes) -> dict:
    """A treated point as the note's form and the API take it, with changes."""
    return {
        "muscle": "upper_trapezius",
        "side": "L",
        "activity": "active",
        "technique": "ischemic_compression",
        "pressure": 3,
        "duration_seconds": 90,
        "response": "released",
        "referral_reproduced": True,
        **changes,
    }


class NoteAddendumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteAddendum

    note = factory.SubFactory(SessionNoteFactory)
    author = factory.LazyAttribute(lambda o: o.note.author)
    text = "Correction: the left side, not the right."


def signed_note(*, points: int = 1, addenda: int = 0, **fields) -> SessionNote:
    """A signed note with `points` treated points and `addenda` addenda (points go in first:
    the database refuses them once the note is signed)."""
    note = SessionNoteFactory(**fields)
    TreatedPointFactory.create_batch(points, note=note)
    SessionNote.objects.filter(pk=note.pk).update(
        status=NoteStatus.SIGNED, signed_at=timezone.now()
    )
    note.refresh_from_db()
    NoteAddendumFactory.create_batch(addenda, note=note)
    return note


# Messages


class ClientProfileFactory(factory.django.DjangoModelFactory):
    """A client's message preferences (email only, reminders on, unless told)."""

    class Meta:
        model = ClientProfile

    user = factory.SubFactory(ClientFactory)
    phone = ""
    by_email = True
    by_sms = False
    reminders = True
    reminder_2h = False


class MessageFactory(factory.django.DjangoModelFactory):
    """A message row written directly, about an appointment (or none: appointment=None),
    due now and queued for sending unless told."""

    class Meta:
        model = Message

    class Params:
        appointment = factory.SubFactory(AppointmentFactory)

    key = factory.Sequence(lambda n: f"test-message-{n}")
    kind = "confirmation"
    channel = Channel.EMAIL
    subject = factory.LazyAttribute(lambda o: o.appointment)
    recipient = factory.LazyAttribute(lambda o: o.appointment.client if o.appointment else None)
    subject_time = factory.LazyAttribute(lambda o: o.appointment.start if o.appointment else None)
    due_at = factory.LazyFunction(timezone.now)
    send_by = factory.LazyAttribute(lambda o: o.due_at + timedelta(hours=1))
    state = MessageState.QUEUED


# Waitlist


class WaitlistEntryFactory(factory.django.DjangoModelFactory):
    """A client waiting for any therapist, every day from tomorrow for a month, 09:00-17:00."""

    class Meta:
        model = WaitlistEntry

    client = factory.SubFactory(ClientFactory)
    therapist = None
    service = factory.SubFactory(ServiceFactory)
    first_day = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=1))
    last_day = factory.LazyAttribute(lambda o: o.first_day + timedelta(days=30))
    weekdays = [0, 1, 2, 3, 4, 5, 6]
    earliest = time(9)
    latest = time(17)


class WaitlistOfferFactory(factory.django.DjangoModelFactory):
    """An open offer written directly (bypassing the matching), open for two hours."""

    class Meta:
        model = WaitlistOffer

    entry = factory.SubFactory(WaitlistEntryFactory)
    therapist = factory.SubFactory(TherapistFactory)
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(
        lambda o: o.start + timedelta(minutes=o.entry.service.duration_minutes)
    )
    blocked_until = factory.LazyAttribute(
        lambda o: o.end + timedelta(minutes=o.entry.service.buffer_minutes)
    )
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))


class PackageProductFactory(factory.django.DjangoModelFactory):
    """Five sessions for the price of four and a half."""

    class Meta:
        model = PackageProduct

    name = "Five sessions"
    service = factory.SubFactory(ServiceFactory)
    sessions = 5
    price = factory.LazyAttribute(lambda o: Decimal(str(o.service.price)) * Decimal("4.5"))
    tax_rate = factory.LazyAttribute(lambda o: Decimal(str(o.service.tax_rate)))
    valid_days = 180


class MembershipPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipPlan

    name = "Monthly care"
    monthly_credit = Decimal("100.00")
    price = Decimal("90.00")
