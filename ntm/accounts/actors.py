"""Who performs a write: a person (a Django user) or the system (a command or job on its own authority).

Services take `actor: Actor`. A person is checked against their roles; the system is not checked,
so it must be named explicitly with `SystemActor` — never inferred from "anything without a pk".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from django.contrib.auth.models import AbstractBaseUser

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class SystemActor:
    """A command or background job writing on its own authority, e.g. `SystemActor("ntm units load")`."""

    name: str

    def __str__(self) -> str:
        return self.name


Actor = Union["User", SystemActor]


def as_actor(actor) -> Actor:
    """The actor, refusing anything that is neither a signed-in user nor an explicit system actor.

    A plain string is accepted as the name of a system actor (commands and tests name themselves
    that way); an anonymous user, None or any other object is refused, so no caller skips the
    permission checks by accident.
    """
    if isinstance(actor, SystemActor):
        return actor
    if isinstance(actor, str) and actor:
        return SystemActor(actor)
    if isinstance(actor, AbstractBaseUser) and actor.pk is not None:
        return actor  # type: ignore[return-value]
    raise TypeError(f"not an actor: {actor!r}")


def person(actor) -> User | None:
    """The user behind a write, or None when the system writes."""
    actor = as_actor(actor)
    return None if isinstance(actor, SystemActor) else actor


def is_system(actor) -> bool:
    return isinstance(as_actor(actor), SystemActor)


def actor_name(actor) -> str:
    """What the audit trail shows as the author: the username, or the system actor's name."""
    actor = as_actor(actor)
    return actor.name if isinstance(actor, SystemActor) else actor.get_username()
