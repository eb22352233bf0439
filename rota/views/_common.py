"""What every rota page needs: the establishment's rota (404 if it has none) and the permission to
change it (403)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from peerwork.dates import monday_of
from rota import selectors
from rota.models import Rota
from schemes.models import Scheme


def rota_of(request) -> Rota:
    return selectors.rota_get(establishment=request.establishment)


def require_change(request, rota: Rota | Scheme | None) -> None:
    """The rota (or, before it exists, the Listener scheme) is one this user builds."""
    if not request.user.has_perm("rota.change_rota", rota):
        raise PermissionDenied


def not_a_monday(starts_on: date, url_name: str):
    """A week's pages live at their Monday; any other day goes to the Monday of its week."""
    if starts_on.weekday() == 0:
        return None
    return redirect(url_name, starts_on=monday_of(starts_on))
