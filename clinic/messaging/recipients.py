"""How a person may be reached: by email, by text message, and which messages they want.

A client chooses on their profile, which an app above this one keeps: that app sets the
finder here. Anyone it has nothing for (therapists, admins) is reached by email only.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .models import Channel


@dataclass(frozen=True)
class Reach:
    email: bool = True
    sms: bool = False
    phone: str = ""
    reminders: bool = True  # the optional messages: reminders, follow-ups, nudges
    opted_in: frozenset[str] = field(default_factory=frozenset)  # kinds asked for

    def channels(self, *, essential: bool) -> list[str]:
        """The channels chosen; an essential message goes by email at least."""
        chosen = [Channel.EMAIL] * self.email + [Channel.SMS] * bool(self.sms and self.phone)
        return chosen or ([Channel.EMAIL] if essential else [])


# Until an app says how people may be reached: by email, with the optional messages on.
DEFAULT_REACH = Reach()


@dataclass
class _Finder:
    find: Callable[[object], Reach] = lambda person: DEFAULT_REACH
    # What to load with a message's recipient for `find` to need no query of its own.
    related: tuple[str, ...] = ()


_finder = _Finder()


def reach_of(person) -> Reach:
    return _finder.find(person)


def recipient_related() -> tuple[str, ...]:
    return _finder.related


def set_reach_finder(find: Callable[[object], Reach], *, related: tuple[str, ...] = ()) -> None:
    """Called once, by the app that keeps people's contact choices."""
    _finder.find, _finder.related = find, related
