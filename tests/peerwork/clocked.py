"""Run a module as a program with the clock at a given instant, ticking on from there.

`python -m tests.peerwork.clocked 2027-12-31T09:00:00+00:00 gunicorn peerwork.wsgi ...`

The outage tests start a real web server and a real worker in processes of their own; the suite
may run on another day than today (README, "Tests on any date"), and those processes must share
the test's clock.
"""

import runpy
import sys
from datetime import datetime

import time_machine

if __name__ == "__main__":
    instant, module, *arguments = sys.argv[1:]
    time_machine.travel(datetime.fromisoformat(instant), tick=True).start()
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
