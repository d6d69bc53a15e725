"""Two-step sign-in: an authenticator app (TOTP) and a set of single-use backup codes."""

import math
import re
from base64 import b32encode
from datetime import timedelta

import segno
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import is_clinic_staff
from .models import User
from .signals import second_factor_turned_off

BACKUP_CODE_COUNT = 10
APP_CODE = re.compile(r"\d{6}")
# Wrong codes in a row that a device takes before it pauses; a right code resets the count.
# django-otp's own back-off (settings OTP_*_THROTTLE_FACTOR = 0) refused even a right code
# typed within a second or two of a wrong one.
SECOND_FACTOR_FAILURE_LIMIT = 5
SECOND_FACTOR_PAUSE = timedelta(minutes=1)


class TooManyCodes(Exception):
    """Too many wrong codes in a row: `seconds` to wait before the next try."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"Too many wrong codes. Wait {seconds} seconds, then try again.")
        self.seconds = seconds


def has_second_factor(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def totp_device_pending(user: User) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(
        omitsize=True, scale=5, title="QR code for your authenticator app"
    )


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn the authenticator on if the code is right; give the new backup codes."""
    if not device.verify_token(_clean(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return backup_codes_renew(user=device.user)


@transaction.atomic
def backup_codes_renew(*, user: User) -> list[str]:
    """Replace every backup code of the user with new ones, shown to them once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Backup codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_turn_off(*, user: User, ip: str | None) -> None:
    """Remove a client's authenticator and backup codes; staff must keep theirs."""
    if is_clinic_staff(user):
        raise PermissionDenied("Clinic staff must keep two-step sign-in on.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    second_factor_turned_off.send(sender=User, user=user, ip=ip)


def second_factor_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts the code: six digits are the app's, anything else a backup code.
    Trying only the matching kind keeps a typo from pausing the other device. Raises
    TooManyCodes while the device pauses after SECOND_FACTOR_FAILURE_LIMIT wrong codes."""
    code = _clean(code)
    kind = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if not isinstance(device, kind):
                continue
            _refuse_while_paused(device)
            if device.verify_token(code):
                return device
    return None


def _refuse_while_paused(device: Device) -> None:
    if device.throttling_failure_count < SECOND_FACTOR_FAILURE_LIMIT:
        return
    paused_until = device.throttling_failure_timestamp + SECOND_FACTOR_PAUSE
    left = (paused_until - timezone.now()).total_seconds()
    if left > 0:
        raise TooManyCodes(math.ceil(left))


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()
