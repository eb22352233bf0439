"""The departments and topics every establishment starts with. Staff rename, add and retire them
from there (concerns.services.concern_defaults_ensure adds only what is missing, by name)."""

DEPARTMENTS = [
    "Residential",
    "Healthcare",
    "Equalities",
    "Safer custody",
    "Security",
    "Chaplaincy",
    "Learning and skills",
    "Catering",
    "Reception and property",
    "Finance and canteen",
    "Visits",
    "Offender management",
]

DISCRIMINATION = "Discrimination"

# (topic as a peer worker would choose it, its first department, answer within days)
TOPICS = [
    ("Health and medication", "Healthcare", 7),
    ("Feeling unsafe", "Safer custody", 3),
    (DISCRIMINATION, "Equalities", 7),
    ("Wing life, cells and regime", "Residential", 7),
    ("Food", "Catering", 7),
    ("Property", "Reception and property", 14),
    ("Money and canteen", "Finance and canteen", 7),
    ("Visits and contact with family", "Visits", 7),
    ("Education, work and courses", "Learning and skills", 14),
    ("Faith", "Chaplaincy", 7),
    ("Sentence, release and moves", "Offender management", 14),
]
