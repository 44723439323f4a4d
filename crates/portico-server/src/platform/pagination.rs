//! Opaque cursors for keyset pagination: the last row's sort key, base64url JSON.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::ApiError;

/// `?cursor=&limit=` of a list with no other filter.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `next_cursor` from the previous page.
    #[param(max_length = 200)]
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

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

/// One page of a keyset-paged list: the cursor it continues from and its size, parsed once.
/// Every filtered list (audit log, delivery log, patient search, Portal Directory) pages through
/// this, sorted by a key then the row id.
#[derive(Debug)]
pub struct PageRequest<K> {
    after: Option<(K, Uuid)>,
    limit: u64,
}

/// The rows of a page and the cursor for the next one.
pub type Paged<T> = (Vec<T>, Option<String>);

impl<K: Serialize + DeserializeOwned + PartialOrd + Into<sea_orm::Value> + Clone> PageRequest<K> {
    pub fn parse(cursor: Option<&str>, size: Option<u64>) -> Result<Self, ApiError> {
        Ok(Self { after: cursor.map(decode).transpose()?, limit: limit(size)? })
    }

    /// Runs `query` (already filtered) for this page, in `order` of `key` then `id`.
    pub async fn fetch<E: EntityTrait>(
        self,
        db: &impl ConnectionTrait,
        mut query: Select<E>,
        (key, id): (E::Column, E::Column),
        order: Order,
        key_of: impl Fn(&E::Model) -> (K, Uuid),
    ) -> Result<Paged<E::Model>, DbErr> {
        if let Some((last_key, last_id)) = self.after {
            let (key_beyond, id_beyond) = match order {
                Order::Desc => (key.lt(last_key.clone()), id.lt(last_id)),
                _ => (key.gt(last_key.clone()), id.gt(last_id)),
            };
            query = query
                .filter(Condition::any().add(key_beyond).add(Condition::all().add(key.eq(last_key)).add(id_beyond)));
        }
        let rows = query.order_by(key, order.clone()).order_by(id, order).limit(self.limit + 1).all(db).await?;
        Ok(page(rows, self.limit, key_of))
    }

    /// The same page over items assembled in memory, in ascending order of `key_of`.
    pub fn take<T>(self, mut items: Vec<T>, key_of: impl Fn(&T) -> (K, Uuid)) -> Paged<T> {
        if let Some(after) = &self.after {
            items.retain(|item| key_of(item).partial_cmp(after) == Some(std::cmp::Ordering::Greater));
        }
        items.sort_by(|a, b| key_of(a).partial_cmp(&key_of(b)).unwrap_or(std::cmp::Ordering::Equal));
        items.truncate(self.limit as usize + 1);
        page(items, self.limit, key_of)
    }
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
    fn in_memory_pages_continue_after_the_cursor() {
        let ids: Vec<Uuid> = (1..=5).map(Uuid::from_u128).collect();
        let items: Vec<(String, Uuid)> = ids.iter().rev().map(|id| (format!("k{}", id.as_u128()), *id)).collect();
        let first = PageRequest::<String>::parse(None, Some(2)).unwrap().take(items.clone(), Clone::clone);
        assert_eq!(first.0.iter().map(|i| i.1).collect::<Vec<_>>(), ids[..2]);
        let second =
            PageRequest::<String>::parse(first.1.as_deref(), Some(2)).unwrap().take(items.clone(), Clone::clone);
        assert_eq!(second.0.iter().map(|i| i.1).collect::<Vec<_>>(), ids[2..4]);
        let last = PageRequest::<String>::parse(second.1.as_deref(), Some(2)).unwrap().take(items, Clone::clone);
        assert_eq!((last.0.len(), last.1), (1, None));
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(limit(None).unwrap(), DEFAULT_LIMIT);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(101)).is_err());
    }
}
