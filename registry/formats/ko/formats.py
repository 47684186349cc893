"""Korean formats where Django's differ from how Korean writes them; the rest are Django's.

A time of day reads 오후 4:52, with 오전/오후 before the hour, as Django's own TIME_FORMAT
already has it; its DATETIME_FORMAT puts it after ("4:52 오후").
"""

DATETIME_FORMAT = "Y년 n월 j일 A g:i"
