from django.urls import reverse


def test_the_manager_sees_the_staff_of_their_own_prison(client_for, manager, wing_officer, outsider):
    body = client_for(manager).get(reverse("accounts:staff_list")).content.decode()
    assert "wingofficer" in body
    assert "outsider" not in body


def test_a_wing_officer_may_not_see_the_staff_list(client_for, wing_officer):
    response = client_for(wing_officer).get(reverse("accounts:staff_list"))
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()
