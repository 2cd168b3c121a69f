//! Layer 2 policy as data: how a task retries, times out, caches and is limited. Every field
//! has a default (one attempt, no timeout, no cache), set through builder methods on
//! [`TaskPolicy`] or [`crate::Task`].

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::{ErrorKind, OpError};

/// The wait before retry number `n` (1-based).
#[derive(Debug, Clone, PartialEq)]
pub enum RetryDelay {
    /// The same wait before every retry.
    Fixed(Duration),
    /// `list[n-1]` before retry `n`; the last entry repeats when the list runs out.
    List(Vec<Duration>),
    /// `base * factor^(n-1)`, at most `max`.
    Exponential { base: Duration, factor: f64, max: Duration },
}

impl Default for RetryDelay {
    fn default() -> Self {
        Self::Fixed(Duration::ZERO)
    }
}

impl RetryDelay {
    /// `[1, 2, 4]` style delay lists, in seconds.
    pub fn seconds(list: &[f64]) -> Self {
        Self::List(list.iter().map(|s| Duration::from_secs_f64(*s)).collect())
    }

    /// Delay before retry number `retry` (1 = first retry), before jitter.
    pub fn delay(&self, retry: u32) -> Duration {
        let retry = retry.max(1);
        match self {
            Self::Fixed(d) => *d,
            Self::List(list) => list.get(retry as usize - 1).or(list.last()).copied().unwrap_or_default(),
            Self::Exponential { base, factor, max } => {
                let secs = base.as_secs_f64() * factor.powi(retry as i32 - 1);
                if !secs.is_finite() || secs >= max.as_secs_f64() {
                    *max
                } else {
                    Duration::from_secs_f64(secs)
                }
            }
        }
    }
}

/// Decides whether a failed attempt is retried (on top of the retry budget).
pub type RetryCondition = Arc<dyn Fn(&OpError) -> bool + Send + Sync>;

/// Computes a cache key from (task input, flow parameters).
pub type CacheKeyFn = Arc<dyn Fn(&Value, &Value) -> String + Send + Sync>;

/// What a cache key is made of.
#[derive(Clone)]
pub enum CacheKeyPolicy {
    /// Task name + input.
    Inputs,
    /// Task name + input + the parameters of the enclosing flow run.
    InputsAndFlowParameters,
    /// Task name + whatever the function returns.
    Custom(CacheKeyFn),
}

impl std::fmt::Debug for CacheKeyPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Inputs => f.write_str("Inputs"),
            Self::InputsAndFlowParameters => f.write_str("InputsAndFlowParameters"),
            Self::Custom(_) => f.write_str("Custom(..)"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CachePolicy {
    pub key: CacheKeyPolicy,
    /// How long a cached result stays valid; `None`: forever.
    pub expiration: Option<Duration>,
}

/// Everything the task layer does around one operation call.
#[derive(Clone, Default)]
pub struct TaskPolicy {
    /// Retries after the first attempt (0 = one attempt in all).
    pub retries: u32,
    pub retry_delay: RetryDelay,
    /// Each delay is multiplied by a random factor in `[1 - jitter, 1 + jitter]`.
    pub jitter: f64,
    /// Extra condition for retrying; the error kind must be retryable in any case.
    pub retry_condition: Option<RetryCondition>,
    /// Per-attempt timeout; the operation's future is dropped when it expires.
    pub timeout: Option<Duration>,
    pub cache: Option<CachePolicy>,
    /// Extra tags (on top of the operation's) for concurrency limits and the audit record.
    pub tags: Vec<String>,
}

impl std::fmt::Debug for TaskPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskPolicy")
            .field("retries", &self.retries)
            .field("retry_delay", &self.retry_delay)
            .field("jitter", &self.jitter)
            .field("retry_condition", &self.retry_condition.is_some())
            .field("timeout", &self.timeout)
            .field("cache", &self.cache)
            .field("tags", &self.tags)
            .finish()
    }
}

