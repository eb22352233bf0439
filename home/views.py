from django.http import HttpResponse
from django.shortcuts import render

from accounts.http import StaffRequest
from accounts.models import Role
from accounts.navigation import sections_for
from home.selectors import home_for
from peerwork.decorators import establishment_required

TEMPLATES: dict[str, str] = {
    Role.SAFER_CUSTODY_MANAGER: "home/safer_custody.html",
    Role.SAFER_CUSTODY_OFFICER: "home/safer_custody.html",
    Role.SCHEME_COORDINATOR: "home/scheme_coordinator.html",
    Role.WING_OFFICER: "home/wing_officer.html",
    Role.SYSTEM_ADMIN: "home/system_admin.html",
}


@establishment_required
def home(request: StaffRequest) -> HttpResponse:
    context = home_for(user=request.user, establishment=request.establishment)
    return render(request, TEMPLATES[request.user.role], context)


@establishment_required
def more(request: StaffRequest) -> HttpResponse:
    """Every section the person may open, grouped: what their primary navigation leaves out."""
    return render(request, "home/more.html", {"sections": sections_for(user=request.user)})
