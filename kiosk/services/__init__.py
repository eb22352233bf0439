"""Every write the kiosk makes: one transaction each (sign-in's counter excepted, see sign_in.py),
attributed to the member of staff who acted, or to the signed-in peer worker on the row itself.

Import the function you need from its module, for example
`from kiosk.services.devices import device_enrol`.
"""
