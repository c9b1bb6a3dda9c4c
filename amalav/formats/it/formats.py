# Dates as Italian writes them: "9 dicembre 2026", no leading zero (month names are
# lower-cased in locale/it). Everything not set here comes from Django's Italian formats.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
