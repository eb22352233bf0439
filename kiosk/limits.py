"""The limits on wrong sign-ins at the kiosk (kiosk.services.sign_in applies them).

- A person's PIN locks on every kiosk after `pin_failures` wrong tries in a row, for `pin_lockout`:
  nobody can guess a PIN by moving from kiosk to kiosk.
- A kiosk pauses its sign-in for `window` after `kiosk_failures` wrong tries in a row on it,
  whoever they were for: nobody standing at one kiosk can lock other people out.
- Wrong tries more than `window` apart do not count as "in a row": the count starts again.

Because a kiosk pauses before a PIN locks (`kiosk_failures` < `pin_failures`), and pauses for as
long as it takes the count to start again, wrong tries typed at one kiosk alone never lock
anyone's PIN; kiosk.checks warns if the settings break this.

All four are settings: KIOSK_PIN_FAILURE_LIMIT, KIOSK_PIN_LOCKOUT_MINUTES,
KIOSK_DEVICE_FAILURE_LIMIT and KIOSK_SIGN_IN_WINDOW_MINUTES.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class SignInLimits:
    pin_failures: int
    pin_lockout: timedelta
    kiosk_failures: int
    window: timedelta

    @classmethod
    def current(cls) -> "SignInLimits":
        return cls(
            pin_failures=settings.KIOSK_PIN_FAILURE_LIMIT,
            pin_lockout=timedelta(minutes=settings.KIOSK_PIN_LOCKOUT_MINUTES),
            kiosk_failures=settings.KIOSK_DEVICE_FAILURE_LIMIT,
            window=timedelta(minutes=settings.KIOSK_SIGN_IN_WINDOW_MINUTES),
        )

    @property
    def one_kiosk_cannot_lock_a_pin(self) -> bool:
        return 1 <= self.kiosk_failures < self.pin_failures
