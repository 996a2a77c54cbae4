"""The directory of service points: phone numbers, opening hours, the
coordinators' spreadsheet (import and export) and its ``flask directory``
commands. Service points themselves are a content kind
(:mod:`portal.content.services`), published like every other kind."""
