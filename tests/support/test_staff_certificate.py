"""The learner's certificate: their name, the day they finished, the mentor's first name and the
scheme with its partner. Nothing else: no prison number, no mentor's surname."""

import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from support import services
from tests.support.office_world import *  # noqa: F403  the fixtures


def certificate(pair):
    return reverse("support:pair_certificate", args=[pair.pk])


def test_the_certificate_names_the_learner_and_only_the_mentors_first_name(client_for, coordinator, pair):
    finished = timezone.localdate()
    services.pair_finish_plan(pair=pair, finished_on=finished, actor=coordinator)
    response = client_for(coordinator).get(certificate(pair))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Kyle Moss" in text and "Calum" in text
    assert f"{finished:%-d %B %Y}" in text
    assert "Toe by Toe" in text and "Shannon Trust" in text
    assert "Hart" not in text
    assert "A3001AA" not in text and "A3002AA" not in text
    assert "HMP Alpha" not in text and "A wing" not in text


def test_there_is_no_certificate_until_the_plan_is_finished(client_for, coordinator, pair):
    assert client_for(coordinator).get(certificate(pair)).status_code == 404


def test_another_prisons_staff_get_404(client_for, outsider, coordinator, pair):
    services.pair_finish_plan(pair=pair, finished_on=timezone.localdate(), actor=coordinator)
    assert client_for(outsider).get(certificate(pair)).status_code == 404
