"""The key per-address limits count a client address under (audit F-05 re-audit):
an IPv6 client's addresses are one /64, so it cannot take a fresh address per try."""

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from chatserver.chat.clients import rate_limit_key

ipv6 = st.integers(min_value=0, max_value=2**128 - 1).map(ipaddress.IPv6Address)
ipv4 = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)
interface = st.integers(min_value=0, max_value=2**64 - 1)


def _in_same_64(address: ipaddress.IPv6Address, host: int) -> str:
    return str(ipaddress.IPv6Address(int(address) >> 64 << 64 | host))


@given(ipv6, interface, interface)
def test_addresses_of_one_64_share_a_key(address: ipaddress.IPv6Address, a: int, b: int) -> None:
    first, second = _in_same_64(address, a), _in_same_64(address, b)
    if ipaddress.IPv6Address(first).ipv4_mapped is None:
        assert rate_limit_key(first) == rate_limit_key(second)


@given(ipv6, ipv6)
def test_different_64s_have_different_keys(
    first: ipaddress.IPv6Address, second: ipaddress.IPv6Address
) -> None:
    mapped = first.ipv4_mapped is not None or second.ipv4_mapped is not None
    if int(first) >> 64 != int(second) >> 64 and not mapped:
        assert rate_limit_key(str(first)) != rate_limit_key(str(second))


@given(ipv4)
def test_an_ipv4_address_is_its_own_key(address: ipaddress.IPv4Address) -> None:
    assert rate_limit_key(str(address)) == str(address)


@given(ipv4)
def test_an_ipv4_mapped_address_is_keyed_as_its_ipv4_address(
    address: ipaddress.IPv4Address,
) -> None:
    assert rate_limit_key(f"::ffff:{address}") == str(address)


@given(st.text())
def test_any_input_gives_a_key_without_crashing(text: str) -> None:
    assert isinstance(rate_limit_key(text), str)


def test_spellings_of_one_address_share_a_key() -> None:
    assert rate_limit_key("2001:DB8:1:2:0:0:0:9") == rate_limit_key("2001:db8:1:2::ff")
    assert rate_limit_key("2001:db8:1:2::9") == "2001:db8:1:2::/64"
    assert rate_limit_key("2001:db8:1:3::9") != rate_limit_key("2001:db8:1:2::9")
    assert rate_limit_key("unknown") == "unknown"
