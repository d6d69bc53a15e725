"""One-time codes for tests that go through two-step sign-in as a person would."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_authenticator(user) -> TOTPDevice:
    """The user's authenticator app, set up and confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the app shows now (the clock as the test has set it)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"
