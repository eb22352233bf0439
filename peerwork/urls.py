from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import SignInForm
from home.views import home, more
from peerwork.health import healthz

urlpatterns = [
    path("", home, name="home"),
    path("more/", more, name="more"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("account/", include("accounts.urls")),
    path("", include("schemes.urls")),
    path("", include("flags.urls")),
    path("listeners/", include("listeners.urls")),
    path("rota/", include("rota.urls")),
    path("", include("kiosk.urls")),
    path("", include("concerns.urls")),
    path("", include("support.urls")),
    path("", include("welfare.urls")),
    path("", include("pay.urls")),
    path("", include("roll.urls")),
    path("admin/", admin.site.urls),
]
