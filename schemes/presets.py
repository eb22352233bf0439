"""The national schemes every establishment starts with (from DOMAIN.md and the research papers).

Each preset brings a first role description and the eligibility checks that scheme usually asks for.
Coordinators edit them from there; presets are created once per establishment and never overwritten.
"""

from typing import NotRequired, TypedDict

from schemes.models import EligibilityCheck
from schemes.models.schemes import Confidentiality, Scheme

Kind = EligibilityCheck.Kind


class Preset(TypedDict):
    """One national scheme: the Scheme's own fields, its first role description and its checks."""

    preset: str
    name: str
    partner: str
    summary: str
    is_paid: bool
    weekly_rate_pence: int
    confidentiality: str
    confidentiality_statement: str
    supervision_every_days: int
    checkin_every_days: NotRequired[int]
    target_workers: int
    raises_concerns: bool
    works_one_to_one: bool
    supported_per_mentor: int
    role: dict[str, str]
    # (kind, label, the check's other fields)
    checks: list[tuple[str, str, dict[str, object]]]


COMMON_NOT_PART = (
    "Watching or “babysitting” another prisoner for staff.\n"
    "Sharing a cell with someone to keep an eye on them.\n"
    "Passing on information about other prisoners, unless someone is at risk.\n"
    "Doing staff work, such as searching, escorting or handling medication."
)

