from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import SwitchEstablishmentForm
from accounts.forms_settings import DigestSettingsForm
from accounts.http import SignedInRequest, StaffRequest
from accounts.middleware import SESSION_KEY
from peerwork.decorators import establishment_required
from peerwork.forms import posted


@require_POST
def switch_establishment(request: SignedInRequest) -> HttpResponse:
    form = SwitchEstablishmentForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose an establishment.")
    chosen = form.cleaned_data["establishment"]
    if chosen not in {e.pk for e in request.establishments}:
        return HttpResponseBadRequest("You do not work in that establishment.")
    request.session[SESSION_KEY] = chosen
    return redirect("home")


@establishment_required
@permission_required("accounts.view_staff", raise_exception=True)
def staff_list(request: StaffRequest) -> HttpResponse:
    staff = selectors.staff_list(establishment=request.establishment)
    return render(request, "accounts/staff_list.html", {"staff": staff})


def account_settings(request: SignedInRequest) -> HttpResponse:
    """Personal settings. Not scoped to an establishment: they follow the person."""
    form = DigestSettingsForm(posted(request), initial={"receives_digest": request.user.receives_digest})
    if form.is_valid():
        receives = form.cleaned_data["receives_digest"]
        services.user_set_digest(user=request.user, receives=receives, actor=request.user)
        if receives:
            messages.success(request, "You will get the daily email digest.")
        else:
            messages.success(request, "You will no longer get the daily email digest.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
