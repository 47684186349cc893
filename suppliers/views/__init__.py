"""Pages of the firm side (profile, members, deployments) and of the public registry.

Views stay thin: forms validate and format, services write, selectors read. Firms come from the
user's own queryset first: a firm the user may not see is a 404, one they may see but not act on
is a 403 (see `access`). suppliers/urls.py imports each module by name.
"""
