"""Every write to the scheme domain: one transaction each, attributed to the actor.

Import the function you need from its module, for example
`from schemes.services.contracts import contract_renew`.
"""
