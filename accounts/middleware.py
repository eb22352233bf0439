from accounts.selectors import establishments_for_user

SESSION_KEY = "current_establishment_id"


class CurrentEstablishmentMiddleware:
    """Sets request.establishment: the prison the signed-in member of staff works in now.

    Every selector scopes by it, so it is always one of the user's own establishments.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.establishment = None
        request.establishments = []
        if request.user.is_authenticated:
            request.establishments = establishments_for_user(user=request.user)
            chosen = request.session.get(SESSION_KEY)
            request.establishment = next(
                (e for e in request.establishments if e.pk == chosen),
                request.establishments[0] if request.establishments else None,
            )
        return self.get_response(request)
