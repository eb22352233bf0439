"""The navigation, by role: one list of every section a person may open, filtered by permission,
and for each role the few that go in the primary navigation (what that role uses every day). The
rest are one click away on the "More" page, grouped by section, so every section page is at most
two clicks from home."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    group: str = ""
    description: str = ""


PEOPLE = "Peer workers and schemes"
LISTENERS = "Listeners"
CONCERNS = "Residents' concerns"
SUPPORT = "One-to-one support"
PAY = "Pay"
SETTINGS = "Wings, kiosks and staff"

HOME = "home"
MORE = "more"

NAVIGATION = [
    NavItem("Home", HOME),
    NavItem(
        "Schemes",
        "schemes:scheme_list",
        "schemes.view_scheme",
        PEOPLE,
        "Each scheme, its role description and who leads it.",
    ),
    NavItem(
        "Peer workers",
        "schemes:worker_list",
        "schemes.view_peerworker",
        PEOPLE,
        "Find a peer worker and see their contracts and meetings.",
    ),
    NavItem(
        "Applications",
        "schemes:application_pipeline",
        "schemes.manage_application",
        PEOPLE,
        "Applications in progress and their checks.",
    ),
    NavItem(
        "Today's roll",
        "roll:import_start",
        "roll.import_roll",
        PEOPLE,
        "Upload the day's roll: who is new, who moved wing, who arrived and who is no longer here.",
    ),
    NavItem(
        "Flags",
        "flags:flag_list",
        "flags.view_flag",
        PEOPLE,
        "Things that need someone to look at them.",
    ),
    NavItem(
        "Supervision",
        "schemes:meeting_list",
        "schemes.view_scheme",
        PEOPLE,
        "Supervision meetings, past and to come.",
    ),
    NavItem(
        "Contracts",
        "schemes:contract_list",
        "schemes.manage_contract",
        PEOPLE,
        "Every contract, filtered by scheme, status and end date, and downloaded as a spreadsheet.",
    ),
    NavItem(
        "Contracts ending",
        "schemes:contracts_expiring",
        "schemes.manage_contract",
        PEOPLE,
        "Contracts that end soon, to renew or let end.",
    ),
    NavItem(
        "Workload",
        "welfare:workload_schemes",
        "welfare.view_workload",
        PEOPLE,
        "How hard each peer worker is working: rota shifts and call-outs over the last 4 and 12 weeks.",
    ),
    NavItem(
        "Listener rota",
        "rota:home",
        "rota.view_rota",
        LISTENERS,
        "Who is on duty each night and day, week by week.",
    ),
    NavItem(
        "Listeners on duty",
        "listeners:lookup",
        "listeners.look_up_listener",
        LISTENERS,
        "Who is on duty now, and whether someone is a Listener.",
    ),
    NavItem(
        "Call-outs",
        "listeners:callout_list",
        "listeners.view_callout_log",
        LISTENERS,
        "Call-outs recorded, and reports on them.",
    ),
    NavItem(
        "Concerns",
        "concerns:concern_list",
        "concerns.view_concerns",
        CONCERNS,
        "Residents' concerns that peer workers carried to staff, and their answers.",
    ),
    NavItem(
        "You said, we did",
        "concerns:you_said",
        "concerns.view_concern_reports",
        CONCERNS,
        "The month's published answers, in large print for wing noticeboards and council meetings.",
    ),
    NavItem(
        "Concerns report",
        "concerns:report",
        "concerns.view_concern_reports",
        CONCERNS,
        "Concerns raised, answered on time or late, and overdue, by department and topic.",
    ),
    NavItem(
        "Departments and topics",
        "concerns:department_list",
        "concerns.manage_departments",
        CONCERNS,
        "Who answers each kind of concern, and how soon.",
    ),
    NavItem(
        "One-to-one support",
        "support:pair_list",
        "support.view_pairs",
        SUPPORT,
        "Mentors paired with the residents they support, their sessions and reading progress.",
    ),
    NavItem(
        "Stumbling blocks",
        "support:stumbling_blocks",
        "support.view_stumbling_blocks",
        SUPPORT,
        "Why one-to-one sessions did not happen, by reason, wing and week, so the blocks can be raised.",
    ),
    NavItem(
        "Pay",
        "pay:home",
        "pay.view_pay_sheet",
        PAY,
        "The weekly pay sheet for the pay clerk: each paid peer worker's days and amount, as a PDF or CSV.",
    ),
    NavItem(
        "Wings and units",
        "schemes:location_list",
        "schemes.view_location",
        SETTINGS,
        "The prison's wings and units.",
    ),
    NavItem(
        "Wing kiosks",
        "kiosk:device_list",
        "kiosk.view_kioskdevice",
        SETTINGS,
        "The touch screens peer workers use on the wings, and their PINs.",
    ),
    NavItem(
        "Staff",
        "accounts:staff_list",
        "accounts.view_staff",
        SETTINGS,
        "Who works here and what they can do.",
    ),
    NavItem("More", MORE),
]

# What each role uses every day, in the order shown: at most six, "More" included, so that the
# navigation stays on one line at 1024px.
PRIMARY = {
    Role.SAFER_CUSTODY_MANAGER: [
        HOME,
        "flags:flag_list",
        "schemes:worker_list",
        "schemes:scheme_list",
        "rota:home",
        MORE,
    ],
    Role.SAFER_CUSTODY_OFFICER: [
        HOME,
        "flags:flag_list",
        "schemes:worker_list",
        "rota:home",
        "listeners:callout_list",
        MORE,
    ],
    Role.SCHEME_COORDINATOR: [
        HOME,
        "schemes:scheme_list",
        "schemes:application_pipeline",
        "schemes:meeting_list",
        "rota:home",
        MORE,
    ],
    Role.WING_OFFICER: [
        HOME,
        "listeners:lookup",
        "listeners:callout_list",
        "rota:home",
        "schemes:worker_list",
        MORE,
    ],
    Role.SYSTEM_ADMIN: [
        HOME,
        "accounts:staff_list",
        "schemes:location_list",
        "kiosk:device_list",
        "schemes:scheme_list",
        MORE,
    ],
}
MAX_PRIMARY_ITEMS = 6


def _allowed(user) -> list[NavItem]:
    return [item for item in NAVIGATION if not item.permission or user.has_perm(item.permission)]


def _is_current(url: str, path: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


def navigation_for(*, user, path: str) -> list[dict]:
    """The role's primary items it may open. "More" is current on the pages of the sections it
    holds, so that a page always shows where it sits."""
    allowed = {item.url_name: item for item in _allowed(user)}
    primary = [allowed[name] for name in PRIMARY.get(user.role, [HOME, MORE]) if name in allowed]
    urls = {item.url_name: reverse(item.url_name) for item in allowed.values()}
    in_primary = any(_is_current(urls[item.url_name], path) for item in primary if item.url_name != HOME)
    elsewhere = any(_is_current(url, path) for name, url in urls.items() if name != HOME)
    items = []
    for item in primary:
        url = urls[item.url_name]
        current = _is_current(url, path)
        if item.url_name == MORE:
            current = current or (elsewhere and not in_primary)
        items.append({"label": item.label, "url": url, "current": current})
    return items


def sections_for(*, user) -> list[dict]:
    """Every section the user may open but Home and More, grouped, for the "More" page."""
    groups: dict[str, list[dict]] = {}
    for item in _allowed(user):
        if item.group:
            groups.setdefault(item.group, []).append(
                {"label": item.label, "url": reverse(item.url_name), "description": item.description}
            )
    return [{"heading": heading, "items": items} for heading, items in groups.items()]