impl TaskPolicy {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }
    pub fn retry_delay(mut self, delay: RetryDelay) -> Self {
        self.retry_delay = delay;
        self
    }
    pub fn exponential_backoff(mut self, base: Duration, max: Duration) -> Self {
        self.retry_delay = RetryDelay::Exponential { base, factor: 2.0, max };
        self
    }
    pub fn jitter(mut self, factor: f64) -> Self {
        self.jitter = factor.clamp(0.0, 1.0);
        self
    }
    pub fn retry_if(mut self, condition: impl Fn(&OpError) -> bool + Send + Sync + 'static) -> Self {
        self.retry_condition = Some(Arc::new(condition));
        self
    }
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
    pub fn cache(mut self, key: CacheKeyPolicy, expiration: Option<Duration>) -> Self {
        self.cache = Some(CachePolicy { key, expiration });
        self
    }
    pub fn tag(mut self, tag: &str) -> Self {
        self.tags.push(tag.to_owned());
        self
    }

    /// Whether attempt number `attempt` (1-based), which failed with `err`, is retried, and
    /// after how long. `RateLimited` waits at least the `retry_after` the other side gave.
    pub fn next_retry(&self, attempt: u32, err: &OpError) -> Option<Duration> {
        if attempt > self.retries || !err.is_retryable() {
            return None;
        }
        if let Some(condition) = &self.retry_condition {
            if !condition(err) {
                return None;
            }
        }
        let base = self.retry_delay.delay(attempt);
        let jittered = apply_jitter(base, self.jitter);
        Some(match (err.kind, err.retry_after) {
            (ErrorKind::RateLimited, Some(after)) => after.max(jittered),
            _ => jittered,
        })
    }
}

fn apply_jitter(delay: Duration, jitter: f64) -> Duration {
    if jitter <= 0.0 || delay.is_zero() {
        return delay;
    }
    let factor = 1.0 + jitter * (2.0 * fastrand::f64() - 1.0);
    Duration::from_secs_f64(delay.as_secs_f64() * factor.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_delays_repeat_the_last_entry() {
        let d = RetryDelay::seconds(&[1.0, 2.0, 4.0]);
        let got: Vec<_> = (1..=5).map(|n| d.delay(n).as_secs()).collect();
        assert_eq!(got, [1, 2, 4, 4, 4]);
    }

    #[test]
    fn exponential_backoff_is_capped() {
        let d = RetryDelay::Exponential {
            base: Duration::from_millis(100),
            factor: 2.0,
            max: Duration::from_millis(500),
        };
        let got: Vec<_> = (1..=5).map(|n| d.delay(n).as_millis()).collect();
        assert_eq!(got, [100, 200, 400, 500, 500]);
    }

    #[test]
    fn jitter_stays_within_its_factor() {
        for _ in 0..1000 {
            let d = apply_jitter(Duration::from_millis(1000), 0.2).as_millis();
            assert!((800..=1200).contains(&d), "{d}");
        }
    }

    #[test]
    fn invalid_and_permanent_are_never_retried() {
        let p = TaskPolicy::new().retries(5);
        assert!(p.next_retry(1, &OpError::invalid("x")).is_none());
        assert!(p.next_retry(1, &OpError::permanent("x")).is_none());
        assert!(p.next_retry(1, &OpError::cancelled("x")).is_none());
        assert!(p.next_retry(1, &OpError::transient("x")).is_some());
        assert!(p.next_retry(6, &OpError::transient("x")).is_none());
    }

    #[test]
    fn rate_limited_waits_retry_after() {
        let p = TaskPolicy::new().retries(1).retry_delay(RetryDelay::Fixed(Duration::from_millis(10)));
        let err = OpError::rate_limited("slow down", Some(Duration::from_secs(3)));
        assert_eq!(p.next_retry(1, &err), Some(Duration::from_secs(3)));
    }

    #[test]
    fn retry_condition_can_veto() {
        let p = TaskPolicy::new().retries(3).retry_if(|e| !e.message.contains("fatal"));
        assert!(p.next_retry(1, &OpError::transient("fatal thing")).is_none());
        assert!(p.next_retry(1, &OpError::transient("blip")).is_some());
    }
}
