"""The Celery application. Without CELERY_BROKER_URL tasks run in-process (eager), as in the demo."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuiwu.settings")

app = Celery("shuiwu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")
