"""Pages of calls (공고) and applications: the public call pages, the officer's call settings and
call board, the firm's wizard and application page, and the officer's screening.

Views stay thin: forms validate and format, designations.services writes, selectors read.
Applications come from the user's own queryset first: one the user may not see is a 404, one
they may see but not act on is a 403 (see `access`). designations/urls.py imports each module.
"""
