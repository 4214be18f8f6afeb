//! Timing helpers: several rounds, the variants interleaved in each round (the order
//! turned every round, so none always runs first on a cooling cache), the median of
//! each and the median of the per-round ratios, which holds when the machine's speed
//! drifts during the run. And one output row per figure, tab-separated, which
//! `scripts/bench.sh` turns into the table.

use std::time::Instant;

/// Seconds `f` takes.
pub fn time(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

/// The median (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Runs every variant `rounds` times, interleaved; each variant returns its own time in
/// seconds (so it can leave setup and teardown out). Returns the times per variant.
pub fn interleave(rounds: usize, variants: &mut [&mut dyn FnMut() -> f64]) -> Vec<Vec<f64>> {
    let n = variants.len();
    let mut times = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for k in 0..n {
            let i = (round + k) % n;
            times[i].push(variants[i]());
        }
    }
    times
}

/// The median of the per-round ratios `a[i] / b[i]`.
pub fn ratio(a: &[f64], b: &[f64]) -> f64 {
    let r: Vec<f64> = a.iter().zip(b).map(|(x, y)| x / y).collect();
    median(&r)
}

/// Whether a target holds, as the table says it.
pub fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

/// One row of the table.
pub struct Row<'a> {
    /// What is measured.
    pub figure: &'a str,
    /// At what record size ("10k", "1M", or "-" where the size does not apply).
    pub size: &'a str,
    /// The figure.
    pub value: String,
    /// The baseline's figure, when there is one.
    pub baseline: String,
    /// Figure / baseline (or the inverse for rates, so that above 1 is always faster),
    /// as text.
    pub ratio: String,
    /// The target.
    pub target: &'a str,
    /// `met`, `MISSED`, or `-` for a figure that is only reported.
    pub verdict: &'a str,
}

impl Row<'_> {
    /// Prints the row for `scripts/bench.sh` (`ROW` and tab-separated fields).
    pub fn print(&self) {
        println!(
            "ROW\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.figure,
            self.size,
            self.value,
            self.baseline,
            self.ratio,
            self.target,
            self.verdict
        );
    }
}

/// A duration for the table, in the unit that suits it.
pub fn duration_text(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.2} ms", seconds * 1e3)
    } else {
        format!("{:.1} µs", seconds * 1e6)
    }
}

/// A size for the table.
pub fn mib_text(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// A record size for the table: 10k, 100k, 1M.
pub fn size_text(n: usize) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// Peak resident memory of this process so far (Linux `VmHWM`), bytes.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
