"""Every write to the Listener rota: one transaction each, attributed to the actor.

Import the function you need from its module, for example
`from rota.services.assignments import assignment_add`.
"""
