"""What the scheme domain tells the apps built on it, so that it never has to import them.

`schemes` sits below `rota` and `kiosk`: it cannot call them, yet a contract's end must take its
holder off the rota in the same breath. The contract services send these signals inside their
own transaction, so whatever a receiver writes commits, or rolls back, with the change itself.
Receivers call one service of their own app and decide nothing here.
"""

from django.dispatch import Signal

# A contract stopped putting its holder in the role from `ended_on` (a day): ended by staff,
# or closed by a transfer or a release. Not sent for a renewal, which continues the role.
# Arguments: contract, ended_on, actor, reason (the end reason's label, for the record).
role_ended = Signal()

# The peer worker is no longer held in `establishment`: transferred out, or released.
# Arguments: worker, establishment (the prison they left), actor, and `status`: why they left
# (PeerWorker.CustodyStatus.TRANSFERRED_OUT or RELEASED).
custody_left = Signal()

# The role went on under changed terms: renewed, suspended, or a suspension lifted. What
# depends on it is computed from the contracts on each day, so receivers only re-check.
# Arguments: contract, actor.
role_changed = Signal()

# An establishment has its national schemes (schemes.services.schemes.scheme_presets_ensure, run
# when an establishment is added and by the demo): apps above add their own defaults.
# Arguments: establishment, actor.
establishment_set_up = Signal()
