# The app's date patterns in Spanish: "25 de noviembre de 2026", "miércoles 25 de noviembre".
# Numbers (6,4) and Django's own formats come from Django's Spanish locale, read after this.

LONG_DATE = r"j \d\e F \d\e Y"
DAY_MONTH = r"j \d\e F"
MONTH_YEAR = r"F \d\e Y"
SHORT_DATE = "j M Y"
SHORT_DAY_MONTH = "j M"
WEEKDAY_DATE = r"l j \d\e F"
WEEKDAY_DATE_TIME = r"l j \d\e F, H:i"
SHORT_DATE_TIME = "j M Y, H:i"
SHORT_WEEKDAY = "D j M"
SHORT_WEEKDAY_DATE = "D j M Y"
