"""Printable documents (the peer work compact, the peer work record) as PDF, with WeasyPrint.

The PDF is rendered from the same template as the printable HTML page.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, path2url


class StaticFilesOnly(URLFetcher):
    """Serve peerwork's own static files from disk; fetch nothing else, least of all from a network."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
        prefix = "file:///" + settings.STATIC_URL.lstrip("/")
        path = self._static_path(url.removeprefix(prefix)) if url.startswith(prefix) else None
        if not path:
            raise ValueError(f"Documents may only use peerwork's own static files, not {url}")
        return super().fetch(path2url(path), headers)

    @staticmethod
    def _static_path(name: str) -> str | None:
        """From the source folders (development), or collected under its hashed name (production)."""
        if found := finders.find(name):
            return found
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
        return None


def render_pdf(request: HttpRequest, template_name: str, context: dict, *, filename: str) -> HttpResponse:
    html = render_to_string(template_name, context | {"as_pdf": True}, request=request)
    pdf = HTML(
        string=html, base_url="file:///", url_fetcher=StaticFilesOnly(allowed_protocols=["file"])
    ).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
