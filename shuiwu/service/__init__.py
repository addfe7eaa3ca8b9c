"""The one-window service counter (一窗受理): applications through the windows, their steps and time limits."""
