"""The Celery app, and the one place where every periodic schedule is declared.

Each scheduled task also has a management command that runs the same job by hand
(see README, "Background jobs").
"""

import os
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_ready
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")

app = Celery("peerwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.include = ["peerwork.health"]
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "worker-heartbeat": {
        "task": "peerwork.heartbeat",
        "schedule": timedelta(seconds=30),
    },
    # Expire contracts, open/escalate/resolve flags. Hourly, so a cleared condition clears soon.
    "oversight-sweep": {
        "task": "schemes.oversight_sweep",
        "schedule": crontab(minute=5),
    },
    # Write each lead's and manager's daily digest to the outbox, after the morning sweep.
    "digests-write": {
        "task": "schemes.digests_write",
        "schedule": crontab(hour=settings.DIGEST_HOUR, minute=15),
    },
    # Flag Listener rota shifts in the next 7 days that are short of Listeners; clear covered ones.
    "rota-gaps": {
        "task": "rota.rota_gaps",
        "schedule": crontab(minute=20),
    },
    # Flag concerns past their answer's due day, escalate them, close those answered meanwhile.
    # Before the digest, so the morning digest lists the day's overdue concerns.
    "concerns-overdue": {
        "task": "concerns.concerns_overdue",
        "schedule": crontab(minute=25),
    },
    # Flag one-to-one pairs with no session in their window, or mostly blocked; close those cleared.
    "support-oversight": {
        "task": "support.support_oversight",
        "schedule": crontab(minute=35),
    },
    # Flag check-ins overdue, Listeners over the weekly call-out limits, and "needs a break".
    "welfare-oversight": {
        "task": "welfare.welfare_oversight",
        "schedule": crontab(minute=45),
    },
    # Nightly: check the invariants that span apps; each breach becomes one flag for administrators.
    # After the 02:05 sweep and the 02:20 rota gaps run, so flags the jobs are about to close are settled.
    "audit-consistency": {
        "task": "consistency.audit_consistency",
        "schedule": crontab(hour=2, minute=40),
    },
    # Send whatever the outbox holds.
    "outbox-send": {
        "task": "schemes.outbox_send",
        "schedule": timedelta(minutes=1),
    },
}


@app.on_after_configure.connect
def _create_broker_folders(sender, **kwargs):
    """The embedded filesystem broker and result store need their folders before first use."""
    options = sender.conf.broker_transport_options
    for folder in (options.get("data_folder_in"), options.get("control_folder")):
        if folder:
            os.makedirs(folder, exist_ok=True)
    results = str(sender.conf.result_backend or "")
    if results.startswith("file://"):
        os.makedirs(results.removeprefix("file://"), exist_ok=True)


@worker_ready.connect
def _announce_worker(sender, **kwargs):
    # Through the broker, so that /healthz proves the whole path works.
    sender.app.send_task("peerwork.heartbeat")
