//! A poll loop: one request at a time, the next only after the previous finished, longer waits while polls
//! fail, nothing while paused (by the user, or while the tab is hidden), and an end when the owner is cleaned up.

use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::reactive::owner::LocalStorage;
use leptos::task::spawn_local_scoped;
use pulse_core::serving::poll_delay_ms;

/// Options of [`use_polling`].
#[derive(Clone, Copy)]
pub struct UsePollingOptions {
    /// The wait between the end of one poll and the start of the next.
    pub every: Duration,
    /// Wait longer after each failed poll in a row (`pulse_core::serving::poll_delay_ms`).
    pub back_off: bool,
    /// Poll nothing while this is true (the user paused, the tab is hidden), and at once when it turns false.
    pub paused: Signal<bool>,
    /// Notified to poll at once (a Try again button) instead of waiting out a backed-off delay.
    pub now: Trigger,
}

/// What [`use_polling`] returns.
#[derive(Clone, Copy)]
pub struct UsePollingReturn {
    /// Whether a poll is in flight.
    pub polling: Signal<bool>,
    /// Failed polls in a row.
    pub failures: Signal<u32>,
}

type Runner = Rc<dyn Fn()>;

impl UsePollingOptions {
    /// The wait before the next poll after `failures` failed polls in a row.
    fn wait(self, failures: u32) -> Duration {
        let every = i64::try_from(self.every.as_millis()).unwrap_or(i64::MAX);
        let ms = if self.back_off {
            poll_delay_ms(every, failures)
        } else {
            every
        };
        Duration::from_millis(ms.max(0) as u64)
    }
}

/// Cancels the pending next poll, if any.
fn clear(timer: StoredValue<Option<TimeoutHandle>>) {
    if let Some(Some(t)) = timer.try_get_value() {
        t.clear();
        timer.try_set_value(None);
    }
}

/// Runs `poll` now and again after every `options.every`; `poll` resolves to whether it succeeded. Requests
/// the poll makes are cancelled when the owner is cleaned up.
pub fn use_polling<F, Fut>(options: UsePollingOptions, poll: F) -> UsePollingReturn
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = bool> + 'static,
{
    let paused = options.paused;
    let polling = RwSignal::new(false);
    let failures = RwSignal::new(0u32);
    let alive = StoredValue::new(true);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Asked to poll at once while a poll was in flight: the next one follows it without the wait.
    let again = StoredValue::new(false);
    let runner = StoredValue::<Option<Runner>, LocalStorage>::new_local(None);
    // One owner for every poll's requests, cleaned after each poll (so cleanups do not pile up in a
    // long-lived owner) and with this hook's owner (which aborts a request in flight).
    let scope = Owner::new();
    let run_now = move || {
        if let Some(Some(run)) = runner.try_get_value() {
            run()
        }
    };
    let run: Runner = Rc::new(move || {
        if !alive.try_get_value().unwrap_or(false) || polling.get_untracked() {
            return;
        }
        clear(timer);
        if paused.get_untracked() {
            return;
        }
        polling.set(true);
        let request = poll();
        let owner = scope.clone();
        scope.with(|| {
            spawn_local_scoped(async move {
                let ok = request.await;
                owner.cleanup();
                if !alive.try_get_value().unwrap_or(false) {
                    return;
                }
                let n = if ok { 0 } else { failures.get_untracked() + 1 };
                failures.set(n);
                polling.set(false);
                let wait = if again.get_value() {
                    Duration::ZERO
                } else {
                    options.wait(n)
                };
                again.set_value(false);
                let next = set_timeout_with_handle(run_now, wait);
                timer.set_value(next.ok());
            })
        });
    });
    runner.set_value(Some(run));
    // Polls at once when asked to (not when this effect first runs: the one below starts the polling), or right
    // after the poll in flight.
    let now = options.now;
    Effect::new(move |first: Option<()>| {
        now.track();
        if first.is_some() {
            if polling.get_untracked() {
                again.set_value(true);
            }
            untrack(run_now);
        }
    });
    // Starts, and restarts at once on resume or when the tab shows again.
    Effect::new(move |was_active: Option<bool>| {
        let active = !paused.get();
        if active && was_active != Some(true) {
            // Untracked: the poll's future must not subscribe this effect to what it reads.
            untrack(run_now);
        }
        active
    });
    on_cleanup(move || {
        alive.set_value(false);
        clear(timer);
    });
    UsePollingReturn {
        polling: polling.into(),
        failures: failures.into(),
    }
}
