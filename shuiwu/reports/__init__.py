"""Reports: the KPI catalogue, the group dashboard and the half-year scorecard, computed from the apps' summaries."""
