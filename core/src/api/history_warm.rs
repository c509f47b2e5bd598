//! Warming the history decoder up while a large history downloads.
//!
//! A browser compiles each wasm function with its baseline tier on the first call, and with its optimising tier
//! only after the function has run for a while: the first large body decoded on a page would be read mostly by
//! baseline code, two to three times slower. Decoding a made-up body of the same shape a few times while the
//! real one is still on the network moves that compile out of the wait for the chart.

use std::fmt::Write;

use super::history::decode_histories;

/// Points in the made-up body.
const POINTS: usize = 256;
/// Runs in the made-up body (the points are spread over them, as the server sends several runs').
const RUNS: usize = 4;

/// How many times the app decodes the made-up body, one task each: about 10,000 points, enough for the
/// optimising tier to take over the decoder's loops.
pub const WARM_UP_ROUNDS: usize = 40;

/// A made-up `get-history-bulk-interval` answer, decoded again on each [`HistoryWarmUp::round`].
pub struct HistoryWarmUp {
    body: String,
}

impl Default for HistoryWarmUp {
    fn default() -> Self {
        Self::new()
    }
}

impl HistoryWarmUp {
    /// The body, as MLflow writes one: each point's five fields, values with all their digits.
    pub fn new() -> Self {
        let mut body = String::from("{\"metrics\": [");
        for i in 0..POINTS {
            if i > 0 {
                body.push_str(", ");
            }
            let value = (i as f64 * 0.618_033_988_749_895).fract();
            let _ = write!(
                body,
                "{{\"key\": \"f1\", \"value\": {value}, \"timestamp\": {}, \"step\": {i}, \"run_id\": \"{:032x}\"}}",
                1_790_000_000_000_i64 + i as i64 * 1_000,
                i * RUNS / POINTS,
            );
        }
        body.push_str("]}");
        HistoryWarmUp { body }
    }

    /// Decodes the body once; returns the points read (all of them, or the decoder is broken).
    pub fn round(&self) -> usize {
        decode_histories(200, &self.body)
            .map(|h| h.runs.values().map(Vec::len).sum())
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::history_scan::scan;

    #[test]
    fn the_made_up_body_takes_the_fast_path_and_every_point_is_read() {
        let warm = HistoryWarmUp::new();
        let runs = scan(&warm.body).expect("the usual shape");
        assert_eq!(runs.len(), RUNS);
        assert_eq!(warm.round(), POINTS);
    }
}
