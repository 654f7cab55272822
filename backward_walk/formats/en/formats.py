# The app's date patterns in English (backward_walk/formats/__init__.py names them); Django's
# own English formats stay as Django has them.
LONG_DATE = "j F Y"
DAY_MONTH = "j F"
MONTH_YEAR = "F Y"
SHORT_DATE = "j M Y"
SHORT_DAY_MONTH = "j M"
WEEKDAY_DATE = "l j F"
WEEKDAY_DATE_TIME = "l j F, H:i"
SHORT_DATE_TIME = "j M Y, H:i"
SHORT_WEEKDAY = "D j M"
SHORT_WEEKDAY_DATE = "D j M Y"
