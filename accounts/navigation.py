"""The primary navigation, by role: one list, filtered by the user's permissions."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None


NAVIGATION = [
    NavItem("Home", "home"),
    NavItem("Schemes", "schemes:scheme_list", "schemes.view_scheme"),
    NavItem("Peer workers", "schemes:worker_list", "schemes.view_peerworker"),
    NavItem("Applications", "schemes:application_pipeline", "schemes.manage_application"),
    NavItem("Flags", "flags:flag_list", "flags.view_flag"),
    NavItem("Supervision", "schemes:meeting_list", "schemes.view_scheme"),
    NavItem("Contracts ending", "schemes:contracts_expiring", "schemes.manage_contract"),
    NavItem("Listener rota", "rota:home", "rota.view_rota"),
    NavItem("Listeners on duty", "listeners:lookup", "listeners.look_up_listener"),
    NavItem("Call-outs", "listeners:callout_list", "listeners.view_callout_log"),
    NavItem("Wings and units", "schemes:location_list", "schemes.view_location"),
    NavItem("Wing kiosks", "kiosk:device_list", "kiosk.view_kioskdevice"),
    NavItem("Staff", "accounts:staff_list", "accounts.view_staff"),
]


def navigation_for(*, user, path: str) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if item.permission and not user.has_perm(item.permission):
            continue
        url = reverse(item.url_name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return items
