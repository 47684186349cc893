"""Pages of the programs app: firm.py for firms and the public, manage.py for programme managers
and the ministry."""
