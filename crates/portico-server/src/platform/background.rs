//! Work a request starts and does not wait for: the answer leaves before it, so its timing says
//! nothing about what the work found (a password reset for an account that exists takes the same
//! time to answer as one for an address that does not). Bounded: beyond `limit` running tasks the
//! request is refused with 503, never queued without end.
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Notify;

use crate::error::ApiError;

#[derive(Clone)]
pub struct Background {
    inner: Arc<Inner>,
}

struct Inner {
    running: AtomicUsize,
    limit: usize,
    idle: Notify,
}

/// Releases the task's place even when the task panics.
struct Place(Arc<Inner>);

impl Drop for Place {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Background {
    pub fn new(limit: usize) -> Self {
        Self { inner: Arc::new(Inner { running: AtomicUsize::new(0), limit, idle: Notify::new() }) }
    }

    /// Starts `work` unless `limit` tasks are already running. A failure is logged under `what`
    /// (never with the data it touched): the caller has already answered.
    pub fn spawn<F>(&self, what: &'static str, work: F) -> Result<(), ApiError>
    where
        F: Future<Output = Result<(), ApiError>> + Send + 'static,
    {
        // Take a place first, then check: concurrent callers cannot all slip under the limit.
        if self.inner.running.fetch_add(1, Ordering::SeqCst) >= self.inner.limit {
            drop(Place(self.inner.clone()));
            return Err(ApiError::Busy { retry_after_seconds: 1 });
        }
        let place = Place(self.inner.clone());
        tokio::spawn(async move {
            let _place = place;
            if let Err(e) = work.await {
                tracing::error!(task = what, error = %e, "background task failed");
            }
        });
        Ok(())
    }

    /// Waits until no task is running (tests, and a graceful shutdown).
    pub async fn idle(&self) {
        loop {
            let notified = self.inner.idle.notified();
            tokio::pin!(notified);
            // Registered before the check, so a task finishing in between still wakes us.
            notified.as_mut().enable();
            if self.inner.running.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn runs_up_to_the_limit_and_waits_for_all() {
        let bg = Background::new(2);
        let (tx, rx) = tokio::sync::watch::channel(false);
        let done = Arc::new(AtomicUsize::new(0));
        for _ in 0..2 {
            let (mut rx, done) = (rx.clone(), done.clone());
            bg.spawn("test", async move {
                rx.wait_for(|go| *go).await.ok();
                done.fetch_add(1, Ordering::SeqCst);
                Ok(())
            })
            .unwrap();
        }
        assert!(matches!(bg.spawn("test", async { Ok(()) }), Err(ApiError::Busy { .. })), "a third is refused");
        let waiting = tokio::spawn({
            let bg = bg.clone();
            async move { bg.idle().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "idle waits for running work");
        tx.send(true).unwrap();
        waiting.await.unwrap();
        assert_eq!(done.load(Ordering::SeqCst), 2);
        bg.spawn("test", async { Err(ApiError::NotFound("test")) }).unwrap();
        bg.idle().await;
        bg.spawn("test", async { Ok(()) }).expect("places were released, failures included");
    }
}
