"""radio: broadcast automation for Vietnamese commune loudspeaker stations.

Data flows one way: scripts/ (bulletins) -> speech -> mixing -> schedule -> playout -> logbook.
"""
__version__ = "0.1.0"
