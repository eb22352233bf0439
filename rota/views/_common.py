"""What every rota page needs: the establishment's rota (404 if it has none) and the permission to
change it (403)."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Concatenate, ParamSpec

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect

from accounts.http import StaffRequest
from peerwork.dates import monday_of
from rota import selectors
from rota.models import Rota
from schemes.models import Scheme

P = ParamSpec("P")


def rota_of(request: StaffRequest) -> Rota:
    return selectors.rota_get(establishment=request.establishment)


def require_change(request: StaffRequest, rota: Rota | Scheme | None) -> None:
    """The rota (or, before it exists, the Listener scheme) is one this user builds."""
    if not request.user.has_perm("rota.change_rota", rota):
        raise PermissionDenied


def rota_builder(
    view: Callable[Concatenate[StaffRequest, Rota, P], HttpResponse],
) -> Callable[Concatenate[StaffRequest, P], HttpResponse]:
    """A page for those who build the rota: the view is given the establishment's rota (404 if it
    has none) once the user is known to change it (403 if not)."""

    @wraps(view)
    def with_rota(request: StaffRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        rota = rota_of(request)
        require_change(request, rota)
        return view(request, rota, *args, **kwargs)

    return with_rota


def not_a_monday(starts_on: date, url_name: str) -> HttpResponse | None:
    """A week's pages live at their Monday; any other day goes to the Monday of its week."""
    if starts_on.weekday() == 0:
        return None
    return redirect(url_name, starts_on=monday_of(starts_on))
