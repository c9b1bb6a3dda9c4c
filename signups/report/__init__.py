"""The report for funders: what happened in a period, counted, without personal data.

Only counts leave this package: it reads statuses, towns and dates, never a name, an
email or a phone number. Anonymised requests keep those fields, so a purge changes
none of the figures.

`figures` counts, `charts` lays out the bars, `exports` writes the XLSX and CSV files,
`forms` takes the period and groups, `views` puts the page together.
"""
