//! Fixed-window rate limits counted in the database, so several relay instances behind
//! one load balancer share each count exactly.

use crate::config::Rate;
use crate::error::ApiError;
use crate::store::Store;

/// Counts a request against `key` (for example `manifest-link:<id>`) and refuses it
/// with 429 and the seconds left in the window once `rate.max` is passed.
pub(crate) async fn check(
    store: &dyn Store,
    key: &str,
    rate: Rate,
    now: i64,
) -> Result<(), ApiError> {
    let per = rate.per_secs.max(1);
    let window_start = now - now.rem_euclid(per);
    let hits = store.count_hit(key, window_start).await?;
    if hits > rate.max {
        return Err(ApiError::TooManyRequests {
            retry_after: window_start + per - now,
        });
    }
    Ok(())
}

/// How far back rate-limit windows are kept (the longest window is an hour).
pub(crate) const KEEP_WINDOWS_SECS: i64 = 2 * 3600;
