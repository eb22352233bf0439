from accounts.navigation import navigation_for


def staff_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_establishment": getattr(request, "establishment", None),
        "user_establishments": getattr(request, "establishments", []),
        "navigation": navigation_for(user=user, path=request.path),
    }
