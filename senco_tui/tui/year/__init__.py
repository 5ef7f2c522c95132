"""The year at a glance: the year screen, its widgets and render functions."""
