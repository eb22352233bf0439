"""The Listeners who can be rostered, and recording their Samaritans training."""

import html
from datetime import date

from django.urls import reverse

from rota.models import ListenerTraining
from tests.forms import date_boxes


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_list_shows_each_listeners_training(client_for, coordinator, rota, amir, listener):
    listener("Bea", "Lowe", trained=False)
    body = text(client_for(coordinator).get(reverse("rota:listener_list")))
    assert "Amir Khan" in body and "Trained" in body and "1 October 2026, until 1 October 2028" in body
    assert "Bea Lowe" in body and "None recorded" in body


def test_recording_training(client_for, coordinator, rota, listener):
    bea = listener("Bea", "Lowe", trained=False)
    url = reverse("rota:training_record", args=[bea.worker.pk])
    response = client_for(coordinator).post(
        url, {**date_boxes("completed_on", "2026-11-18"), **date_boxes("valid_until", "2028-11-18")}
    )
    assert response.url == reverse("rota:listener_list")
    training = ListenerTraining.objects.get(worker=bea.worker)
    assert (training.completed_on, training.valid_until, training.recorded_by) == (
        date(2026, 11, 18),
        date(2028, 11, 18),
        coordinator,
    )


def test_training_that_lapses_before_it_was_completed_is_refused_next_to_the_date(
    client_for, coordinator, rota, listener
):
    bea = listener("Bea", "Lowe", trained=False)
    url = reverse("rota:training_record", args=[bea.worker.pk])
    response = client_for(coordinator).post(
        url, {**date_boxes("completed_on", "2026-11-18"), **date_boxes("valid_until", "2026-11-01")}
    )
    assert response.context["form"].errors["valid_until"] == [
        "Training must stay valid until after the day it was completed."
    ]
    assert not ListenerTraining.objects.filter(worker=bea.worker).exists()


def test_training_cannot_be_recorded_before_it_happens(client_for, coordinator, rota, listener):
    bea = listener("Bea", "Lowe", trained=False)
    url = reverse("rota:training_record", args=[bea.worker.pk])
    response = client_for(coordinator).post(url, {**date_boxes("completed_on", "2026-12-01")})
    assert response.context["form"].errors["completed_on"] == [
        "Training can only be recorded once it is completed."
    ]
    assert not ListenerTraining.objects.filter(worker=bea.worker).exists()


def test_a_wing_officer_may_not_see_or_record_training(client_for, wing_officer, rota, amir):
    client = client_for(wing_officer)
    assert client.get(reverse("rota:listener_list")).status_code == 403
    assert (
        client.post(
            reverse("rota:training_record", args=[amir.worker.pk]),
            {**date_boxes("completed_on", "2026-11-18")},
        ).status_code
        == 403
    )


def test_another_prisons_manager_cannot_record_training_here(client_for, outsider, rota, amir):
    response = client_for(outsider).post(
        reverse("rota:training_record", args=[amir.worker.pk]), {**date_boxes("completed_on", "2026-11-18")}
    )
    assert response.status_code == 404
    assert ListenerTraining.objects.filter(worker=amir.worker).count() == 1
