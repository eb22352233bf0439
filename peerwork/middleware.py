"""What every request and response gets, whichever app answers it."""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

# C0 control characters and DEL, except tab, line feed and carriage return. PostgreSQL cannot
# store NUL in text at all, and none of them is something a person meant to type.
# When IdleSessionMiddleware last wrote the session (a POSIX timestamp).
TOUCHED_KEY = "_touched_at"

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(data: "_ImmutableQueryDict") -> "_ImmutableQueryDict":
    """A copy of `data` with control characters taken out of every key and value."""
    if not any(CONTROL_CHARACTERS.search(key) for key in data) and not any(
        CONTROL_CHARACTERS.search(value) for values in data.lists() for value in values[1]
    ):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(CONTROL_CHARACTERS.sub("", key), [CONTROL_CHARACTERS.sub("", v) for v in values])
    cleaned._mutable = False
    # Immutable again, as request.GET and request.POST are (a class of django-stubs' own says so).
    return cast("_ImmutableQueryDict", cleaned)


class CleanInputMiddleware:
    """Takes control characters out of the query string and the form fields at the edge.

    Nothing behind this sees a NUL byte, so a search or a form can neither crash on one nor store
    one. Files are left as they were sent.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.GET = without_control_characters(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = without_control_characters(request.POST)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Marks every page `Cache-Control: no-store, private` unless the view said otherwise.

    Wing PCs are shared: after a sign-out, the back button must not show the last person's
    records from the browser's cache. Static files are served before this and keep their caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class IdleSessionMiddleware:
    """Keeps a session alive while it is used, writing it at most once a minute.

    A session ends SESSION_COOKIE_AGE (SESSION_IDLE_MINUTES) after it was last written. Django's
    SESSION_SAVE_EVERY_REQUEST would write it on every page, three queries each time; this writes
    it when the last write is SESSION_TOUCH_SECONDS old or more, so an idle session still ends
    after the idle limit (at most that minute sooner) for one write a minute. Sits just inside
    SessionMiddleware, which does the write. A session that is empty (never signed in, or just
    signed out) is left alone, so a sign-out is never undone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        now = timezone.now().timestamp()
        if now - session.get(TOUCHED_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
            session[TOUCHED_KEY] = now
        return response


def session_written_at_sign_in(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """Signing in writes the session (a new key, who signed in): that is its first write, so the
    next page need not write it again. Connected to `user_logged_in` in accounts' AppConfig."""
    request.session[TOUCHED_KEY] = timezone.now().timestamp()
