"""The fictional world of the demo: no real prison, no real person.

Every step is an update_or_create keyed on a natural key, so loading twice changes nothing.
"""

from django.contrib.auth.hashers import check_password

from accounts.models import Role, User
from schemes.models import Establishment, Location

DEMO_PASSWORD = "peerwork-demo-2026"

ESTABLISHMENTS = [
    {
        "code": "NGT",
        "name": "HMP Northgate",
        "category": Establishment.Category.B,
        "locations": [
            ("A wing", False),
            ("B wing", False),
            ("C wing", False),
            ("D wing", False),
            ("E wing", False),
            ("F wing", False),
            ("Vulnerable prisoners' unit", True),
        ],
    },
    {
        "code": "EMR",
        "name": "HMP Eastmoor",
        "category": Establishment.Category.C,
        "locations": [("Main wing", False), ("Annexe", False)],
    },
]

USERS = [
    ("manager", "Sam", "Okafor", Role.SAFER_CUSTODY_MANAGER, ["NGT", "EMR"]),
    ("scofficer", "Priya", "Shah", Role.SAFER_CUSTODY_OFFICER, ["NGT"]),
    ("coordinator", "Dan", "Hughes", Role.SCHEME_COORDINATOR, ["NGT"]),
    ("wingofficer", "Alex", "Morgan", Role.WING_OFFICER, ["NGT"]),
    ("admin", "Jo", "Reid", Role.SYSTEM_ADMIN, ["NGT", "EMR"]),
    ("eastmoor", "Chris", "Lane", Role.SAFER_CUSTODY_OFFICER, ["EMR"]),
]


def load() -> list[str]:
    by_code = {}
    for spec in ESTABLISHMENTS:
        establishment, _ = Establishment.objects.update_or_create(
            code=spec["code"], defaults={"name": spec["name"], "category": spec["category"]}
        )
        by_code[spec["code"]] = establishment
        for name, is_vpu in spec["locations"]:
            Location.objects.get_or_create(
                establishment=establishment,
                name=name,
                archived_at=None,
                defaults={
                    "kind": Location.Kind.UNIT if is_vpu else Location.Kind.WING,
                    "is_vulnerable_prisoners_unit": is_vpu,
                },
            )

    for username, first, last, role, codes in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "email": f"{username}@peerwork.invalid",
            },
        )
        if created or not check_password(DEMO_PASSWORD, user.password):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role == Role.SYSTEM_ADMIN and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        user.establishments.add(*(by_code[code] for code in codes))

    return [
        f"Establishments: {', '.join(e.name for e in by_code.values())}",
        f"Demo users ({', '.join(u[0] for u in USERS)}), password: {DEMO_PASSWORD}",
    ]
