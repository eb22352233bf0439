import logging

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from schemes.models.roles import ROLE_DESCRIPTION_FIELDS
from schemes.services.schemes import role_description_publish

NEW_PURPOSE = "Version two: listen to anyone who asks, day or night."


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)


def test_the_compact_sets_out_the_contract_for_signing(client_for, coordinator, active_contract):
    response = client_for(coordinator).get(reverse("schemes:contract_compact", args=[active_contract.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Peer work compact" in body
    for text in (
        "Ryan Ellis",
        "A1234BC",
        "Listeners",
        "Samaritans",
        "1 November 2026",
        "1 May 2027",
        "Unpaid",
        active_contract.privileges,
        active_contract.scheme.confidentiality_statement,
        "Witnessing member of staff",
    ):
        assert text in body, text
    assert 'href="/static/css/print.css"' in body
    assert reverse("schemes:contract_compact_pdf", args=[active_contract.pk]) in body


def test_the_compact_shows_the_role_description_it_was_issued_under(
    client_for, coordinator, active_contract, listeners
):
    first = active_contract.role_description
    fields = {name: getattr(first, name) for name in ROLE_DESCRIPTION_FIELDS} | {"purpose": NEW_PURPOSE}
    role_description_publish(scheme=listeners, actor=coordinator, change_summary="New purpose", **fields)

    client = client_for(coordinator)
    compact = client.get(reverse("schemes:contract_compact", args=[active_contract.pk])).content.decode()
    assert first.purpose.splitlines()[0].strip() in compact
    assert NEW_PURPOSE not in compact
    assert "This is version 1 of the role description" in compact

    detail = client.get(reverse("schemes:contract_detail", args=[active_contract.pk])).content.decode()
    assert NEW_PURPOSE not in detail
    assert reverse("schemes:role_description_version", args=[listeners.pk, 1]) in detail


def test_the_compact_pdf_is_a_pdf_with_its_print_styles(client_for, coordinator, active_contract, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client_for(coordinator).get(
            reverse("schemes:contract_compact_pdf", args=[active_contract.pk])
        )
    assert not caplog.records, "every stylesheet loaded"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"compact-A1234BC-{active_contract.pk}.pdf" in response["Content-Disposition"]


def test_the_pdf_version_leaves_out_the_screen_links(rf, coordinator, active_contract):
    request = rf.get("/")
    request.user = coordinator
    context = {"contract": active_contract, "role": active_contract.role_description}
    on_screen = render_to_string(
        "schemes/documents/compact.html", context | {"as_pdf": False}, request=request
    )
    on_paper = render_to_string("schemes/documents/compact.html", context | {"as_pdf": True}, request=request)
    assert "Back to the contract" in on_screen
    assert "Back to the contract" not in on_paper
    assert "Download as PDF" not in on_paper
    assert "Ryan Ellis" in on_paper


@pytest.mark.parametrize("name", ["contract_compact", "contract_compact_pdf"])
def test_the_outsider_cannot_print_another_prisons_compact(client_for, outsider, active_contract, name):
    assert client_for(outsider).get(reverse(f"schemes:{name}", args=[active_contract.pk])).status_code == 404


def test_the_compact_reads_a_fixed_number_of_queries(
    client_for, coordinator, active_contract, django_assert_num_queries
):
    client = client_for(coordinator)
    # session, user, establishments, the contract, its suspensions, the coordinator's permissions
    # for the menu (2)
    with django_assert_num_queries(7):
        client.get(reverse("schemes:contract_compact", args=[active_contract.pk]))
