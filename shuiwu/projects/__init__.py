"""Capital projects: pipes laid, milestones, progress and handover of planned assets."""
