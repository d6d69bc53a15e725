"""Where credential documents are kept: the "private" entry of STORAGES (see settings)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(FileSystemStorage):
    """Files outside the static and public media folders, served only through views.

    The folder is read from the settings at each use, so tests can point it elsewhere.
    """

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


class ConfiguredPrivateStorage(LazyObject):
    """STORAGES["private"], built at first use and again after STORAGES changes, as Django
    does for its default storage: a file field keeps the storage it was given for good."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


configured_private_storage = ConfiguredPrivateStorage()


def private_storage() -> Storage:
    """The file fields' storage: named by this function in migrations, whatever the setting."""
    return configured_private_storage


@receiver(setting_changed)
def forget_private_storage(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        configured_private_storage._wrapped = empty
