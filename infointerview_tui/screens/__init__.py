"""One module per screen. Screens ask the Store for data and tell it what changed."""
