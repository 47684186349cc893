"""API v1 of the programs app: programmes.py (the catalogue, the managers' programmes, rules,
eligible firms, support given, statistics), referrals.py, firms.py (a firm's support history and
bonus-points confirmations).

Every write calls a service in programs.services; serializers only validate and format. An
object is first looked up among those the caller may see, so one they may not see is a 404; then
the django-rules permission of programs/rules.py the request needs is checked on it (403); a move
the state does not allow is a 409 (views.permissions.CONFLICT_CODES).
"""
