from functools import wraps

from django.shortcuts import render


def establishment_required(view):
    """Staff pages need an establishment to scope to; a user with none sees why."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.establishment is None:
            return render(request, "no_establishment.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
