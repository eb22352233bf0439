from celery import shared_task

from consistency.services import consistency_audit


@shared_task(name="consistency.audit_consistency")
def audit_consistency() -> int:
    """Nightly: flag every breach of an invariant that spans apps. Returns how many were found."""
    found, _result = consistency_audit()
    return len(found)
