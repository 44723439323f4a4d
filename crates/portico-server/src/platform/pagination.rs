//! Opaque cursors for keyset pagination: the last row's sort key, base64url JSON.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, Order};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::ApiError;

pub const DEFAULT_LIMIT: u64 = 25;
pub const MAX_LIMIT: u64 = 100;

pub fn encode<T: Serialize>(key: &T) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

pub fn decode<T: DeserializeOwned>(cursor: &str) -> Result<T, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| ApiError::field("cursor", "This cursor is not valid; start again from the first page."))
}

/// The rows beyond a `(key, id)` cursor in a list sorted by `key` then `id`, both in `order`.
pub fn after<K>(cursor: &str, key: impl ColumnTrait, id: impl ColumnTrait, order: Order) -> Result<Condition, ApiError>
where
    K: DeserializeOwned + Into<sea_orm::Value> + Clone,
{
    let (last_key, last_id): (K, Uuid) = decode(cursor)?;
    let (key_beyond, id_beyond) = match order {
        Order::Desc => (key.lt(last_key.clone()), id.lt(last_id)),
        _ => (key.gt(last_key.clone()), id.gt(last_id)),
    };
    Ok(Condition::any().add(key_beyond).add(Condition::all().add(key.eq(last_key)).add(id_beyond)))
}

/// The page size: `limit` if given (1–100), else the default.
pub fn limit(limit: Option<u64>) -> Result<u64, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::field("limit", format!("Use a page size from 1 to {MAX_LIMIT}."))),
    }
}

/// Splits one extra fetched row off: returns the page and the cursor for the next one.
pub fn page<R, T: Serialize>(mut rows: Vec<R>, limit: u64, key: impl Fn(&R) -> T) -> (Vec<R>, Option<String>) {
    let has_more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next = if has_more { rows.last().map(|r| encode(&key(r))) } else { None };
    (rows, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_garbage() {
        let c = encode(&("smith ann".to_string(), 7));
        let back: (String, i32) = decode(&c).unwrap();
        assert_eq!(back, ("smith ann".into(), 7));
        assert!(decode::<(String, i32)>("not-a-cursor!").is_err());
    }

    #[test]
    fn page_splits_the_extra_row() {
        let (rows, next) = page(vec![1, 2, 3], 2, |r| *r);
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(decode::<i32>(&next.unwrap()).unwrap(), 2);
        let (rows, next) = page(vec![1, 2], 2, |r| *r);
        assert_eq!(rows.len(), 2);
        assert!(next.is_none());
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(limit(None).unwrap(), DEFAULT_LIMIT);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(101)).is_err());
    }
}
