"""The hub: one district's (or province's) centre that every commune station links to. Stations push their
as-run rows and health up; the centre sees who is on air and who is silent. A station works exactly as
before when the hub cannot be reached (radio/hub/uplink.py never holds up the playout)."""
