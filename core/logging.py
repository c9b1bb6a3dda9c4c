import json
import logging
import time

from django.http import HttpRequest

# Fields no log line of ours shows, not worth gathering for every record (the logging
# HOWTO's "Optimization" section): the caller's file and line, the process name. Thread
# and process ids stay: gunicorn's own log format prints the process id.
logging._srcfile = None
logging.logMultiprocessing = False


# Attributes every LogRecord has; anything else was passed with `extra=`.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Built once: json.dumps with options builds a new encoder for every line.
_encode = json.JSONEncoder(default=str, ensure_ascii=False).encode


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object per line, for log collectors.

    Cheap enough for one line per request: no datetime objects, one shared encoder.
    """

    _second = -1
    _stamp = ""

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if second != self._second:  # many lines share a second: format it once
            self._second, self._stamp = (
                second,
                time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)),
            )
        seconds = self._stamp
        entry = {
            "time": f"{seconds}.{int(record.msecs):03d}+00:00",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD:
                entry[key] = value
        if isinstance(entry.get("request"), HttpRequest):
            # Django passes the request, whose text shows the query string: personal data.
            entry["request"] = f"{entry['request'].method} {entry['request'].path}"
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _encode(entry)


class RefusedInputFilter(logging.Filter):
    """Turns Django's ERROR for a refused request (django.security) into a WARNING.

    A bad Host header or too many fields is the client's fault, answered with 400: at
    ERROR every scanner on the internet would page an operator. The line keeps the event,
    the method and the path; it drops the message and traceback, which quote the input.
    """

    def __init__(self, level: str = "INFO") -> None:
        super().__init__()
        self.level = logging.getLevelName(level.upper())

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = "Refused: bad request", ()
            record.exc_info = record.exc_text = record.stack_info = None
        return record.levelno >= self.level
