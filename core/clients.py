"""Who is asking: the client's address as rate limits and the login lockout count it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

# One IPv6 customer gets a whole /64: counting single addresses would let them rotate.
IPV6_BUCKET = 64


def client_address(request: HttpRequest) -> str:
    """The visitor's address, read through our own proxies only, IPv6 cut to its /64.

    X-Forwarded-For is trusted for the last TRUSTED_PROXY_COUNT hops; a missing or
    malformed header falls back to the address that opened the connection.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    ip = None
    if proxies:
        # Our nearest proxy is REMOTE_ADDR; each one before it appended its peer to the header.
        ip, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
    try:
        address = ipaddress.ip_address(str(ip or request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return ""
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        # The /64's first address: still a valid address where one is stored (axes).
        return str(ipaddress.ip_network(f"{address}/{IPV6_BUCKET}", strict=False)[0])
    return str(address)
