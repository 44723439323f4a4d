//! Object storage for files (FILE-1) through the `object_store` crate: the local file system under
//! `{data_dir}/files` by default (a folder nothing serves), an S3-compatible bucket when
//! `PORTICO_S3_BUCKET` is set. Objects are named by the server only (`{practice}/{random id}`);
//! what a file is called lives in the database.
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};
use secrecy::ExposeSecret;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use uuid::Uuid;

use crate::config::Settings;

/// Uploads being read at once; each holds up to one 10 MB file in memory.
const UPLOADS_AT_ONCE: usize = 16;

#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
    uploads: Arc<Semaphore>,
    /// Where it is, for the start-up log: `local` or `s3://bucket`.
    pub kind: String,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore").field("kind", &self.kind).finish()
    }
}

impl FileStore {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let s3 = &settings.s3;
        if let Some(bucket) = &s3.bucket {
            let mut b = AmazonS3Builder::new().with_bucket_name(bucket).with_region(&s3.region);
            if let Some(endpoint) = &s3.endpoint {
                // Path-style addressing works with every S3-compatible server.
                b = b
                    .with_endpoint(endpoint)
                    .with_allow_http(endpoint.starts_with("http://"))
                    .with_virtual_hosted_style_request(false);
            }
            if let Some(key) = &s3.access_key_id {
                b = b.with_access_key_id(key);
            }
            if let Some(secret) = &s3.secret_access_key {
                b = b.with_secret_access_key(secret.expose_secret());
            }
            return Ok(Self::new(Arc::new(b.build()?), format!("s3://{bucket}")));
        }
        let root = settings.data_dir.join("files");
        std::fs::create_dir_all(&root)?;
        Ok(Self::new(Arc::new(LocalFileSystem::new_with_prefix(&root)?), "local".into()))
    }

    fn new(inner: Arc<dyn ObjectStore>, kind: String) -> Self {
        Self { inner, uploads: Arc::new(Semaphore::new(UPLOADS_AT_ONCE)), kind }
    }

    /// A place for one upload being read, or `None` when as many as allowed are in flight.
    pub fn try_begin_upload(&self) -> Option<OwnedSemaphorePermit> {
        self.uploads.clone().try_acquire_owned().ok()
    }

    /// A fresh name for a practice's new object.
    pub fn new_key(practice_id: Uuid) -> String {
        format!("{practice_id}/{}", Uuid::new_v4().simple())
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> object_store::Result<()> {
        self.inner.put(&Path::from(key), PutPayload::from_bytes(bytes)).await.map(|_| ())
    }

    /// The object's bytes as a stream (downloads never hold a whole file in memory).
    pub async fn get(&self, key: &str) -> object_store::Result<BoxStream<'static, object_store::Result<Bytes>>> {
        Ok(self.inner.get(&Path::from(key)).await?.into_stream())
    }

    /// Removes objects, for uploads whose request failed; a missing one is already gone.
    pub async fn delete_all(&self, keys: &[String]) {
        for key in keys {
            match self.inner.delete(&Path::from(key.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => tracing::warn!(error = %e, "an upload's stored object could not be removed"),
            }
        }
    }
}
