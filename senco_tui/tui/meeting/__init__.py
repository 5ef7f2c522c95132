"""The meeting screen and its parts: typed rows, pure render functions, widgets that
post messages up, the palette's providers, and the screen that maps keys to the
meeting session."""