PRESETS: list[Preset] = [
    {
        "preset": Scheme.LISTENERS,
        "name": "Listeners",
        "partner": "Samaritans",
        "summary": "Listeners are prisoners trained by Samaritans to listen to anyone who is struggling, day or night.",
        "is_paid": False,
        "weekly_rate_pence": 0,
        "confidentiality": Confidentiality.STRICT,
        "confidentiality_statement": (
            "What you tell a Listener stays between you. Nothing you say is written down or passed on, "
            "and staff must not ask."
        ),
        "supervision_every_days": 14,
        "checkin_every_days": 30,  # welfare check-ins: Listeners are called out night after night
        "target_workers": 12,
        "raises_concerns": False,
        "works_one_to_one": False,
        "supported_per_mentor": 1,
        "role": {
            "purpose": "Listen, in confidence, to prisoners who are struggling, at any time of day or night.",
            "duties": (
                "Go to a prisoner who asks for a Listener, when staff unlock you.\n"
                "Listen without judging and without giving advice.\n"
                "Keep to the duty rota, including nights.\n"
                "Go to Samaritans support meetings."
            ),
            "hours": "Shifts on the duty rota, including nights. You may also respond when you are not on the rota.",
            "privileges": "Red band: you may move around the prison when called out.",
            "pay": "Unpaid",
            "training_required": "Samaritans Listener training, and the refresher sessions Samaritans set.",
            "supervision": "A support meeting with Samaritans every two weeks.",
            "who_to_go_to": "Your Samaritans branch contact, or the safer-custody team.",
        },
        "checks": [
            (Kind.MINIMUM_IEP, "IEP level standard or above", {"minimum_iep": "standard"}),
            (Kind.TIME_TO_SERVE, "Time left to serve covers the contract", {}),
            (Kind.NO_ADJUDICATIONS, "No proven adjudications in the last 6 months", {"months": 6}),
            (Kind.SECURITY, "Security clearance for red-band movement", {}),
            (Kind.TRAINING, "Samaritans Listener training completed", {}),
        ],
    },
    {
        "preset": "drug-peer-mentors",
        "name": "Drug peer mentors",
        "partner": "Substance-misuse team (CARATs)",
        "summary": "Drug peer mentors help other prisoners who want to stop using drugs, and help run groups.",
        "is_paid": True,
        "weekly_rate_pence": 800,
        "confidentiality": Confidentiality.NEED_TO_KNOW,
        "confidentiality_statement": (
            "What you tell a mentor is kept private, unless someone is at risk. Then only the staff who need "
            "to know are told."
        ),
        "supervision_every_days": 30,
        "target_workers": 6,
        "raises_concerns": True,
        "works_one_to_one": True,
        "supported_per_mentor": 5,
        "role": {
            "purpose": "Support prisoners who want to stop using drugs, alongside the substance-misuse team.",
            "duties": (
                "Help run groups on the substance-misuse unit.\n"
                "Meet prisoners one to one when the team asks.\n"
                "Tell the team when someone may be at risk."
            ),
            "hours": "Weekday group sessions. An extra hour unlocked at the end of the day for one-to-ones.",
            "privileges": "An extra hour unlocked at the end of the day.",
            "pay": "£8.00 a week",
            "training_required": "The substance-misuse team's peer mentor course.",
            "supervision": "A meeting with the substance-misuse team every month.",
            "who_to_go_to": "The substance-misuse team lead.",
        },
        "checks": [
            (Kind.MINIMUM_IEP, "IEP level standard or above", {"minimum_iep": "standard"}),
            (Kind.NO_ADJUDICATIONS, "No proven drug adjudications in the last 6 months", {"months": 6}),
            (Kind.REFERENCE, "Reference from the substance-misuse team", {}),
        ],
    },
    {
        "preset": "toe-by-toe",
        "name": "Toe by Toe",
        "partner": "Shannon Trust",
        "summary": "Toe by Toe mentors help other prisoners learn to read, one to one, with a set reading plan.",
        "is_paid": False,
        "weekly_rate_pence": 0,
        "confidentiality": Confidentiality.NEED_TO_KNOW,
        "confidentiality_statement": "Who is learning to read is kept private. Only staff who need to know are told.",
        "supervision_every_days": 30,
        "target_workers": 8,
        "raises_concerns": False,
        "works_one_to_one": True,
        "supported_per_mentor": 1,
        "role": {
            "purpose": "Help another prisoner learn to read, one to one, using the Shannon Trust reading plan.",
            "duties": "Meet your learner for short sessions, most days.\nFollow the reading plan step by step.",
            "hours": "Short sessions on most days, at times agreed with the wing.",
            "privileges": "",
            "pay": "Unpaid",
            "training_required": "Shannon Trust mentor training.",
            "supervision": "A monthly meeting with the Shannon Trust coordinator.",
            "who_to_go_to": "The Shannon Trust coordinator or the education department.",
        },
        "checks": [(Kind.TRAINING, "Shannon Trust mentor training completed", {})],
    },
    {
        "preset": "insiders",
        "name": "Insiders",
        "partner": "",
        "summary": "Insiders meet new arrivals on their first night and help prisoners who are being bullied.",
        "is_paid": False,
        "weekly_rate_pence": 0,
        "confidentiality": Confidentiality.NOT_CONFIDENTIAL,
        "confidentiality_statement": (
            "Insiders are not confidential. If you tell an Insider about bullying, they pass it to the staff "
            "who need to know, so that it can be stopped."
        ),
        "supervision_every_days": 30,
        "target_workers": 6,
        "raises_concerns": True,
        "works_one_to_one": False,
        "supported_per_mentor": 1,
        "role": {
            "purpose": "Help new arrivals settle in, and help stop bullying.",
            "duties": (
                "Meet new arrivals on their first night and explain how the prison works.\n"
                "Tell staff about bullying you hear of."
            ),
            "hours": "When new arrivals come in, usually afternoons and evenings.",
            "privileges": "",
            "pay": "Unpaid",
            "training_required": "The prison's Insider induction.",
            "supervision": "A monthly meeting with the safer-custody team.",
            "who_to_go_to": "The safer-custody team.",
        },
        "checks": [(Kind.MINIMUM_IEP, "IEP level standard or above", {"minimum_iep": "standard"})],
    },
    {
        "preset": "buddies",
        "name": "Buddies",
        "partner": "",
        "summary": "Buddies give practical help to prisoners who need it, such as older or disabled prisoners.",
        "is_paid": True,
        "weekly_rate_pence": 600,
        "confidentiality": Confidentiality.NEED_TO_KNOW,
        "confidentiality_statement": "What you tell a Buddy is kept private. Only staff who need to know are told.",
        "supervision_every_days": 30,
        "target_workers": 6,
        "raises_concerns": True,
        "works_one_to_one": True,
        "supported_per_mentor": 3,
        "role": {
            "purpose": "Give practical, everyday help to prisoners who need it.",
            "duties": "Help with everyday tasks, such as collecting meals or filling in forms.",
            "hours": "Agreed with the wing, usually during the day.",
            "privileges": "",
            "pay": "£6.00 a week",
            "training_required": "The Buddy induction.",
            "supervision": "A Buddy meeting every month with the lead officer.",
            "who_to_go_to": "The Buddy lead officer.",
        },
        "checks": [(Kind.REFERENCE, "Reference from a wing officer", {})],
    },
    {
        "preset": "equality-representatives",
        "name": "Equality Representatives",
        "partner": "Prison equalities team",
        "summary": "Equality Representatives raise problems about fair treatment with staff and follow them up.",
        "is_paid": True,
        "weekly_rate_pence": 700,
        "confidentiality": Confidentiality.NEED_TO_KNOW,
        "confidentiality_statement": "Problems you raise are passed only to the staff who need to deal with them.",
        "supervision_every_days": 30,
        "target_workers": 4,
        "raises_concerns": True,
        "works_one_to_one": False,
        "supported_per_mentor": 1,
        "role": {
            "purpose": "Raise residents' problems about fair treatment with staff, and follow them up.",
            "duties": "Listen to residents' problems about fair treatment.\nRaise them with the equalities team.",
            "hours": "Agreed with the equalities team.",
            "privileges": "",
            "pay": "£7.00 a week",
            "training_required": "Equalities induction.",
            "supervision": "A monthly meeting with the equalities team.",
            "who_to_go_to": "The equalities lead.",
        },
        "checks": [],
    },
    {
        "preset": "prison-advice-line",
        "name": "Prison Advice Line operators",
        "partner": "",
        "summary": "Advice Line operators answer other prisoners' questions about how things work in the prison.",
        "is_paid": True,
        "weekly_rate_pence": 700,
        "confidentiality": Confidentiality.NEED_TO_KNOW,
        "confidentiality_statement": "What you ask is kept private. Only staff who need to know are told.",
        "supervision_every_days": 30,
        "target_workers": 3,
        "raises_concerns": True,
        "works_one_to_one": False,
        "supported_per_mentor": 1,
        "role": {
            "purpose": "Answer other prisoners' questions about how things work in the prison.",
            "duties": "Answer questions on the advice line.\nPass on questions you cannot answer to staff.",
            "hours": "Advice line opening hours.",
            "privileges": "",
            "pay": "£7.00 a week",
            "training_required": "Advice line induction.",
            "supervision": "A monthly meeting with the lead officer.",
            "who_to_go_to": "The advice line lead officer.",
        },
        "checks": [],
    },
    {
        "preset": "helping-hands",
        "name": "Helping Hands",
        "partner": "",
        "summary": "Helping Hands help prisoners with disabilities or health needs with everyday tasks.",
        "is_paid": False,
        "weekly_rate_pence": 0,
        "confidentiality": Confidentiality.NEED_TO_KNOW,
        "confidentiality_statement": "Health needs are kept private. Only staff who need to know are told.",
        "supervision_every_days": 30,
        "target_workers": 4,
        "raises_concerns": False,
        "works_one_to_one": False,
        "supported_per_mentor": 1,
        "role": {
            "purpose": "Help prisoners with disabilities or health needs with everyday tasks.",
            "duties": "Help with everyday tasks agreed with the healthcare team.",
            "hours": "Agreed with the wing.",
            "privileges": "",
            "pay": "Unpaid",
            "training_required": "Helping Hands induction with healthcare.",
            "supervision": "A monthly meeting with the lead officer.",
            "who_to_go_to": "The Helping Hands lead officer.",
        },
        "checks": [],
    },
]
