"""One-time codes for tests that go through two-step sign-in as a person would."""

from django.contrib.auth.signals import user_logged_in
from django.test.client import ClientMixin
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts.access import is_clinic_staff
from clinic.accounts.twofactor import has_second_factor
from clinic.audit.receivers import SIGN_IN_AUDIT, audit_sign_in


def confirmed_authenticator(user) -> TOTPDevice:
    """The user's authenticator app, set up and confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the app shows now (the clock as the test has set it)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


# Django's own, kept before the suite's autouse fixture puts `sign_in_fully` in its place.
DJANGO_FORCE_LOGIN = ClientMixin.force_login


def sign_in_fully(client, user, backend=None) -> None:
    """`force_login` as if through the whole sign-in: with the second step done for those who
    need one (a confirmed authenticator app in the session), and without the sign-in's audit
    event, which belongs to the real sign-in's own tests."""
    user_logged_in.disconnect(dispatch_uid=SIGN_IN_AUDIT)
    try:
        DJANGO_FORCE_LOGIN(client, user, backend)
    finally:
        user_logged_in.connect(audit_sign_in, dispatch_uid=SIGN_IN_AUDIT)
    if is_clinic_staff(user) or has_second_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_authenticator(user).persistent_id
        session.save()
