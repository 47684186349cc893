"""Korean formats where Django's differ from how Korean writes them; the rest are Django's.

- A time of day reads 오후 4:52, with 오전/오후 before the hour, as Django's own TIME_FORMAT
  has it; its DATETIME_FORMAT puts it after ("4:52 오후").
- Short dates are 2026-09-04, zero-padded as in ISO 8601 and Korean forms; Django's are
  2026-9-4, which lines up badly in tables and reads like a typo.
"""

DATETIME_FORMAT = "Y년 n월 j일 A g:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
