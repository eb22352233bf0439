"""The estate benchmark: the builder of a national-scale database (world.py), the jobs it times
with their raw-SQL floors (jobs.py), and the measuring harness used by `manage.py benchmark`."""
