"""schedule: which program airs when (pure date logic), and the daemon that makes it happen."""
