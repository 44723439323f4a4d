//! Request ids, the request log line, and who is calling from where (for audit records).
use std::net::IpAddr;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::{Ready, ready};
use tracing::Instrument;

use crate::error::REQUEST_ID;

pub const REQUEST_ID_HEADER: &str = "x-request-id";
const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// The proxies whose `X-Forwarded-For` is believed (`PORTICO_TRUSTED_PROXIES`): addresses or
/// CIDR ranges. Each trusted hop appends the address it saw, so the client is the right-most
/// address that is not one of ours; anything to its left was written by the client and is
/// ignored. With no proxies listed the header is never read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|&(net, len)| match (net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(u32::from(n).into(), u32::from(a).into(), len, 32),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(u128::from(n), u128::from(a), len, 128),
            _ => false,
        })
    }

    /// The client's address, from the peer and the `X-Forwarded-For` header lines in order.
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl IntoIterator<Item = &'a str>) -> IpAddr {
        let mut client = canonical(peer);
        if !self.trusts(client) {
            return client;
        }
        let hops: Vec<&str> = forwarded_for.into_iter().flat_map(|line| line.split(',')).map(str::trim).collect();
        for hop in hops.iter().rev() {
            // A hop that is not an address was not written by a proxy of ours: stop at the last
            // address a trusted hop vouched for.
            let Ok(ip) = hop.parse::<IpAddr>() else { break };
            client = canonical(ip);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

impl std::str::FromStr for TrustedProxies {
    type Err = String;

    /// `10.0.0.0/8, 192.168.1.10, ::1`
    fn from_str(s: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (addr, len) = item.split_once('/').unwrap_or((item, ""));
            let ip = addr.parse::<IpAddr>().map_err(|_| format!("`{item}` is not an IP address or CIDR range"))?;
            let ip = canonical(ip);
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let len = if len.is_empty() {
                max
            } else {
                len.parse::<u8>().map_err(|_| format!("`{item}`: bad prefix length"))?
            };
            if len > max {
                return Err(format!("`{item}`: the prefix length is at most {max}"));
            }
            nets.push((ip, len));
        }
        Ok(Self(nets))
    }
}

impl<'de> serde::Deserialize<'de> for TrustedProxies {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Vec::<String>::deserialize(d)?;
        items.join(",").parse().map_err(serde::de::Error::custom)
    }
}

/// IPv4-mapped IPv6 (`::ffff:10.0.0.1`, as a dual-stack socket reports) compares as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_eq(net: u128, addr: u128, len: u8, bits: u32) -> bool {
    let shift = bits - u32::from(len);
    shift >= bits || (net >> shift) == (addr >> shift)
}

#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Caller facts for the audit trail. The user agent is cut to a sane length.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub request_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl RequestMeta {
    pub fn from_request(req: &HttpRequest) -> Self {
        let proxies =
            req.app_data::<actix_web::web::Data<crate::state::AppState>>().map(|s| &s.settings.trusted_proxies);
        let ip = req.peer_addr().map(|peer| match proxies {
            Some(proxies) if !proxies.is_empty() => {
                let hops = req.headers().get_all(X_FORWARDED_FOR).filter_map(|v| v.to_str().ok());
                proxies.client(peer.ip(), hops).to_string()
            }
            _ => peer.ip().to_string(),
        });
        Self {
            request_id: req.extensions().get::<RequestId>().map(|r| r.0.clone()),
            ip,
            user_agent: req
                .headers()
                .get(actix_web::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(256).collect()),
        }
    }
}

impl FromRequest for RequestMeta {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::from_request(req)))
    }
}

/// Accepts a caller's `X-Request-Id` when it is short and plain, otherwise makes one; echoes it,
/// and logs one line per request: method, path (never the query string: SEC-3), status, time.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.path().to_owned();
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %id);
    let mut res = REQUEST_ID.scope(id.clone(), next.call(req)).instrument(span.clone()).await?;
    let status = res.status().as_u16();
    tracing::info!(parent: &span, %method, %path, status, elapsed_ms = started.elapsed().as_millis() as u64, "request");
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_rightmost_address_no_proxy_of_ours_wrote() {
        let proxies: TrustedProxies = "10.0.0.0/8, 192.168.1.10".parse().unwrap();
        // The client wrote "1.1.1.1" itself; our load balancer appended the address it saw.
        assert_eq!(proxies.client(ip("10.0.0.2"), ["1.1.1.1, 203.0.113.7"]), ip("203.0.113.7"));
        // Two trusted hops, across two header lines.
        assert_eq!(proxies.client(ip("10.0.0.2"), ["6.6.6.6, 203.0.113.7", "192.168.1.10"]), ip("203.0.113.7"));
        // A caller that reaches us directly cannot speak for anyone else.
        assert_eq!(proxies.client(ip("203.0.113.9"), ["8.8.8.8"]), ip("203.0.113.9"));
        // Garbage in the chain stops at the last address a trusted hop vouched for.
        assert_eq!(proxies.client(ip("10.0.0.2"), ["1.1.1.1, not-an-ip"]), ip("10.0.0.2"));
        // No header: the proxy itself.
        assert_eq!(proxies.client(ip("10.0.0.2"), []), ip("10.0.0.2"));
        // Dual-stack sockets report IPv4 peers as mapped IPv6.
        assert_eq!(proxies.client(ip("::ffff:10.0.0.2"), ["203.0.113.7"]), ip("203.0.113.7"));
    }

    #[test]
    fn no_trusted_proxies_means_the_header_is_never_believed() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("127.0.0.1"), ["203.0.113.7"]), ip("127.0.0.1"));
    }

    #[test]
    fn ranges_parse_or_say_what_is_wrong() {
        let all: TrustedProxies = "0.0.0.0/0, ::/0".parse().unwrap();
        assert!(all.trusts(ip("8.8.8.8")) && all.trusts(ip("2001:db8::1")));
        let v6: TrustedProxies = "2001:db8::/32".parse().unwrap();
        assert!(v6.trusts(ip("2001:db8:ffff::1")) && !v6.trusts(ip("2001:db9::1")));
        assert!("10.0.0.0/33".parse::<TrustedProxies>().unwrap_err().contains("at most 32"));
        assert!("proxy.internal".parse::<TrustedProxies>().unwrap_err().contains("not an IP address"));
    }
}
