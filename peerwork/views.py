"""View plumbing shared by every app: the button that calls one service."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from peerwork.forms import add_service_errors, refusal

T = TypeVar("T")


def act(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    done: str | Callable[[T], str],
    then: HttpResponse,
) -> HttpResponse:
    """Run a button's one service call and go to `then` either way.

    If the service refuses (ValidationError), its refusal is the error message and nothing else
    happens; otherwise `done` is the success message. A `done` that depends on what the service
    did is a function of its result, and is only worked out once the service has succeeded.

    For a button with no form. A form's refusals go next to its boxes (`add_service_errors`).
    """
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, done if isinstance(done, str) else done(result))
    return then


def submitted(form: BaseForm, action: Callable[[], T]) -> T | None:
    """Run a form's one service call if the form is valid, and return what it returned; None if
    the form is not valid or the service refused (its refusal goes next to its field)."""
    if not form.is_valid():
        return None
    try:
        return action()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


__all__ = ["act", "submitted"]
