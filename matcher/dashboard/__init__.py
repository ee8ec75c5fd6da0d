"""The program dashboard for staff: hires against the target, the funnel, retention."""
