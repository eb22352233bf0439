"""People who moved to another prison, seen by the prison they left: what they did here, read-only.

The record went with the person; this prison keeps its own part of it through its Movement away,
up to the moment they left and no later (not their new wing or cell, nothing recorded since).
"""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accounts.http import StaffRequest
from peerwork.audit import history_for
from peerwork.decorators import establishment_required
from schemes import selectors

MOVED_PER_PAGE = 50  # five years of transfers away from a busy local prison run to thousands


@establishment_required
@permission_required("schemes.view_peerworker", raise_exception=True)
def moved_list(request: StaffRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    movements = selectors.moved_away_list(establishment=request.establishment, search=search)
    page = Paginator(movements, MOVED_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "schemes/moved_list.html",
        {"movements": page.object_list, "page": page, "search": search},
    )


@establishment_required
@permission_required("schemes.view_peerworker", raise_exception=True)
def moved_detail(request: StaffRequest, pk: int) -> HttpResponse:
    worker, movement = selectors.moved_away_get(establishment=request.establishment, pk=pk)
    arrived_at = selectors.peer_worker_arrived_at(
        worker=worker, establishment=request.establishment, before=movement.moved_at
    )
    return render(
        request,
        "schemes/moved_detail.html",
        {
            "worker": worker,
            "movement": movement,
            "stay": selectors.moved_away_stay(movement=movement),
            "history": history_for(worker, since=arrived_at, until=movement.moved_at),
        },
    )
