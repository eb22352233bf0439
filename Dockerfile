FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

# WeasyPrint (PDF documents) draws text with Pango.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Collected once at build time; whitenoise serves them with far-future caching.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --create-home peerwork && mkdir -p var && chown -R peerwork var
USER peerwork

EXPOSE 8000
CMD ["gunicorn", "peerwork.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
