from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WeatherSource(models.TextChoices):
    OBSERVED = "observed", _("Observed")
    FORECAST = "forecast", pgettext_lazy("weather", "Forecast")


class DetectionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("leak", "Open")
    CONFIRMED = "confirmed", _("Confirmed on site")
    REPAIRED = "repaired", _("Repaired")
    FALSE = "false", _("False alarm")


class RiskClass(models.TextChoices):
    HIGH = "high", pgettext_lazy("risk", "High")
    MEDIUM = "medium", pgettext_lazy("risk", "Medium")
    LOW = "low", pgettext_lazy("risk", "Low")


RISK_COLOURS = {"high": "#d62728", "medium": "#ff7f0e", "low": "#2ca02c"}
