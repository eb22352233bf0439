from django.urls import path

from schemes.views import (
    applications,
    contract_list,
    contracts,
    locations,
    meetings,
    movements,
    schemes,
    workers,
)

app_name = "schemes"

urlpatterns = [
    # Wings and units
    path("locations/", locations.location_list, name="location_list"),
    path("locations/new/", locations.location_create, name="location_create"),
    path("locations/<int:pk>/", locations.location_detail, name="location_detail"),
    path("locations/<int:pk>/edit/", locations.location_update, name="location_update"),
    path("locations/<int:pk>/archive/", locations.location_archive, name="location_archive"),
    path("locations/<int:pk>/restore/", locations.location_restore, name="location_restore"),
    # Schemes and role descriptions
    path("schemes/", schemes.scheme_list, name="scheme_list"),
    path("schemes/new/", schemes.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", schemes.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", schemes.scheme_update, name="scheme_update"),
    path("schemes/<int:pk>/leads/", schemes.scheme_leads, name="scheme_leads"),
    path("schemes/<int:pk>/leads/<int:lead_pk>/end/", schemes.scheme_lead_end, name="scheme_lead_end"),
    path("schemes/<int:pk>/role/", schemes.role_description_edit, name="role_description_edit"),
    path(
        "schemes/<int:pk>/role/versions/", schemes.role_description_versions, name="role_description_versions"
    ),
    path(
        "schemes/<int:pk>/role/versions/<int:version>/",
        schemes.role_description_version,
        name="role_description_version",
    ),
    # Peer workers
    path("workers/", workers.worker_list, name="worker_list"),
    path("workers.csv", workers.worker_list_csv, name="worker_list_csv"),
    path("workers/new/", workers.worker_create, name="worker_create"),
    path("workers/<int:pk>/", workers.worker_detail, name="worker_detail"),
    path("workers/<int:pk>/edit/", workers.worker_update, name="worker_update"),
    path("workers/<int:pk>/custody/", workers.worker_leave_custody, name="worker_leave_custody"),
    path("workers/<int:pk>/record/", workers.worker_record, name="worker_record"),
    path("workers/<int:pk>/record.pdf", workers.worker_record_pdf, name="worker_record_pdf"),
    path("workers/moved/", movements.moved_list, name="moved_list"),
    path("workers/moved/<int:pk>/", movements.moved_detail, name="moved_detail"),
    # Applications and selection
    path("applications/", applications.application_pipeline, name="application_pipeline"),
    path("applications/new/", applications.application_create, name="application_create"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/advance/", applications.application_advance, name="application_advance"),
    path(
        "applications/<int:pk>/checks/<int:check_pk>/",
        applications.application_check_record,
        name="application_check_record",
    ),
    path("applications/<int:pk>/approve/", applications.application_approve, name="application_approve"),
    path("applications/<int:pk>/decline/", applications.application_decline, name="application_decline"),
    path(
        "flags/<int:flag_pk>/invite/",
        applications.application_invite_after_arrival,
        name="application_invite_after_arrival",
    ),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="application_withdraw"),
    # Contracts
    path("contracts/", contract_list.contract_list, name="contract_list"),
    path("contracts.csv", contract_list.contract_list_csv, name="contract_list_csv"),
    path("contracts/new/", contracts.contract_issue, name="contract_issue"),
    path("contracts/expiring/", contracts.contracts_expiring, name="contracts_expiring"),
    path("contracts/renew/", contracts.contracts_bulk_renew, name="contracts_bulk_renew"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/sign/", contracts.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/renew/", contracts.contract_renew, name="contract_renew"),
    path("contracts/<int:pk>/suspend/", contracts.contract_suspend, name="contract_suspend"),
    path(
        "contracts/<int:pk>/lift-suspension/",
        contracts.contract_lift_suspension,
        name="contract_lift_suspension",
    ),
    path("contracts/<int:pk>/end/", contracts.contract_end, name="contract_end"),
    path("contracts/<int:pk>/compact/", contracts.contract_compact, name="contract_compact"),
    path("contracts/<int:pk>/compact.pdf", contracts.contract_compact_pdf, name="contract_compact_pdf"),
    # Supervision meetings
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings.csv", meetings.meeting_list_csv, name="meeting_list_csv"),
    path("meetings/attendance.csv", meetings.meeting_attendance_csv, name="meeting_attendance_csv"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/held/", meetings.meeting_record_held, name="meeting_record_held"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/move/", meetings.meeting_move, name="meeting_move"),
    path("schemes/<int:pk>/meetings/generate/", meetings.meetings_generate, name="meetings_generate"),
]
